/**
 * Shared intelligence at scale for the sharing benchmarks: indicators across every TLP marking
 * (AMBER ones naming organisations or sharing groups, RED ones naming people), sharing groups and
 * their memberships, a registered range per organisation and some services seen from outside —
 * all written in bulk with COPY. Reusable by any measure of sharing (STIX, TAXII, matching).
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/db/connect.js';
import { type CopyValue, copyInto } from '../src/db/copy.js';
import type { DB } from '../src/db/schema.js';
import { entityOf } from '../src/domain/sharing/tlp-audience.js';
import { seededRandom } from './harness.js';

export interface SharingSize {
  indicators: number;
  memberships: number;
  /** Members per sharing group (default 50). */
  groupSize?: number;
  seed?: number;
}

export interface SharingSeed {
  indicators: number;
  groups: number;
  memberships: number;
  ranges: number;
  services: number;
  /** Values held, for checks of "the same value again" (a sample). */
  sampleValues: { type: string; value: string }[];
  /** Registered ranges (a sample), for checks of "one of our own addresses". */
  sampleRanges: string[];
}

/** Marking mix: mostly GREEN and AMBER, as national sharing is. */
const MIX: [string, number][] = [
  ['CLEAR', 0.1],
  ['GREEN', 0.45],
  ['AMBER', 0.25],
  ['AMBER+STRICT', 0.15],
  ['RED', 0.05],
];

/** The marking a uniform draw falls on in MIX. */
function marking(roll: number): string {
  let acc = 0;
  for (const [tlp, p] of MIX) {
    acc += p;
    if (roll < acc) return tlp;
  }
  return 'GREEN';
}

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)] as T;
}

/** Indicator n's kind and value: an IPv4 address, a domain, a URL or a SHA-256, each distinct. */
export function benchValue(n: number): { type: string; value: string } {
  switch (n % 4) {
    case 0:
      return { type: 'ipv4', value: `100.${64 + ((n >> 16) & 63)}.${(n >> 8) & 255}.${n & 255}` };
    case 1:
      return { type: 'domain', value: `c2-${n.toString(36)}.bench.example` };
    case 2:
      return { type: 'url', value: `http://drop-${n.toString(36)}.bench.example/p` };
    default:
      return { type: 'sha256', value: n.toString(16).padStart(64, '0') };
  }
}

/** Organisation i's registered range: a /28 inside 10.0.0.0/8. */
export function benchRange(i: number): string {
  return `10.${(i >> 12) & 255}.${(i >> 4) & 255}.${(i & 15) * 16}/28`;
}

export async function seedSharing(database: Database, size: SharingSize): Promise<SharingSeed> {
  const db = database.db as unknown as Kysely<DB>;
  const r = seededRandom(size.seed ?? 7);
  const orgs = await db
    .selectFrom('organisations')
    .select(['id', 'kind', 'parent_id'])
    .orderBy('code')
    .execute();
  const kind = new Map(orgs.map((o) => [o.id, o.kind]));
  const parent = new Map(orgs.map((o) => [o.id, o.parent_id]));
  const entity = (id: string) =>
    entityOf(
      id,
      (x) => kind.get(x),
      (x) => parent.get(x),
    );
  const producers = orgs.filter((o) => o.parent_id !== null).map((o) => o.id);
  const owners = orgs.filter((o) => o.kind === 'trust' || o.kind === 'icb').map((o) => o.id);

  const groupSize = size.groupSize ?? 50;
  const groupCount = Math.max(1, Math.ceil(size.memberships / groupSize));
  const groups = Array.from({ length: groupCount }, (_, g) => ({
    id: randomUUID(),
    name: `bench group ${g}`,
  }));
  const members: CopyValue[][] = [];
  let memberships = 0;
  for (const [g, group] of groups.entries()) {
    const want = Math.min(groupSize, size.memberships - g * groupSize, producers.length);
    const chosen = new Set<string>();
    while (chosen.size < want) chosen.add(pick(r, producers));
    for (const m of chosen) members.push([group.id, m, r() < 0.1]);
    memberships += chosen.size;
  }
  const users = Array.from({ length: 50 }, (_, u) => ({ id: randomUUID(), name: `bench-analyst-${u}` }));

  const ranges = orgs.map((o, i) => [o.id, 'range', benchRange(i)] as CopyValue[]);
  const services: CopyValue[][] = [];
  for (let i = 0; i < orgs.length; i += 10) {
    const base = benchRange(i).split('/')[0] as string;
    const host = base.replace(/\d+$/, (d) => String(Number(d) + 5));
    services.push([orgs[i]?.id, 'bench', host, 3389, 'tcp', 'rdp', 'high', new Date(), new Date()]);
  }

  const base = Date.UTC(2026, 0, 1);
  await db.transaction().execute(async (trx) => {
    const t = trx as unknown as Kysely<DB>;
    await copyInto(
      t,
      'sharing_groups',
      ['id', 'name', 'owner_org_id', 'created_by'],
      groups.map((g) => [g.id, g.name, pick(r, owners.length > 0 ? owners : producers), 'bench']),
    );
    await copyInto(t, 'sharing_group_members', ['group_id', 'org_id', 'subtree'], members);
    await copyInto(
      t,
      'users',
      ['id', 'username', 'display_name'],
      users.map((u) => [u.id, u.name, u.name]),
    );
    await copyInto(t, 'org_addresses', ['org_id', 'kind', 'range'], ranges);
    await copyInto(
      t,
      'external_services',
      ['org_id', 'source', 'address', 'port', 'protocol', 'kind', 'severity', 'first_seen', 'last_seen'],
      services,
    );
    const rows: CopyValue[][] = [];
    const markedOrgs: CopyValue[][] = [];
    const markedGroups: CopyValue[][] = [];
    const markedPeople: CopyValue[][] = [];
    const flush = async () => {
      await copyInto(
        t,
        'indicators',
        [
          'id',
          'stix_id',
          'producer_org_id',
          'producer_entity_id',
          'type',
          'value',
          'tlp',
          'confidence',
          'source',
          'created_by',
          'created_at',
          'modified_at',
        ],
        rows.splice(0),
      );
      await copyInto(t, 'marked_orgs', ['object_id', 'org_id', 'subtree'], markedOrgs.splice(0));
      await copyInto(t, 'marked_groups', ['object_id', 'group_id'], markedGroups.splice(0));
      await copyInto(t, 'marked_people', ['object_id', 'user_id'], markedPeople.splice(0));
    };
    for (let n = 0; n < size.indicators; n++) {
      const id = randomUUID();
      const producer = pick(r, producers);
      const tlp = marking(r());
      const { type, value } = benchValue(n);
      const at = new Date(base + n * 1000);
      rows.push([
        id,
        `indicator--${id}`,
        producer,
        entity(producer),
        type,
        value,
        tlp,
        50,
        'bench',
        'bench',
        at,
        at,
      ]);
      if (tlp === 'AMBER') {
        if (r() < 0.5) markedGroups.push([id, pick(r, groups).id]);
        else {
          const named = new Set([pick(r, producers), pick(r, producers)]);
          for (const o of named) markedOrgs.push([id, o, r() < 0.2]);
        }
      } else if (tlp === 'RED') markedPeople.push([id, pick(r, users).id]);
      if (rows.length >= 20_000) await flush();
    }
    await flush();
  });
  await sql`ANALYZE`.execute(db);
  return {
    indicators: size.indicators,
    groups: groups.length,
    memberships,
    ranges: ranges.length,
    services: services.length,
    sampleValues: Array.from({ length: 50 }, () => benchValue(Math.floor(r() * size.indicators))),
    sampleRanges: Array.from({ length: 50 }, () => benchRange(Math.floor(r() * orgs.length))),
  };
}
