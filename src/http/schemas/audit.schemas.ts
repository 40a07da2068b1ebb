/**
 * The audit log as the API shows it — a record, and the result of verifying the hash chain — and
 * their presenters.
 */
import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../domain/audit/audit-action.js';
import type {
  AuditRecord as AuditRecordValue,
  AuditVerification as AuditVerificationValue,
} from '../../services/audit/audit.service.js';
import { named } from './common.schemas.js';

export const AuditAction = z
  .enum(AUDIT_ACTIONS)
  .describe('what was written, noun.verb (inventory.import, exception.add, membership.grant, …)');

export const AuditRecord = named(
  z.object({
    seq: z.number().int().describe('position in the chain'),
    at: z.string().describe('when it was written'),
    actor: z.string().describe('user:NAME, token:NAME/TOKEN, cli:OSUSER or system'),
    org: z.string().nullable().describe('ODS code of the organisation concerned'),
    action: AuditAction,
    target: z.string().nullable().describe('what the write was on (a user name, a file, a reference …)'),
    before: z.unknown().describe('summary before the write'),
    after: z.unknown().describe('summary after the write'),
    hash: z.string().describe('sha256 chain hash'),
  }),
  'AuditRecord',
);

export const AuditVerification = named(
  z.object({
    records: z.number().int().describe('records read'),
    ok: z.boolean().describe('every record intact and none missing'),
    problem: z
      .union([
        z
          .object({
            kind: z.literal('edited').describe('a record no longer matches its hash'),
            seq: z.number().int().describe('the edited record'),
          })
          .describe('an edited record'),
        z
          .object({
            kind: z.literal('deleted').describe('records are missing from the chain'),
            afterSeq: z
              .number()
              .int()
              .nullable()
              .describe('the last record before the gap (null: the start)'),
            beforeSeq: z.number().int().describe('the first record after the gap'),
          })
          .describe('deleted records'),
      ])
      .nullable()
      .describe('the first break in the chain, or null'),
    message: z.string().describe('the outcome in words'),
  }),
  'AuditVerification',
);

export function presentAuditRecord(r: AuditRecordValue): z.infer<typeof AuditRecord> {
  return {
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    org: r.org,
    action: r.action,
    target: r.target,
    before: r.before,
    after: r.after,
    hash: r.hash,
  };
}

export function presentAuditVerification(v: AuditVerificationValue): z.infer<typeof AuditVerification> {
  return { records: v.records, ok: v.ok, problem: v.problem, message: v.message };
}
