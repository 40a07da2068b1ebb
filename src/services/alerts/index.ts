/**
 * The alert module: national alerts from issue to answer. Callers outside this folder import from
 * here, never from the files below.
 *
 * What each file owns:
 * - `issue.service.ts` — the alert itself: issue (reference, version 1, targets and their messages
 *   in one transaction), edit (a new version; targets told), withdraw, list, history; and the
 *   `AlertContext` (the acting caller, the clock, how messages link back to Ward).
 * - `target.service.ts` — which organisations an alert is for: resolving target specs, inserting new
 *   targets with their deadlines, and retargeting live `auto` alerts when exposure changes (called
 *   by inventory, intel and product-identity loads inside their own transactions).
 * - `respond.service.ts` — answers for one organisation or many: the caller's write permission is
 *   asked once, in bulk, for every organisation named; then one transaction of state changes,
 *   history rows and receipts.
 * - `status.service.ts` — where an alert stands over the caller's subtree: counts, overdue, roll-ups,
 *   evidence from the inventory, targets.
 * - `schedule.service.ts` — the time-driven messages: reminders, escalations, digests (run by the
 *   scheduler in `src/jobs/`).
 * - `message.service.ts` — turning alerts and targets into queued outbox messages (shared by the others).
 * - `draft.service.ts` — alerts Ward drafts (a KEV entry for a remote-working product in use) for
 *   the centre to review: list, issue through the issue path, dismiss with a reason.
 * - `outbox.service.ts` — reading the outbox (national callers): messages and counts by state.
 *
 * What they may call: repositories (`db/repositories/alert*.ts`, `outbox`, `contact`,
 * `organisation`), `access.service.ts` for bulk permission questions, `audit.service.ts`, the message
 * renderers in `notifications/`, and each other in the order above (issue → target → message;
 * respond/status → issue for `requireAlert`). Nothing here imports `http/` or `cli/`, and no message
 * here names a CLI flag: request problems are reported by field (`invalidFields`).
 *
 * The rules themselves are pure and live in `domain/alerts/`: the target state machine, deadlines
 * and the overdue rule in `target-state.ts` (its SQL twin is `db/repositories/alert-due.sql.ts`),
 * drafts, references and target specs in `alert.ts`.
 */

export {
  type AlertDraftView,
  type DraftState,
  dismissAlertDraft,
  type IssueDraftResult,
  issueAlertDraft,
  listAlertDrafts,
} from './draft.service.js';
export {
  type AlertContext,
  type AlertSummary,
  alertHistory,
  type EditInput,
  type EditResult,
  editAlert,
  type IssueInput,
  type IssueResult,
  issueAlert,
  issueAlertIn,
  listAlerts,
  requireAlert,
  type WithdrawResult,
  withdrawAlert,
} from './issue.service.js';
export {
  listOutboxMessages,
  type OutboxFilterInput,
  type OutboxMessageView,
  outboxCounts,
} from './outbox.service.js';
export { type RespondInput, type RespondResult, respondToAlert } from './respond.service.js';
export {
  queueScheduledNotifications,
  type ScheduleOptions,
  type ScheduleResult,
} from './schedule.service.js';
export {
  type AlertStatus,
  alertStatus,
  type Counts,
  type RollupView,
  type StatusOptions,
  type TargetView,
} from './status.service.js';
export { type ExposureChange, type RetargetResult, retargetLiveAlerts } from './target.service.js';
