import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { cliActor, userActor } from '../../src/domain/access/actor.js';
import { ForbiddenError, NotFoundError } from '../../src/errors.js';
import { audit, listAuditRecords, verifyAudit } from '../../src/services/audit/audit.service.js';
import { addException } from '../../src/services/exposure/exception.service.js';
import { importOrganisations, showOrganisation } from '../../src/services/federation/organisation.service.js';
import { loadKev, loadNvd } from '../../src/services/intel/intel-load.service.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { importCsv, inventoryCsv, SMB1, WIN7_SP1 } from '../factories/inventory.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const INTEL = fileURLToPath(new URL('../../fixtures/intel/', import.meta.url));
const alice = cliActor('alice');

describeEachEngine('audit log', (db, engine) => {
  beforeAll(async () => {
    await importOrganisations(db(), alice, 'orgs.csv', orgCsv());
    await loadNvd(db(), `${INTEL}nvd-demo.json`);
    await loadKev(db(), `${INTEL}kev-demo.json`);
    await importCsv(db(), 'RJ7', inventoryCsv([{ id: 'PC-1', components: [WIN7_SP1, SMB1] }]));
    await addException(
      db(),
      alice,
      {
        org: 'RJ7',
        cve: 'CVE-2017-0144',
        reason: 'r',
        controls: 'c',
        expires: '2099-01-01',
      },
      new Date(),
    );
  });

  it('records every write service in order, with who, which organisation and a summary', async () => {
    const records = (await listAuditRecords(db(), alice, { limit: 100 })).reverse();
    expect(records.map((r) => [r.seq, r.actor, r.action, r.org])).toEqual([
      [1, 'cli:alice', 'organisation.import', null],
      [2, 'system', 'intel.nvd', null],
      [3, 'system', 'intel.kev', null],
      [4, 'system', 'inventory.import', 'RJ7'],
      [5, 'cli:alice', 'exception.add', 'RJ7'],
    ]);
    expect(records[0]?.after).toEqual({ file: 'orgs.csv', rows: 14, created: 14, updated: 0, unchanged: 0 });
    expect(records[3]?.after).toMatchObject({ org: 'RJ7', assets: 1, assetsAdded: 1 });
    expect(records[4]?.after).toMatchObject({ cve: 'CVE-2017-0144', reason: 'r', controls: 'c' });
    expect(await verifyAudit(db(), alice)).toEqual({
      records: 5,
      ok: true,
      problem: null,
      message: '5 audit records, chain intact',
    });
  });

  it('filters by action or action prefix, with % and _ matching only themselves', async () => {
    const actions = async (action: string) =>
      (await listAuditRecords(db(), alice, { limit: 100, action })).map((r) => r.action);
    expect(await actions('inventory')).toEqual(['inventory.import']);
    expect(await actions('exception.add')).toEqual(['exception.add']);
    for (const wildcard of ['%', '_', 'i%', '_nventory', 'inventor_', '%.import', '\\'])
      expect(await actions(wildcard), wildcard).toEqual([]);
  });

  it('lets national roles verify the chain and others read only where they hold audit', async () => {
    const id = async (code: string) => (await showOrganisation(db(), ADMIN_CLI, code)).organisation.id;
    const trustAdmin = userActor(randomUUID(), 'rj7-admin', [{ orgId: await id('RJ7'), role: 'org_admin' }]);
    const viewer = userActor(randomUUID(), 'qwe-viewer', [{ orgId: await id('QWE'), role: 'viewer' }]);
    await expect(verifyAudit(db(), trustAdmin)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listAuditRecords(db(), viewer, { org: 'QWE', limit: 10 })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(listAuditRecords(db(), trustAdmin, { org: 'QWE', limit: 10 })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const own = await listAuditRecords(db(), trustAdmin, { org: 'RJ7', limit: 100 });
    expect(own.length).toBeGreaterThan(0);
    expect(new Set(own.map((r) => r.org))).toEqual(new Set(['RJ7']));
    expect(await listAuditRecords(db(), viewer, { limit: 100 })).toEqual([]);
  });

  it('writes no record for a write that failed (same transaction)', async () => {
    await expect(importCsv(db(), 'NOPE', inventoryCsv([{ id: 'X', components: [SMB1] }]))).rejects.toThrow();
    await expect(
      importOrganisations(db(), ADMIN_CLI, 'bad.csv', 'code,name,kind,parent_code\nZZ1,Z,trust,MISSING\n'),
    ).rejects.toThrow();
    expect((await verifyAudit(db(), alice)).records).toBe(5);
  });

  it('refuses updates and deletes (append-only trigger)', async () => {
    await expect(sql`UPDATE audit_log SET actor = 'mallory' WHERE seq = 2`.execute(db().db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_log WHERE seq = 2`.execute(db().db)).rejects.toThrow(/append-only/);
  });

  it('detects an edited record, then a deleted one, and says which', async () => {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(db().db);
    try {
      await sql`UPDATE audit_log SET after = jsonb_set(after, '{assets}', '0') WHERE seq = 4`.execute(
        db().db,
      );
      expect(await verifyAudit(db(), alice)).toMatchObject({
        ok: false,
        problem: { kind: 'edited', seq: 4 },
        message: 'audit record 4 was edited: its content no longer matches the chain',
      });
      await sql`UPDATE audit_log SET after = jsonb_set(after, '{assets}', '1') WHERE seq = 4`.execute(
        db().db,
      );
      expect((await verifyAudit(db(), alice)).ok).toBe(true);
      await sql`DELETE FROM audit_log WHERE seq = 3`.execute(db().db);
      expect(await verifyAudit(db(), alice)).toMatchObject({
        ok: false,
        problem: { kind: 'deleted', afterSeq: 2, beforeSeq: 4 },
        message: 'audit records were deleted between 2 and 4',
      });
    } finally {
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(db().db);
    }
  });

  if (engine === 'postgres') {
    it('keeps one gap-free chain under concurrent writers', async () => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(db().db);
      await sql`DELETE FROM audit_log`.execute(db().db);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(db().db);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          db()
            .db.transaction()
            .execute((trx) => audit(trx, alice, null, 'exposure.recompute', null, { i })),
        ),
      );
      expect(await verifyAudit(db(), alice)).toMatchObject({ ok: true, records: 20 });
    });
  }
});
