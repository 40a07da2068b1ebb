import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FeedFormatError } from '../feed-format.error.js';
import { JsonSyntaxError } from '../json/json-syntax.error.js';
import { GzipError } from '../source-bytes.js';
import type { NvdCveRecord, NvdParseItem } from './nvd.types.js';
import { parseNvd } from './parse-nvd.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = path.join(repoRoot, 'test/fixtures/feeds/nvd');
// The NVD pages shipped in the intel snapshot (byte-identical copies of the shared sample).
const nvdData = path.join(repoRoot, 'data/intel/nvd');
const hasData = existsSync(path.join(nvdData, 'kev-cves.json.gz'));

async function collect(source: Parameters<typeof parseNvd>[0]): Promise<NvdParseItem[]> {
  const items: NvdParseItem[] = [];
  for await (const item of parseNvd(source)) items.push(item);
  return items;
}

function records(items: NvdParseItem[]): Map<string, NvdCveRecord> {
  return new Map(items.flatMap((i) => (i.kind === 'record' ? [[i.record.id, i.record] as const] : [])));
}

describe('parseNvd on hand-written fixtures', () => {
  it('maps a record: English description, ranked CVSS, CWE ids, configurations, references, KEV fields', async () => {
    const items = await collect(path.join(fixtures, 'page-valid.json'));
    expect(items.map((i) => i.kind)).toEqual(['record', 'record', 'end']);
    const first = records(items).get('CVE-2099-0001')!;
    expect(first.description).toBe(
      'Synthetic test record with a quoted "word", a backslash \\ and a brace } in text.',
    );
    // v4.0 ranks first even though it is only Secondary; within v3.1 the Primary comes first.
    expect(first.cvss).toEqual({
      version: '4.0',
      type: 'Secondary',
      source: 'psirt@example.org',
      score: 9.3,
      severity: 'CRITICAL',
      vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
    });
    expect(first.metrics.map((m) => `${m.version}/${m.type}/${m.score}`)).toEqual([
      '4.0/Secondary/9.3',
      '3.1/Primary/9.8',
      '3.1/Secondary/9.4',
    ]);
    expect(first.cwes).toEqual(['CWE-787']);
    expect(first.references).toEqual(['https://example.org/advisory/1', 'https://example.org/patch']);
    expect(first.configurations).toEqual([
      {
        operator: 'AND',
        nodes: [
          {
            operator: 'OR',
            negate: false,
            cpeMatch: [
              {
                vulnerable: true,
                criteria: 'cpe:2.3:a:example:pump_firmware:*:*:*:*:*:*:*:*',
                versionStartIncluding: '2.0',
                versionEndExcluding: '2.4\\(1\\)',
                matchCriteriaId: '00000000-0000-4000-8000-000000000001',
              },
            ],
          },
          {
            operator: 'OR',
            negate: false,
            cpeMatch: [
              {
                vulnerable: false,
                criteria: 'cpe:2.3:h:example:infusion_pump:-:*:*:*:*:*:*:*',
                matchCriteriaId: '00000000-0000-4000-8000-000000000002',
              },
            ],
          },
        ],
      },
    ]);
    expect(first).toMatchObject({
      published: '2099-01-01T10:00:00.000',
      lastModified: '2099-01-02T11:00:00.000',
      vulnStatus: 'Analyzed',
      cisaExploitAdd: '2099-01-03',
      cisaActionDue: '2099-01-24',
      cisaRequiredAction: 'Apply updates per vendor instructions.',
      cisaVulnerabilityName: 'Example Pump Firmware Out-of-Bounds Write',
    });
    expect(first).not.toHaveProperty('affected');
  });

  it('takes the severity of CVSS v2 from beside cvssData, and leaves absent fields empty', async () => {
    const second = records(await collect(path.join(fixtures, 'page-valid.json'))).get('CVE-2099-10002')!;
    expect(second.cvss).toEqual({
      version: '2.0',
      type: 'Primary',
      source: 'nvd@nist.gov',
      score: 6.8,
      severity: 'MEDIUM',
      vector: 'AV:N/AC:M/Au:N/C:P/I:P/A:P',
    });
    expect(second).toMatchObject({ configurations: [], cwes: [], references: [], cisaExploitAdd: null });
  });

  it('ends with the top-level fields and the counts', async () => {
    const items = await collect(path.join(fixtures, 'page-valid.json'));
    expect(items.at(-1)).toEqual({
      kind: 'end',
      header: {
        resultsPerPage: 2,
        startIndex: 0,
        totalResults: 2,
        timestamp: '2099-01-02T03:04:05.678',
        format: 'NVD_CVE',
        version: '2.0',
      },
      records: 2,
      invalid: 0,
    });
  });

  it('reads gzip the same as plain', async () => {
    const plain = readFileSync(path.join(fixtures, 'page-valid.json'));
    expect(await collect(gzipSync(plain))).toEqual(await collect(plain));
  });

  it('reports records failing the schema by id (or index) with the zod reason, and carries on', async () => {
    const items = await collect(path.join(fixtures, 'schema-failing.json'));
    expect(items.map((i) => i.kind)).toEqual(['record', 'invalid', 'invalid', 'record', 'end']);
    expect(items[1]).toEqual({
      kind: 'invalid',
      index: 1,
      id: 'CVE-2099-0202',
      reason:
        'cve.published: Invalid input: expected string, received number; ' +
        'cve.configurations.0.nodes.0.cpeMatch.0.criteria: expected a CPE 2.3 formatted string',
    });
    expect(items[2]).toEqual({
      kind: 'invalid',
      index: 2,
      id: null,
      reason: 'cve.id: Invalid input: expected string, received undefined',
    });
    expect(items.at(-1)).toMatchObject({ kind: 'end', records: 2, invalid: 2 });
    expect(records(items).get('CVE-2099-0204')?.vulnStatus).toBe('Rejected');
  });

  it('fails invalid JSON with the byte offset where it broke', async () => {
    const file = path.join(fixtures, 'invalid-json.json.txt');
    const seen: string[] = [];
    const error = await (async () => {
      for await (const item of parseNvd(file)) if (item.kind === 'record') seen.push(item.record.id);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JsonSyntaxError);
    // Byte 426 is the `"` of "descriptions" after the missing comma; the line before holds
    // multi-byte characters (ï, é, —), so the character offset (422) differs from the byte offset.
    expect((error as JsonSyntaxError).byteOffset).toBe(426);
    expect(readFileSync(file).subarray(426, 440).toString()).toBe('"descriptions"');
    expect((error as Error).message).toMatch(
      /^invalid JSON in .*invalid-json\.json\.txt at byte 426: expected ','/,
    );
    expect(seen).toEqual(['CVE-2099-0101']);
  });

  it('fails a truncated gzip as such, and a truncated document at its end', async () => {
    await expect(collect(path.join(fixtures, 'truncated-page.json.gz'))).rejects.toThrow(GzipError);
    const plain = readFileSync(path.join(fixtures, 'page-valid.json'));
    const cut = plain.subarray(0, 2000);
    const error = await collect(cut).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect((error as JsonSyntaxError).byteOffset).toBe(2000);
  });

  it('fails an NVD error document that has no vulnerabilities', async () => {
    await expect(collect(Buffer.from('{"message":"Invalid apiKey"}'))).rejects.toThrow(FeedFormatError);
  });
});

describe.skipIf(!hasData)('parseNvd on real NVD API 2.0 records (intel snapshot)', () => {
  const kevFile = path.join(nvdData, 'kev-cves.json.gz');
  const y2017File = path.join(nvdData, 'CVE-2017.json.gz');

  it('reads all 230 KEV CVEs, in the same order as JSON.parse of the whole file', async () => {
    const items = await collect(kevFile);
    const whole = JSON.parse(gunzipSync(readFileSync(kevFile)).toString('utf8')) as {
      vulnerabilities: { cve: { id: string; configurations?: unknown } }[];
    };
    const ids = items.flatMap((i) => (i.kind === 'record' ? [i.record.id] : []));
    expect(ids).toHaveLength(230);
    expect(ids).toEqual(whole.vulnerabilities.map((v) => v.cve.id));
    expect(items.at(-1)).toMatchObject({
      kind: 'end',
      header: { totalResults: 230, resultsPerPage: 230, startIndex: 0, format: 'NVD_CVE', version: '2.0' },
      records: 230,
      invalid: 0,
    });
    // Configurations come through unchanged.
    const byId = records(items);
    for (const v of whole.vulnerabilities)
      expect(byId.get(v.cve.id)!.configurations).toEqual(v.cve.configurations ?? []);
  });

  it('matches the README: statuses, the 8 records without configurations, Log4Shell', async () => {
    const byId = records(await collect(kevFile));
    const statuses: Record<string, number> = {};
    for (const r of byId.values()) statuses[r.vulnStatus] = (statuses[r.vulnStatus] ?? 0) + 1;
    expect(statuses).toEqual({ Analyzed: 204, Modified: 9, Deferred: 9, 'Awaiting Analysis': 8 });
    const unconfigured = [...byId.values()].filter((r) => r.configurations.length === 0).map((r) => r.id);
    expect(unconfigured.sort()).toEqual(
      [
        'CVE-2024-1212',
        'CVE-2024-5910',
        'CVE-2024-6047',
        'CVE-2024-20767',
        'CVE-2024-27348',
        'CVE-2024-28987',
        'CVE-2024-29824',
        'CVE-2024-40766',
      ].sort(),
    );
    const log4shell = byId.get('CVE-2021-44228')!;
    const matches = log4shell.configurations.flatMap((c) => c.nodes.flatMap((n) => n.cpeMatch));
    expect(log4shell.configurations).toHaveLength(20);
    expect(matches).toHaveLength(408);
    const ranged = matches.filter(
      (m) =>
        m.versionStartIncluding ?? m.versionStartExcluding ?? m.versionEndIncluding ?? m.versionEndExcluding,
    );
    expect(ranged).toHaveLength(102);
  });

  it('reads CVE-2017-0144 (EternalBlue) as NVD has it', async () => {
    const r = records(await collect(kevFile)).get('CVE-2017-0144')!;
    expect(r.published).toBe('2017-03-17T00:59:04.010');
    expect(r.vulnStatus).toBe('Analyzed');
    expect(r.description).toMatch(/^The SMBv1 server in Microsoft Windows Vista SP2; /);
    expect(r.cvss).toEqual({
      version: '3.1',
      type: 'Primary',
      source: 'nvd@nist.gov',
      score: 8.8,
      severity: 'HIGH',
      vector: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H',
    });
    expect(r.metrics.map((m) => `${m.version}/${m.type}/${m.score}/${m.severity}`)).toEqual([
      '3.1/Primary/8.8/HIGH',
      '3.1/Secondary/8.8/HIGH',
      '2.0/Primary/9.3/HIGH',
    ]);
    // NVD's only weakness is NVD-CWE-noinfo, which is not a CWE id.
    expect(r.cwes).toEqual([]);
    expect(r.configurations).toHaveLength(9);
    expect(r.configurations.flatMap((c) => c.nodes.flatMap((n) => n.cpeMatch))).toHaveLength(39);
    expect(r.references).toContain(
      'https://portal.msrc.microsoft.com/en-US/security-guidance/advisory/CVE-2017-0144',
    );
    expect(r).toMatchObject({
      cisaExploitAdd: '2022-02-10',
      cisaActionDue: '2022-08-10',
      cisaRequiredAction: 'Apply updates per vendor instructions.',
      cisaVulnerabilityName: 'Microsoft SMBv1 Remote Code Execution Vulnerability',
    });
  });

  it('prefers CVSS v4.0 over a Primary v3.1 (CVE-2024-4879)', async () => {
    const r = records(await collect(kevFile)).get('CVE-2024-4879')!;
    expect(r.cvss).toMatchObject({ version: '4.0', type: 'Secondary', score: 9.3, severity: 'CRITICAL' });
    expect(r.metrics[1]).toMatchObject({
      version: '3.1',
      type: 'Primary',
      source: 'nvd@nist.gov',
      score: 9.8,
    });
  });

  it('reads the 180 CVEs of 2017, with the WannaCry set and one without configurations', async () => {
    const items = await collect(y2017File);
    const byId = records(items);
    expect(byId.size).toBe(180);
    expect(items.at(-1)).toMatchObject({
      kind: 'end',
      records: 180,
      invalid: 0,
      header: { totalResults: 180 },
    });
    for (const id of ['CVE-2017-0143', 'CVE-2017-0144', 'CVE-2017-0145', 'CVE-2017-0147'])
      expect(byId.has(id)).toBe(true);
    expect(byId.has('CVE-2017-0146')).toBe(false);
    expect([...byId.values()].filter((r) => r.configurations.length === 0)).toHaveLength(1);
    expect([...byId.keys()].every((id) => id.startsWith('CVE-2017-'))).toBe(true);
  });
});
