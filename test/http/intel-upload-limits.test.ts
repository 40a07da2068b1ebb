/**
 * Compressed intel uploads: a decompression bomb is refused with 413 before it is read through,
 * nothing of it stored; and a large import leaves the server answering other requests meanwhile.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { TooLargeError } from '../../src/errors.js';
import { buildApp } from '../../src/http/app.js';
import { makeSignInLimiter } from '../../src/http/plugins/sign-in-limiter.js';
import { loadIntelFile } from '../../src/services/intel/intel-files.service.js';
import { type ApiWorld, buildApiWorld } from '../factories/api-world.factory.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { multipart } from '../factories/multipart.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const INTEL_TABLES = ['vulnerabilities', 'kev_entries', 'epss_scores', 'audit_log'];

describeEachEngine('compressed intel uploads', (db) => {
  let w: ApiWorld;
  let app: FastifyInstance;
  beforeAll(async () => {
    w = await buildApiWorld(db());
    // Room for real files: the shared world's uploads are limited to 64 KB.
    app = await buildApp({
      database: db(),
      oidc: null,
      web: false,
      uploadLimitBytes: 16 << 20,
      limiter: makeSignInLimiter(1000),
    });
  }, 120_000);

  const upload = (name: string, content: Buffer) => {
    const form = multipart({}, [{ name, content }]);
    return app.inject({
      method: 'POST',
      url: '/api/v1/intel/imports',
      headers: { authorization: `Bearer ${w.users.nat_admin.token}`, ...form.headers },
      payload: form.payload,
    });
  };

  it('refuses a gzip bomb with 413 and stores nothing', async () => {
    // 64 KB of gzip that unpacks to 64 MB of an NVD page's whitespace.
    const bomb = gzipSync(
      Buffer.concat([
        Buffer.from('{"format":"NVD_CVE","vulnerabilities":['),
        Buffer.alloc(64 << 20, 0x20),
        Buffer.from(']}'),
      ]),
    );
    expect(bomb.length).toBeLessThan(200 * 1024);
    const before = await snapshotTables(db(), INTEL_TABLES);
    const res = await upload('nvd-bomb.json.gz', bomb);
    expect(res.statusCode, res.body).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().detail).toMatch(/^nvd-bomb\.json\.gz: gzip unpacks to more than 100 times its size/);
    expect(await snapshotTables(db(), INTEL_TABLES)).toEqual(before);
  });

  it('stops a load from a file (ward intel load) at the same limit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ward-bomb-'));
    try {
      const file = join(dir, 'kev-bomb.json.gz');
      await writeFile(
        file,
        gzipSync(
          Buffer.concat([
            Buffer.from('{"catalogVersion":"1","vulnerabilities":['),
            Buffer.alloc(64 << 20, 0x20),
          ]),
        ),
      );
      const before = await snapshotTables(db(), INTEL_TABLES);
      await expect(loadIntelFile(db(), file)).rejects.toThrow(TooLargeError);
      expect(await snapshotTables(db(), INTEL_TABLES)).toEqual(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps answering other requests while a large import runs', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `CVE-2021-${10000 + i},0.0${(i % 89) + 10},0.5`);
    const csv = `#model_version:v2023.03.01,score_date:2026-11-01T00:00:00+0000\ncve,epss,percentile\n${rows.join('\n')}\n`;
    let finished = false;
    const load = upload('epss.csv.gz', gzipSync(csv)).then((res) => {
      finished = true;
      return res;
    });
    let answeredDuring = 0;
    while (!finished) {
      const health = await app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(200);
      if (!finished) answeredDuring++;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const res = await load;
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().files[0]).toMatchObject({ format: 'epss', records: 20_000, issues: [] });
    expect(answeredDuring).toBeGreaterThanOrEqual(3);
  });
});
