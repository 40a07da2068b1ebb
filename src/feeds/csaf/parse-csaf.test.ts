import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JsonSyntaxError } from '../json/json-syntax.error.js';
import type { CsafAdvisory } from './csaf.types.js';
import { parseCsaf, readCsaf } from './parse-csaf.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = path.join(repoRoot, 'test/fixtures/feeds/csaf');
// CISA's advisories shipped in the intel snapshot (each the gzip of the original).
const csafData = path.join(repoRoot, 'data/intel/csaf');
const hasData = existsSync(path.join(csafData, 'icsma'));

async function advisory(file: string): Promise<CsafAdvisory> {
  const result = await readCsaf(file);
  if (!result.ok) throw new Error(`${file}: ${JSON.stringify(result.errors)}`);
  return result.advisory;
}

describe('parseCsaf on hand-written fixtures', () => {
  it('flattens branches, full product names and relationships, with identification helpers', async () => {
    const a = await advisory(path.join(fixtures, 'relationships-advisory.json'));
    expect(a.document).toEqual({
      title: 'Synthetic advisory: infusion pump and its embedded OS',
      category: 'csaf_security_advisory',
      csafVersion: '2.0',
      lang: 'en-GB',
      tracking: {
        id: 'EXM-2099-001',
        version: '2',
        status: 'final',
        initialReleaseDate: '2099-01-15T09:00:00.000Z',
        currentReleaseDate: '2099-02-01T09:00:00.000Z',
      },
      publisher: {
        name: 'Example Medical PSIRT',
        namespace: 'https://psirt.example.org',
        category: 'vendor',
      },
      tlp: 'GREEN',
      references: [
        {
          category: 'self',
          summary: 'This advisory',
          url: 'https://psirt.example.org/csaf/2099/exm-2099-001.json',
        },
      ],
      notes: [],
    });
    const byId = new Map(a.products.map((p) => [p.productId, p]));
    expect([...byId.keys()]).toEqual(['PUMP-X-2.0-2.4', 'PUMP-X-2.4', 'RTOS-7.1', 'RTOS-7.1-IN-PUMP-X']);
    expect(byId.get('PUMP-X-2.0-2.4')).toMatchObject({
      name: 'Example Medical Pump X 2.0 to before 2.4',
      vendor: 'Example Medical',
      family: 'Infusion',
      product: 'Pump X',
      version: null,
      versionRange: 'vers:generic/>=2.0|<2.4',
      cpe: 'cpe:2.3:h:example_medical:pump_x:*:*:*:*:*:*:*:*',
      purl: null,
      modelNumbers: ['PX-100', 'PX-200'],
      skus: ['SKU-PX'],
      origin: 'branch',
    });
    expect(byId.get('PUMP-X-2.4')).toMatchObject({ version: '2.4', versionRange: null, cpe: null });
    expect(byId.get('RTOS-7.1')).toMatchObject({
      origin: 'full_product_name',
      vendor: null,
      purl: 'pkg:generic/example/rtos@7.1',
    });
    // A relationship product takes the component's identifiers and names the platform it sits on.
    expect(byId.get('RTOS-7.1-IN-PUMP-X')).toMatchObject({
      name: 'Example RTOS 7.1 as part of Pump X 2.0 to before 2.4',
      origin: 'relationship',
      purl: 'pkg:generic/example/rtos@7.1',
      relationship: {
        category: 'default_component_of',
        productReference: 'RTOS-7.1',
        relatesToProductReference: 'PUMP-X-2.0-2.4',
      },
    });
  });

  it('gives every status list, remediations with groups expanded, v3 and v2 scores, and warnings', async () => {
    const a = await advisory(path.join(fixtures, 'relationships-advisory.json'));
    expect(a.vulnerabilities).toEqual([
      {
        cve: 'CVE-2099-0001',
        title: 'Out-of-bounds write in the network stack',
        cwe: { id: 'CWE-787', name: 'Out-of-bounds Write' },
        productStatus: {
          first_affected: [],
          first_fixed: ['PUMP-X-2.4'],
          fixed: [],
          known_affected: ['RTOS-7.1-IN-PUMP-X', 'PUMP-X-2.0-2.4'],
          known_not_affected: ['PUMP-Y-UNDEFINED'],
          last_affected: [],
          recommended: [],
          under_investigation: ['RTOS-7.1'],
        },
        remediations: [
          {
            category: 'vendor_fix',
            details: 'Update to 2.4.',
            productIds: ['PUMP-X-2.0-2.4', 'RTOS-7.1-IN-PUMP-X'],
            url: 'https://psirt.example.org/updates/pump-x-2.4',
          },
          {
            category: 'mitigation',
            details: 'Isolate the pump network.',
            productIds: ['RTOS-7.1-IN-PUMP-X'],
            url: null,
          },
        ],
        scores: [
          {
            version: '3.1',
            baseScore: 8.8,
            vector: 'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
            severity: 'HIGH',
            products: ['RTOS-7.1-IN-PUMP-X', 'PUMP-X-2.0-2.4'],
          },
          {
            version: '2.0',
            baseScore: 8.3,
            vector: 'AV:A/AC:L/Au:N/C:C/I:C/A:C',
            severity: null,
            products: ['RTOS-7.1-IN-PUMP-X', 'PUMP-X-2.0-2.4'],
          },
        ],
      },
    ]);
    expect(a.warnings).toEqual([
      {
        path: '/vulnerabilities/0/product_status/known_not_affected/0',
        message: 'product id PUMP-Y-UNDEFINED is not defined in the product tree',
      },
    ]);
  });

  it('returns the validation reasons for a document failing the schema, and no advisory', async () => {
    const result = await readCsaf(path.join(fixtures, 'invalid-advisory.json'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(6);
    expect(result.errors[0]).toEqual({
      path: '/document',
      message: "must have required property 'category'",
    });
  });

  it('throws on broken JSON with the byte offset', async () => {
    const error = await readCsaf(Buffer.from('{"document": {"title": "x"}]')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect((error as JsonSyntaxError).byteOffset).toBe(27);
  });

  it('parses an already-parsed document without I/O', () => {
    expect(parseCsaf({ document: {} })).toMatchObject({ ok: false });
  });
});

describe.skipIf(!hasData)('parseCsaf on real CISA advisories (intel snapshot)', () => {
  const files = hasData
    ? ['icsma', 'icsa-sample'].flatMap((dir) =>
        readdirSync(path.join(csafData, dir))
          .filter((f) => f.endsWith('.json.gz'))
          .map((f) => path.join(csafData, dir, f)),
      )
    : [];

  it('validates and parses all 165 advisories (144 ICSMA + 21 ICSA) with their 530 vulnerabilities', async () => {
    expect(files).toHaveLength(165);
    let vulnerabilities = 0;
    let medical = 0;
    for (const file of files) {
      const result = await readCsaf(file);
      expect(result, file).toMatchObject({ ok: true });
      if (!result.ok) continue;
      const a = result.advisory;
      vulnerabilities += a.vulnerabilities.length;
      if (a.document.tracking.id.startsWith('ICSMA-')) medical++;
      expect(a.document.publisher.name, file).toBe('CISA');
      expect(a.document.tlp, file).toBe('WHITE');
      expect(a.products.length, file).toBeGreaterThan(0);
      expect(a.warnings, file).toEqual([]);
      for (const v of a.vulnerabilities) expect(v.cve, file).toMatch(/^CVE-\d{4}-\d{4,}$/);
    }
    expect(medical).toBe(144);
    // The README counts 433 ICSMA + 97 ICSA vulnerabilities.
    expect(vulnerabilities).toBe(530);
  });

  it('reads ICSA-19-211-01 (Wind River VxWorks, URGENT/11) as written, checked by hand', async () => {
    const a = await advisory(path.join(csafData, 'icsa-sample/icsa-19-211-01.json.gz'));
    expect(a.document).toMatchObject({
      title: 'Wind River VxWorks (Update A)',
      category: 'csaf_security_advisory',
      tracking: {
        id: 'ICSA-19-211-01',
        version: '2',
        status: 'final',
        initialReleaseDate: '2019-07-30T06:00:00.000000Z',
        currentReleaseDate: '2019-08-08T06:00:00.000000Z',
      },
      publisher: { name: 'CISA', namespace: 'https://www.cisa.gov/', category: 'coordinator' },
      tlp: 'WHITE',
    });
    expect(a.products).toHaveLength(12);
    expect(a.products[0]).toMatchObject({
      productId: 'CSAFPID-0001',
      name: 'Wind River VxWorks: 6.9.4.11',
      vendor: 'Wind River',
      product: 'VxWorks',
      version: '6.9.4.11',
      versionRange: null,
    });
    const byId = new Map(a.products.map((p) => [p.productId, p]));
    expect(byId.get('CSAFPID-0004')).toMatchObject({
      product: 'VxWorks End-of-Life',
      version: null,
      versionRange: '>=6.5',
    });
    expect(byId.get('CSAFPID-0005')).toMatchObject({
      product: 'Advanced Networking Technology (ANT)',
      versionRange: 'vers:all/*',
    });
    expect(byId.get('CSAFPID-0009')).toMatchObject({ product: 'VxWorks', versionRange: '>=5.3|<=6.4' });

    expect(a.vulnerabilities.map((v) => v.cve)).toEqual([
      'CVE-2019-12256',
      'CVE-2019-12257',
      'CVE-2019-12255',
      'CVE-2019-12260',
      'CVE-2019-12261',
      'CVE-2019-12263',
      'CVE-2019-12258',
      'CVE-2019-12259',
      'CVE-2019-12262',
      'CVE-2019-12264',
      'CVE-2019-12265',
    ]);
    const first = a.vulnerabilities[0]!;
    expect(first.cwe).toEqual({ id: 'CWE-121', name: 'Stack-based Buffer Overflow' });
    expect(first.productStatus.known_affected).toEqual([
      'CSAFPID-0001',
      'CSAFPID-0002',
      'CSAFPID-0003',
      'CSAFPID-0004',
      'CSAFPID-0005',
      'CSAFPID-0006',
      'CSAFPID-0007',
    ]);
    expect(first.productStatus.known_not_affected).toEqual([
      'CSAFPID-0008',
      'CSAFPID-0009',
      'CSAFPID-0010',
      'CSAFPID-0011',
      'CSAFPID-0012',
    ]);
    expect(first.scores).toEqual([
      {
        version: '3.1',
        baseScore: 9.8,
        vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
        severity: 'CRITICAL',
        products: expect.arrayContaining(['CSAFPID-0001']),
      },
    ]);
    expect(first.remediations).toHaveLength(7);
    expect(first.remediations[0]).toMatchObject({
      category: 'vendor_fix',
      url: 'mailto:PSIRT@windriver.com',
    });
    expect(first.remediations.find((r) => r.details === 'Dräger')?.url).toBe(
      'https://static.draeger.com/security',
    );
    expect(a.vulnerabilities[1]!.scores[0]).toMatchObject({ baseScore: 8.8, severity: 'HIGH' });
  });

  it('reads ICSMA-24-200-01 (Philips Vue PACS), a medical advisory with one ranged product', async () => {
    const a = await advisory(path.join(csafData, 'icsma/icsma-24-200-01.json.gz'));
    expect(a.document.title).toBe('Philips Vue PACS');
    expect(a.products).toEqual([
      expect.objectContaining({
        productId: 'CSAFPID-0001',
        name: 'Philips Vue PACS: <12.2.8.410',
        vendor: 'Philips',
        product: 'Vue PACS',
        versionRange: '<12.2.8.410',
        cpe: null,
        purl: null,
      }),
    ]);
    expect(a.vulnerabilities).toHaveLength(13);
    expect(a.vulnerabilities[0]).toMatchObject({
      cve: 'CVE-2020-36518',
      cwe: { id: 'CWE-787', name: 'Out-of-bounds Write' },
      productStatus: { known_affected: ['CSAFPID-0001'], fixed: [] },
      scores: [
        {
          version: '3.1',
          baseScore: 5.3,
          severity: 'MEDIUM',
          vector: 'CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H',
        },
      ],
    });
    expect(a.vulnerabilities[0]!.remediations.map((r) => r.category)).toEqual([
      'mitigation',
      'vendor_fix',
      'vendor_fix',
      'mitigation',
    ]);
    expect(a.vulnerabilities.at(-1)).toMatchObject({ cve: 'CVE-2023-40159', scores: [{ baseScore: 8.2 }] });
  });
});
