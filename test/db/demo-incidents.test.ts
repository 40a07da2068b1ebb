/**
 * The demo's incidents on both engines: a practice's phishing (sender shared GREEN, sighted by two
 * other practices) and a trust's significant ransomware attack, its full report due; seeded once.
 */
import { beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import { HOUR_MS } from '../../src/domain/alerts/clock.js';
import { seedDemoIncidents } from '../../src/services/demo/demo-incidents.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { listIncidents, showIncident } from '../../src/services/incident/incident.service.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { importCsv, inventoryCsv, WIN7_SP1 } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const NOW = new Date('2026-06-01T12:00:00Z');

describeEachEngine('demo incidents', (db) => {
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await importCsv(
      db(),
      'RAL',
      inventoryCsv([{ id: 'RAL-PACS-1', type: 'server', components: [WIN7_SP1] }]),
    );
  });

  it('reports, triages and shares the two incidents once', async () => {
    const seeded = await seedDemoIncidents(db(), NOW);
    expect(seeded?.references).toEqual(['INC-2026-000001', 'INC-2026-000002']);
    const list = await listIncidents(db(), SYSTEM_ACTOR, {}, NOW);
    expect(list.map((i) => [i.reference, i.org.code, i.category, i.status, i.severity])).toEqual([
      ['INC-2026-000001', 'A84001', 'phishing', 'triaged', 'medium'],
      ['INC-2026-000002', 'RAL', 'ransomware', 'triaged', 'critical'],
    ]);
    const ransomware = await showIncident(db(), SYSTEM_ACTOR, 'INC-2026-000002', NOW);
    expect(ransomware.deadlines.map((d) => [d.id, d.state, d.dueAt])).toEqual([
      ['initial-report', 'met', new Date(NOW.getTime() - 6 * HOUR_MS).toISOString()],
      ['full-report', 'due', new Date(NOW.getTime() + 42 * HOUR_MS).toISOString()],
    ]);
    expect(ransomware.assets.map((a) => a.assetKey)).toEqual(['RAL-PACS-1']);
    const phishing = await showIncident(db(), SYSTEM_ACTOR, 'INC-2026-000001', NOW);
    expect(phishing.indicators.find((i) => i.type === 'email')?.shared).toMatchObject({
      tlp: 'GREEN',
      sightedBy: 2,
    });
    expect(await seedDemoIncidents(db(), NOW)).toBeNull();
  });
});
