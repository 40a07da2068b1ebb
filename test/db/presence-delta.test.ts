/**
 * An inventory sync keeps component presence by difference (component-presence.repository.ts):
 * the assets that changed take back what they counted and add what they count now. Whatever a
 * re-import changes — operating systems (platforms), other components, exposure and safety weight,
 * devices retired, added and brought back — presence, platforms, findings, exposed cells and
 * devices and the roll-ups must be exactly what a full recompute counts from scratch.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import type { AssetWithComponents, RawComponent } from '../../src/domain/inventory/asset.js';
import { generateInventory, planFederation } from '../../src/generate/index.js';
import { recomputeExposure } from '../../src/services/exposure/recompute.service.js';
import { generatedAsset, loadFederation } from '../../src/services/federation/federation-load.service.js';
import { importInventory, prepareInventory } from '../../src/services/inventory/inventory.service.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const PARAMS = { orgs: 16, devices: 900, seed: 3, componentsPerDevice: 40 };

/** Every table presence feeds, in a stable order. */
async function kept(database: Database) {
  const all = async (query: ReturnType<typeof sql>) => (await query.execute(database.db)).rows;
  return {
    presence: await all(sql`SELECT * FROM component_presence ORDER BY 1, 2, 3`),
    platforms: await all(sql`SELECT * FROM asset_platforms ORDER BY 1, 2`),
    findings: await all(sql`
      SELECT org_id, component_id, cve_id, status, asset_count, exposure, safety_impact, certainty
      FROM findings ORDER BY 1, 2, 3`),
    cells: await all(sql`SELECT * FROM exposed_cells ORDER BY 1, 2, 3`),
    devices: await all(sql`SELECT * FROM exposed_devices ORDER BY 1, 2`),
    deviceRollup: await all(sql`SELECT * FROM device_rollup ORDER BY 1, 2, 3`),
    exposureRollup: await all(sql`SELECT * FROM exposure_rollup ORDER BY 1, 2, 3, 4`),
  };
}

/** A component's version raised (its CPE's version field, else its version). */
function raised(c: RawComponent): RawComponent {
  if (c.cpe) {
    const f = c.cpe.split(':');
    f[5] = `${f[5] === '*' || f[5] === '-' ? '0' : f[5]}.9`;
    return { ...c, cpe: f.join(':') };
  }
  return { ...c, version: `${c.version ?? '0'}.9` };
}

describeEachEngine('component presence kept by difference', (db) => {
  it('equals a full recount after each kind of inventory change', async () => {
    const database = db();
    await loadShippedIntel(database);
    await loadFederation(database, PARAMS);
    const federation = planFederation(PARAMS);
    const trust = federation.organisations
      .filter((o) => o.kind === 'trust')
      .sort((a, b) => federation.deviceCount(b.code) - federation.deviceCount(a.code))[0];
    if (!trust) throw new Error('the generated federation has no trust');
    const generated = [...generateInventory(federation, trust)].map(generatedAsset);
    expect(generated.length).toBeGreaterThan(40);

    const reimport = async (assets: AssetWithComponents[]) =>
      importInventory(
        database,
        SYSTEM_ACTOR,
        trust.code,
        'generated',
        prepareInventory([{ file: `${trust.code}.csv`, assets, problems: [] }]),
      );
    const expectAsRecounted = async (step: string) => {
      const before = await kept(database);
      const recomputed = await recomputeExposure(database, SYSTEM_ACTOR);
      expect([recomputed.opened, recomputed.reopened, recomputed.fixed], step).toEqual([0, 0, 0]);
      expect(await kept(database), step).toEqual(before);
    };
    const isOs = (c: RawComponent) => c.cpe?.startsWith('cpe:2.3:o:') ?? false;

    // One device in five changes operating system version (its platform), one in seven another component.
    let assets = generated.map((a, i) => ({
      ...a,
      components: a.components.map((c, j) =>
        (i % 5 === 0 && isOs(c)) || (i % 7 === 0 && j === a.components.length - 1) ? raised(c) : c,
      ),
    }));
    const changed = await reimport(assets);
    expect(changed.installedAdded).toBeGreaterThan(0);
    const platforms = assets.filter((a, i) => i % 5 === 0 && a.components.some(isOs)).length;
    expect(platforms).toBeGreaterThan(3);
    await expectAsRecounted('platforms and components changed');

    // Weight only: some devices become internet-facing, some life-critical, some leave a clinical zone.
    assets = assets.map((a, i) =>
      i % 6 === 1
        ? { ...a, internetFacing: !a.internetFacing }
        : i % 6 === 2
          ? { ...a, clinicalCriticality: 'life_critical' }
          : i % 6 === 3
            ? { ...a, networkZone: a.networkZone === 'corporate' ? 'clinical' : 'corporate' }
            : a,
    );
    const reweighed = await reimport(assets);
    expect([reweighed.installedAdded, reweighed.installedRemoved]).toEqual([0, 0]);
    await expectAsRecounted('exposure and safety weight changed');

    // A tenth retired, and two new devices with others' components.
    const kept10 = assets.filter((_, i) => i % 10 !== 4);
    const added = [0, 1].map((k) => ({ ...(assets[k] as AssetWithComponents), assetKey: `NEW-${k}` }));
    const retired = await reimport([...kept10, ...added]);
    expect(retired.assetsRetired).toBe(assets.length - kept10.length);
    expect(retired.assetsAdded).toBe(2);
    await expectAsRecounted('devices retired and added');

    // The retired ones come back, one of them reweighed and on another platform.
    const back = assets.map((a, i) =>
      i === 4
        ? {
            ...a,
            internetFacing: !a.internetFacing,
            components: a.components.map((c) => (isOs(c) ? raised(raised(c)) : c)),
          }
        : a,
    );
    await reimport([...back, ...added]);
    await expectAsRecounted('devices brought back');
  }, 180_000);
});
