/**
 * The demo's view from outside: its trusts' ranges registered and one scan report imported through
 * the real services, so the outside-in pages have exposures on first run — SMB and RDP open, a
 * FortiGate banner whose known-exploited FortiOS flaw is "act now", an unregistered address listed —
 * and nothing seeded twice.
 */
import { expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import { listExposure } from '../../src/services/exposure/read.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { seedDemoOutside } from '../../src/services/outside/demo-outside.service.js';
import { externalSummary, listExternal } from '../../src/services/outside/external.service.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { loadShippedIntel } from '../factories/intel.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

describeEachEngine('demo seen from outside', (db) => {
  it('registers the trusts, imports the scan and shows its exposures, once', async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedIntel(db());
    const now = new Date('2026-12-04T12:00:00Z');
    const seeded = await seedDemoOutside(db(), now);
    // The small federation's trusts by code: RAL (100.64.0.0/24), RJ7 (100.64.1.0/24).
    expect(seeded).toEqual({ ranges: 2, observations: 4, opened: 3 });
    const open = await listExternal(db(), SYSTEM_ACTOR, {});
    expect(open.items.map((e) => [e.org, e.address, e.port, e.kind]).sort()).toEqual([
      ['RAL', '100.64.0.10', 445, 'smb'],
      ['RAL', '100.64.0.20', 3389, 'rdp'],
      ['RJ7', '100.64.1.1', 443, 'service'],
    ]);
    const summary = await externalSummary(db(), SYSTEM_ACTOR, {});
    expect(summary.recentReports?.[0]).toMatchObject({ unknown: 1 });
    // The FortiGate's banner is matched like an inventory: a known-exploited flaw to act on now.
    const findings = await listExposure(db(), SYSTEM_ACTOR, {
      org: 'RJ7',
      priority: 'act',
      seenFromOutside: true,
    });
    expect(findings.map((f) => f.cve)).toContain('CVE-2018-13379');
    expect(await seedDemoOutside(db(), now)).toBeNull();
  });
});
