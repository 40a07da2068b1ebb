import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FeedFormatError } from '../feed-format.error.js';
import { JsonSyntaxError } from '../json/json-syntax.error.js';
import { parseKev } from './parse-kev.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = path.join(repoRoot, 'test/fixtures/feeds/kev');
// The whole catalogue, as shipped in the intel snapshot (gzip of CISA's file).
const kevFile = path.join(repoRoot, 'data/intel/kev/known_exploited_vulnerabilities.json.gz');

describe('parseKev on hand-written fixtures', () => {
  it('accepts unknown extra fields, and an entry without notes or cwes', async () => {
    const catalog = await parseKev(path.join(fixtures, 'extra-fields.json'));
    expect(catalog.issues).toEqual([]);
    expect(catalog).toMatchObject({
      catalogVersion: '2099.01.02',
      dateReleased: '2099-01-02T12:00:00.000Z',
      count: 2,
    });
    expect(catalog.vulnerabilities).toEqual([
      {
        cveID: 'CVE-2099-0001',
        vendorProject: 'Example',
        product: 'Infusion Pump Firmware',
        vulnerabilityName: 'Example Infusion Pump Out-of-Bounds Write',
        dateAdded: '2099-01-02',
        shortDescription: 'Synthetic entry.',
        requiredAction: 'Apply updates per vendor instructions.',
        dueDate: '2099-01-23',
        knownRansomwareCampaignUse: 'Known',
        notes: 'https://example.org/advisory/1',
        cwes: ['CWE-787'],
      },
      expect.objectContaining({ cveID: 'CVE-2099-12345', notes: '', cwes: [] }),
    ]);
  });

  it('reports bad entries by index and cveID, duplicates and a count mismatch, and keeps the good ones', async () => {
    const catalog = await parseKev(path.join(fixtures, 'bad-entries.json'));
    expect(catalog.vulnerabilities.map((v) => v.cveID)).toEqual(['CVE-2099-0001']);
    expect(catalog.issues).toEqual([
      {
        index: 1,
        cveID: 'CVE-99-1',
        reason: 'cveID: expected a CVE id; dateAdded: expected a date YYYY-MM-DD',
      },
      {
        index: 2,
        cveID: 'CVE-2099-0003',
        reason: 'dueDate: Invalid input: expected string, received undefined',
      },
      { index: 3, cveID: 'CVE-2099-0001', reason: 'duplicate of entry 0' },
      { index: null, cveID: null, reason: 'count is 5 but the catalog lists 4 entries' },
    ]);
  });

  it('fails a document that is not a KEV catalog, and broken JSON with its byte offset', async () => {
    await expect(parseKev(Buffer.from('{"vulnerabilities":[]}'), { name: 'kev.json' })).rejects.toThrow(
      new FeedFormatError(
        'not a KEV catalog: catalogVersion: Invalid input: expected string, received undefined; ' +
          'dateReleased: Invalid input: expected string, received undefined; ' +
          'count: Invalid input: expected number, received undefined',
        'kev.json',
      ),
    );
    const error = await parseKev(Buffer.from('{"count": 1,, "x": 2}')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect((error as JsonSyntaxError).byteOffset).toBe(12);
  });
});

describe.skipIf(!existsSync(kevFile))('parseKev on the real catalog of 2025-08-25 (intel snapshot)', () => {
  it('reads all 1404 entries without an issue', async () => {
    const catalog = await parseKev(kevFile);
    expect(catalog.issues).toEqual([]);
    expect(catalog).toMatchObject({
      title: 'CISA Catalog of Known Exploited Vulnerabilities',
      catalogVersion: '2025.08.25',
      dateReleased: '2025-08-25T17:04:19.9796Z',
      count: 1404,
    });
    expect(catalog.vulnerabilities).toHaveLength(1404);
    expect(new Set(catalog.vulnerabilities.map((v) => v.cveID)).size).toBe(1404);
  });

  it('has CVE-2017-0144 as CISA lists it', async () => {
    const catalog = await parseKev(kevFile);
    expect(catalog.vulnerabilities.find((v) => v.cveID === 'CVE-2017-0144')).toEqual({
      cveID: 'CVE-2017-0144',
      vendorProject: 'Microsoft',
      product: 'SMBv1',
      vulnerabilityName: 'Microsoft SMBv1 Remote Code Execution Vulnerability',
      dateAdded: '2022-02-10',
      shortDescription:
        'The SMBv1 server in multiple Microsoft Windows versions allows remote attackers to execute arbitrary code via crafted packets.',
      requiredAction: 'Apply updates per vendor instructions.',
      dueDate: '2022-08-10',
      knownRansomwareCampaignUse: 'Known',
      notes: 'https://nvd.nist.gov/vuln/detail/CVE-2017-0144',
      cwes: ['CWE-20'],
    });
  });

  it('reads the plain form the same as the gzip one', async () => {
    const gzipped = await parseKev(kevFile);
    expect(await parseKev(gunzipSync(readFileSync(kevFile)))).toEqual(gzipped);
  });
});
