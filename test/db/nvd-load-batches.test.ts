/**
 * The NVD loader stores one batch while it parses the next: batches still commit one after
 * another in file order, and a document broken part-way keeps the batches before the break and
 * reports where it broke.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { JsonSyntaxError } from '../../src/feeds/json/json-syntax.error.js';
import { loadNvd } from '../../src/services/intel/intel-load.service.js';
import { describeEachEngine } from '../setup/engines.js';

const INTEL = fileURLToPath(new URL('../../fixtures/intel/', import.meta.url));
const page = JSON.parse(readFileSync(`${INTEL}nvd-demo.json`, 'utf8')) as {
  vulnerabilities: { cve: { id: string } }[];
};
const ids = page.vulnerabilities.map((v) => v.cve.id);

describeEachEngine('NVD load in batches', (db) => {
  const stored = async () =>
    (
      await sql<{ cve_id: string }>`SELECT cve_id FROM vulnerabilities ORDER BY cve_id`.execute(db().db)
    ).rows.map((r) => r.cve_id);

  it('keeps the batches before a break in the document, and says where it broke', async () => {
    const text = JSON.stringify(page);
    // Cut inside the fifth record: batches of two store the first four, the fifth never parses.
    const cut = text.indexOf(`"${ids[4]}"`) + 5;
    const progress: number[] = [];
    const error = await loadNvd(db(), Buffer.from(`${text.slice(0, cut)}}}]}`), {
      name: 'broken.json',
      batchSize: 2,
      onProgress: (p) => progress.push(p.records),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect((error as Error).message).toContain('broken.json');
    expect(await stored()).toEqual([...ids.slice(0, 4)].sort());
    expect(progress).toEqual([2, 4]);
  });

  it('loads the whole document, every batch, in order', async () => {
    const progress: number[] = [];
    const result = await loadNvd(db(), Buffer.from(JSON.stringify(page)), {
      name: 'whole.json',
      batchSize: 2,
      onProgress: (p) => progress.push(p.records),
    });
    expect(result.changedCves).toEqual(ids.slice(4));
    expect(progress).toEqual([2, 4, 6]);
    expect(await stored()).toEqual([...ids].sort());
  });
});
