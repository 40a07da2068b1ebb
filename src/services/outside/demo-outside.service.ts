/**
 * The demo federation seen from outside, so the outside-in pages have something to show on first
 * run: each trust (the first by code) registers a /24, and one external scan report — in
 * Shadowserver's layout, imported by the real service — sees SMB and Remote Desktop open on some of
 * them, a FortiGate whose FortiOS has a known-exploited flaw, and one address nobody registered.
 * Addresses are from 100.64.0.0/10 (shared address space): they are placeholders, not anyone's.
 */
import type { Database } from '../../db/connect.js';
import { listAllOrganisations } from '../../db/repositories/organisation.repository.js';
import { anyAddressRegistered } from '../../db/repositories/outside/address.repository.js';
import { SYSTEM_ACTOR } from '../../domain/access/actor.js';
import { importAddresses } from './address.service.js';
import { importObservations } from './observe.service.js';

/** Trusts given addresses in the demo. */
export const DEMO_OUTSIDE_TRUSTS = 24;

export interface DemoOutside {
  readonly ranges: number;
  readonly observations: number;
  readonly opened: number;
}

/** Registers the demo's ranges and imports its scan report when no address is registered yet; null when some are. */
export async function seedDemoOutside(database: Database, now: Date): Promise<DemoOutside | null> {
  if (await anyAddressRegistered(database.db)) return null;
  const trusts = (await listAllOrganisations(database.db))
    .filter((o) => o.kind === 'trust')
    .sort((a, b) => a.code.localeCompare(b.code))
    .slice(0, DEMO_OUTSIDE_TRUSTS);
  if (trusts.length === 0) return null;
  const csv = ['org_code,kind,value', ...trusts.map((t, i) => `${t.code},range,100.64.${i}.0/24`)].join('\n');
  await importAddresses(database, SYSTEM_ACTOR, { name: 'demo-addresses.csv', text: `${csv}\n` });

  const day = (daysAgo: number) => {
    const d = new Date(now.getTime() - daysAgo * 86_400_000);
    return d.toISOString().slice(0, 19).replace('T', ' ');
  };
  const header =
    'timestamp,ip,protocol,port,hostname,tag,asn,geo,region,city,naics,sic,device_vendor,device_type,device_model,device_version';
  const rows: string[] = [];
  for (const [i] of trusts.entries()) {
    if (i % 4 === 0) rows.push(`${day(1)},100.64.${i}.10,tcp,445,,smb,64512,GB,,,,,,,,`);
    if (i % 3 === 0) rows.push(`${day(2)},100.64.${i}.20,tcp,3389,rdweb-${i}.example,rdp,64512,GB,,,,,,,,`);
    if (i % 5 === 1)
      rows.push(
        `${day(1)},100.64.${i}.1,tcp,443,vpn-${i}.example,ssl-vpn,64512,GB,,,,,Fortinet,firewall,FortiGate,6.0.4`,
      );
  }
  rows.push(`${day(1)},100.127.0.9,tcp,445,,smb,64512,GB,,,,,,,,`);
  const report = `${header}\n${rows.join('\n')}\n`;
  const result = await importObservations(
    database,
    SYSTEM_ACTOR,
    [{ name: 'demo-scan_smb-rdp-vpn.csv', bytes: new TextEncoder().encode(report) }],
    { source: 'demo-scan', now },
  );
  const opened = result.reports.reduce((n, r) => n + (r.opened ?? 0), 0);
  return { ranges: trusts.length, observations: rows.length, opened };
}
