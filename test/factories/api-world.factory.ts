import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { cliActor, SYSTEM_ACTOR } from '../../src/domain/access/actor.js';
import { systemClock } from '../../src/domain/alerts/clock.js';
import { buildApp } from '../../src/http/app.js';
import { makeSignInLimiter } from '../../src/http/plugins/sign-in-limiter.js';
import { createToken } from '../../src/services/access/session.service.js';
import { addUser } from '../../src/services/access/user.service.js';
import { issueAlert } from '../../src/services/alerts/index.js';
import { importContacts } from '../../src/services/contacts/contact.service.js';
import { addException } from '../../src/services/exposure/exception.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import {
  ADMIN_CLI,
  createTestUsers,
  TEST_PASSWORD,
  TEST_USERS,
  type TestIdentity,
  type TestUser,
} from './identity.factory.js';
import { loadShippedIntel } from './intel.factory.js';
import { importCsv, inventoryCsv, SMB1, WIN7_SP1 } from './inventory.factory.js';
import { orgCsv } from './org-csv.factory.js';

/** Organisations with inventory (and so assets and WannaCry findings). */
export const DATA_ORGS = ['RJ7', 'RAL', 'H85001', 'A84001'] as const;
export const EXCEPTION_ORGS = ['RJ7', 'RAL'] as const;

export interface Session {
  cookie: string;
  csrf: string;
}

export interface ApiWorld {
  app: FastifyInstance;
  users: Record<TestUser, TestIdentity>;
  sessions: Record<TestUser, Session>;
  /** A user with no role (a grantee for membership tests). */
  grantee: { id: string };
  /** Per test user, a spare token (to try revoking). */
  spareTokens: Record<TestUser, string>;
  /** Per test user, a token narrowed to the organisation of the user's role (its id). */
  boundTokens: Record<TestUser, string>;
  /** Asset ids per organisation. */
  assets: Record<string, number[]>;
  /** Reference of an alert on CVE-2017-0144 (its targets: the data organisations). */
  alert: string;
}

export async function signInSession(
  app: FastifyInstance,
  username: string,
  password = TEST_PASSWORD,
): Promise<Session> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in ${username}: ${res.statusCode} ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0] as string;
  return { cookie, csrf: res.json().csrfToken };
}

export async function buildApiWorld(database: Database): Promise<ApiWorld> {
  await importOrganisations(database, ADMIN_CLI, 'orgs.csv', orgCsv());
  await loadShippedIntel(database);
  for (const org of DATA_ORGS) {
    await importCsv(
      database,
      org,
      inventoryCsv([
        { id: `${org}-PC-1`, components: [WIN7_SP1, SMB1] },
        { id: `${org}-PC-2`, components: [WIN7_SP1, SMB1, 'mozilla,firefox,52.0'] },
      ]),
    );
  }
  for (const org of EXCEPTION_ORGS) {
    await addException(database, SYSTEM_ACTOR, {
      org,
      cve: 'CVE-2020-6819',
      reason: 'vendor patch pending',
      controls: 'no browsing from these PCs',
      expires: '2099-01-01',
    });
  }
  const issued = await issueAlert(
    database,
    { actor: cliActor('test'), clock: systemClock, render: { publicUrl: null } },
    {
      title: 'WannaCry',
      severity: 'high',
      action: 'patch MS17-010',
      cves: ['CVE-2017-0144'],
      advisory: null,
      targets: [],
    },
  );
  await importContacts(
    database,
    SYSTEM_ACTOR,
    'contacts.csv',
    `org_code,name,email,role,channel,digest\n${DATA_ORGS.map((o) => `${o},Duty officer,duty@${o.toLowerCase()}.nhs.uk,security,email,false`).join('\n')}\n`,
  );
  const users = await createTestUsers(database);
  const grantee = await addUser(database, ADMIN_CLI, { username: 'grantee', password: TEST_PASSWORD });
  const spareTokens = {} as Record<TestUser, string>;
  const boundTokens = {} as Record<TestUser, string>;
  for (const u of Object.values(users)) {
    boundTokens[u.username] = (
      await createToken(
        database,
        ADMIN_CLI,
        { id: u.id, username: u.username },
        { name: 'bound', expiresInDays: 5, org: TEST_USERS[u.username][0] },
      )
    ).id;
    spareTokens[u.username] = (
      await createToken(
        database,
        ADMIN_CLI,
        { id: u.id, username: u.username },
        { name: 'spare', expiresInDays: 5 },
      )
    ).id;
  }
  const app = await buildApp({
    database,
    oidc: null,
    uploadLimitBytes: 64 * 1024,
    limiter: makeSignInLimiter(1000),
  });
  const sessions = {} as Record<TestUser, Session>;
  for (const u of Object.keys(users) as TestUser[]) sessions[u] = await signInSession(app, u);
  const rows = await database.db
    .selectFrom('assets as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .select(['o.code', 'a.id'])
    .execute();
  const assets: Record<string, number[]> = {};
  for (const r of rows) assets[r.code] = [...(assets[r.code] ?? []), Number(r.id)];
  return {
    app,
    users,
    sessions,
    grantee: { id: grantee.user.id },
    spareTokens,
    boundTokens,
    assets,
    alert: issued.reference,
  };
}
