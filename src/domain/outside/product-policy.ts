/**
 * Findings of product policy: inventory use of a product the register rules out — not approved
 * (for any use, or for clinical use / patient data on a clinical device), or past its end of life.
 * Not a CVE, so not a row of `findings`: computed from the register and the inventory when read.
 *
 * Priority rule: `high` when any device concerned is clinical (a medical device, a high or
 * life-critical clinical system, or on a clinical network zone) or internet-facing; else `medium`.
 */
export const POLICY_PRIORITIES = ['high', 'medium'] as const;
export type PolicyPriority = (typeof POLICY_PRIORITIES)[number];

/** One product ruled out, on an organisation's devices. */
export interface PolicyFinding {
  org: string;
  orgName: string;
  product: { key: string; name: string; category: string };
  status: 'not-approved' | 'end-of-life';
  use: string;
  endOfLife: string | null;
  devices: number;
  clinicalDevices: number;
  internetFacing: number;
  priority: PolicyPriority;
  reasons: string[];
}

export type PolicyCounts = Omit<PolicyFinding, 'priority' | 'reasons'>;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The priority and plain reasons of a policy finding. */
export function judgePolicy(c: PolicyCounts): PolicyFinding {
  const reasons: string[] = [];
  if (c.status === 'end-of-life')
    reasons.push(`${c.product.name} has had no security updates since ${c.endOfLife}: replace or isolate it`);
  else
    reasons.push(
      c.use === 'any'
        ? `${c.product.name} is not approved for use: remove it`
        : `${c.product.name} is not approved for ${c.use === 'patient-data' ? 'patient data' : `${c.use} use`}: use an approved ${c.product.category} product on clinical devices`,
    );
  if (c.clinicalDevices > 0) reasons.push(`on ${plural(c.clinicalDevices, 'clinical device')}`);
  if (c.internetFacing > 0) reasons.push(`on ${plural(c.internetFacing, 'internet-facing device')}`);
  const priority: PolicyPriority = c.clinicalDevices > 0 || c.internetFacing > 0 ? 'high' : 'medium';
  return { ...c, priority, reasons };
}

/** High first, then the most devices, then organisation and product. */
export function comparePolicy(a: PolicyFinding, b: PolicyFinding): number {
  return (
    POLICY_PRIORITIES.indexOf(a.priority) - POLICY_PRIORITIES.indexOf(b.priority) ||
    b.devices - a.devices ||
    a.org.localeCompare(b.org) ||
    a.product.key.localeCompare(b.product.key)
  );
}
