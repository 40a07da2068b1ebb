import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { config } from '../../config.js';
import { cliActor } from '../../domain/access/actor.js';
import { runNotificationPass, transportsFromConfig } from '../../jobs/scheduler.js';
import { listOutboxMessages, outboxCounts } from '../../services/alerts/index.js';
import { withDatabase } from '../context.js';
import { emit, type OutputOptions, table } from '../output.js';
import { type ClockOptions, cliClock, instantArg, NOW_HELP } from './alert/common.js';
import { wholeNumber } from './org.js';

export function registerNotifyCommands(program: Command): void {
  const notify = program.command('notify').description('alert notifications: the outbox and its sender');

  notify
    .command('run')
    .description(
      'one pass: queue the reminders (24 h before acknowledgement is due), escalations (overdue, to parent ' +
        'organisations) and daily digests due now, then send due messages by e-mail (WARD_SMTP_URL) and webhook ' +
        '(WARD_WEBHOOK_URL), with retries and back-off. `ward serve` runs this every WARD_NOTIFY_INTERVAL seconds.',
    )
    .option('--now <time>', NOW_HELP, instantArg)
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions & ClockOptions) => {
      const c = config().notifications;
      const transports = transportsFromConfig(c);
      const result = await withDatabase(async (database) => {
        try {
          const pass = await runNotificationPass(database, transports, cliClock(options), {
            publicUrl: c.publicUrl,
            digestHour: c.digestHour,
            digestTimeZone: c.digestTimeZone,
          });
          return { ...pass, outbox: await outboxCounts(database, cliActor(userInfo().username)) };
        } finally {
          for (const t of transports) await t.close?.();
        }
      });
      emit(result, options, (r) => [
        `queued: ${r.queued.reminders} reminders, ${r.queued.escalations} escalations, ${r.queued.digests} digests, ` +
          `${r.exposureEscalations} external-exposure escalations`,
        `sent: ${r.delivery.delivered} delivered, ${r.delivery.retrying} to retry, ${r.delivery.dead} dead`,
        ...(r.delivery.unconfigured.length > 0
          ? [
              `waiting: ${r.delivery.unconfigured.join(' and ')} messages stay queued until ` +
                `${r.delivery.unconfigured.map((ch) => (ch === 'email' ? 'WARD_SMTP_URL' : "WARD_WEBHOOK_URL with its secret (or the contact's own webhook_url)")).join(' and ')} is set`,
            ]
          : []),
        `outbox: ${
          Object.entries(r.outbox)
            .map(([s, n]) => `${n} ${s}`)
            .join(', ') || 'empty'
        }`,
      ]);
    });

  notify
    .command('list')
    .description('messages in the outbox, oldest first')
    .option('--status <status>', 'pending, delivered or dead')
    .option('--kind <kind>', 'issued, updated, reminder, escalation, withdrawn, response or digest')
    .option('--alert <reference>', 'only this alert’s messages')
    .option('--body', 'include each message’s text')
    .option('--limit <n>', 'at most this many (default 100)', wholeNumber, 100)
    .option('--json', 'print JSON')
    .action(
      async (
        options: OutputOptions & {
          status?: string;
          kind?: string;
          alert?: string;
          body?: boolean;
          limit: number;
        },
      ) => {
        const rows = await withDatabase((database) =>
          listOutboxMessages(database, cliActor(userInfo().username), {
            status: options.status ?? null,
            kind: options.kind ?? null,
            alert: options.alert ?? null,
            body: options.body === true,
            limit: options.limit,
          }),
        );
        emit(rows, options, (ms) =>
          ms.length === 0
            ? 'no messages'
            : options.body
              ? ms.flatMap((m) => [
                  `#${m.id} ${m.status} ${m.kind} to ${m.to}`,
                  `Subject: ${m.subject}`,
                  '',
                  m.body ?? '',
                  '-'.repeat(60),
                ])
              : table(
                  ['id', 'status', 'kind', 'to', 'org', 'subject'],
                  ms.map((m) => [m.id, m.status, m.kind, m.to, m.org ?? '', m.subject]),
                ),
        );
      },
    );
}
