import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../../bench/shared-data.js';
import { INTEL_SNAPSHOT_DIR } from '../../services/intel/intel-snapshot.service.js';
import { FeedFormatError } from '../feed-format.error.js';
import { GzipError } from '../source-bytes.js';
import { type EpssParseItem, parseEpss, parseEpssMeta } from './parse-epss.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = path.join(repoRoot, 'test/fixtures/feeds/epss');
const epssFile = path.join(SHARED_DATA, 'epss/epss_scores-2026-08-16.csv.gz');

async function collect(source: Parameters<typeof parseEpss>[0]): Promise<EpssParseItem[]> {
  const items: EpssParseItem[] = [];
  for await (const item of parseEpss(source)) items.push(item);
  return items;
}

describe('parseEpssMeta', () => {
  it('reads the model version and the score date (which contains colons)', () => {
    expect(parseEpssMeta('#model_version:v2025.03.14,score_date:2025-03-15T00:00:00+0000')).toEqual({
      modelVersion: 'v2025.03.14',
      scoreDate: '2025-03-15T00:00:00+0000',
    });
    expect(parseEpssMeta('#score_date:2022-01-01T00:00:00+0000')).toEqual({
      modelVersion: null,
      scoreDate: '2022-01-01T00:00:00+0000',
    });
  });
});

describe('parseEpss on hand-written fixtures', () => {
  it('yields meta first, then rows, reports bad lines by line number and reason, and ends with counts', async () => {
    const items = await collect(path.join(fixtures, 'bad-lines.csv'));
    expect(items).toEqual([
      { kind: 'meta', meta: { modelVersion: 'v2099.01.01', scoreDate: '2099-01-02T00:00:00+0000' } },
      { kind: 'row', line: 3, row: { cve: 'CVE-2099-0001', epss: 0.97, percentile: 0.999 } },
      {
        kind: 'invalid',
        line: 4,
        reason: 'bad epss "1.5": expected a number from 0 to 1',
        text: 'CVE-2099-0002,1.5,0.5',
      },
      { kind: 'invalid', line: 5, reason: 'expected 3 fields, found 2', text: 'CVE-2099-0003,0.1' },
      { kind: 'invalid', line: 6, reason: 'bad CVE id "not-a-cve"', text: 'not-a-cve,0.1,0.2' },
      {
        kind: 'invalid',
        line: 7,
        reason: 'bad percentile "abc": expected a number from 0 to 1',
        text: 'CVE-2099-0005,0.00042,abc',
      },
      { kind: 'row', line: 9, row: { cve: 'CVE-2099-0006', epss: 0.000042, percentile: 0.01 } },
      { kind: 'end', rows: 2, invalid: 4 },
    ]);
  });

  it('reads a file without the # line, with columns in another order', async () => {
    const items = await collect(path.join(fixtures, 'no-meta-reordered.csv'));
    expect(items).toEqual([
      { kind: 'meta', meta: { modelVersion: null, scoreDate: null } },
      { kind: 'invalid', line: 2, reason: 'expected 3 fields, found 1', text: 'CVE-2099-0001' },
      { kind: 'row', line: 3, row: { cve: 'CVE-2099-0001', epss: 0.25, percentile: 0.5 } },
      { kind: 'end', rows: 1, invalid: 1 },
    ]);
  });

  it('gives the same items whatever the chunking (lines and UTF-8 split across chunks)', async () => {
    const bytes = readFileSync(path.join(fixtures, 'bad-lines.csv'));
    const whole = await collect(bytes);
    async function* bytewise(): AsyncGenerator<Uint8Array> {
      for (const b of bytes) yield Uint8Array.of(b);
    }
    expect(await collect(bytewise())).toEqual(whole);
    expect(await collect(gzipSync(bytes))).toEqual(whole);
  });

  it('fails without a header line, or with a truncated gzip', async () => {
    await expect(collect(Buffer.from('#model_version:x\n'))).rejects.toThrow(FeedFormatError);
    await expect(collect(Buffer.from('cve,score\nCVE-2099-0001,0.1\n'))).rejects.toThrow(
      'expected the header "cve,epss,percentile", found "cve,score"',
    );
    const gz = gzipSync(readFileSync(path.join(fixtures, 'bad-lines.csv')));
    await expect(collect(gz.subarray(0, gz.length - 4))).rejects.toThrow(GzipError);
  });
});

/**
 * Reads a whole real EPSS file: its metadata, row count, distinct CVEs, end item, CVE-2017-0144's row,
 * and whether rows are in numeric CVE order.
 */
async function readWhole(file: string) {
  let meta: unknown = null;
  let end: unknown = null;
  let count = 0;
  const cves = new Set<string>();
  let eternalBlue: unknown = null;
  let previous: [number, number] = [0, 0];
  let ordered = true;
  for await (const item of parseEpss(file)) {
    if (item.kind === 'row') {
      count++;
      cves.add(item.row.cve);
      if (item.row.cve === 'CVE-2017-0144') eternalBlue = item;
      const [, year, seq] = item.row.cve.split('-').map(Number) as [number, number, number];
      if (year < previous[0] || (year === previous[0] && seq <= previous[1])) ordered = false;
      previous = [year, seq];
    } else if (item.kind === 'meta') meta = item.meta;
    else if (item.kind === 'end') end = item;
    else throw new Error(`unexpected bad line ${item.line}: ${item.reason}`);
  }
  return { meta, count, distinct: cves.size, end, eternalBlue, ordered };
}

describe('parseEpss on the intel snapshot shipped with Ward (2,075 real scores)', () => {
  it('reads every row, with the metadata and CVE-2017-0144', async () => {
    const r = await readWhole(path.join(INTEL_SNAPSHOT_DIR, 'epss/epss_scores-snapshot-2026-08-16.csv.gz'));
    expect(r.meta).toEqual({ modelVersion: 'unknown', scoreDate: '2026-08-16T00:00:00+0000' });
    expect(r.count).toBe(2075);
    expect(r.distinct).toBe(2075);
    expect(r.end).toEqual({ kind: 'end', rows: 2075, invalid: 0 });
    // The same score as in the whole file below: the snapshot keeps rows as they were.
    expect(r.eternalBlue).toMatchObject({ row: { cve: 'CVE-2017-0144', epss: 0.9923, percentile: 0.99932 } });
  });
});

// The whole file (volume) is not in the snapshot: this runs where the shared public data is present.
describe.skipIf(!existsSync(epssFile))(
  existsSync(epssFile)
    ? 'parseEpss on ../shared/data/epss (360,142 real scores)'
    : `parseEpss on all 360,142 real scores [SKIPPED: ${epssFile} not found]`,
  () => {
    it('reads every row, with the metadata and CVE-2017-0144', async () => {
      const r = await readWhole(epssFile);
      expect(r.meta).toEqual({ modelVersion: 'unknown', scoreDate: '2026-08-16T00:00:00+0000' });
      expect(r.count).toBe(360_142);
      expect(r.end).toEqual({ kind: 'end', rows: 360_142, invalid: 0 });
      expect(r.eternalBlue).toMatchObject({
        row: { cve: 'CVE-2017-0144', epss: 0.9923, percentile: 0.99932 },
      });
      // Sorted by (year, number), numerically — CVE-2002-2446 before CVE-2002-20001 — so no duplicates.
      expect(r.ordered).toBe(true);
    });
  },
);
