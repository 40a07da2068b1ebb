/**
 * Each asset keeps the digest of its installed components (migration 0039), which a re-import
 * compares instead of reading every stored row: the bulk load and every re-import must leave it
 * equal to the digest of the rows stored, a re-import must still write exactly the new file's rows,
 * and a digest that disagrees with the rows (as after a fault) is mended, not trusted. The bulk
 * load stores what an import of the same inventory stores (built-ins assumed alike), so importing
 * a loaded organisation's inventory again writes nothing.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { loadGeneratedTrust } from '../factories/generated-trust.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const PARAMS = { orgs: 12, devices: 400, seed: 5, componentsPerDevice: 30 };

/** Assets whose kept digest is not that of their stored rows (PostgreSQL's own text of the sorted list). */
async function staleDigests(database: Database): Promise<string[]> {
  const rows = await sql<{ asset_key: string }>`
    SELECT a.asset_key FROM assets a
    LEFT JOIN (
      SELECT org_id, asset_id, sha256(convert_to(array_agg(component_id ORDER BY component_id)::text, 'UTF8')) AS digest
      FROM asset_components GROUP BY 1, 2) l ON l.org_id = a.org_id AND l.asset_id = a.id
    WHERE a.components_digest IS DISTINCT FROM coalesce(l.digest, sha256('{}'::bytea))
    ORDER BY 1`.execute(database.db);
  return rows.rows.map((r) => r.asset_key);
}

/** (asset key, component key, version) of every installed row of the organisation's live assets. */
async function installedRows(database: Database, code: string): Promise<string[]> {
  const rows = await sql<{ row: string }>`
    SELECT a.asset_key || ' ' || c.key || ' ' || coalesce(c.version, '') AS row
    FROM asset_components ac JOIN assets a ON a.org_id = ac.org_id AND a.id = ac.asset_id
    JOIN components c ON c.id = ac.component_id JOIN organisations o ON o.id = ac.org_id
    WHERE o.code = ${code} ORDER BY 1`.execute(database.db);
  return rows.rows.map((r) => r.row);
}

describeEachEngine('installed components digest', (db) => {
  it('follows the stored rows through the bulk load and re-imports, and is mended when wrong', async () => {
    const database = db();
    await loadShippedIntel(database);
    const { code, assets: generated, reimport } = await loadGeneratedTrust(database, PARAMS);
    expect(await staleDigests(database), 'after the bulk load').toEqual([]);
    expect(generated.length).toBeGreaterThan(10);
    // Unchanged, the built-ins assumed from its platforms included: nothing written.
    const same = await reimport(generated);
    expect([same.installedAdded, same.installedRemoved]).toEqual([0, 0]);

    // One device loses its first component, one gains a duplicate of another's, one is gone.
    const [first, second, gone] = generated;
    if (!first || !second || !gone) throw new Error('too few devices');
    const changed = [
      { ...first, components: first.components.slice(1) },
      { ...second, components: [...second.components, ...(generated[3]?.components.slice(0, 2) ?? [])] },
      ...generated.slice(3),
    ];
    const before = await installedRows(database, code);
    const result = await reimport(changed);
    expect(result.assetsRetired).toBe(1);
    expect(result.installedRemoved).toBeGreaterThanOrEqual(1 + gone.components.length - 1);
    expect(await staleDigests(database), 'after a re-import').toEqual([]);
    const after = await installedRows(database, code);
    expect(after.some((r) => r.startsWith(`${gone.assetKey} `))).toBe(false);
    expect(after.length).toBe(before.length - result.installedRemoved + result.installedAdded);

    // A digest that disagrees with the rows is not trusted: the asset is compared row by row,
    // nothing changes but the digest.
    await sql`UPDATE assets SET components_digest = sha256('{1}'::bytea) WHERE asset_key = ${second.assetKey}`.execute(
      database.db,
    );
    expect(await staleDigests(database)).toEqual([second.assetKey]);
    const mended = await reimport(changed);
    expect([mended.installedAdded, mended.installedRemoved]).toEqual([0, 0]);
    expect(await staleDigests(database)).toEqual([]);
    expect(await installedRows(database, code)).toEqual(after);
  }, 120_000);
});
