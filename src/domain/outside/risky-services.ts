/**
 * The services that should not be reachable from the internet, from the shipped, sourced file
 * `risky-services.json` (data, not code): each rule a kind id, a name, the ports and protocols and/or
 * Shadowserver tags that identify it, a severity, and plain-English `why` and `whatToDo`. Checked
 * against its schema when loaded, so a bad entry fails at start-up rather than in a finding.
 */
import { z } from 'zod';
import data from './risky-services.json' with { type: 'json' };

export const EXPOSURE_SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type ExposureSeverity = (typeof EXPOSURE_SEVERITIES)[number];

/** The kind of a banner-only observation: a service no rule names, kept for its product and version. */
export const SERVICE_KIND = 'service';

const PortProtocol = z.object({
  port: z.number().int().min(0).max(65535),
  protocol: z.enum(['tcp', 'udp']),
});

export const RiskyService = z
  .object({
    kind: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, 'a lower-case id')
      .refine((k) => k !== SERVICE_KIND, `${SERVICE_KIND} is the kind of unmatched banners`),
    name: z.string().min(1),
    severity: z.enum(EXPOSURE_SEVERITIES),
    ports: z.array(PortProtocol).default([]),
    tags: z.array(z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'a lower-case tag')).default([]),
    why: z.string().min(20),
    whatToDo: z.string().min(20),
  })
  .refine((r) => r.ports.length + r.tags.length > 0, { message: 'a rule needs ports or tags' });
export type RiskyService = z.infer<typeof RiskyService>;

export const RiskyServiceFile = z.object({
  description: z.string().min(1),
  sources: z.array(z.url({ protocol: /^https$/ })).min(1),
  rules: z
    .array(RiskyService)
    .min(1)
    .refine((rules) => new Set(rules.map((r) => r.kind)).size === rules.length, {
      message: 'each kind appears once',
    }),
});

const portKey = (port: number, protocol: string) => port * 2 + (protocol === 'udp' ? 1 : 0);

/** Classifies observations by the rules: tags first (the scanner said what it found), then port. */
export class RiskyServiceRules {
  readonly rules: readonly RiskyService[];
  private readonly byTag = new Map<string, RiskyService>();
  private readonly byPort = new Map<number, RiskyService>();
  private readonly byKind = new Map<string, RiskyService>();

  constructor(rules: readonly RiskyService[]) {
    this.rules = rules;
    for (const r of rules) {
      this.byKind.set(r.kind, r);
      for (const t of r.tags) if (!this.byTag.has(t)) this.byTag.set(t, r);
      for (const p of r.ports) {
        const key = portKey(p.port, p.protocol);
        if (!this.byPort.has(key)) this.byPort.set(key, r);
      }
    }
  }

  /** The rule an observation falls under, or null. */
  classify(port: number, protocol: string, tags: readonly string[]): RiskyService | null {
    for (const t of tags) {
      const hit = this.byTag.get(t);
      if (hit) return hit;
    }
    return this.byPort.get(portKey(port, protocol)) ?? null;
  }

  rule(kind: string): RiskyService | null {
    return this.byKind.get(kind) ?? null;
  }
}

export const RISKY_SERVICES = new RiskyServiceRules(RiskyServiceFile.parse(data).rules);

/** Most severe first: critical 0 … info 4. */
export function severityRank(severity: string): number {
  const i = (EXPOSURE_SEVERITIES as readonly string[]).indexOf(severity);
  return i < 0 ? EXPOSURE_SEVERITIES.length : i;
}

/** Severities the organisation is told about at once. */
export function isUrgentExposure(severity: string): boolean {
  return severity === 'critical' || severity === 'high';
}
