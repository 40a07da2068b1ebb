/**
 * Evaluates an organisation's reachability rules for one port into the engine's zone flags (first
 * matching rule wins). With no matching rule: 445 from the internet and the WAN is denied, between
 * the organisation's own zones and outbound it is allowed (a flat network), as most estates are.
 */
import { ZONE } from '../sim/federation.js';
import type { Egress, RuleRow, Segment } from './network-csv.js';

export interface ZoneSpec {
  readonly name: string;
  readonly egress: Egress;
  readonly segment: Segment;
}

type Rule = Pick<RuleRow, 'from' | 'to' | 'protocol' | 'port' | 'action'>;

function matches(ref: string, node: string, zones: ReadonlySet<string>, same: boolean): boolean {
  const r = ref.toLowerCase();
  if (r === '*') return true;
  if (r === 'org') return same && zones.has(node);
  return r === node;
}

function allowed(
  rules: readonly Rule[],
  from: string,
  to: string,
  port: number,
  zones: ReadonlySet<string>,
  fallback: boolean,
): boolean {
  for (const rule of rules) {
    if (rule.protocol === 'udp' || (rule.port !== null && rule.port !== port)) continue;
    const same = zones.has(from) && zones.has(to);
    if (matches(rule.from, from, zones, same) && matches(rule.to, to, zones, same))
      return rule.action === 'allow';
  }
  return fallback;
}

/** Zone flags (bits of ZONE) for each zone, in order, on `port`. */
export function zoneFlags(zones: readonly ZoneSpec[], rules: readonly Rule[], port: number): number[] {
  const names = new Set(zones.map((z) => z.name.toLowerCase()));
  const lower = rules.map((r) => ({ ...r, from: r.from.toLowerCase(), to: r.to.toLowerCase() }));
  return zones.map((z) => {
    const n = z.name.toLowerCase();
    const others = [...names].filter((o) => o !== n);
    let f = 0;
    if (allowed(lower, 'internet', n, port, names, false)) f |= ZONE.INTERNET_IN;
    if (allowed(lower, 'wan', n, port, names, false)) f |= ZONE.WAN_IN;
    if (others.some((o) => allowed(lower, o, n, port, names, true))) f |= ZONE.ORG_IN;
    if (allowed(lower, n, 'internet', port, names, true)) f |= ZONE.INTERNET_OUT;
    if (allowed(lower, n, 'wan', port, names, true)) f |= ZONE.WAN_OUT;
    if (z.egress === 'direct') f |= ZONE.DIRECT_EGRESS;
    if (z.segment === 'clinical') f |= ZONE.CLINICAL;
    return f;
  });
}
