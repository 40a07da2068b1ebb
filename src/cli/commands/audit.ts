import type { Command } from 'commander';
import { listAuditRecords, verifyAudit } from '../../services/audit/audit.service.js';
import { withDatabase } from '../context.js';
import { emit, type OutputOptions, table } from '../output.js';
import { wholeNumber } from './org.js';
import { cliUser } from './user.js';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit log of every write');
  audit
    .command('verify')
    .description('walk the hash chain; exit 1 and name the first edited or deleted record when it is broken')
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions) => {
      const result = await withDatabase((database) => verifyAudit(database, cliUser()));
      emit(result, options, (r) => (r.ok ? r.message : `TAMPERED: ${r.message}`));
      if (!result.ok) process.exitCode = 1;
    });
  audit
    .command('list')
    .description('the latest audit records')
    .option('--limit <n>', 'how many (default 50)', wholeNumber, 50)
    .option('--action <action>', 'an action or prefix (inventory, exception.add)')
    .option('--json', 'print JSON')
    .action(async (options: OutputOptions & { limit: number; action?: string }) => {
      const rows = await withDatabase((database) =>
        listAuditRecords(database, cliUser(), { limit: options.limit, action: options.action }),
      );
      emit(rows, options, (rs) =>
        table(
          ['seq', 'at', 'actor', 'org', 'action', 'target'],
          rs.map((r) => [r.seq, r.at.slice(0, 19), r.actor, r.org ?? '', r.action, r.target ?? '']),
        ),
      );
    });
}
