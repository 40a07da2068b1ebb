import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  dropMidBody,
  type LocalServer,
  send,
  startLocalServer,
} from '../../../test/fixtures/feeds/local-http-server.js';
import { FetchFailedError } from '../http/fetch-with-retry.js';
import { fetchEpss } from './fetch-epss.js';
import { parseEpss } from './parse-epss.js';

const noWait = { sleep: async () => undefined, random: () => 1 };

let server: LocalServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('fetchEpss against a local server', () => {
  it('downloads the current EPSS .csv.gz, retrying a drop mid-body, ready for parseEpss', async () => {
    const gz = gzipSync(
      '#model_version:v2099.01.01,score_date:2099-01-02T00:00:00+0000\ncve,epss,percentile\nCVE-2099-0001,0.5,0.9\n',
    );
    server = await startLocalServer((req, res, n) => {
      if (req.url !== '/epss_scores-current.csv.gz') send(res, 404, 'Not Found');
      else if (n === 1) dropMidBody(res, gz, 20);
      else send(res, 200, gz, { 'content-type': 'application/gzip' });
    });
    const download = await fetchEpss({ baseUrl: server.origin, http: noWait });
    expect(download.attempts).toBe(2);
    const items = [];
    for await (const item of parseEpss(download.body)) items.push(item);
    expect(items).toEqual([
      { kind: 'meta', meta: { modelVersion: 'v2099.01.01', scoreDate: '2099-01-02T00:00:00+0000' } },
      { kind: 'row', line: 3, row: { cve: 'CVE-2099-0001', epss: 0.5, percentile: 0.9 } },
      { kind: 'end', rows: 1, invalid: 0 },
    ]);
  });

  it('asks for a dated EPSS file, and reports a missing one without retrying', async () => {
    server = await startLocalServer((_req, res) => send(res, 404, 'Not Found'));
    const error = await fetchEpss({ baseUrl: server.origin, date: '2099-01-02', http: noWait }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FetchFailedError);
    expect((error as Error).message).toBe(
      `GET ${server.origin}/epss_scores-2099-01-02.csv.gz failed after 1 attempt: HTTP 404 Not Found (not retried)`,
    );
    expect(() => fetchEpss({ date: '02/01/2099' })).toThrow(RangeError);
  });
});
