/**
 * Streams an organisation's inventory: one asset at a time, each with its components, generated
 * on demand from the organisation's estate. Memory stays flat however large the federation: only
 * the estate's golden images are held, and devices that do not drift share their image's array.
 */
import type { InventoryAsset, NetworkZone } from './asset.js';
import { buildEstate } from './estate.builder.js';
import { HOST_TAGS } from './estate.js';
import type { Federation } from './federation.plan.js';
import { deviceComponents } from './golden-image.js';
import type { Organisation } from './organisation.js';
import { Prng } from './prng.js';

/** Second octet of each zone's private range (10.<octet>.x.y). */
const ZONE_OCTET: Record<NetworkZone, number> = {
  corporate: 10,
  clinical: 20,
  medical: 30,
  server: 40,
  dmz: 50,
  guest: 60,
};
/** Internet-facing devices get addresses from the documentation ranges (RFC 5737). */
const PUBLIC_NETS = ['192.0.2', '198.51.100', '203.0.113'];

function privateIp(zone: NetworkZone, k: number): string {
  return `10.${ZONE_OCTET[zone] + Math.floor(k / 65024)}.${Math.floor(k / 254) % 256}.${(k % 254) + 1}`;
}

function publicIp(k: number): string {
  return `${PUBLIC_NETS[Math.floor(k / 254) % PUBLIC_NETS.length]}.${(k % 254) + 1}`;
}

/**
 * The assets of `org` (none for sites and organisations without devices). Deterministic: the same
 * federation parameters give the same assets in the same order, whatever else has been generated.
 */
export function* generateInventory(federation: Federation, org: Organisation): Generator<InventoryAsset> {
  const count = federation.deviceCount(org.code);
  if (count === 0) return;
  const estate = buildEstate(federation, org);
  if (!estate) return;
  const rng = Prng.derive(federation.seed, 'assets', org.code);
  const width = Math.max(3, String(count).length);
  const zoneNext: Record<NetworkZone, number> = {
    corporate: 0,
    clinical: 0,
    medical: 0,
    server: 0,
    dmz: 0,
    guest: 0,
  };
  let publicNext = 0;
  const prefixes = estate.hostPrefixes;
  for (let i = 1; i <= count; i++) {
    const t = estate.templates.pick(rng);
    const hw = t.hardware.length === 1 ? t.hardware[0]! : rng.pick(t.hardware);
    const internetFacing = t.internetFacing >= 1 || (t.internetFacing > 0 && rng.chance(t.internetFacing));
    const zone: NetworkZone = internetFacing ? 'dmz' : t.zones.pick(rng);
    const ip = internetFacing ? publicIp(publicNext++) : privateIp(zone, zoneNext[zone]++);
    const prefix = prefixes.length === 1 ? prefixes[0]! : rng.pick(prefixes);
    const host = `${prefix}${HOST_TAGS[t.assetType]}${String(i).padStart(width, '0')}`;
    yield {
      assetId: `${org.code}-${String(i).padStart(6, '0')}`,
      hostname: t.lowerCaseHost ? host.toLowerCase() : host,
      assetType: t.assetType,
      manufacturer: hw[0],
      model: hw[1],
      os: t.image.os,
      ip,
      networkZone: zone,
      internetFacing,
      clinicalCriticality: t.criticality.pick(rng),
      components: deviceComponents(t.image, rng, estate.rates),
    };
  }
}
