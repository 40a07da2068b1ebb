import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Actor,
  type Grant,
  may,
  mayGrant,
  narrowGrants,
  permittedOrgs,
  scopeFor,
  userActor,
} from './actor.js';
import { isNationalRole, narrowRole, PERMISSIONS, permits, ROLES, type Role } from './role.js';

/** A random tree: org i's parent is some j < i (org 0 is the national root). */
const tree = fc.integer({ min: 1, max: 30 }).chain((n) =>
  fc
    .tuple(fc.constant(n), fc.array(fc.nat(), { minLength: n - 1, maxLength: n - 1 }))
    .map(([size, picks]) => {
      const parent = [-1, ...picks.map((p, i) => p % (i + 1))];
      return { size, parent };
    }),
);

function ancestry(parent: number[], i: number): Set<string> {
  const out = new Set<string>();
  for (let x = i; x >= 0; x = parent[x] as number) out.add(`o${x}`);
  return out;
}

const world = tree.chain((t) =>
  fc.record({
    t: fc.constant(t),
    grants: fc.array(
      fc.record({ org: fc.nat({ max: t.size - 1 }), role: fc.constantFrom(...ROLES) }).map(
        // National roles live on the root.
        (g): Grant => ({ orgId: isNationalRole(g.role) ? 'o0' : `o${g.org}`, role: g.role }),
      ),
      { maxLength: 4 },
    ),
    tokenOrg: fc.option(fc.nat({ max: t.size - 1 })),
    tokenRole: fc.option(fc.constantFrom(...ROLES)),
  }),
);

/** The reference: a permission holds on an org when a grant carrying it sits on the org or above. */
function reference(grants: readonly Grant[], perm: (typeof PERMISSIONS)[number], anc: Set<string>): boolean {
  return grants.some((g) => permits(g.role, perm) && (isNationalRole(g.role) || anc.has(g.orgId)));
}

describe('access domain (property)', () => {
  it('may, permittedOrgs and scopeFor agree with the reference on random hierarchies and grants', () => {
    fc.assert(
      fc.property(world, ({ t, grants }) => {
        const actor = userActor('u', 'u', grants);
        const ancestries = new Map(
          Array.from({ length: t.size }, (_, i) => [`o${i}`, ancestry(t.parent, i)]),
        );
        for (const perm of PERMISSIONS) {
          const expected = new Set(
            [...ancestries].filter(([, a]) => reference(grants, perm, a)).map(([id]) => id),
          );
          expect(permittedOrgs(actor, perm, ancestries)).toEqual(expected);
          const scope = scopeFor(actor, perm);
          const inScope = new Set(
            [...ancestries]
              .filter(([, a]) => scope.all || scope.roots.some((r) => a.has(r)))
              .map(([id]) => id),
          );
          expect(inScope).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a token never reaches further than its user, nor outside its organisation', () => {
    fc.assert(
      fc.property(world, ({ t, grants, tokenOrg, tokenRole }) => {
        const user = userActor('u', 'u', grants);
        const anc = (id: string) => ancestry(t.parent, Number(id.slice(1)));
        const narrowed = narrowGrants(
          grants,
          { orgId: tokenOrg === null ? null : `o${tokenOrg}`, maxRole: tokenRole },
          anc,
        );
        const token: Actor = { ...user, kind: 'token', grants: narrowed };
        for (let i = 0; i < t.size; i++) {
          const a = ancestry(t.parent, i);
          for (const perm of PERMISSIONS) {
            if (may(token, perm, a)) {
              expect(may(user, perm, a)).toBe(true);
              if (tokenOrg !== null) expect(a.has(`o${tokenOrg}`)).toBe(true);
              if (tokenRole !== null) expect(permits(tokenRole, perm)).toBe(true);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('nobody grants a role they could not exercise themselves, or outside their subtree', () => {
    fc.assert(
      fc.property(world, fc.constantFrom(...ROLES), ({ t, grants }, role) => {
        const actor = userActor('u', 'u', grants);
        for (let i = 0; i < t.size; i++) {
          const a = ancestry(t.parent, i);
          if (!mayGrant(actor, role, a)) continue;
          expect(may(actor, 'admin', a)).toBe(true);
          for (const perm of PERMISSIONS) if (permits(role, perm)) expect(may(actor, perm, a)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('narrows roles to what both permit', () => {
    expect(narrowRole('national_admin', 'org_admin')).toBe('org_admin');
    expect(narrowRole('national_analyst', 'org_admin')).toBe('responder');
    expect(narrowRole('viewer', 'national_admin')).toBe('viewer');
    expect(narrowRole('national_analyst', 'national_analyst', { national: false })).toBe('responder');
    for (const a of ROLES)
      for (const b of ROLES) {
        const r: Role = narrowRole(a, b);
        for (const p of PERMISSIONS) if (permits(r, p)) expect(permits(a, p) && permits(b, p)).toBe(true);
      }
  });
});
