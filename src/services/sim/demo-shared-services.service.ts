/**
 * The demo federation's shared services, so the worm scenario shows disruption that is not infection:
 * in a few ICBs, each GP practice uses the PAS of one of the ICB's trusts. Declared the way a trust
 * would, through its network file (a file of service rows only, imported by the real service).
 */
import type { Database } from '../../db/connect.js';
import { listSharedServices } from '../../db/repositories/network.repository.js';
import { listAllOrganisations } from '../../db/repositories/organisation.repository.js';
import { SYSTEM_ACTOR } from '../../domain/access/actor.js';
import { NETWORK_CSV_COLUMNS, SERVICE_CSV_COLUMNS } from '../../domain/network/network-csv.js';
import { importNetwork } from './network.service.js';

/** ICBs (the first by code that have trusts and practices) whose practices use a trust's PAS. */
export const DEMO_SERVICE_ICBS = 6;

export interface DemoSharedServices {
  readonly trusts: number;
  readonly practices: number;
}

/** Declares the demo's trust PAS services when no shared service is declared yet; null when some are. */
export async function declareDemoSharedServices(database: Database): Promise<DemoSharedServices | null> {
  if ((await listSharedServices(database.db, null)).length > 0) return null;
  const orgs = (await listAllOrganisations(database.db)).sort((a, b) => a.code.localeCompare(b.code));
  const under = (parentId: string, kind: string) =>
    orgs.filter((o) => o.parentId === parentId && o.kind === kind);
  const icbs = orgs
    .filter((o) => o.kind === 'icb')
    .filter((icb) => under(icb.id, 'trust').length > 0 && under(icb.id, 'gp_practice').length > 0)
    .slice(0, DEMO_SERVICE_ICBS);
  const header = [...NETWORK_CSV_COLUMNS, ...SERVICE_CSV_COLUMNS].join(',');
  const blanks = ','.repeat(NETWORK_CSV_COLUMNS.length - 2);
  let trusts = 0;
  let practices = 0;
  for (const icb of icbs) {
    const icbTrusts = under(icb.id, 'trust');
    const icbPractices = under(icb.id, 'gp_practice');
    for (const [t, trust] of icbTrusts.entries()) {
      const users = icbPractices.filter((_, p) => p % icbTrusts.length === t).map((p) => p.code);
      if (users.length === 0) continue;
      const file = `${header}\nservice,PAS${blanks},${trust.code},${users.join(';')}\n`;
      await importNetwork(database, SYSTEM_ACTOR, trust.code, 'demo-shared-services.csv', file);
      trusts++;
      practices += users.length;
    }
  }
  return { trusts, practices };
}
