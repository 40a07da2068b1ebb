/**
 * Hostile input over every route of the OpenAPI document and every importer: NULs, lone
 * surrogates, strings longer than any field allows, deeply nested JSON, wrong types and truncated
 * bodies, sent as a national admin (who may write everywhere, so a request that got through would
 * write). Every answer must be a 4xx application/problem+json — never a 500 — and nothing may be
 * written (the audit log is counted after every request; every table is compared per test).
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { type ApiWorld, buildApiWorld } from '../factories/api-world.factory.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { inventoryCsv, SMB1, WIN7_SP1 } from '../factories/inventory.factory.js';
import { multipart } from '../factories/multipart.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const NVD_PAGE = readFileSync(new URL('../fixtures/feeds/nvd/page-valid.json', import.meta.url), 'utf8');

/** Tables that change on every authenticated request (token and session bookkeeping). */
const BOOKKEEPING = new Set(['api_tokens', 'sessions']);
const RUNS = 10;

interface Operation {
  method: string;
  path: string;
  params: { in: string; name: string }[];
  json: string[] | null;
  consumes: string[];
}

/** Text no database column can hold: a NUL or a lone surrogate somewhere in it. */
const badText: fc.Arbitrary<string> = fc
  .tuple(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff'),
    fc.string({ maxLength: 12 }),
  )
  .map(([a, bad, b]) => a + bad + b);

/**
 * Text with a NUL: what bad text in bytes (a URL, a CSV file) can be. A lone surrogate cannot be
 * sent as bytes: its would-be UTF-8 decodes to U+FFFD, which is storable; JSON escapes can carry it.
 */
const nulText: fc.Arbitrary<string> = fc
  .tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }))
  .map(([a, b]) => `${a}\u0000${b}`);

/**
 * For URLs: a NUL, or longer than any parameter allows. */
const nastyUrlString: fc.Arbitrary<string> = fc.oneof(
  nulText,
  fc.integer({ min: 5000, max: 20_000 }).map((n) => 'x'.repeat(n)),
);

/** Strings no request field accepts: bad text, or longer than any field's limit. */
const nastyString: fc.Arbitrary<string> = fc.oneof(
  badText,
  fc.integer({ min: 5000, max: 20_000 }).map((n) => 'x'.repeat(n)),
);

function nested(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value];
  return value;
}

/** A JSON value in place of a field: a nasty string, the wrong type, or something nested deep. */
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
  // Shown as nested(N) in a counterexample: fast-check's printer recurses.
  fc
    .integer({ min: 100, max: 2000 })
    .map((d) => Object.assign(nested(d, 'deep') as object, { [fc.toStringMethod]: () => `nested(${d})` })),
);

const BOM = (name: string) =>
  JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    metadata: { component: { type: 'device', 'bom-ref': 'pump' } },
    components: [{ type: 'library', name, version: '1.2.11' }],
  });
const OSQUERY = (name: string) => JSON.stringify([{ name, version: '3.0.2', source: 'deb_packages' }]);
const deepBom = (levels: number) =>
  `{"bomFormat":"CycloneDX","specVersion":"1.5","metadata":{"component":{"type":"device","bom-ref":"pump"}},"components":${'[{"components":'.repeat(levels)}[]${'}]'.repeat(levels)}}`;

/** Inventory files that must all be refused: bad text in a cell or field, nesting, truncation. */
const badInventoryFile: fc.Arbitrary<{ name: string; content: string | Buffer }> = fc.oneof(
  fc.tuple(nulText, fc.nat({ max: 14 })).map(([bad, column]) => {
    const [header, row] = inventoryCsv([{ id: 'RJ7-FZ-1', components: [WIN7_SP1] }]).split('\n') as [
      string,
      string,
    ];
    const cells = row.split(',');
    cells[column] = `"${(cells[column] ?? '') + bad.replaceAll('"', '""')}"`;
    return { name: 'fuzz.csv', content: `${header}\n${cells.join(',')}\n` };
  }),
  badText.map((bad) => ({ name: 'fuzz.cdx.json', content: BOM(bad) })),
  badText.map((bad) => ({ name: 'fuzz.osquery.json', content: OSQUERY(bad) })),
  fc.integer({ min: 65, max: 3000 }).map((levels) => ({ name: 'deep.cdx.json', content: deepBom(levels) })),
  fc.nat({ max: 80 }).map((cut) => ({ name: 'cut.cdx.json', content: BOM('zlib').slice(0, cut + 1) })),
  fc
    .uint8Array({ minLength: 1, maxLength: 300 })
    .map((bytes) => ({ name: 'noise.bin', content: Buffer.from(bytes) })),
);

describeEachEngine('fuzz: hostile input over every route and importer', (db) => {
  let w: ApiWorld;
  let operations: Operation[];
  let tables: string[];
  const auth = () => ({ authorization: `Bearer ${w.users.nat_admin.token}` });

  beforeAll(async () => {
    w = await buildApiWorld(db());
    const spec = (await w.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    operations = Object.entries(spec.paths as Record<string, Record<string, Record<string, never>>>).flatMap(
      ([path, ops]) =>
        Object.entries(ops).map(([method, op]: [string, Record<string, unknown>]) => {
          const body = (op.requestBody as { content?: Record<string, { schema?: { properties?: object } }> })
            ?.content;
          return {
            method: method.toUpperCase(),
            path,
            params: (op.parameters as { in: string; name: string }[] | undefined) ?? [],
            json: body?.['application/json']
              ? Object.keys(body['application/json'].schema?.properties ?? {})
              : null,
            consumes: Object.keys(body ?? {}),
          };
        }),
    );
    tables = (await tableNames(db())).filter((t) => !BOOKKEEPING.has(t));
  }, 120_000);

  /** A valid path parameter, so that only the hostile part can be what is refused. */
  function validParam(path: string, name: string): string {
    if (name === 'id' && path.includes('/assets/')) return String(w.assets.RJ7?.[0]);
    if (name === 'id' && path.includes('/users/')) return w.grantee.id;
    if (name === 'id') return w.spareTokens.rj7_viewer;
    const valid: Record<string, string> = {
      code: 'RJ7',
      org: 'RJ7',
      cve: 'CVE-2017-0144',
      reference: w.alert,
      userId: w.grantee.id,
    };
    return valid[name] ?? 'x';
  }
  function url(op: Operation, override: Record<string, string> = {}, query = ''): string {
    let path = op.path;
    for (const p of op.params.filter((x) => x.in === 'path'))
      path = path.replace(`{${p.name}}`, encodeURIComponent(override[p.name] ?? validParam(op.path, p.name)));
    return query ? `${path}?${query}` : path;
  }

  async function auditCount(): Promise<number> {
    const r = await sql<{ n: string }>`SELECT count(*) AS n FROM audit_log`.execute(db().db);
    return Number(r.rows[0]?.n);
  }

  /** Asserts a refusal and that the audit log did not grow since `audits` (then moved on, so one write fails one case). */
  async function expectRefused(
    what: string,
    res: LightMyRequestResponse,
    audits: { count: number },
  ): Promise<void> {
    const says = `${what} → ${res.statusCode} ${res.body.slice(0, 300)}`;
    const now = await auditCount();
    const before = audits.count;
    audits.count = now;
    expect(res.statusCode, says).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, says).toBeLessThan(500);
    expect(res.headers['content-type'], says).toContain('application/problem+json');
    expect(res.json().status, says).toBe(res.statusCode);
    if (now !== before) {
      const last =
        await sql`SELECT action, target, after FROM audit_log ORDER BY seq DESC LIMIT ${now - before}`.execute(
          db().db,
        );
      expect.fail(`${says}: the audit log grew: ${JSON.stringify(last.rows).slice(0, 400)}`);
    }
  }

  async function unchanged(work: () => Promise<void>, except: string[] = []): Promise<void> {
    const compared = tables.filter((t) => !except.includes(t));
    const before = await snapshotTables(db(), compared);
    await work();
    expect(await snapshotTables(db(), compared)).toEqual(before);
    // The refusals were not 401s from a token the fuzzing had signed out or revoked.
    const session = await w.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: auth() });
    expect(session.statusCode).toBe(200);
  }

  it('covers every route of the app in its OpenAPI document', () => {
    const documented = new Set(operations.map((o) => `${o.method} ${o.path.replace(/\{(\w+)\}/g, ':$1')}`));
    const api = w.app.routeTable.filter((r) => r.url.startsWith('/api/v1/'));
    expect(api.length).toBeGreaterThan(40);
    for (const r of api) expect(documented, `${r.method} ${r.url}`).toContain(`${r.method} ${r.url}`);
  });

  it('refuses hostile path and query parameters on every route', async () => {
    await unchanged(async () => {
      const audits = { count: await auditCount() };
      for (const op of operations) {
        await fc.assert(
          fc.asyncProperty(nastyUrlString, fc.nat(), async (nasty, pick) => {
            const names = op.params.filter((p) => p.in !== 'path').map((p) => p.name);
            const name = names.length > 0 ? (names[pick % names.length] as string) : 'unknown';
            // An unknown parameter is ignored whatever its length: only bad text must be refused there.
            const bad = names.length > 0 || nasty.includes('\u0000') ? nasty : `${nasty}\u0000`;
            const query = `${encodeURIComponent(name)}=${encodeURIComponent(bad)}`;
            const res = await w.app.inject({ method: op.method, url: url(op, {}, query), headers: auth() });
            await expectRefused(
              `${op.method} ${op.path}?${name}=${JSON.stringify(bad.slice(0, 30))}`,
              res,
              audits,
            );
          }),
          { numRuns: RUNS },
        );
        const pathParams = op.params.filter((p) => p.in === 'path');
        if (pathParams.length === 0) continue;
        await fc.assert(
          fc.asyncProperty(nastyUrlString, fc.nat(), async (bad, pick) => {
            const name = (pathParams[pick % pathParams.length] as { name: string }).name;
            const res = await w.app.inject({
              method: op.method,
              url: url(op, { [name]: bad }),
              headers: auth(),
            });
            await expectRefused(
              `${op.method} ${op.path} {${name}}=${JSON.stringify(bad.slice(0, 30))}`,
              res,
              audits,
            );
          }),
          { numRuns: RUNS },
        );
      }
    });
  }, 120_000);

  it('refuses hostile JSON bodies: bad text, wrong types, deep nesting, truncation', async () => {
    const jsonOps = operations.filter((o) => o.json !== null);
    expect(jsonOps.length).toBeGreaterThan(8);
    await unchanged(async () => {
      const audits = { count: await auditCount() };
      for (const op of jsonOps) {
        const fields = op.json as string[];
        await fc.assert(
          fc.asyncProperty(nastyValue, async (bad) => {
            const res = await w.app.inject({
              method: op.method,
              url: url(op),
              headers: auth(),
              payload: Object.fromEntries(fields.map((f) => [f, bad])) as Record<string, unknown>,
            });
            await expectRefused(
              `${op.method} ${op.path} every field ${JSON.stringify(bad)?.slice(0, 40)}`,
              res,
              audits,
            );
          }),
          { numRuns: RUNS },
        );
        await fc.assert(
          fc.asyncProperty(
            nastyValue,
            fc.nat(),
            fc.integer({ min: 1000, max: 20_000 }),
            async (bad, cut, depth) => {
              const text = JSON.stringify(Object.fromEntries(fields.map((f) => [f, bad])));
              for (const payload of [
                JSON.stringify(bad),
                `${'[{"a":'.repeat(depth)}1${'}]'.repeat(depth)}`,
                text.slice(0, 1 + (cut % Math.max(1, text.length - 1))),
              ]) {
                const res = await w.app.inject({
                  method: op.method,
                  url: url(op),
                  headers: { ...auth(), 'content-type': 'application/json' },
                  payload,
                });
                await expectRefused(`${op.method} ${op.path} body ${payload.slice(0, 40)}`, res, audits);
              }
            },
          ),
          { numRuns: RUNS },
        );
      }
    });
  }, 120_000);

  it('refuses hostile inventory files and forms on import and scan', async () => {
    await unchanged(async () => {
      const audits = { count: await auditCount() };
      await fc.assert(
        fc.asyncProperty(badInventoryFile, fc.boolean(), fc.nat(), async (file, scan, cut) => {
          const form = multipart(scan ? {} : { org: 'RJ7', assetId: 'RJ7-FZ-1' }, [file]);
          const truncated = cut % 3 === 0;
          const payload = truncated ? form.payload.subarray(0, cut % form.payload.length) : form.payload;
          const res = await w.app.inject({
            method: 'POST',
            url: scan ? '/api/v1/scan' : '/api/v1/inventory/imports',
            headers: { ...auth(), ...form.headers },
            payload,
          });
          await expectRefused(
            `${scan ? 'scan' : 'import'} ${file.name}${truncated ? ' (cut short)' : ''}`,
            res,
            audits,
          );
        }),
        { numRuns: 4 * RUNS },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('org', 'source', 'assetId', 'networkZone'),
          nastyUrlString,
          async (field, bad) => {
            const csv = inventoryCsv([{ id: 'RJ7-FZ-2', components: [WIN7_SP1, SMB1] }]);
            const form = multipart({ org: 'RJ7', [field]: bad }, [{ name: 'ok.csv', content: csv }]);
            const res = await w.app.inject({
              method: 'POST',
              url: '/api/v1/inventory/imports',
              headers: { ...auth(), ...form.headers },
              payload: form.payload,
            });
            await expectRefused(
              `import form field ${field}=${JSON.stringify(bad.slice(0, 30))}`,
              res,
              audits,
            );
          },
        ),
        { numRuns: RUNS },
      );
    });
  }, 120_000);

  it('refuses hostile organisation and contact CSV files', async () => {
    await unchanged(async () => {
      const audits = { count: await auditCount() };
      await fc.assert(
        fc.asyncProperty(nulText, fc.nat({ max: 3 }), fc.nat(), async (bad, column, cut) => {
          const cells = ['X26', 'National', 'national', ''];
          cells[column] = `"${cells[column] + bad.replaceAll('"', '""')}"`;
          const form = multipart({}, [
            { name: 'orgs.csv', content: `code,name,kind,parent_code\n${cells.join(',')}\n` },
          ]);
          const payload = cut % 3 === 0 ? form.payload.subarray(0, cut % form.payload.length) : form.payload;
          const res = await w.app.inject({
            method: 'POST',
            url: '/api/v1/organisations/imports',
            headers: { ...auth(), ...form.headers },
            payload,
          });
          await expectRefused(`organisation CSV column ${column}`, res, audits);
          const contact = ['RJ7', 'Duty officer', 'duty@rj7.nhs.uk', 'security', 'email', 'false'];
          contact[column] = `"${contact[column] + bad.replaceAll('"', '""')}"`;
          const csv = await w.app.inject({
            method: 'POST',
            url: '/api/v1/contacts/imports',
            headers: { ...auth(), 'content-type': 'text/csv' },
            payload: `org_code,name,email,role,channel,digest\n${contact.join(',')}\n`,
          });
          await expectRefused(`contact CSV column ${column}`, csv, audits);
        }),
        { numRuns: RUNS },
      );
    });
  }, 120_000);

  it('loads no hostile intel file: bad text, truncation, a cut-short form', async () => {
    const intelFile: fc.Arbitrary<{ name: string; content: string | Buffer }> = fc.oneof(
      fc.tuple(badText, fc.constantFrom('id', 'sourceIdentifier', 'vulnStatus')).map(([bad, field]) => {
        const page = JSON.parse(NVD_PAGE);
        page.vulnerabilities = page.vulnerabilities.slice(0, 1);
        page.vulnerabilities[0].cve.descriptions[0].value = `overflow ${bad}`;
        page.vulnerabilities[0].cve[field] = `${page.vulnerabilities[0].cve[field]}${bad}`;
        return { name: 'nvd.json', content: JSON.stringify(page) };
      }),
      badText.map((bad) => ({
        name: 'kev.json',
        content: JSON.stringify({
          title: 'KEV',
          catalogVersion: '2099.01.01',
          dateReleased: '2099-01-01T00:00:00.000Z',
          count: 1,
          vulnerabilities: [
            {
              cveID: 'CVE-2099-7777',
              vendorProject: `acme${bad}`,
              product: 'widget',
              vulnerabilityName: 'overflow',
              dateAdded: '2099-01-01',
              shortDescription: 'test',
              requiredAction: 'patch',
              dueDate: '2099-02-01',
            },
          ],
        }),
      })),
      fc.nat({ max: 200 }).map((cut) => ({
        name: 'cut.json.gz',
        content: gzipSync('{"vulnerabilities":[]}'.repeat(50)).subarray(0, cut + 1),
      })),
    );
    await unchanged(async () => {
      const audits = { count: await auditCount() };
      await fc.assert(
        fc.asyncProperty(intelFile, fc.nat(), async (file, cut) => {
          const form = multipart({}, [file]);
          const truncated = cut % 3 === 0;
          const res = await w.app.inject({
            method: 'POST',
            url: '/api/v1/intel/imports',
            headers: { ...auth(), ...form.headers },
            payload: truncated ? form.payload.subarray(0, cut % form.payload.length) : form.payload,
          });
          // A file the loaders read but reject is reported per file (200, ok false); a broken form is a 400.
          if (res.statusCode === 200) {
            expect(res.json().ok, res.body).toBe(false);
            expect(await auditCount()).toBe(audits.count);
          } else await expectRefused(`intel ${file.name}${truncated ? ' (cut short)' : ''}`, res, audits);
        }),
        { numRuns: 2 * RUNS },
      );
      // A KEV catalogue whose entries are all refused still records when it was released.
    }, ['intel_sources']);
  }, 120_000);
});

async function tableNames(database: Database): Promise<string[]> {
  const r = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(database.db);
  return r.rows.map((row) => row.table_name);
}
