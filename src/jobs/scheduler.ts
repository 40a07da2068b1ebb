/**
 * One notification pass — queue what the clock says is due (reminders, escalations, digests),
 * then deliver the outbox — and the scheduler that repeats it inside `ward serve`.
 */
import type { Config } from '../config.js';
import type { Database } from '../db/connect.js';
import { pendingChannels } from '../db/repositories/outbox.repository.js';
import type { Clock } from '../domain/alerts/clock.js';
import { smtpTransport } from '../notifications/smtp.transport.js';
import type { Transport } from '../notifications/transport.js';
import { webhookTransport } from '../notifications/webhook.transport.js';
import { queueScheduledNotifications, type ScheduleResult } from '../services/alerts/index.js';
import { queueExposureEscalations } from '../services/outside/exposure-notice.service.js';
import { type DispatchOptions, type DispatchResult, deliverDueMessages } from './outbox-dispatcher.js';

export interface PassOptions extends DispatchOptions {
  publicUrl?: string | null;
  digestHour?: number;
  /** IANA zone of the digest hour (Europe/London by default). */
  digestTimeZone?: string;
}

export interface PassResult {
  at: string;
  queued: ScheduleResult;
  /** Messages to parent organisations about critical exposures seen from outside still open. */
  exposureEscalations: number;
  delivery: DispatchResult;
}

/**
 * The transports the configuration allows: e-mail when WARD_SMTP_URL is set; webhooks always (to a
 * contact's own endpoint, or WARD_WEBHOOK_URL; a message with neither waits as unconfigured).
 */
export function transportsFromConfig(c: Config['notifications']): Transport[] {
  const out: Transport[] = [];
  if (c.smtpUrl) out.push(smtpTransport({ url: c.smtpUrl, from: c.mailFrom }));
  out.push(webhookTransport({ url: c.webhookUrl, secret: c.webhookSecret }));
  return out;
}

/** Queues what is due at the clock's now, then delivers due messages once. */
export async function runNotificationPass(
  database: Database,
  transports: readonly Transport[],
  clock: Clock,
  options: PassOptions = {},
): Promise<PassResult> {
  const now = clock.now();
  const queued = await queueScheduledNotifications(database, now, {
    render: { publicUrl: options.publicUrl ?? null },
    digestHour: options.digestHour ?? 7,
    digestTimeZone: options.digestTimeZone,
  });
  const exposureEscalations = await queueExposureEscalations(database, now, {
    render: { publicUrl: options.publicUrl ?? null },
  });
  const delivery = await deliverDueMessages(database, transports, clock, options);
  const configured = new Set(transports.map((t) => t.channel));
  const idle = (await pendingChannels(database.db)).filter((c) => !configured.has(c as Transport['channel']));
  delivery.unconfigured = [...new Set([...delivery.unconfigured, ...idle])];
  return { at: now.toISOString(), queued, exposureEscalations, delivery };
}

export interface NotificationScheduler {
  /** Waits for a pass in flight, then stops. */
  stop(): Promise<void>;
}

export interface SchedulerOptions extends PassOptions {
  intervalMs: number;
  transports: readonly Transport[];
  onPass?: (result: PassResult) => void;
  onError?: (error: unknown) => void;
}

/** Runs a pass now and every `intervalMs` after the previous one ends (passes never overlap). */
export function startNotificationScheduler(
  database: Database,
  clock: Clock,
  options: SchedulerOptions,
): NotificationScheduler {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = runNotificationPass(database, options.transports, clock, options)
      .then((r) => options.onPass?.(r))
      .catch((e) => options.onError?.(e))
      .finally(() => {
        if (!stopped) {
          timer = setTimeout(tick, options.intervalMs);
          timer.unref();
        }
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      for (const t of options.transports) await t.close?.();
    },
  };
}
