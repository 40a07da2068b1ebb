/**
 * Every kind of write the audit log records, named `noun.verb`. A service can append only these
 * (the type of `audit()`'s action), so the list is the whole vocabulary a reader filters on.
 */

export const AUDIT_ACTIONS = [
  'address.import',
  'alert.draft',
  'alert.draft.dismiss',
  'alert.draft.issue',
  'alert.edit',
  'alert.issue',
  'alert.respond',
  'alert.withdraw',
  'auth.sign_in',
  'baseline.draft',
  'baseline.evidence.attach',
  'baseline.evidence.delete',
  'baseline.framework.import',
  'baseline.outcome.set',
  'baseline.profile.import',
  'baseline.publish',
  'baseline.review',
  'baseline.submit',
  'contact.import',
  'exception.add',
  'exposure.recompute',
  'external.import',
  'identity.confirm',
  'incident.alert',
  'incident.report',
  'incident.share_indicator',
  'incident.triage',
  'incident.update',
  'identity.propose',
  'identity.reject',
  'indicator.add',
  'indicator.sight',
  'intel.csaf',
  'intel.epss',
  'intel.kev',
  'intel.nvd',
  'inventory.import',
  'membership.grant',
  'membership.revoke',
  'network.import',
  'organisation.import',
  'product.import',
  'sharing.group.add',
  'sharing.group.create',
  'stix.import',
  'token.create',
  'token.revoke',
  'training.import',
  'user.add',
  'user.oidc_link',
  'user.password',
  'user.password_reset',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}
