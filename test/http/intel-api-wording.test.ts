/**
 * Intel and product identity over the API: loading intel is refused to anyone but a national role
 * before anything is stored, and what the services report (a file not loaded, a CVE Ward knows
 * nothing of, a rejection without a reason) reaches API callers in their own terms — fields, not
 * command-line flags or commands.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { type ApiWorld, buildApiWorld } from '../factories/api-world.factory.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import type { TestUser } from '../factories/identity.factory.js';
import { multipart } from '../factories/multipart.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const FEEDS = fileURLToPath(new URL('../fixtures/feeds/', import.meta.url));
const INTEL = fileURLToPath(new URL('../../fixtures/intel/', import.meta.url));
const INTEL_TABLES = ['vulnerabilities', 'kev_entries', 'epss_scores', 'advisories', 'audit_log'];
const CLI_WORDS = /\bward |--[a-z]/;

describeEachEngine('intel and identity over the API', (db) => {
  let w: ApiWorld;
  beforeAll(async () => {
    w = await buildApiWorld(db());
  }, 120_000);

  const upload = (user: TestUser, files: { name: string; content: Buffer }[]) => {
    const form = multipart({}, files);
    return w.app.inject({
      method: 'POST',
      url: '/api/v1/intel/imports',
      headers: { authorization: `Bearer ${w.users[user].token}`, ...form.headers },
      payload: form.payload,
    });
  };

  it('refuses an intel upload below the national level and stores nothing', async () => {
    const before = await snapshotTables(db(), INTEL_TABLES);
    const res = await upload('london_admin', [
      { name: 'kev-demo.json', content: readFileSync(`${INTEL}kev-demo.json`) },
    ]);
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().detail).toMatch(/may not load intel/);
    expect(await snapshotTables(db(), INTEL_TABLES)).toEqual(before);
  });

  it('says why a file was not loaded, in words for an API caller', async () => {
    const res = await upload('nat_admin', [
      { name: 'provider-metadata.json', content: readFileSync(`${FEEDS}csaf/provider-metadata.json`) },
      { name: 'notes.txt', content: Buffer.from('not a feed\n') },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.ok).toBe(false);
    expect(body.files.map((f: { format: string }) => f.format)).toEqual(['csaf-provider', 'unknown']);
    const [provider, notes] = body.files as { skipped: string; records: number }[];
    expect(provider?.skipped).toMatch(
      /csaf-provider document lists advisories to fetch.*syncs it from its URL/,
    );
    expect(notes?.skipped).toBe('not a feed format Ward knows');
    for (const f of body.files) expect(f.skipped).not.toMatch(CLI_WORDS);
  });

  it('answers 404 for a CVE Ward holds nothing on, without naming a command', async () => {
    const res = await w.app.inject({
      method: 'GET',
      url: '/api/v1/vulnerabilities/CVE-2099-99999',
      headers: { authorization: `Bearer ${w.users.rj7_viewer.token}` },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toBe(
      'no intel on CVE-2099-99999: no NVD, KEV, EPSS or CSAF record Ward holds names it',
    );
  });

  it('names the field, not a flag, when a rejection has no reason', async () => {
    const res = await w.app.inject({
      method: 'POST',
      url: '/api/v1/identity/proposals/1/reject',
      headers: { authorization: `Bearer ${w.users.nat_analyst.token}` },
      payload: { reason: '   ' },
    });
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json();
    expect(body.detail).toBe('reason: a reason is required to reject a product alias');
    expect(body.problems).toEqual([
      expect.objectContaining({ field: 'reason', reason: 'a reason is required to reject a product alias' }),
    ]);
    expect(body.detail).not.toMatch(CLI_WORDS);
  });

  it('lists proposals under an organisation only when the caller can see it', async () => {
    const hidden = await w.app.inject({
      method: 'GET',
      url: '/api/v1/identity/proposals?org=RAL',
      headers: { authorization: `Bearer ${w.users.rj7_viewer.token}` },
    });
    expect(hidden.statusCode).toBe(404);
    const own = await w.app.inject({
      method: 'GET',
      url: '/api/v1/identity/proposals?org=RJ7',
      headers: { authorization: `Bearer ${w.users.rj7_viewer.token}` },
    });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toEqual({ items: expect.any(Array), nextCursor: null });
  });
});
