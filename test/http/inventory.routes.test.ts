/**
 * Inventory uploads and assets over HTTP: a form's field problems are named by field, a file Ward
 * cannot read is named by file, and assets come back in their one response shape.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { ADMIN_CLI, createTestUsers } from '../factories/identity.factory.js';
import { inventoryCsv, WIN7_SP1 } from '../factories/inventory.factory.js';
import { multipart } from '../factories/multipart.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

describeEachEngine('inventory and asset routes', (db) => {
  let app: FastifyInstance;
  let auth: (user: 'nat_admin' | 'rj7_viewer') => Record<string, string>;
  const csv = inventoryCsv([
    { id: 'RJ7-PC-9', criticality: 'high', zone: 'clinical', components: [WIN7_SP1] },
  ]);
  const upload = async (user: 'nat_admin' | 'rj7_viewer', fields: Record<string, string>, content = csv) => {
    const form = multipart(fields, [{ name: 'pcs.csv', content }]);
    return app.inject({
      method: 'POST',
      url: '/api/v1/inventory/imports',
      payload: form.payload,
      headers: { ...form.headers, ...auth(user) },
    });
  };

  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    const users = await createTestUsers(db());
    auth = (user) => ({ authorization: `Bearer ${users[user].token}` });
    app = await buildApp({ database: db(), oidc: null });
  });
  afterAll(async () => app.close());

  it('names the form field at fault: a missing organisation, an asset type Ward does not know', async () => {
    const noOrg = await upload('nat_admin', {});
    expect(noOrg.statusCode).toBe(400);
    // The problem names the field (`field` is in the problem too, once the shared Problem schema lists it).
    expect(noOrg.json()).toMatchObject({
      detail: 'org: the ODS code of the organisation is required (before the files)',
      problems: [
        expect.objectContaining({
          reason: 'the ODS code of the organisation is required (before the files)',
        }),
      ],
    });
    const badType = await upload('nat_admin', { org: 'RJ7', assetType: 'toaster' });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().detail).toMatch(/^assetType: /);
  });

  it('names the file it cannot read, and refuses a viewer before reading any file', async () => {
    const prose = await upload('nat_admin', { org: 'RJ7' }, 'just some notes\n');
    expect(prose.statusCode).toBe(400);
    expect(prose.json().problems).toEqual([
      {
        file: 'pcs.csv',
        line: 1,
        reason:
          'not an inventory CSV, CycloneDX or osquery JSON file (name its format: csv, cyclonedx, osquery)',
      },
    ]);
    expect((await upload('rj7_viewer', { org: 'RJ7' }, 'not even read\n')).statusCode).toBe(403);
  });

  it('imports, then shows the asset in the one asset shape with what is installed on it', async () => {
    const imported = await upload('nat_admin', { org: 'RJ7', source: 'http' });
    expect(imported.statusCode).toBe(201);
    expect(imported.json()).toMatchObject({ org: 'RJ7', source: 'http', assets: 1, assetsAdded: 1 });
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/assets?org=RJ7',
      headers: auth('rj7_viewer'),
    });
    expect(list.statusCode).toBe(200);
    const [asset] = list.json().items;
    expect(asset).toMatchObject({
      org: 'RJ7',
      source: 'http',
      assetId: 'RJ7-PC-9',
      type: 'workstation',
      networkZone: 'clinical',
      internetFacing: false,
      clinicalCriticality: 'high',
      retiredAt: null,
    });
    expect(new Date(asset.firstSeen).toISOString()).toBe(asset.firstSeen);
    const one = await app.inject({
      method: 'GET',
      url: `/api/v1/assets/${asset.id}`,
      headers: auth('rj7_viewer'),
    });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual({
      ...asset,
      components: [
        {
          key: 'a:microsoft:server_message_block',
          version: '1.0',
          update: null,
          cpe: expect.any(String),
          purl: null,
        },
        { key: 'o:microsoft:windows_7', version: '-', update: 'sp1', cpe: WIN7_SP1, purl: null },
      ],
    });
  });
});
