/**
 * Property test of scoped reads against the database: a random hierarchy is imported, random
 * grants are turned into scopes by the access domain, and what the closure-table predicate lets
 * through (organisations listed, bulk permission checks) must equal a reference computed from the
 * parent links alone.
 */
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { listOrganisations } from '../../src/db/repositories/organisation.repository.js';
import { type Grant, scopeFor, userActor } from '../../src/domain/access/actor.js';
import { isNationalRole, PERMISSIONS, permits, ROLES } from '../../src/domain/access/role.js';
import { permittedOrgIds } from '../../src/services/access/access.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { type OrgCsvLine, orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const SIZE = 60;
const [parent] = fc.sample(
  fc
    .array(fc.nat(), { minLength: SIZE - 1, maxLength: SIZE - 1 })
    .map((picks) => [-1, ...picks.map((p, i) => p % (i + 1))]),
  { numRuns: 1, seed: 7 },
) as [number[]];
const code = (i: number) => `P${String(i).padStart(3, '0')}`;
const LINES: OrgCsvLine[] = parent.map((p, i) => [
  code(i),
  `Org ${i}`,
  i === 0 ? 'national' : 'other',
  p < 0 ? '' : code(p),
]);

function ancestors(i: number): Set<string> {
  const out = new Set<string>();
  for (let x = i; x >= 0; x = parent[x] as number) out.add(code(x));
  return out;
}

describeEachEngine('scoped reads (property, random hierarchy)', (db) => {
  const ids = new Map<string, string>();
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'random.csv', orgCsv(LINES));
    const rows = await db().db.selectFrom('organisations').select(['id', 'code']).execute();
    for (const r of rows) ids.set(r.code, r.id);
  });

  it('lists exactly the organisations the grants reach, and the bulk check agrees', async () => {
    const byId = new Map([...ids].map(([c, id]) => [id, c]));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ org: fc.nat({ max: SIZE - 1 }), role: fc.constantFrom(...ROLES) }), {
          maxLength: 3,
        }),
        fc.constantFrom(...PERMISSIONS),
        async (picked, perm) => {
          const grants: Grant[] = picked.map((g) => ({
            orgId: ids.get(code(isNationalRole(g.role) ? 0 : g.org)) as string,
            role: g.role,
          }));
          const expected = new Set(
            LINES.map((_, i) => i)
              .filter((i) =>
                picked.some(
                  (g) => permits(g.role, perm) && (isNationalRole(g.role) || ancestors(i).has(code(g.org))),
                ),
              )
              .map(code),
          );
          const actor = userActor('u', 'u', grants);
          const listed = await listOrganisations(db().db, scopeFor(actor, perm), { limit: 1000 });
          expect(new Set(listed.map((o) => o.code))).toEqual(expected);
          const permitted = await permittedOrgIds(db().db, actor, perm, new Set(ids.values()));
          expect(new Set([...permitted].map((id) => byId.get(id)))).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });
});
