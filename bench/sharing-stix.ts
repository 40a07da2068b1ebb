/**
 * The STIX measure of the sharing benchmark (bench/sharing.bench.ts): a generated STIX 2.1 bundle of N indicators (IPv4 addresses, domains, URLs and SHA-256 hashes,
 * under TLP:GREEN and TLP:AMBER, one producing identity) imported as `ward stix import` does —
 * from the JSON text, every pattern checked against the grammar, all or nothing — into an
 * organisation. The issue's target on PostgreSQL is ≥ 5,000 indicators/s for 500,000.
 */
import type { Database } from '../src/db/connect.js';
import { SYSTEM_ACTOR } from '../src/domain/access/actor.js';
import { uuidv5 } from '../src/domain/sharing/stix/uuid5.js';
import { TLP_MARKING_ID } from '../src/domain/sharing/tlp.js';
import { importStixBundle } from '../src/services/sharing/stix-import.service.js';
import { timed } from './harness.js';

const NS = '3d0f5a5e-8f1b-4b8e-9c55-2a7e4f1d6b90';
const PRODUCER = 'identity--0f0a3c4e-5b6d-4e7f-8a9b-1c2d3e4f5a6b';

/** The JSON text of a STIX 2.1 bundle of `n` distinct indicators (deterministic for a seed). */
export function stixBenchBundle(n: number, seed = 1): string {
  const created = '2026-11-01T00:00:00.000Z';
  const parts: string[] = [
    JSON.stringify({
      type: 'identity',
      spec_version: '2.1',
      id: PRODUCER,
      created,
      modified: created,
      name: 'Partner CERT',
      identity_class: 'organization',
    }),
  ];
  for (let i = 0; i < n; i++) {
    const k = i % 4;
    const pattern =
      k === 0
        ? `[ipv4-addr:value = '${10 + ((i >>> 24) & 0x7f)}.${(i >>> 16) & 0xff}.${(i >>> 8) & 0xff}.${i & 0xff}']`
        : k === 1
          ? `[domain-name:value = 'host-${i}-${seed}.bench.example']`
          : k === 2
            ? `[url:value = 'https://bench.example/${seed}/${i}/login']`
            : `[file:hashes.'SHA-256' = '${uuidv5(`${seed}|${i}`, NS).replace(/-/g, '').padEnd(64, '0')}']`;
    parts.push(
      JSON.stringify({
        type: 'indicator',
        spec_version: '2.1',
        id: `indicator--${uuidv5(`${seed}|${i}`, NS)}`,
        created_by_ref: PRODUCER,
        created,
        modified: created,
        pattern,
        pattern_type: 'stix',
        valid_from: created,
        confidence: 70,
        object_marking_refs: [i % 3 === 0 ? TLP_MARKING_ID.AMBER : TLP_MARKING_ID.GREEN],
      }),
    );
  }
  return `{"type":"bundle","id":"bundle--${uuidv5(`bundle|${seed}|${n}`, NS)}","objects":[${parts.join(',')}]}`;
}

/** Imports the bundle for `producerCode` and reports how long it took and how many were written. */
export async function measureStixImport(
  database: Database,
  producerCode: string,
  bundle: string,
  source = 'stix:bench.json',
): Promise<{ seconds: number; created: number; updated: number }> {
  const [result, seconds] = await timed(() =>
    importStixBundle(database, SYSTEM_ACTOR, bundle, { source, producerCode, file: 'bench.json' }),
  );
  return { seconds, ...result.indicators };
}
