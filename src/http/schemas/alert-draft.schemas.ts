/**
 * Alert drafts as the API shows them, the dismiss body, and the answer to issuing one.
 */
import { z } from 'zod';
import { SEVERITIES } from '../../domain/alerts/alert.js';
import type { AlertDraftView, IssueDraftResult } from '../../services/alerts/index.js';
import { AlertIssueResult, presentIssueResult } from './alert.schemas.js';
import { named } from './common.schemas.js';

export const DraftId = z
  .string()
  .regex(/^[1-9][0-9]{0,17}$/, 'a draft number')
  .describe('draft number');

export const AlertDraft = named(
  z.object({
    id: DraftId,
    state: z.enum(['pending', 'issued', 'dismissed']).describe('to review, issued or dismissed'),
    trigger: z.string().describe('what drafted it: kev (a KEV entry for a remote-working product in use)'),
    triggerKey: z.string().describe("the trigger's key: the CVE id"),
    products: z
      .array(z.object({ id: z.string(), name: z.string() }))
      .describe('remote-working catalogue products it is about'),
    title: z.string().describe('proposed title'),
    severity: z.enum(SEVERITIES).describe('proposed severity'),
    action: z.string().describe('proposed action, in plain English'),
    cves: z.array(z.string()).describe('CVEs'),
    targets: z.array(z.string()).describe('proposed target specs (org:CODE for each exposed organisation)'),
    why: z.string().describe('why Ward drafted it'),
    createdAt: z.string().describe('when drafted (ISO 8601)'),
    issued: z
      .object({ reference: z.string().nullable(), at: z.string(), by: z.string() })
      .nullable()
      .describe('the alert issued from it'),
    dismissed: z
      .object({ at: z.string(), by: z.string(), reason: z.string() })
      .nullable()
      .describe('when, by whom and why it was dismissed'),
  }),
  'AlertDraft',
);

export const DismissDraftBody = z.object({
  reason: z.string().min(1).max(2000).describe('why no alert is needed'),
});

export const AlertDraftIssued = named(
  z.object({ draft: AlertDraft, alert: AlertIssueResult }),
  'AlertDraftIssued',
);

export function presentDraft(d: AlertDraftView): z.output<typeof AlertDraft> {
  return { ...d, severity: z.enum(SEVERITIES).parse(d.severity) };
}

export function presentDraftIssued(r: IssueDraftResult): z.output<typeof AlertDraftIssued> {
  return { draft: presentDraft(r.draft), alert: presentIssueResult(r.alert) };
}
