import { describe, expect, it } from 'vitest';
import { INVENTORY_CSV_COLUMNS, parseInventoryCsv } from './parse-inventory-csv.js';

const WIN7 = 'cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*';
const FULL = INVENTORY_CSV_COLUMNS.join(',');
const ROW = `PC-1,pc-1,workstation,Dell,OptiPlex,Windows 7,10.0.0.1,corporate,false,none,microsoft,windows_7,-,${WIN7},`;

describe('inventory CSV header', () => {
  it('reads the documented header, and one without trailing or other optional columns', async () => {
    for (const csv of [
      `${FULL}\n${ROW}\n`,
      `${INVENTORY_CSV_COLUMNS.slice(0, -1).join(',')}\n${ROW.slice(0, -1)}\n`,
      `cpe,asset_type,ASSET_ID\n${WIN7},workstation,PC-1\n`,
    ]) {
      const parsed = await parseInventoryCsv('pcs.csv', [csv]);
      expect(parsed.problems, csv).toEqual([]);
      expect(parsed.assets.map((a) => [a.assetKey, a.components.map((c) => c.cpe)])).toEqual([
        ['PC-1', [WIN7]],
      ]);
    }
  });

  it('refuses a column it does not know, naming it, rather than dropping its data', async () => {
    const parsed = await parseInventoryCsv('pcs.csv', [`${FULL},host_name,owner\n${ROW},x,y\n`]);
    expect(parsed.problems).toEqual([
      { file: 'pcs.csv', line: 1, reason: `unknown columns "host_name", "owner" (expected header: ${FULL})` },
    ]);
    expect(parsed.assets).toEqual([]);
  });

  it('refuses a column named twice and a missing required column', async () => {
    const twice = await parseInventoryCsv('pcs.csv', [
      `asset_id,asset_type,cpe,cpe\nPC-1,workstation,${WIN7},${WIN7}\n`,
    ]);
    expect(twice.problems[0]?.reason).toMatch(/^column cpe appears more than once/);
    const missing = await parseInventoryCsv('pcs.csv', [`asset_id,cpe\nPC-1,${WIN7}\n`]);
    expect(missing.problems[0]?.reason).toMatch(/^missing column asset_type/);
    const nothing = await parseInventoryCsv('pcs.csv', [
      'asset_id,asset_type,hostname\nPC-1,workstation,pc\n',
    ]);
    expect(nothing.problems[0]?.reason).toMatch(/^missing column cpe, purl or product/);
  });

  it('names the line, column and character of text a database cannot store', async () => {
    const parsed = await parseInventoryCsv('pcs.csv', [
      `${FULL}\n${ROW.replace('OptiPlex', 'Opti\u0000Plex')}\n`,
    ]);
    expect(parsed.problems).toEqual([
      { file: 'pcs.csv', line: 2, reason: 'model: contains a NUL character (U+0000) at character 5' },
    ]);
  });
});
