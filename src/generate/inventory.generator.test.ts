import { describe, expect, it } from 'vitest';
import type { InventoryAsset } from './asset.js';
import { ASSET_TYPES, CLINICAL_CRITICALITIES, NETWORK_ZONES } from './asset.js';
import { planFederation } from './federation.plan.js';
import { generateInventory } from './inventory.generator.js';

const UNSUPPORTED = /^cpe:2\.3:o:microsoft:(windows_xp|windows_7|windows_server_2008|windows_server_2003):/;

describe('generateInventory on a regional-scale federation', () => {
  const f = planFederation({ orgs: 2100, devices: 200_000, seed: 1 });
  const assets: InventoryAsset[] = [];
  const byOrg = new Map<string, InventoryAsset[]>();
  for (const org of f.organisations) {
    const list = [...generateInventory(f, org)];
    byOrg.set(org.code, list);
    assets.push(...list);
  }

  it('yields exactly the planned number of devices per organisation', () => {
    expect(assets).toHaveLength(200_000);
    for (const org of f.organisations) expect(byOrg.get(org.code)).toHaveLength(f.deviceCount(org.code));
  });

  it('gives unique asset ids and host names within each organisation', () => {
    for (const [code, list] of byOrg) {
      expect(new Set(list.map((a) => a.assetId)).size).toBe(list.length);
      expect(new Set(list.map((a) => a.hostname)).size).toBe(list.length);
      for (const a of list.slice(0, 3)) expect(a.assetId).toMatch(new RegExp(`^${code}-\\d{6}$`));
    }
  });

  it('uses only documented column values and lists each component once per device', () => {
    const types = new Set<string>(ASSET_TYPES);
    const zones = new Set<string>(NETWORK_ZONES);
    const criticalities = new Set<string>(CLINICAL_CRITICALITIES);
    const bad: string[] = [];
    for (const [i, a] of assets.entries()) {
      if (!types.has(a.assetType) || !zones.has(a.networkZone) || !criticalities.has(a.clinicalCriticality)) {
        bad.push(`${a.assetId}: column value`);
      }
      if (!/^\d+\.\d+\.\d+\.\d+$/.test(a.ip)) bad.push(`${a.assetId}: ip ${a.ip}`);
      if (a.components.length === 0) bad.push(`${a.assetId}: no components`);
      const computer = ['workstation', 'laptop', 'server', 'virtual', 'mobile'].includes(a.assetType);
      if (computer && !a.components[0]!.cpe.startsWith('cpe:2.3:o:')) bad.push(`${a.assetId}: OS not first`);
      if (a.internetFacing && a.networkZone !== 'dmz') bad.push(`${a.assetId}: internet-facing outside DMZ`);
      if (i % 20 === 0 && new Set(a.components.map((c) => c.identity)).size !== a.components.length) {
        bad.push(`${a.assetId}: repeated component`);
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('has the estate shape: medical devices 5–10%, unsupported OS 5–15%, ~100 components a device', () => {
    const medical = assets.filter((a) => a.assetType === 'medical_device');
    expect(medical.length / assets.length).toBeGreaterThan(0.05);
    expect(medical.length / assets.length).toBeLessThan(0.1);
    const critical = medical.filter(
      (a) => a.clinicalCriticality === 'high' || a.clinicalCriticality === 'life_critical',
    );
    expect(critical.length / medical.length).toBeGreaterThan(0.85);
    const unsupported = assets.filter((a) => a.components.some((c) => UNSUPPORTED.test(c.cpe)));
    expect(unsupported.length / assets.length).toBeGreaterThan(0.05);
    expect(unsupported.length / assets.length).toBeLessThan(0.15);
    const rows = assets.reduce((s, a) => s + a.components.length, 0);
    expect(rows / assets.length).toBeGreaterThan(85);
    expect(rows / assets.length).toBeLessThan(115);
    const workstations = assets.filter((a) => a.assetType === 'workstation');
    const wsRows = workstations.map((a) => a.components.length);
    expect(Math.min(...wsRows)).toBeGreaterThan(40);
    expect(Math.max(...wsRows)).toBeLessThan(220);
    expect(assets.filter((a) => a.internetFacing).length).toBeGreaterThan(0);
  });

  it('puts WannaCry conditions on old Windows: SMBv1 on most Windows 7 hosts, few modern ones', () => {
    const smb = (a: InventoryAsset) => a.components.some((c) => c.product === 'server_message_block');
    const win7 = assets.filter((a) => a.components[0]?.product === 'windows_7');
    const win10 = assets.filter((a) => a.components[0]?.product === 'windows_10_22h2');
    expect(win7.filter(smb).length / win7.length).toBeGreaterThan(0.6);
    expect(win10.filter(smb).length / win10.length).toBeLessThan(0.15);
  });

  it('shares golden images: distinct components are far fewer than rows', () => {
    const distinct = new Set<string>();
    let rows = 0;
    for (const a of assets) {
      rows += a.components.length;
      for (const c of a.components) distinct.add(c.identity);
    }
    expect(distinct.size).toBeGreaterThan(5000);
    expect(distinct.size).toBeLessThan(rows / 200);
  });

  it('is deterministic and independent of generation order', () => {
    const trust = f.organisations.find((o) => o.kind === 'trust')!;
    const gp = f.organisations.find((o) => o.kind === 'gp_practice')!;
    const again = planFederation({ orgs: 2100, devices: 200_000, seed: 1 });
    expect([...generateInventory(again, gp)]).toEqual(byOrg.get(gp.code));
    expect([...generateInventory(again, trust)]).toEqual(byOrg.get(trust.code));
    const other = planFederation({ orgs: 2100, devices: 200_000, seed: 2 });
    const otherTrust = other.organisations.find((o) => o.kind === 'trust')!;
    expect([...generateInventory(other, otherTrust)].slice(0, 50)).not.toEqual(
      byOrg.get(trust.code)?.slice(0, 50),
    );
  });

  it('generates nothing for sites', () => {
    const site = f.organisations.find((o) => o.kind === 'site')!;
    expect([...generateInventory(f, site)]).toEqual([]);
  });
});

describe('generateInventory at national scale (stratified sample)', () => {
  it('keeps medical devices at 5–10% and unsupported Windows at 5–15% of 2 million devices', () => {
    const f = planFederation({ orgs: 21_000, devices: 2_000_000, seed: 1 });
    // Every 10th trust and every 200th other organisation, each weighted by its sampling rate.
    const seen = new Map<string, number>();
    let devices = 0;
    let medical = 0;
    let unsupported = 0;
    for (const org of f.organisations) {
      const rate = org.kind === 'trust' ? 10 : 200;
      const index = seen.get(org.kind === 'trust' ? 'trust' : 'other') ?? 0;
      seen.set(org.kind === 'trust' ? 'trust' : 'other', index + 1);
      if (index % rate !== 0) continue;
      for (const a of generateInventory(f, org)) {
        devices += rate;
        if (a.assetType === 'medical_device') medical += rate;
        if (a.components.some((c) => UNSUPPORTED.test(c.cpe))) unsupported += rate;
      }
    }
    expect(medical / devices).toBeGreaterThan(0.05);
    expect(medical / devices).toBeLessThan(0.1);
    expect(unsupported / devices).toBeGreaterThan(0.05);
    expect(unsupported / devices).toBeLessThan(0.15);
  });

  it('scales the components per device with the parameter', () => {
    for (const perDevice of [50, 150]) {
      const f = planFederation({ orgs: 300, devices: 20_000, seed: 4, componentsPerDevice: perDevice });
      let assets = 0;
      let rows = 0;
      for (const org of f.organisations) {
        for (const a of generateInventory(f, org)) {
          assets++;
          rows += a.components.length;
        }
      }
      expect(rows / assets).toBeGreaterThan(perDevice * 0.85);
      expect(rows / assets).toBeLessThan(perDevice * 1.15);
    }
  });
});
