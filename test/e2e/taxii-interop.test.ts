/**
 * Interoperability, proven with the standards body's own client: `ward serve` runs for real, and the
 * OASIS taxii2-client (Python) reads it — discovery, the API root, every collection, objects and
 * manifest through its `as_pages` pagination, one object, its versions, filters — as a trust, a
 * sibling trust and the national centre, and the trust adds objects and polls their status. The client fails the test when it rejects any answer of
 * Ward's; what each caller gets must be exactly what the TLP rule (`maySee`) allows.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { valuesOfPattern } from '../../src/domain/sharing/stix-pattern.js';
import { FEDERATION_COLLECTION } from '../../src/services/sharing/taxii.service.js';
import type { TestUser } from '../factories/identity.factory.js';
import { buildTaxiiWorld, expectedValues, type TaxiiWorld } from '../factories/taxii.factory.js';
import { createPostgresDatabase } from '../setup/engines.js';
import { runWithTaxiiClient, taxiiClientMissing } from '../setup/taxii2-client.js';
import { startWardServer, type WardServer } from '../setup/ward-server.js';

const SCRIPT = fileURLToPath(new URL('./taxii2client-run.py', import.meta.url));
const CALLERS: TestUser[] = ['rj7_responder', 'ral_responder', 'nat_analyst'];
const missing = taxiiClientMissing();
/** What the trust posts with the client: an identity and a GREEN indicator it created. */
const ADDED = {
  objects: [
    {
      type: 'identity',
      spec_version: '2.1',
      id: 'identity--5a3f0c2e-1b4d-4e6f-8a9b-0c1d2e3f4a5b',
      created: '2026-03-01T09:00:00.000Z',
      modified: '2026-03-01T09:00:00.000Z',
      name: 'Partner CERT',
      identity_class: 'organization',
    },
    {
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--6b4a1d3f-2c5e-4f70-9bac-1d2e3f4a5b6c',
      created_by_ref: 'identity--5a3f0c2e-1b4d-4e6f-8a9b-0c1d2e3f4a5b',
      created: '2026-03-01T09:00:00.000Z',
      modified: '2026-03-01T09:00:00.000Z',
      pattern: "[domain-name:value = 'pushed-by-client.example']",
      pattern_type: 'stix',
      valid_from: '2026-03-01T09:00:00.000Z',
      object_marking_refs: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'],
    },
  ],
};

interface ClientCollection {
  id: string;
  title: string;
  can_write: boolean;
  objects: { id: string; pattern: string; modified: string; object_marking_refs: string[] }[];
  object_pages: number;
  manifest: { id: string; version: string; date_added: string; media_type: string }[];
  one?: { id: string }[];
  versions?: string[];
  filtered?: { id: string }[];
}
interface ClientRun {
  title: string;
  api_roots: string[];
  default: string;
  root: { versions: string[]; max_content_length: number };
  collections: ClientCollection[];
  added?: {
    status: string;
    total_count: number;
    success_count: number;
    failure_count: number;
    successes: { id: string }[];
    status_again: string;
  };
}

describe.skipIf(missing !== null)('the OASIS taxii2-client against ward serve', () => {
  let server: WardServer;
  let world: TaxiiWorld;
  let drop: () => Promise<void>;
  let runs: Record<string, ClientRun>;
  beforeAll(async () => {
    const created = await createPostgresDatabase();
    drop = created.drop;
    const database = await openDatabase({ databaseUrl: created.url });
    await migrateToLatest(database.db);
    world = await buildTaxiiWorld(database);
    await database.close();
    server = await startWardServer({ DATABASE_URL: created.url });
    const tokens = Object.fromEntries(CALLERS.map((u) => [`TOKEN_${u}`, world.users[u].token]));
    runs = JSON.parse(
      runWithTaxiiClient(SCRIPT, [server.url, ...CALLERS], {
        ...tokens,
        ADD_TO: 'rj7_responder',
        ADD_ENVELOPE: JSON.stringify(ADDED),
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await drop?.();
  });

  it('discovers the API root and reads its information', () => {
    for (const user of CALLERS) {
      const run = runs[user] as ClientRun;
      expect(run.default).toBe(`${server.url}/taxii2/ward/`);
      expect(run.api_roots).toEqual([`${server.url}/taxii2/ward/`]);
      expect(run.root.versions).toEqual(['application/taxii+json;version=2.1']);
    }
  });

  it('gives the trust, its sibling and the national centre exactly what the TLP rule allows', () => {
    for (const user of CALLERS) {
      const run = runs[user] as ClientRun;
      const seen = run.collections.flatMap((c) =>
        c.objects.map((o) => valuesOfPattern(o.pattern)?.[0]?.value),
      );
      expect([...new Set(seen)].sort(), user).toEqual(expectedValues(user));
      // The same collection, the federation's, is the same for all three.
      const fed = run.collections.find((c) => c.id === FEDERATION_COLLECTION);
      expect(fed?.objects.map((o) => valuesOfPattern(o.pattern)?.[0]?.value).sort()).toEqual([
        'clear-rj7.example',
        'green-ral.example',
        'green-rj7.example',
      ]);
    }
  });

  it('pages objects and the manifest with more/next, and serves one object, its versions and filters', () => {
    const own = runs.rj7_responder?.collections.find(
      (c) => c.title === 'RJ7: own indicators',
    ) as ClientCollection;
    expect(own.can_write).toBe(true);
    expect(own.objects.length).toBe(7);
    expect(own.object_pages).toBe(4);
    expect(new Set(own.objects.map((o) => o.id)).size).toBe(7);
    expect(own.manifest.map((m) => m.id)).toEqual(own.objects.map((o) => o.id));
    expect(own.manifest.map((m) => m.version)).toEqual(own.objects.map((o) => o.modified));
    expect(own.one?.map((o) => o.id)).toEqual([own.objects[0]?.id]);
    expect(own.versions).toEqual([own.objects[0]?.modified]);
    expect(own.filtered?.map((o) => o.id)).toEqual([own.objects[0]?.id]);
    expect(world.stixIds.get('strict-site.example')).toBe(
      own.objects.find((o) => valuesOfPattern(o.pattern)?.[0]?.value === 'strict-site.example')?.id,
    );
  });

  it('adds objects with the client and reads their status back', () => {
    const added = runs.rj7_responder?.added;
    expect(added).toMatchObject({
      status: 'complete',
      total_count: 2,
      success_count: 2,
      failure_count: 0,
      status_again: 'complete',
    });
    expect(added?.successes.map((s) => s.id)).toEqual(ADDED.objects.map((o) => o.id));
  });
});
