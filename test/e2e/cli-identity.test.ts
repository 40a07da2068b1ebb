import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.js';
import { signIn } from '../../src/services/access/session.service.js';
import { ensureFirstAdmin } from '../../src/services/access/user.service.js';
import { ensureDemoUsers } from '../../src/services/demo/demo-users.service.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { openTestDatabase, seedMigratedDataDir } from '../setup/engines.js';
import { runWard } from '../setup/run-ward.js';

describe('ward user, token and audit commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ward-identity-'));
  const env: Record<string, string> = { WARD_DATA_DIR: join(dir, 'data'), DATABASE_URL: '' };
  beforeAll(async () => {
    seedMigratedDataDir(env.WARD_DATA_DIR as string);
    writeFileSync(join(dir, 'orgs.csv'), orgCsv());
    expect((await runWard(['org', 'import', join(dir, 'orgs.csv')], env)).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

  it('adds a user with a one-time password, grants a role, creates a token and verifies the audit chain', async () => {
    const added = await runWard(['user', 'add', 'sam', '--org', 'RJ7', '--role', 'responder', '--json'], env);
    expect(added.code, added.stderr).toBe(0);
    const body = JSON.parse(added.stdout);
    expect(body).toMatchObject({
      user: { username: 'sam', mustChangePassword: true },
      membership: { org: 'RJ7', role: 'responder' },
    });
    const grant = await runWard(['user', 'grant', 'sam', 'QWE', 'viewer', '--json'], env);
    expect(JSON.parse(grant.stdout)).toMatchObject({ username: 'sam', org: 'QWE', role: 'viewer' });
    const badRole = await runWard(['user', 'grant', 'sam', 'RJ7', 'national_admin'], env);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('national role');
    const token = await runWard(
      ['token', 'create', 'sam', '--name', 'ci', '--days', '7', '--org', 'RJ7', '--role', 'viewer', '--json'],
      env,
    );
    expect(token.code, token.stderr).toBe(0);
    expect(JSON.parse(token.stdout)).toMatchObject({
      name: 'ci',
      org: 'RJ7',
      maxRole: 'viewer',
      token: expect.stringMatching(/^ward_[\w-]{43}$/),
    });
    const verify = await runWard(['audit', 'verify', '--json'], env);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, records: 5 });
    const list = await runWard(['audit', 'list', '--json'], env);
    expect(JSON.parse(list.stdout).map((r: { action: string }) => r.action)).toEqual([
      'token.create',
      'membership.grant',
      'membership.grant',
      'user.add',
      'organisation.import',
    ]);
    expect(JSON.parse(list.stdout)[0].actor).toMatch(/^cli:/);
  }, 180_000);

  it('creates the first national admin once, and demo users whose passwords work', async () => {
    const database = await openDatabase({ dataDir: env.WARD_DATA_DIR as string });
    try {
      // Users exist already (sam): no first admin.
      expect(await ensureFirstAdmin(database)).toBeNull();
      const demo = await ensureDemoUsers(database);
      expect(demo?.map((c) => [c.username, c.role, c.org])).toEqual([
        ['demo-viewer', 'viewer', 'RAL'],
        ['demo-responder', 'responder', 'RAL'],
        ['demo-org-admin', 'org_admin', 'QMJ'],
        ['demo-analyst', 'national_analyst', 'X26'],
        ['demo-admin', 'national_admin', 'X26'],
      ]);
      const again = await ensureDemoUsers(database);
      expect(again?.[0]?.password).not.toBe(demo?.[0]?.password);
      const attempt = (password: string) => ({ username: 'demo-viewer', password, address: '127.0.0.1' });
      expect((await signIn(database, attempt(again?.[0]?.password as string))).username).toBe('demo-viewer');
      await expect(signIn(database, attempt(demo?.[0]?.password as string))).rejects.toThrow(
        'wrong user name or password',
      );
      // The demo's printed sign-ins are ready to use: no one-time password to change first.
      const viewer = await database.db
        .selectFrom('users')
        .select('must_change_password')
        .where('username', '=', 'demo-viewer')
        .executeTakeFirstOrThrow();
      expect(viewer.must_change_password).toBe(false);
    } finally {
      await database.close();
    }
  });
});

describe('first start', () => {
  it('creates a national admin with a one-time password that signs in', async () => {
    const database = await openTestDatabase('pglite');
    const { importOrganisations } = await import('../../src/services/federation/organisation.service.js');
    expect(await ensureFirstAdmin(database)).toBeNull();
    await importOrganisations(database, ADMIN_CLI, 'orgs.csv', orgCsv());
    const admin = await ensureFirstAdmin(database);
    expect(admin?.username).toBe('admin');
    const session = await signIn(database, {
      username: 'admin',
      password: admin?.password as string,
      address: '127.0.0.1',
    });
    expect(session.username).toBe('admin');
    const grants = await database.db.selectFrom('memberships').select('role').execute();
    expect(grants).toEqual([{ role: 'national_admin' }]);
    expect(await ensureFirstAdmin(database)).toBeNull();
    await database.close();
  });
});
