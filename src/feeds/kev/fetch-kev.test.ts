import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalServer, send, startLocalServer } from '../../../test/fixtures/feeds/local-http-server.js';
import { fetchKev, KEV_PATH } from './fetch-kev.js';
import { parseKev } from './parse-kev.js';

const fixtures = fileURLToPath(new URL('../../../test/fixtures/feeds/', import.meta.url));

const noWait = { sleep: async () => undefined, random: () => 1 };

let server: LocalServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('fetchKev against a local server', () => {
  it('downloads the KEV catalog from the CISA path under the base URL, ready for parseKev', async () => {
    const catalog = readFileSync(`${fixtures}kev/extra-fields.json`);
    server = await startLocalServer((req, res) => {
      if (req.url === KEV_PATH)
        send(res, 200, catalog, { etag: '"v1"', 'last-modified': 'Thu, 01 Jan 2099 00:00:00 GMT' });
      else send(res, 404, 'Not Found');
    });
    const download = await fetchKev({ baseUrl: `${server.origin}/`, http: noWait });
    expect(download).toMatchObject({
      url: `${server.origin}/sites/default/files/feeds/known_exploited_vulnerabilities.json`,
      status: 200,
      etag: '"v1"',
      lastModified: 'Thu, 01 Jan 2099 00:00:00 GMT',
      size: catalog.length,
      attempts: 1,
    });
    const parsed = await parseKev(download.body);
    expect(parsed.vulnerabilities.map((v) => v.cveID)).toEqual(['CVE-2099-0001', 'CVE-2099-12345']);
  });
});
