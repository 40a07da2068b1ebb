/**
 * An inventory sync keeps component presence by difference (component-presence.repository.ts):
 * the assets that changed take back what they counted and add what they count now. Whatever a
 * re-import changes — operating systems (platforms), other components, exposure and safety weight,
 * devices retired, added and brought back — presence, platforms, findings, exposed cells and
 * devices and the roll-ups must be exactly what a full recompute counts from scratch.
 */
import { expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import type { AssetWithComponents, RawComponent } from '../../src/domain/inventory/asset.js';
import { recomputeExposure } from '../../src/services/exposure/recompute.service.js';
import { derivedExposure } from '../factories/exposure-state.factory.js';
import { loadGeneratedTrust } from '../factories/generated-trust.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const PARAMS = { orgs: 16, devices: 900, seed: 3, componentsPerDevice: 40 };

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
    const { assets: generated, reimport } = await loadGeneratedTrust(database, PARAMS);
    expect(generated.length).toBeGreaterThan(40);
    const expectAsRecounted = async (step: string) => {
      const before = await derivedExposure(database);
      const recomputed = await recomputeExposure(database, SYSTEM_ACTOR);
      expect([recomputed.opened, recomputed.reopened, recomputed.fixed], step).toEqual([0, 0, 0]);
      expect(await derivedExposure(database), step).toEqual(before);
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
