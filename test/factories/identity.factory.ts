/**
 * Users for access tests: one per role on the small federation, each with an API token, created
 * through the real services.
 */
import type { Database } from '../../src/db/connect.js';
import { type Actor, cliActor, userActor } from '../../src/domain/access/actor.js';
import type { Role } from '../../src/domain/access/role.js';
import { createToken } from '../../src/services/access/session.service.js';
import { addUser } from '../../src/services/access/user.service.js';

export const ADMIN_CLI = cliActor('test');

/**
 * People for service tests, each a user with one role on one organisation (ODS code), as actors by
 * user name: the caller a route would build after sign-in, without passwords or tokens.
 */
export async function peopleActors(
  database: Database,
  people: readonly (readonly [name: string, code: string, role: Role])[],
): Promise<Map<string, Actor>> {
  const ids = new Map(
    (await database.db.selectFrom('organisations').select(['code', 'id']).execute()).map((o) => [
      o.code,
      o.id,
    ]),
  );
  const out = new Map<string, Actor>();
  for (const [name, code, role] of people) {
    const orgId = ids.get(code);
    if (!orgId) throw new Error(`no organisation ${code} for ${name}`);
    const u = await database.db
      .insertInto('users')
      .values({ username: name, display_name: name, password_hash: null, oidc_subject: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    out.set(name, userActor(u.id, name, [{ orgId, role }]));
  }
  return out;
}

/** user name → (organisation, role) on SMALL_FEDERATION. */
export const TEST_USERS = {
  nat_analyst: ['X26', 'national_analyst'],
  nat_admin: ['X26', 'national_admin'],
  london_admin: ['Y56', 'org_admin'],
  qwe_admin: ['QWE', 'org_admin'],
  qwe_viewer: ['QWE', 'viewer'],
  rj7_viewer: ['RJ7', 'viewer'],
  rj7_responder: ['RJ7', 'responder'],
  ral_responder: ['RAL', 'responder'],
  ral_admin: ['RAL', 'org_admin'],
  a84_viewer: ['A84001', 'viewer'],
} as const;
export type TestUser = keyof typeof TEST_USERS;

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestIdentity {
  id: string;
  username: TestUser;
  token: string;
  tokenId: string;
}

/** Creates every test user with the test password and a 30-day API token. */
export async function createTestUsers(database: Database): Promise<Record<TestUser, TestIdentity>> {
  const out = {} as Record<TestUser, TestIdentity>;
  for (const [username, [org, role]] of Object.entries(TEST_USERS) as [
    TestUser,
    readonly [string, string],
  ][]) {
    const added = await addUser(database, ADMIN_CLI, { username, password: TEST_PASSWORD, org, role });
    const token = await createToken(
      database,
      ADMIN_CLI,
      { id: added.user.id, username },
      { name: 'tests', expiresInDays: 30 },
    );
    out[username] = { id: added.user.id, username, token: token.token, tokenId: token.id };
  }
  return out;
}

/** The organisations each test user can see (their grant's subtree on SMALL_FEDERATION). */
export const SUBTREES: Record<string, readonly string[]> = {
  X26: [
    'X26',
    'Y56',
    'Y63',
    'QWE',
    'QMJ',
    'QHM',
    'RJ7',
    'RJ701',
    'RAL',
    'H85001',
    'H85002',
    'F83001',
    'FA123',
    'A84001',
  ],
  Y56: ['Y56', 'QWE', 'QMJ', 'RJ7', 'RJ701', 'RAL', 'H85001', 'H85002', 'F83001', 'FA123'],
  QWE: ['QWE', 'RJ7', 'RJ701', 'H85001', 'H85002', 'FA123'],
  RJ7: ['RJ7', 'RJ701'],
  RAL: ['RAL'],
  A84001: ['A84001'],
};

export function visibleTo(user: TestUser): ReadonlySet<string> {
  return new Set(SUBTREES[TEST_USERS[user][0]]);
}
