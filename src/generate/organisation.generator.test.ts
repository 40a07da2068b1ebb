import { describe, expect, it } from 'vitest';
import { generateOrganisationTree, MIN_ORGANISATIONS } from './organisation.generator.js';
import type { Organisation, OrganisationKind } from './organisation.js';

const CODE_SHAPES: Record<OrganisationKind, RegExp> = {
  national: /^X26$/,
  region: /^Y\d{2}$/,
  icb: /^Q[A-Z]{2}$/,
  trust: /^R[A-Z][A-Z0-9]$/,
  site: /^R[A-Z][A-Z0-9]0[1-6]$/,
  gp_practice: /^[A-Z]\d{5}$/,
  pharmacy: /^F[A-Z]\d{3}$/,
  social_care: /^V[A-Z0-9]{4}$/,
  alb: /^X\d{2}$/,
  csu: /^0[A-Z]{2}$/,
  other: /^N[A-Z][A-Z0-9]$/,
};

function countByKind(orgs: readonly Organisation[]): Partial<Record<OrganisationKind, number>> {
  const out: Partial<Record<OrganisationKind, number>> = {};
  for (const o of orgs) out[o.kind] = (out[o.kind] ?? 0) + 1;
  return out;
}

function expectTree(orgs: readonly Organisation[]): void {
  const byCode = new Map(orgs.map((o) => [o.code, o]));
  expect(byCode.size).toBe(orgs.length);
  const roots = orgs.filter((o) => o.parentCode === null);
  expect(roots.map((o) => o.code)).toEqual(['X26']);
  const seen = new Set<string>();
  for (const o of orgs) {
    if (o.parentCode !== null) expect(seen.has(o.parentCode), `${o.code} comes after its parent`).toBe(true);
    seen.add(o.code);
    expect(o.code).toMatch(CODE_SHAPES[o.kind]);
    expect(o.name.length).toBeGreaterThan(0);
  }
}

describe('generateOrganisationTree', () => {
  it('shapes a national federation like the NHS', () => {
    const started = performance.now();
    const { organisations } = generateOrganisationTree(21_000, 1);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(organisations).toHaveLength(21_000);
    expectTree(organisations);
    const n = countByKind(organisations);
    expect(n).toMatchObject({ national: 1, region: 7, icb: 42, trust: 210, csu: 5, alb: 8 });
    expect(n.site).toBeGreaterThanOrEqual(210);
    expect(n.site).toBeLessThanOrEqual(6 * 210);
    expect(n.gp_practice).toBeGreaterThan(10_000);
    expect(n.gp_practice).toBeGreaterThan((n.pharmacy ?? 0) + (n.social_care ?? 0));
    expect(n.pharmacy).toBeGreaterThan(3000);
    expect(n.social_care).toBeGreaterThan(3000);
    const parents = new Map(organisations.map((o) => [o.code, o]));
    for (const o of organisations) {
      const parent = o.parentCode ? parents.get(o.parentCode) : undefined;
      if (o.kind === 'region' || o.kind === 'csu' || o.kind === 'alb') expect(parent?.kind).toBe('national');
      if (o.kind === 'icb') expect(parent?.kind).toBe('region');
      if (o.kind === 'site') {
        expect(parent?.kind).toBe('trust');
        expect(o.code.startsWith(o.parentCode ?? '?')).toBe(true);
      }
      if (['trust', 'gp_practice', 'pharmacy', 'social_care', 'other'].includes(o.kind)) {
        expect(parent?.kind).toBe('icb');
      }
    }
    const trustNames = organisations.filter((o) => o.kind === 'trust').map((o) => o.name);
    expect(new Set(trustNames).size).toBe(trustNames.length);
    expect(trustNames.every((name) => / NHS (Foundation )?Trust$/.test(name))).toBe(true);
  });

  it('gives every trust one to six sites and every ICB a trust', () => {
    const { organisations } = generateOrganisationTree(21_000, 9);
    const sites = new Map<string, number>();
    for (const o of organisations)
      if (o.kind === 'site') sites.set(o.parentCode!, (sites.get(o.parentCode!) ?? 0) + 1);
    for (const t of organisations.filter((o) => o.kind === 'trust')) {
      expect(sites.get(t.code)).toBeGreaterThanOrEqual(1);
      expect(sites.get(t.code)).toBeLessThanOrEqual(6);
    }
    const icbsWithTrust = new Set(organisations.filter((o) => o.kind === 'trust').map((o) => o.parentCode));
    expect(icbsWithTrust.size).toBe(42);
  });

  it('works for a small federation', () => {
    const { organisations } = generateOrganisationTree(50, 1);
    expect(organisations).toHaveLength(50);
    expectTree(organisations);
    expect(countByKind(organisations)).toMatchObject({ national: 1, region: 1, icb: 1, trust: 1 });
    expect(countByKind(organisations).gp_practice).toBeGreaterThan(10);
    const tiny = generateOrganisationTree(MIN_ORGANISATIONS, 1).organisations;
    expect(tiny.map((o) => o.kind)).toEqual(['national', 'region', 'icb', 'trust']);
    expect(() => generateOrganisationTree(3, 1)).toThrow(RangeError);
  });

  it("gives a demo-sized federation the network's whole shape when asked: 7 regions, 42 ICBs, providers under each", () => {
    const { organisations } = generateOrganisationTree(2000, 1, { regions: 7, icbs: 42 });
    expect(organisations).toHaveLength(2000);
    expectTree(organisations);
    const kinds = countByKind(organisations);
    expect(kinds).toMatchObject({ national: 1, region: 7, icb: 42, trust: 42 });
    const byCode = new Map(organisations.map((o) => [o.code, o]));
    const regions = organisations.filter((o) => o.kind === 'region');
    for (const r of regions)
      expect(
        organisations.filter((o) => o.kind === 'icb' && o.parentCode === r.code),
        r.name,
      ).toHaveLength(6);
    for (const icb of organisations.filter((o) => o.kind === 'icb')) {
      const under = countByKind(organisations.filter((o) => o.parentCode === icb.code));
      expect(under.trust, icb.name).toBeGreaterThanOrEqual(1);
      expect(under.gp_practice ?? 0, icb.name).toBeGreaterThanOrEqual(3);
      expect((under.pharmacy ?? 0) + (under.social_care ?? 0), icb.name).toBeGreaterThanOrEqual(2);
      expect(byCode.get(icb.parentCode!)?.kind).toBe('region');
    }
    // Without the shape, a federation this size has one region (all 7 come from about 19,500).
    expect(countByKind(generateOrganisationTree(2000, 1).organisations).region).toBe(1);
  });

  it('refuses a shape the size cannot hold or the network does not have', () => {
    expect(() => generateOrganisationTree(91, 1, { regions: 7, icbs: 42 })).toThrow(
      '7 regions and 42 ICBs need at least 92 organisations (a trust per ICB), got 91',
    );
    expect(generateOrganisationTree(92, 1, { regions: 7, icbs: 42 }).organisations).toHaveLength(92);
    expect(() => generateOrganisationTree(2000, 1, { regions: 8 })).toThrow(
      /regions must be a whole number from 1 to 7/,
    );
    expect(() => generateOrganisationTree(2000, 1, { regions: 7, icbs: 6 })).toThrow(
      /icbs must be .* from 7/,
    );
    expect(() => generateOrganisationTree(2000, 1, { icbs: 43 })).toThrow(/icbs must be .* to 42/);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateOrganisationTree(2000, 5).organisations;
    expect(generateOrganisationTree(2000, 5).organisations).toEqual(a);
    const b = generateOrganisationTree(2000, 6).organisations;
    expect(b).not.toEqual(a);
    expect(b.filter((o) => a.some((x) => x.code === o.code && x.name === o.name)).length).toBeLessThan(100);
  });

  it('moves to longer code shapes when a short code space fills up', () => {
    const { organisations } = generateOrganisationTree(150_000, 1);
    expect(new Set(organisations.map((o) => o.code)).size).toBe(150_000);
    const trusts = organisations.filter((o) => o.kind === 'trust');
    expect(trusts.length).toBe(1500);
    expect(trusts.some((t) => t.code.length === 4)).toBe(true);
  });
});
