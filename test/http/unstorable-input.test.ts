/**
 * Text no database column can hold — a NUL character, a lone surrogate — and input shaped to break
 * a parser (CycloneDX nested thousands deep, a multipart body cut short) answer a 400 problem that
 * names the field (or the file, line and column) and write nothing, on every way in: JSON bodies,
 * query strings, path parameters, upload form fields and every importer.
 */
import { readFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { type ApiWorld, buildApiWorld } from '../factories/api-world.factory.js';
import { snapshotTables } from '../factories/db-snapshot.factory.js';
import { INVENTORY_HEADER, inventoryCsv, WIN7_SP1 } from '../factories/inventory.factory.js';
import { multipart } from '../factories/multipart.factory.js';
import { describeEachEngine } from '../setup/engines.js';

// Token use stamps api_tokens.last_used_at, so tokens are not compared.
const TABLES = ['audit_log', 'organisations', 'assets', 'contacts', 'exceptions', 'alerts', 'users'];

const NVD_PAGE = readFileSync(new URL('../fixtures/feeds/nvd/page-valid.json', import.meta.url), 'utf8');

function deepBom(levels: number): string {
  let components = '[{"name":"zlib","version":"1.2.11"}]';
  for (let i = 0; i < levels; i++) components = `[{"components":${components}}]`;
  return `{"bomFormat":"CycloneDX","specVersion":"1.5","metadata":{"component":{"type":"device","bom-ref":"pump"}},"components":${components}}`;
}

describeEachEngine('text a database cannot store, and input shaped to break a parser', (db) => {
  let w: ApiWorld;
  const token = (user: 'nat_admin' | 'rj7_responder' = 'nat_admin') => ({
    authorization: `Bearer ${w.users[user].token}`,
  });
  beforeAll(async () => {
    w = await buildApiWorld(db());
  }, 120_000);

  async function expectRefused(send: () => Promise<LightMyRequestResponse>, says: RegExp): Promise<void> {
    const before = await snapshotTables(db(), TABLES);
    const res = await send();
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatch(says);
    expect(await snapshotTables(db(), TABLES)).toEqual(before);
  }

  it('refuses a NUL or a lone surrogate in a JSON body, naming the field and character', async () => {
    const exception = {
      org: 'RJ7',
      cve: 'CVE-2017-0144',
      reason: 'patch\u0000pending',
      controls: 'isolated',
      expires: '2099-01-01',
    };
    await expectRefused(
      () => w.app.inject({ method: 'POST', url: '/api/v1/exceptions', headers: token(), payload: exception }),
      /body\.reason: contains a NUL character \(U\+0000\) at character 6/,
    );
    await expectRefused(
      () =>
        w.app.inject({
          method: 'POST',
          url: '/api/v1/tokens',
          headers: { ...token(), 'content-type': 'application/json' },
          payload: '{"name":"ci\\ud800","expiresInDays":5}',
        }),
      /body\.name: contains a lone surrogate \(U\+D800\) at character 3/,
    );
  });

  it('refuses them in query strings and path parameters', async () => {
    await expectRefused(
      () => w.app.inject({ method: 'GET', url: '/api/v1/audit?actor=%00', headers: token() }),
      /query\.actor: contains a NUL character/,
    );
    await expectRefused(
      () => w.app.inject({ method: 'GET', url: '/api/v1/organisations/RJ7%00', headers: token() }),
      /params\.code: contains a NUL character/,
    );
  });

  it('refuses them in upload form fields', async () => {
    const csv = inventoryCsv([{ id: 'RJ7-PC-9', components: [WIN7_SP1] }]);
    const form = multipart({ org: 'RJ7', source: 'sccm\u0000' }, [{ name: 'pcs.csv', content: csv }]);
    await expectRefused(
      () =>
        w.app.inject({
          method: 'POST',
          url: '/api/v1/inventory/imports',
          headers: { ...token(), ...form.headers },
          payload: form.payload,
        }),
      /form field source: contains a NUL character \(U\+0000\) at character 5/,
    );
  });

  it('refuses them in inventory, organisation and contact CSV files with file, line and column', async () => {
    const csv = `${INVENTORY_HEADER}\nRJ7-PC-9,pc\u00009,workstation,Dell,,,,,false,none,,,,${WIN7_SP1},\n`;
    const form = multipart({ org: 'RJ7' }, [{ name: 'pcs.csv', content: csv }]);
    await expectRefused(
      () =>
        w.app.inject({
          method: 'POST',
          url: '/api/v1/inventory/imports',
          headers: { ...token(), ...form.headers },
          payload: form.payload,
        }),
      /"file":"pcs.csv","line":2,"reason":"hostname: contains a NUL character \(U\+0000\) at character 3"/,
    );
    const orgs = multipart({}, [
      { name: 'orgs.csv', content: 'code,name,kind,parent_code\nX26,Nat\u0000ional,national,\n' },
    ]);
    await expectRefused(
      () =>
        w.app.inject({
          method: 'POST',
          url: '/api/v1/organisations/imports',
          headers: { ...token(), ...orgs.headers },
          payload: orgs.payload,
        }),
      /"line":2,"reason":"name: contains a NUL character/,
    );
    await expectRefused(
      () =>
        w.app.inject({
          method: 'POST',
          url: '/api/v1/contacts/imports',
          headers: { ...token(), 'content-type': 'text/csv' },
          payload:
            'org_code,name,email,role,channel,digest\nRJ7,Duty\u0000,duty@rj7.nhs.uk,security,email,false\n',
        }),
      /"file":"contacts.csv","line":2,"reason":"name: contains a NUL character/,
    );
  });

  it('refuses them in CycloneDX and osquery documents with the path and line', async () => {
    const bom = `{"bomFormat":"CycloneDX","specVersion":"1.5","metadata":{"component":{"type":"device","bom-ref":"pump"}},\n"components":[\n{"type":"library","name":"zlib\\u0000","version":"1.2"}]}`;
    const osquery = '[{"name":"openssl\\udc00","version":"3.0.2","source":"deb_packages"}]';
    for (const [name, content, says] of [
      ['pump.cdx.json', bom, /"line":3,"reason":"components\[0\]\.name: contains a NUL character/],
      [
        'host.osquery.json',
        osquery,
        /"line":1,"reason":"\[0\]\.name: contains a lone surrogate \(U\+DC00\) at character 8/,
      ],
    ] as const) {
      const form = multipart({ org: 'RJ7', assetId: 'RJ7-H-1' }, [{ name, content }]);
      await expectRefused(
        () =>
          w.app.inject({
            method: 'POST',
            url: '/api/v1/inventory/imports',
            headers: { ...token(), ...form.headers },
            payload: form.payload,
          }),
        says,
      );
    }
  });

  it('skips an intel record with such text, naming it, and loads the others', async () => {
    const page = JSON.parse(NVD_PAGE);
    page.vulnerabilities[1].cve.descriptions[0].value = 'overflow\u0000in parser';
    const form = multipart({}, [{ name: 'page.json', content: JSON.stringify(page) }]);
    const res = await w.app.inject({
      method: 'POST',
      url: '/api/v1/intel/imports',
      headers: { ...token(), ...form.headers },
      payload: form.payload,
    });
    expect(res.statusCode, res.body).toBe(200);
    const [file] = res.json().files;
    expect(file).toMatchObject({ format: 'nvd', records: 1 });
    expect(file.issues).toEqual([
      {
        file: 'page.json',
        record: 'CVE-2099-10002',
        reason: 'cve.descriptions[0].value: contains a NUL character (U+0000) at character 9',
      },
    ]);
    const loaded = await w.app.inject({
      method: 'GET',
      url: '/api/v1/vulnerabilities/CVE-2099-0001',
      headers: token(),
    });
    expect(loaded.statusCode).toBe(200);
    const skipped = await w.app.inject({
      method: 'GET',
      url: '/api/v1/vulnerabilities/CVE-2099-10002',
      headers: token(),
    });
    expect(skipped.statusCode).toBe(404);
  });

  it('refuses CycloneDX components nested beyond the documented depth (any viewer can scan)', async () => {
    const form = multipart({}, [{ name: 'deep.cdx.json', content: deepBom(3500) }]);
    await expectRefused(
      () =>
        w.app.inject({
          method: 'POST',
          url: '/api/v1/scan',
          headers: { ...token('rj7_responder'), ...form.headers },
          payload: form.payload,
        }),
      /components nested more than 64 levels deep/,
    );
    const fine = multipart({}, [{ name: 'ok.cdx.json', content: deepBom(60) }]);
    const res = await w.app.inject({
      method: 'POST',
      url: '/api/v1/scan',
      headers: { ...token('rj7_responder'), ...fine.headers },
      payload: fine.payload,
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('answers an over-long path segment with 414 and a broken URL with 400, as problem documents', async () => {
    const long = await w.app.inject({
      method: 'GET',
      url: `/api/v1/organisations/${'X'.repeat(5000)}`,
      headers: token(),
    });
    expect(long.statusCode).toBe(414);
    expect(long.headers['content-type']).toContain('application/problem+json');
    expect(long.json()).toMatchObject({
      status: 414,
      detail: 'a path segment is longer than 100 characters',
    });
    const broken = await w.app.inject({
      method: 'GET',
      url: '/api/v1/organisations/%E0%A4%A',
      headers: token(),
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses a multipart body cut short', async () => {
    const csv = inventoryCsv([{ id: 'RJ7-PC-9', components: [WIN7_SP1] }]);
    const form = multipart({ org: 'RJ7' }, [{ name: 'pcs.csv', content: csv }]);
    for (const cut of [form.payload.length - 10, form.payload.length - 30, 60]) {
      await expectRefused(
        () =>
          w.app.inject({
            method: 'POST',
            url: '/api/v1/inventory/imports',
            headers: { ...token(), ...form.headers },
            payload: form.payload.subarray(0, cut),
          }),
        /./,
      );
    }
  });
});
