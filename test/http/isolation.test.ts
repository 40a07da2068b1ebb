/**
 * Isolation over every route: for each route, probes run as each test user (roles on the national
 * root, a region, an ICB, two sibling trusts and a practice in another region) with guessed ids,
 * organisation filters and paginated walks; every org code in every answer must lie in the caller's
 * subtree, hidden organisations answer 404, visible ones without the permission 403. A final test
 * checks that the table covers every route of the app.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { insertDraftOnce } from '../../src/db/repositories/alert-draft.repository.js';
import { TLP_MARKING_ID } from '../../src/domain/sharing/tlp.js';
import { createToken } from '../../src/services/access/session.service.js';
import { reportIncident } from '../../src/services/incident/incident.service.js';
import { loadCsafFile } from '../../src/services/intel/csaf-load.service.js';
import { importAddresses } from '../../src/services/outside/address.service.js';
import { syncExternalAssets } from '../../src/services/outside/external-assets.js';
import { addIndicators } from '../../src/services/sharing/indicator.service.js';
import { createSharingGroup } from '../../src/services/sharing/sharing-group.service.js';
import { importStixBundle } from '../../src/services/sharing/stix-import.service.js';
import { type ApiWorld, buildApiWorld, DATA_ORGS, EXCEPTION_ORGS } from '../factories/api-world.factory.js';
import { loadShippedBaseline } from '../factories/baseline.factory.js';
import { observe, orgIds } from '../factories/external.factory.js';
import { registerRanges } from '../factories/external-report.factory.js';
import { ADMIN_CLI, TEST_USERS, type TestUser } from '../factories/identity.factory.js';
import { INTEL_SNAPSHOT_DIR } from '../factories/intel.factory.js';
import { INVENTORY_HEADER, importCsv, inventoryCsv, SMB1, WIN7_SP1 } from '../factories/inventory.factory.js';
import { multipart } from '../factories/multipart.factory.js';
import { orgCsv, SMALL_FEDERATION } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const ALL = SMALL_FEDERATION.map((l) => l[0]);
/** Six entries of the snapshot's KEV catalogue, as loaded by the test world (so re-importing them changes nothing). */
const KEV_DEMO = (() => {
  const catalogue = JSON.parse(
    gunzipSync(
      readFileSync(join(INTEL_SNAPSHOT_DIR, 'kev/known_exploited_vulnerabilities.json.gz')),
    ).toString(),
  ) as { vulnerabilities: { cveID: string }[] };
  const vulnerabilities = catalogue.vulnerabilities.filter((v) => v.cveID.startsWith('CVE-2017-014'));
  return JSON.stringify({ ...catalogue, count: vulnerabilities.length, vulnerabilities });
})();
/** FortiOS 6.0.4: CVE-2018-13379 and other known-exploited flaws of its SSL VPN. */
const FORTIGATE = { vendor: 'Fortinet', product: 'FortiGate', version: '6.0.4' } as const;
const PARENT = new Map(SMALL_FEDERATION.map((l) => [l[0], l[3]]));
/** The organisation and everything under it, from the federation's parent links (not from Ward). */
function subtree(code: string): Set<string> {
  return new Set(
    ALL.filter((c) => {
      for (let x: string | undefined = c; x; x = PARENT.get(x)) if (x === code) return true;
      return false;
    }),
  );
}
const PERMS: Record<string, string[]> = {
  viewer: ['read'],
  responder: ['read', 'write'],
  org_admin: ['read', 'write', 'admin', 'audit'],
  national_analyst: ['read', 'write', 'audit', 'national'],
  national_admin: ['read', 'write', 'admin', 'audit', 'national'],
};
/** Reference model: where a test user holds a permission. */
function orgsWith(user: TestUser, perm: string): Set<string> {
  const [org, role] = TEST_USERS[user];
  return PERMS[role]?.includes(perm) ? subtree(org) : new Set();
}
const visible = (u: TestUser) => orgsWith(u, 'read');
const USERS = Object.keys(TEST_USERS) as TestUser[];
const TARGETS = ['X26', 'Y56', 'QWE', 'RJ7', 'RJ701', 'RAL', 'QMJ', 'H85001', 'A84001', 'Y63'];
const WRITE_TARGETS = ['RJ7', 'RAL', 'A84001'];
/** Organisations whose kind has a default baseline profile. */
const PROFILED_KINDS = ['icb', 'trust', 'csu', 'alb', 'gp_practice', 'pharmacy', 'social_care'];
const HAS_PROFILE = new Set(SMALL_FEDERATION.filter((l) => PROFILED_KINDS.includes(l[2])).map((l) => l[0]));
const inter = (a: Iterable<string>, b: Set<string>) => new Set([...a].filter((x) => b.has(x)));
const sorted = (s: Iterable<string>) => [...new Set(s)].sort();

/** Expected status of a write on `org` needing `perm`: hidden → 404, visible without it → 403. */
function writeStatus(user: TestUser, perm: string, org: string, ok: number): number {
  if (!visible(user).has(org)) return 404;
  return orgsWith(user, perm).has(org) ? ok : 403;
}

interface Ctx {
  w: ApiWorld;
  db: () => Database;
  call(
    user: TestUser,
    method: string,
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  /** Walks every page of a list (small pages, so cursors are exercised); returns all items. */
  walk(user: TestUser, url: string): Promise<Record<string, unknown>[]>;
  /** Open findings per organisation (from the national analyst's list). */
  findings: Map<string, number>;
  /** Expected open findings over a set of organisations. */
  count(orgs: Iterable<string>): number;
  /** Set up once: a product identity proposal touching the devices of IDENTITY_ORGS. */
  identity?: Promise<void>;
  /** Set up once: an RDP service seen from outside at each of DATA_ORGS, and one alert draft (its id). */
  remote?: Promise<string>;
  /** Set up once: a national worm simulation, its job id and results. */
  wormRun?: Promise<{ job: string; run: SimRun }>;
  /** Set up once: an evidence file on B4.d of each write target, by the national admin (org → file id). */
  evidenceFiles?: Promise<Map<string, string>>;
  /** Set up once: a registered range per target organisation, `10.i.0.0/16` for TARGETS[i]. */
  addresses?: Promise<unknown>;
  /** Set up once: registered ranges and an external scan report seeing a service of each of EXTERNAL_ORGS. */
  external?: Promise<void>;
  /** Set up once: a FortiGate banner with a known-exploited flaw on an address of each data organisation. */
  externalAssets?: Promise<void>;
  /** Set up once: an incident reported by each of INCIDENT_ORGS (org → reference), RAL's shared with A84001. */
  incidents?: Promise<Map<string, string>>;
  /** Set up once: an AMBER+STRICT indicator imported from STIX for each write target. */
  stix?: Promise<void>;
  /** Set up once: an indicator per producer and marking (value → id). */
  indicators?: Promise<Map<string, string>>;
  /** Set up once: an AMBER+STRICT indicator naming an address of each target's registered range. */
  flags?: Promise<void>;
  /** Set up once: a sharing group owned by each write target. */
  groups?: Promise<unknown>;
}

/** A bundle of one AMBER+STRICT indicator, `iso-<org>.example`. */
function stixIsolationBundle(org: string) {
  return {
    type: 'bundle',
    id: 'bundle--6d4f6a3e-52a4-4f7e-9d0e-2b1f0c9e8a71',
    objects: [
      {
        type: 'indicator',
        spec_version: '2.1',
        id: `indicator--${['6f2b1c7e-0a4d-4c55-8e31-9b7d2a0c4e11', '6f2b1c7e-0a4d-4c55-8e31-9b7d2a0c4e12', '6f2b1c7e-0a4d-4c55-8e31-9b7d2a0c4e13'][WRITE_TARGETS.indexOf(org)]}`,
        created: '2026-11-01T00:00:00.000Z',
        modified: '2026-11-01T00:00:00.000Z',
        pattern: `[domain-name:value = 'iso-${org.toLowerCase()}.example']`,
        pattern_type: 'stix',
        valid_from: '2026-11-01T00:00:00Z',
        object_marking_refs: [TLP_MARKING_ID['AMBER+STRICT']],
      },
    ],
  };
}

/** Organisations that report an incident; RAL shares its own with A84001 (in another region). */
const INCIDENT_ORGS = ['RJ7', 'RAL', 'A84001'];
const incidentBody = (org: string) => ({
  org,
  title: `isolation probe at ${org}`,
  summary: 'a phishing e-mail',
  category: 'phishing',
  startedAt: '2026-01-01T08:00:00Z',
  detectedAt: '2026-01-01T09:00:00Z',
  personalData: false,
  indicators: [{ value: `sender@${org.toLowerCase()}-phish.example` }],
});

async function seedIncidents(c: Ctx): Promise<Map<string, string>> {
  const refs = new Map<string, string>();
  for (const org of INCIDENT_ORGS) {
    const body = { ...incidentBody(org), ...(org === 'RAL' ? { shareWith: { orgs: ['A84001'] } } : {}) };
    refs.set(org, (await reportIncident(c.db(), ADMIN_CLI, body)).reference);
  }
  return refs;
}

/** Reads an incident of `org`: its line of hierarchy, or the organisation RAL's is shared with. */
function readsIncident(u: TestUser, org: string): boolean {
  return visible(u).has(org) || (org === 'RAL' && TEST_USERS[u][0] === 'A84001');
}
const national = (u: TestUser) => orgsWith(u, 'national').size > 0;

/** Registers `10.i.0.0/16` for TARGETS[i] (nested ranges: RJ701's is not inside RJ7's, each stands alone). */
function seedAddresses(c: Ctx) {
  const text = `org_code,kind,value\n${TARGETS.map((code, i) => `${code},range,10.${i}.0.0/16`).join('\n')}\n`;
  return importAddresses(c.db(), ADMIN_CLI, { name: 'addresses.csv', text });
}

const evidenceFileUrl = (org: string) => `/api/v1/baseline/assessments/${org}/outcomes/B4.d/files?year=2025`;

/** Attaches one text file as `u` to B4.d of the organisation's 2025 draft. */
function attachEvidence(c: Ctx, u: TestUser, org: string) {
  const { payload, headers } = multipart({}, [{ name: `${u}.txt`, content: `evidence from ${u}\n` }]);
  return c.call(u, 'POST', evidenceFileUrl(org), payload, headers);
}

async function seedEvidenceFiles(c: Ctx): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const org of WRITE_TARGETS) {
    const res = await attachEvidence(c, 'nat_admin', org);
    expectStatus(res, 201, `seed evidence on ${org}`);
    ids.set(org, res.json().items[0].id);
  }
  return ids;
}

/** Organisations whose CMMS inventory names the synthetic advisory's pump its own way. */
const IDENTITY_ORGS = new Set(['RJ7', 'A84001']);
const IDENTITY_ADVISORY = fileURLToPath(
  new URL('../fixtures/feeds/csaf/identity-advisory.json', import.meta.url),
);
const CMMS = (org: string) =>
  `${INVENTORY_HEADER}\n${org}-MD-1,${org.toLowerCase()}-pump-1,medical_device,Example Medical,Volumetra 3000,,10.9.0.1,medical,false,life_critical,Example Medical,Volumetra 3000,1.2,,\n`;

/** An RDP service seen from outside at each organisation holding data, and one alert draft for RJ7. */
async function seedRemoteWorking(c: Ctx): Promise<string> {
  const database = c.db();
  const orgs = await database.db.selectFrom('organisations').select(['id', 'code']).execute();
  for (const [i, code] of DATA_ORGS.entries())
    await database.db
      .insertInto('external_services')
      .values({
        org_id: orgs.find((o) => o.code === code)?.id as string,
        source: 'isolation',
        address: `198.51.100.${i + 1}`,
        port: 3389,
        protocol: 'tcp',
        kind: 'rdp',
        severity: 'high',
        first_seen: new Date('2026-05-01T00:00:00Z'),
        last_seen: new Date('2026-05-02T00:00:00Z'),
      })
      .execute();
  const id = await insertDraftOnce(database.db, {
    trigger: 'kev',
    trigger_key: 'CVE-2019-0708',
    products: ['microsoft-rds'],
    title: 'isolation probe',
    severity: 'high',
    action: 'check',
    cves: ['CVE-2019-0708'],
    targets: ['org:RJ7'],
    why: 'a probe',
    created_at: new Date('2026-05-02T00:00:00Z'),
  });
  return id as string;
}

interface RouteCase {
  routes: string[];
  run(ctx: Ctx, user: TestUser): Promise<void>;
}

function expectStatus(res: LightMyRequestResponse, status: number, what: string) {
  expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBe(status);
  if (status >= 400) expect(res.headers['content-type']).toContain('application/problem+json');
}

/** The parts of a simulation run these probes look at. */
interface SimRun {
  id: string;
  national: unknown;
  orgs: { code: string }[];
}

/** Polls a simulation job until it ends; returns its final state. */
async function waitFor(c: Ctx, u: TestUser, id: string): Promise<{ [k: string]: unknown; run: SimRun }> {
  for (;;) {
    const res = await c.call(u, 'GET', `/api/v1/sim/jobs/${id}`);
    expectStatus(res, 200, 'own job');
    if (res.json().state !== 'running') return res.json();
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts a worm simulation as `u` and waits for it; the job must end done. */
async function simulate(c: Ctx, u: TestUser, body: object): Promise<{ job: string; run: SimRun }> {
  const start = await c.call(u, 'POST', '/api/v1/sim/worm', body);
  expectStatus(start, 202, 'start');
  expect(start.json()).toMatchObject({ state: 'running', run: null });
  const done = await waitFor(c, u, start.json().id);
  expect(done, JSON.stringify(done.error)).toMatchObject({ state: 'done', phase: 'done' });
  expect(done.runsDone).toBe(done.runsTotal);
  return { job: start.json().id, run: done.run };
}

const CASES: RouteCase[] = [
  {
    routes: ['GET /api/v1/organisations/:code'],
    async run(c, u) {
      for (const code of ALL) {
        const res = await c.call(u, 'GET', `/api/v1/organisations/${code}`);
        expectStatus(res, visible(u).has(code) ? 200 : 404, code);
        if (res.statusCode === 200) expect(res.json().organisation.code).toBe(code);
      }
    },
  },
  {
    routes: ['GET /api/v1/organisations/tree'],
    async run(c, u) {
      const codes = (node: { code: string; children: unknown[] }): string[] => [
        node.code,
        ...(node.children as { code: string; children: unknown[] }[]).flatMap(codes),
      ];
      const own = await c.call(u, 'GET', '/api/v1/organisations/tree?depth=10');
      expectStatus(own, 200, 'own tree');
      expect(sorted(codes(own.json()))).toEqual(sorted(visible(u)));
      for (const code of TARGETS) {
        const res = await c.call(u, 'GET', `/api/v1/organisations/tree?code=${code}&depth=10`);
        expectStatus(res, visible(u).has(code) ? 200 : 404, code);
        if (res.statusCode === 200) expect(sorted(codes(res.json()))).toEqual(sorted(subtree(code)));
      }
    },
  },
  {
    routes: ['GET /api/v1/organisations'],
    async run(c, u) {
      expect(sorted((await c.walk(u, '/api/v1/organisations?limit=4')).map((o) => o.code as string))).toEqual(
        sorted(visible(u)),
      );
      for (const code of TARGETS) {
        const res = await c.call(u, 'GET', `/api/v1/organisations?under=${code}&limit=500`);
        expectStatus(res, visible(u).has(code) ? 200 : 404, code);
        if (res.statusCode === 200)
          expect(sorted(res.json().items.map((o: { code: string }) => o.code))).toEqual(
            sorted(subtree(code)),
          );
      }
    },
  },
  {
    routes: ['GET /api/v1/assets'],
    async run(c, u) {
      const items = await c.walk(u, '/api/v1/assets?limit=3');
      expect(sorted(items.map((a) => a.org as string))).toEqual(sorted(inter(DATA_ORGS, visible(u))));
      expect(items).toHaveLength(2 * inter(DATA_ORGS, visible(u)).size);
      for (const code of TARGETS) {
        const res = await c.call(u, 'GET', `/api/v1/assets?org=${code}&limit=500&type=workstation`);
        expectStatus(res, visible(u).has(code) ? 200 : 404, code);
        if (res.statusCode === 200)
          expect(sorted(res.json().items.map((a: { org: string }) => a.org))).toEqual(
            sorted(inter(DATA_ORGS, subtree(code))),
          );
      }
    },
  },
  {
    routes: ['GET /api/v1/assets/:id'],
    async run(c, u) {
      for (const org of DATA_ORGS) {
        for (const id of c.w.assets[org] ?? []) {
          const res = await c.call(u, 'GET', `/api/v1/assets/${id}`);
          expectStatus(res, visible(u).has(org) ? 200 : 404, `${org} asset ${id}`);
          if (res.statusCode === 200) expect(res.json()).toMatchObject({ id, org });
        }
      }
      expectStatus(await c.call(u, 'GET', '/api/v1/assets/999999'), 404, 'unknown asset');
    },
  },
  {
    routes: ['GET /api/v1/findings'],
    async run(c, u) {
      const items = await c.walk(u, '/api/v1/findings?limit=3');
      expect(sorted(items.map((f) => f.org as string))).toEqual(sorted(inter(DATA_ORGS, visible(u))));
      expect(items).toHaveLength(c.count(visible(u)));
      const kev = await c.walk(u, '/api/v1/findings?limit=2&kev=true&cve=CVE-2017-0144&all=true');
      expect(sorted(kev.map((f) => f.org as string))).toEqual(sorted(inter(DATA_ORGS, visible(u))));
      for (const code of TARGETS) {
        const res = await c.call(u, 'GET', `/api/v1/findings?org=${code}&limit=500`);
        expectStatus(res, visible(u).has(code) ? 200 : 404, code);
        if (res.statusCode === 200)
          expect(sorted(res.json().items.map((f: { org: string }) => f.org))).toEqual(
            sorted(inter(DATA_ORGS, subtree(code))),
          );
      }
    },
  },
  {
    routes: ['GET /api/v1/exposure/summary'],
    async run(c, u) {
      expectStatus(await c.call(u, 'GET', '/api/v1/exposure/summary'), 200, 'default');
      for (const code of TARGETS) {
        const res = await c.call(u, 'GET', `/api/v1/exposure/summary?org=${code}`);
        expectStatus(res, visible(u).has(code) ? 200 : 404, code);
        if (res.statusCode !== 200) continue;
        const body = res.json();
        expect(body.totals.findings).toBe(c.count(subtree(code)));
        for (const child of body.children) expect(visible(u).has(child.code)).toBe(true);
      }
    },
  },
  {
    routes: ['GET /api/v1/exposure/who/:cve'],
    async run(c, u) {
      const items = await c.walk(u, '/api/v1/exposure/who/CVE-2017-0144?limit=1');
      expect(sorted(items.map((o) => o.code as string))).toEqual(sorted(inter(DATA_ORGS, visible(u))));
      const res = await c.call(u, 'GET', '/api/v1/exposure/who/CVE-2017-0144');
      expect(res.json().totals.organisations).toBe(inter(DATA_ORGS, visible(u)).size);
    },
  },
  {
    routes: ['GET /api/v1/exceptions'],
    async run(c, u) {
      const items = await c.walk(u, '/api/v1/exceptions?limit=1&active=true');
      expect(sorted(items.map((x) => x.org as string))).toEqual(sorted(inter(EXCEPTION_ORGS, visible(u))));
      for (const code of TARGETS) {
        const res = await c.call(u, 'GET', `/api/v1/exceptions?org=${code}&cve=CVE-2020-6819`);
        expectStatus(res, visible(u).has(code) ? 200 : 404, code);
      }
    },
  },
  {
    routes: ['GET /api/v1/vulnerabilities/:cve', 'GET /api/v1/intel/status'],
    async run(c, u) {
      const res = await c.call(u, 'GET', '/api/v1/vulnerabilities/CVE-2017-0144');
      expectStatus(res, 200, 'vuln');
      expect(res.json().kev.dueDate).toBe('2022-08-10');
      expectStatus(await c.call(u, 'GET', '/api/v1/vulnerabilities/CVE-2099-0001'), 404, 'unknown CVE');
      const status = await c.call(u, 'GET', '/api/v1/intel/status');
      expectStatus(status, 200, 'intel');
      // The whole KEV catalogue (2025-08-25) of the intel snapshot the test world loads.
      expect(status.json().counts.kev).toBe(1404);
    },
  },
  {
    routes: ['GET /api/v1/auth/session'],
    async run(c, u) {
      const res = await c.call(u, 'GET', '/api/v1/auth/session');
      expectStatus(res, 200, 'session');
      expect(res.json().memberships.map((m: { org: string; role: string }) => [m.org, m.role])).toEqual([
        [...TEST_USERS[u]],
      ]);
    },
  },
  {
    routes: ['GET /api/v1/users'],
    async run(c, u) {
      const admin = orgsWith(u, 'admin');
      const expected = USERS.filter((x) => admin.has(TEST_USERS[x][0]));
      const national = TEST_USERS[u][1] === 'national_admin';
      const items = await c.walk(u, '/api/v1/users?limit=3');
      expect(sorted(items.map((x) => x.username as string))).toEqual(
        sorted(national ? [...expected, 'grantee'] : expected),
      );
      for (const code of TARGETS) {
        const res = await c.call(u, 'GET', `/api/v1/users?org=${code}`);
        expectStatus(res, writeStatus(u, 'admin', code, 200), code);
      }
    },
  },
  {
    routes: ['GET /api/v1/users/:id'],
    async run(c, u) {
      for (const target of USERS) {
        const res = await c.call(u, 'GET', `/api/v1/users/${c.w.users[target].id}`);
        const ok = target === u || orgsWith(u, 'admin').has(TEST_USERS[target][0]);
        expectStatus(res, ok ? 200 : 404, target);
      }
    },
  },
  {
    routes: ['GET /api/v1/memberships'],
    async run(c, u) {
      const admin = orgsWith(u, 'admin');
      const items = await c.walk(u, '/api/v1/memberships?limit=2');
      expect(sorted(items.map((m) => `${m.username}@${m.org}`))).toEqual(
        sorted(USERS.filter((x) => admin.has(TEST_USERS[x][0])).map((x) => `${x}@${TEST_USERS[x][0]}`)),
      );
      for (const code of TARGETS) {
        expectStatus(
          await c.call(u, 'GET', `/api/v1/memberships?org=${code}`),
          writeStatus(u, 'admin', code, 200),
          code,
        );
      }
    },
  },
  {
    routes: ['GET /api/v1/tokens'],
    async run(c, u) {
      // Own tokens, and others' only where narrowed to an organisation in the admin subtree (a
      // national admin: all). The test users' other tokens are unbound.
      const admin = orgsWith(u, 'admin');
      const national = TEST_USERS[u][1] === 'national_admin';
      const items = await c.walk(u, '/api/v1/tokens?limit=3');
      const expected = USERS.flatMap((x) =>
        x === u || national
          ? [`${x}/tests`, `${x}/spare`, `${x}/bound`]
          : admin.has(TEST_USERS[x][0])
            ? [`${x}/bound`]
            : [],
      );
      expect(sorted(items.map((t) => `${t.username}/${t.name}`))).toEqual(sorted(expected));
      for (const t of items) if (t.username !== u && !national) expect(admin.has(t.org as string)).toBe(true);
    },
  },
  {
    routes: ['GET /api/v1/audit'],
    async run(c, u) {
      const audit = orgsWith(u, 'audit');
      const items = await c.walk(u, '/api/v1/audit?limit=7');
      const national = TEST_USERS[u][1].startsWith('national');
      for (const r of items) {
        if (r.org === null) expect(national).toBe(true);
        else expect(audit.has(r.org as string), `${r.action} on ${r.org}`).toBe(true);
      }
      const imports = items.filter((r) => r.action === 'inventory.import').map((r) => r.org as string);
      expect(sorted(imports)).toEqual(sorted(inter(DATA_ORGS, audit)));
      for (const code of TARGETS) {
        expectStatus(
          await c.call(u, 'GET', `/api/v1/audit?org=${code}&action=inventory`),
          writeStatus(u, 'audit', code, 200),
          code,
        );
      }
    },
  },
  {
    routes: ['POST /api/v1/scan'],
    async run(c, u) {
      const { payload, headers } = multipart({}, [
        { name: 'scan.csv', content: inventoryCsv([{ id: 'X-1', components: [WIN7_SP1, SMB1] }]) },
      ]);
      const res = await c.call(u, 'POST', '/api/v1/scan', payload, headers);
      expectStatus(res, 200, 'scan');
      expect(res.json().findings.map((f: { cve: string }) => f.cve)).toContain('CVE-2017-0144');
    },
  },
  {
    routes: ['GET /api/v1/alerts', 'GET /api/v1/alerts/:reference/status'],
    async run(c, u) {
      const mine = inter(DATA_ORGS, visible(u));
      const items = await c.walk(u, '/api/v1/alerts?limit=1');
      expect(items.find((a) => a.reference === c.w.alert)).toMatchObject({ targets: mine.size });
      const res = await c.call(u, 'GET', `/api/v1/alerts/${c.w.alert}/status?targets=true`);
      expectStatus(res, 200, 'status');
      expect(sorted(res.json().targets.map((t: { code: string }) => t.code))).toEqual(sorted(mine));
      expect(res.json().counts.targets).toBe(mine.size);
      for (const code of TARGETS) {
        const r = await c.call(u, 'GET', `/api/v1/alerts/${c.w.alert}/status?org=${code}&targets=true`);
        expectStatus(r, visible(u).has(code) ? 200 : 404, code);
        if (r.statusCode === 200)
          expect(sorted(r.json().targets.map((t: { code: string }) => t.code))).toEqual(
            sorted(inter(mine, subtree(code))),
          );
      }
    },
  },
  {
    routes: [
      'GET /api/v1/remote-access',
      'GET /api/v1/alert-drafts',
      'POST /api/v1/alert-drafts/:id/issue',
      'POST /api/v1/alert-drafts/:id/dismiss',
    ],
    async run(c, u) {
      c.remote ??= seedRemoteWorking(c);
      const draft = await c.remote;
      const own = await c.call(u, 'GET', '/api/v1/remote-access');
      expectStatus(own, 200, 'own remote access');
      const rdp = (body: { products: { id: string; organisations: number; topOrganisations: string[] }[] }) =>
        body.products.find((p) => p.id === 'microsoft-rds');
      expect(own.json().org.code).toBe(TEST_USERS[u][0]);
      expect(rdp(own.json())?.organisations).toBe(inter(DATA_ORGS, visible(u)).size);
      for (const p of own.json().products as { topOrganisations: string[] }[])
        for (const code of p.topOrganisations) expect(visible(u).has(code), code).toBe(true);
      for (const code of TARGETS) {
        const res = await c.call(u, 'GET', `/api/v1/remote-access?org=${code}`);
        expectStatus(res, visible(u).has(code) ? 200 : 404, `remote access ${code}`);
        if (res.statusCode === 200) {
          expect(rdp(res.json())?.organisations).toBe(inter(DATA_ORGS, subtree(code)).size);
          expect(sorted(rdp(res.json())?.topOrganisations ?? [])).toEqual(
            sorted(inter(DATA_ORGS, subtree(code))),
          );
        }
      }
      const national = TEST_USERS[u][1].startsWith('national');
      const list = await c.call(u, 'GET', '/api/v1/alert-drafts?all=true');
      expectStatus(list, national ? 200 : 403, 'drafts');
      if (national) expect(list.json().map((d: { id: string }) => d.id)).toContain(draft);
      expectStatus(
        await c.call(u, 'POST', `/api/v1/alert-drafts/${national ? '999999' : draft}/issue`),
        national ? 404 : 403,
        'issue draft',
      );
      expectStatus(
        await c.call(u, 'POST', `/api/v1/alert-drafts/${national ? '999999' : draft}/dismiss`, {
          reason: 'probe',
        }),
        national ? 404 : 403,
        'dismiss draft',
      );
    },
  },
  {
    routes: ['GET /api/v1/contacts'],
    async run(c, u) {
      const items = await c.walk(u, '/api/v1/contacts?limit=1');
      expect(sorted(items.map((x) => x.org as string))).toEqual(sorted(inter(DATA_ORGS, visible(u))));
      for (const code of TARGETS) {
        const res = await c.call(u, 'GET', `/api/v1/contacts?org=${code}`);
        expectStatus(res, visible(u).has(code) ? 200 : 404, code);
      }
    },
  },
  {
    routes: ['GET /api/v1/addresses', 'GET /api/v1/addresses/lookup'],
    async run(c, u) {
      c.addresses ??= seedAddresses(c);
      await c.addresses;
      // Only this case's ranges (10.i.0.0/16): the external-exposure case registers its own.
      const items = (await c.walk(u, '/api/v1/addresses?limit=3')).filter((x) =>
        String(x.value).startsWith('10.'),
      );
      expect(sorted(items.map((x) => x.org as string))).toEqual(sorted(inter(TARGETS, visible(u))));
      for (const [i, code] of TARGETS.entries()) {
        const res = await c.call(u, 'GET', `/api/v1/addresses?org=${code}`);
        expectStatus(res, visible(u).has(code) ? 200 : 404, code);
        const found = await c.call(u, 'GET', `/api/v1/addresses/lookup?ip=10.${i}.7.7`);
        expectStatus(found, 200, `lookup ${code}`);
        // An address of an organisation outside the caller's scope is "not registered", as an unknown one.
        expect(found.json().owner?.org ?? null, code).toBe(visible(u).has(code) ? code : null);
      }
      expect((await c.call(u, 'GET', '/api/v1/addresses/lookup?ip=11.0.0.1')).json().owner).toBeNull();
      expectStatus(await c.call(u, 'GET', '/api/v1/addresses/lookup?ip=10.0.0.300'), 400, 'bad ip');
    },
  },
  {
    routes: [
      'GET /api/v1/overview/alert-compliance',
      'GET /api/v1/overview/top-exposures',
      'GET /api/v1/overview/medical-devices',
    ],
    async run(c, u) {
      const own = await c.call(u, 'GET', '/api/v1/overview/alert-compliance');
      expectStatus(own, 200, 'own compliance');
      expect(own.json().totals.targets).toBe(inter(DATA_ORGS, visible(u)).size);
      for (const code of TARGETS) {
        const under = inter(DATA_ORGS, subtree(code));
        const compliance = await c.call(u, 'GET', `/api/v1/overview/alert-compliance?org=${code}`);
        expectStatus(compliance, visible(u).has(code) ? 200 : 404, `compliance ${code}`);
        if (compliance.statusCode === 200) {
          expect(compliance.json().org.code).toBe(code);
          expect(compliance.json().totals).toMatchObject({ targets: under.size, awaiting: under.size });
          expect(compliance.json().trend.map((w: { targets: number }) => w.targets)).toEqual(
            under.size ? [under.size] : [],
          );
        }
        const top = await c.call(u, 'GET', `/api/v1/overview/top-exposures?org=${code}&limit=100`);
        expectStatus(top, visible(u).has(code) ? 200 : 404, `top ${code}`);
        if (top.statusCode === 200) {
          const items = top.json().items as { cve: string; organisations: number; devices: number }[];
          const wannacry = items.find((i) => i.cve === 'CVE-2017-0144');
          expect(wannacry?.organisations ?? 0).toBe(under.size);
          expect(wannacry?.devices ?? 0).toBe(2 * under.size);
          // Every CVE as the worklist counts it: exceptions (CVE-2020-6819 at RAL and RJ7) subtracted.
          const list = await c.call(u, 'GET', `/api/v1/findings?org=${code}&limit=500&certainty=confirmed`);
          const byCve = new Map<string, { orgs: Set<string>; devices: number }>();
          for (const f of list.json().items as { cve: string; org: string; assets: number }[]) {
            const e = byCve.get(f.cve) ?? { orgs: new Set<string>(), devices: 0 };
            e.orgs.add(f.org);
            e.devices += f.assets;
            byCve.set(f.cve, e);
          }
          expect(Object.fromEntries(items.map((i) => [i.cve, [i.organisations, i.devices]]))).toEqual(
            Object.fromEntries([...byCve].map(([cve, e]) => [cve, [e.orgs.size, e.devices]])),
          );
        }
        const medical = await c.call(u, 'GET', `/api/v1/overview/medical-devices?org=${code}`);
        expectStatus(medical, visible(u).has(code) ? 200 : 404, `medical ${code}`);
        if (medical.statusCode === 200) expect(medical.json().totals.devices).toBe(0);
      }
    },
  },
  {
    routes: [
      'GET /api/v1/baseline/frameworks',
      'GET /api/v1/baseline/frameworks/:id/outcomes',
      'GET /api/v1/baseline/profiles',
    ],
    async run(c, u) {
      const frameworks = await c.call(u, 'GET', '/api/v1/baseline/frameworks');
      expectStatus(frameworks, 200, 'frameworks');
      expect(frameworks.json().items.map((f: { id: string }) => f.id)).toEqual(['caf-3.2-e', 'caf-4.0-e']);
      const outcomes = await c.call(u, 'GET', '/api/v1/baseline/frameworks/caf-3.2-e/outcomes');
      expect(outcomes.json().items).toHaveLength(47);
      expectStatus(
        await c.call(u, 'GET', '/api/v1/baseline/frameworks/nope/outcomes'),
        404,
        'unknown framework',
      );
      const profile = await c.call(u, 'GET', '/api/v1/baseline/profiles?year=2025&kind=trust');
      expect(profile.json().items).toHaveLength(47);
    },
  },
  {
    routes: ['GET /api/v1/baseline/assessments/:code'],
    async run(c, u) {
      for (const code of TARGETS) {
        const res = await c.call(u, 'GET', `/api/v1/baseline/assessments/${code}?year=2025`);
        // Regions, the national root and trust sites have no profile: not found for everyone.
        expectStatus(res, visible(u).has(code) && HAS_PROFILE.has(code) ? 200 : 404, code);
        if (res.statusCode === 200) expect(res.json().org.code).toBe(code);
      }
    },
  },
  {
    routes: ['GET /api/v1/baseline/summary'],
    async run(c, u) {
      const own = await c.call(u, 'GET', '/api/v1/baseline/summary?year=2025');
      expectStatus(own, 200, 'own summary');
      expect(own.json().organisations).toBe(inter(HAS_PROFILE, visible(u)).size);
      for (const code of TARGETS) {
        const res = await c.call(u, 'GET', `/api/v1/baseline/summary?org=${code}&year=2025`);
        expectStatus(res, visible(u).has(code) ? 200 : 404, code);
        if (res.statusCode !== 200) continue;
        expect(res.json().organisations).toBe(inter(HAS_PROFILE, subtree(code)).size);
        for (const o of res.json().furthest) expect(subtree(code).has(o.code)).toBe(true);
        for (const child of res.json().children) {
          expect(PARENT.get(child.code)).toBe(code);
          expect(visible(u).has(child.code)).toBe(true);
        }
      }
    },
  },
  {
    // One national run read back by everyone: each caller sees exactly the national run's
    // organisations within their own subtree, and the federation-wide figures with national scope.
    routes: [
      'POST /api/v1/sim/worm',
      'GET /api/v1/sim/jobs/:id',
      'GET /api/v1/sim/runs',
      'GET /api/v1/sim/runs/:id',
    ],
    async run(c, u) {
      c.wormRun ??= simulate(c, 'nat_admin', {
        profile: 'wannacry-2017',
        runs: 4,
        seedOrgs: ['RJ7', 'RAL', 'A84001'],
      });
      const national = (await c.wormRun).run;
      expect(national.orgs.map((o) => o.code)).toEqual(expect.arrayContaining(['RJ7', 'RAL', 'A84001']));
      const nationalScope = TEST_USERS[u][1].startsWith('national');
      const read = await c.call(u, 'GET', `/api/v1/sim/runs/${national.id}`);
      expectStatus(read, 200, 'run');
      const codes = (r: { orgs: { code: string }[] }) => r.orgs.map((o) => o.code);
      expect(codes(read.json())).toEqual(codes(national).filter((code) => visible(u).has(code)));
      expect(read.json().national === null).toBe(!nationalScope);
      const job = await c.call(u, 'GET', `/api/v1/sim/jobs/${(await c.wormRun).job}`);
      expectStatus(job, nationalScope ? 200 : 404, 'another caller’s job');
      if (job.statusCode === 200) expect(job.json().run.orgs).toEqual(read.json().orgs);
      const list = await c.call(u, 'GET', '/api/v1/sim/runs');
      expectStatus(list, 200, 'runs');
      expect(list.json().items.map((r: { id: string }) => r.id)).toContain(national.id);
      expectStatus(
        await c.call(u, 'GET', '/api/v1/sim/runs/00000000-0000-4000-8000-000000000000'),
        404,
        'no run',
      );
      // Starting: seeds must be visible; ranking levers is national; the caller's own job is theirs to follow.
      for (const code of TARGETS) {
        const res = await c.call(u, 'POST', '/api/v1/sim/worm', {
          profile: 'wannacry-2017',
          runs: 1,
          seedOrgs: [code],
          levers: ['nonsense'],
        });
        expectStatus(res, visible(u).has(code) ? 400 : 404, `seed ${code}`);
      }
      const ranking = await c.call(u, 'POST', '/api/v1/sim/worm', {
        profile: 'wannacry-2017',
        runs: 1,
        rankLevers: true,
      });
      if (!nationalScope) expectStatus(ranking, 403, 'ranking levers');
      else {
        expectStatus(ranking, 202, 'ranking levers');
        await waitFor(c, u, ranking.json().id);
      }
      if (u === 'nat_admin') return;
      const own = await simulate(c, u, { profile: 'wannacry-2017', runs: 1 });
      expect(own.run.national === null).toBe(!nationalScope);
      for (const code of codes(own.run)) expect(visible(u).has(code)).toBe(true);
    },
  },
  // Writes last: they add rows the reads above count.
  {
    // Access is decided before state: on a fresh draft, submitting is refused as incomplete (400),
    // reviewing and publishing as out of turn (409), for those allowed; others get 403 or 404.
    routes: [
      'PUT /api/v1/baseline/assessments/:code/outcomes/:outcome',
      'POST /api/v1/baseline/assessments/:code/submit',
      'POST /api/v1/baseline/assessments/:code/review',
      'POST /api/v1/baseline/assessments/:code/publish',
    ],
    async run(c, u) {
      const national = TEST_USERS[u][1].startsWith('national');
      const admin = orgsWith(u, 'admin');
      for (const org of WRITE_TARGETS) {
        const put = await c.call(u, 'PUT', `/api/v1/baseline/assessments/${org}/outcomes/B4.d?year=2025`, {
          level: 'Achieved',
          justification: `by ${u}`,
        });
        expectStatus(put, writeStatus(u, 'write', org, 200), `set ${org}`);
        if (put.statusCode === 200) expect(put.json()).toMatchObject({ org: { code: org }, state: 'draft' });
        const submit = await c.call(u, 'POST', `/api/v1/baseline/assessments/${org}/submit?year=2025`);
        expectStatus(submit, writeStatus(u, 'write', org, 400), `submit ${org}`);
        const reviewer = national || admin.has(PARENT.get(org) as string);
        const review = await c.call(u, 'POST', `/api/v1/baseline/assessments/${org}/review?year=2025`, {
          verdicts: [{ outcome: 'B4.d', verdict: 'agree' }],
        });
        expectStatus(review, !visible(u).has(org) ? 404 : reviewer ? 409 : 403, `review ${org}`);
        const publish = await c.call(u, 'POST', `/api/v1/baseline/assessments/${org}/publish?year=2025`);
        expectStatus(
          publish,
          !visible(u).has(org) ? 404 : national || admin.has(org) ? 409 : 403,
          `publish ${org}`,
        );
      }
    },
  },
  {
    // Files on a draft: writers attach and delete their own; readers list and download; the
    // national admin's file is out of reach outside the caller's subtree.
    routes: [
      'POST /api/v1/baseline/assessments/:code/outcomes/:outcome/files',
      'GET /api/v1/baseline/assessments/:code/files',
      'GET /api/v1/baseline/assessments/:code/files/:id',
      'DELETE /api/v1/baseline/assessments/:code/files/:id',
    ],
    async run(c, u) {
      c.evidenceFiles ??= seedEvidenceFiles(c);
      const seeded = await c.evidenceFiles;
      for (const org of WRITE_TARGETS) {
        const id = seeded.get(org) as string;
        const attached = await attachEvidence(c, u, org);
        expectStatus(attached, writeStatus(u, 'write', org, 201), `attach on ${org}`);
        const list = await c.call(u, 'GET', `/api/v1/baseline/assessments/${org}/files?year=2025`);
        expectStatus(list, visible(u).has(org) ? 200 : 404, `list on ${org}`);
        if (list.statusCode === 200) expect(list.json().items.map((f: { id: string }) => f.id)).toContain(id);
        const download = await c.call(u, 'GET', `/api/v1/baseline/assessments/${org}/files/${id}`);
        expectStatus(download, visible(u).has(org) ? 200 : 404, `download on ${org}`);
        if (download.statusCode === 200) expect(download.body).toBe('evidence from nat_admin\n');
        if (attached.statusCode === 201) {
          const own = attached.json().items[0].id;
          expectStatus(
            await c.call(u, 'DELETE', `/api/v1/baseline/assessments/${org}/files/${own}`),
            204,
            `delete own on ${org}`,
          );
        } else {
          expectStatus(
            await c.call(u, 'DELETE', `/api/v1/baseline/assessments/${org}/files/${id}`),
            writeStatus(u, 'write', org, 204),
            `delete on ${org}`,
          );
        }
      }
      for (const code of TARGETS) {
        const res = await c.call(u, 'GET', `/api/v1/baseline/assessments/${code}/files?year=2025`);
        expectStatus(res, visible(u).has(code) ? 200 : 404, `list on ${code}`);
      }
    },
  },
  {
    // National admin work: everyone else is refused before the file is looked at; the national
    // admin is told every problem of a bad file, and nothing is imported.
    routes: ['POST /api/v1/baseline/frameworks', 'POST /api/v1/baseline/profiles'],
    async run(c, u) {
      const nationalAdmin = TEST_USERS[u][1] === 'national_admin';
      const framework = multipart({}, [{ name: 'bad.json', content: '{"id": "x"}' }]);
      const f = await c.call(u, 'POST', '/api/v1/baseline/frameworks', framework.payload, framework.headers);
      expectStatus(f, nationalAdmin ? 400 : 403, 'framework import');
      const csv = 'framework,year,kind,outcome,expected_level\ncaf-3.2-e,2025,trust,Z9.z,Achieved\n';
      const profile = multipart({}, [{ name: 'bad.csv', content: csv }]);
      const p = await c.call(u, 'POST', '/api/v1/baseline/profiles', profile.payload, profile.headers);
      expectStatus(p, nationalAdmin ? 400 : 403, 'profile import');
      if (nationalAdmin)
        expect(p.json().problems).toEqual([expect.objectContaining({ file: 'bad.csv', line: 2 })]);
    },
  },
  {
    // The products register: everyone signed in reads it; only a national admin imports it, and
    // everyone else is refused before the file is looked at.
    routes: ['GET /api/v1/products', 'GET /api/v1/products/:key', 'POST /api/v1/products/import'],
    async run(c, u) {
      const list = await c.call(u, 'GET', '/api/v1/products?category=messaging&limit=500');
      expectStatus(list, 200, 'register');
      expect(list.json().items.map((p: { key: string }) => p.key)).toContain('a:whatsapp:whatsapp');
      const one = await c.call(u, 'GET', `/api/v1/products/${encodeURIComponent('o:microsoft:windows_7')}`);
      expectStatus(one, 200, 'one product');
      expect(one.json().statuses[0]).toMatchObject({ status: 'end-of-life', endOfLife: '2020-01-14' });
      expectStatus(await c.call(u, 'GET', '/api/v1/products/a:nobody:nothing'), 404, 'unknown product');
      const nationalAdmin = TEST_USERS[u][1] === 'national_admin';
      const header = 'key,name,vendor,category,status,use\n';
      const bad = multipart({}, [{ name: 'bad.csv', content: `${header}a:x:y,Y,X,messaging,banned,\n` }]);
      const b = await c.call(u, 'POST', '/api/v1/products/import', bad.payload, bad.headers);
      expectStatus(b, nationalAdmin ? 400 : 403, 'bad register import');
      if (nationalAdmin)
        expect(b.json().problems).toEqual([expect.objectContaining({ file: 'bad.csv', line: 2 })]);
      const good = multipart({}, [
        { name: 'ok.csv', content: `${header}a:${u}:chat,Chat,X,messaging,approved,\n` },
      ]);
      const g = await c.call(u, 'POST', '/api/v1/products/import', good.payload, good.headers);
      expectStatus(g, nationalAdmin ? 201 : 403, 'register import');
      const after = await c.call(u, 'GET', `/api/v1/products/a:${u}:chat`);
      expectStatus(after, nationalAdmin ? 200 : 404, 'imported product');
    },
  },
  {
    // Findings of product policy: every data organisation runs Windows 7 (past end of life).
    routes: ['GET /api/v1/product-findings'],
    async run(c, u) {
      for (const code of TARGETS) {
        const res = await c.call(u, 'GET', `/api/v1/product-findings?org=${code}`);
        expectStatus(res, visible(u).has(code) ? 200 : 404, code);
        if (res.statusCode !== 200) continue;
        const orgs = new Set(res.json().items.map((f: { org: string }) => f.org));
        const expected = DATA_ORGS.filter((o) => subtree(code).has(o));
        expect([...orgs].sort(), code).toEqual([...expected].sort());
      }
      const all = await c.call(u, 'GET', '/api/v1/product-findings');
      expectStatus(all, 200, 'whole scope');
      const seen = new Set(all.json().items.map((f: { org: string }) => f.org));
      expect([...seen].sort()).toEqual(DATA_ORGS.filter((o) => visible(u).has(o)).sort());
    },
  },
  {
    routes: ['POST /api/v1/alerts/:reference/responses'],
    async run(c, u) {
      for (const org of WRITE_TARGETS) {
        const res = await c.call(u, 'POST', `/api/v1/alerts/${c.w.alert}/responses`, {
          orgs: [org],
          status: 'acknowledged',
        });
        expectStatus(res, writeStatus(u, 'write', org, 200), org);
        if (res.statusCode === 200) {
          const body = res.json();
          expect([...body.applied, ...body.skipped].map((x: { code: string }) => x.code)).toEqual([org]);
        }
        const bulk = await c.call(u, 'POST', `/api/v1/alerts/${c.w.alert}/responses`, {
          under: org,
          status: 'in_progress',
        });
        expectStatus(bulk, writeStatus(u, 'write', org, 200), `under ${org}`);
      }
    },
  },
  {
    routes: ['POST /api/v1/inventory/imports'],
    async run(c, u) {
      for (const org of WRITE_TARGETS) {
        const csv = inventoryCsv([{ id: `ISO-${u}`, components: ['mozilla,firefox,99.0'] }]);
        const { payload, headers } = multipart({ org, source: `iso-${u}` }, [
          { name: 'iso.csv', content: csv },
        ]);
        const res = await c.call(u, 'POST', '/api/v1/inventory/imports', payload, headers);
        expectStatus(res, writeStatus(u, 'write', org, 201), org);
        if (res.statusCode === 201) expect(res.json()).toMatchObject({ org, assets: 1, assetsAdded: 1 });
      }
    },
  },
  {
    routes: ['POST /api/v1/exceptions'],
    async run(c, u) {
      for (const org of WRITE_TARGETS) {
        const res = await c.call(u, 'POST', '/api/v1/exceptions', {
          org,
          cve: 'CVE-2017-0144',
          asset: `${org}-PC-1`,
          reason: 'isolation',
          controls: 'port 445 blocked',
          expires: '2099-01-01',
        });
        expectStatus(res, writeStatus(u, 'write', org, 201), org);
        if (res.statusCode === 201)
          expect(res.json()).toMatchObject({ org, asset: `${org}-PC-1`, createdBy: `user:${u}` });
      }
    },
  },
  {
    routes: ['PUT /api/v1/memberships', 'DELETE /api/v1/memberships/:org/:userId'],
    async run(c, u) {
      for (const org of WRITE_TARGETS) {
        const put = await c.call(u, 'PUT', '/api/v1/memberships', {
          username: 'grantee',
          org,
          role: 'viewer',
        });
        expectStatus(put, writeStatus(u, 'admin', org, 200), `grant on ${org}`);
        const del = await c.call(u, 'DELETE', `/api/v1/memberships/${org}/${c.w.grantee.id}`);
        expectStatus(del, put.statusCode === 200 ? 204 : 404, `revoke on ${org}`);
      }
      const national = await c.call(u, 'PUT', '/api/v1/memberships', {
        username: 'grantee',
        org: 'X26',
        role: 'national_analyst',
      });
      expectStatus(
        national,
        TEST_USERS[u][1] === 'national_admin' ? 200 : visible(u).has('X26') ? 403 : 404,
        'national grant',
      );
      if (national.statusCode === 200) await c.call(u, 'DELETE', `/api/v1/memberships/X26/${c.w.grantee.id}`);
    },
  },
  {
    // Grants are generated, not a fixed input: every administrator grants a role on its own
    // organisation to every other user, then tries to reach that user's tokens and memberships.
    // Only users it administers already (or a national admin) can be granted to; the grant never
    // reaches tokens or memberships outside the granter's subtree.
    routes: [
      'PUT /api/v1/memberships',
      'GET /api/v1/users/:id',
      'GET /api/v1/tokens',
      'DELETE /api/v1/tokens/:id',
    ],
    async run(c, u) {
      const [own, role] = TEST_USERS[u];
      const admin = orgsWith(u, 'admin');
      const national = role === 'national_admin';
      for (const t of USERS) {
        if (t === u || TEST_USERS[t][0] === own) continue;
        const put = await c.call(u, 'PUT', '/api/v1/memberships', { username: t, org: own, role: 'viewer' });
        const expected = admin.size === 0 ? 403 : national || admin.has(TEST_USERS[t][0]) ? 200 : 404;
        expectStatus(put, expected, `grant ${t} viewer on ${own}`);
        if (put.statusCode === 404) expect(put.json().detail).toBe(`no user ${t}`);
        // Fresh tokens of t: one unbound, one narrowed to t's own organisation.
        const owner = { id: c.w.users[t].id, username: t };
        const unbound = await createToken(c.db(), ADMIN_CLI, owner, { name: `g-${u}`, expiresInDays: 1 });
        const bound = await createToken(c.db(), ADMIN_CLI, owner, {
          name: `gb-${u}`,
          expiresInDays: 1,
          org: TEST_USERS[t][0],
        });
        const user = await c.call(u, 'GET', `/api/v1/users/${c.w.users[t].id}`);
        if (user.statusCode === 200 && !national)
          for (const m of user.json().memberships) expect(admin.has(m.org), `${t} on ${m.org}`).toBe(true);
        for (const tok of await c.walk(u, '/api/v1/tokens?limit=50'))
          if (tok.username !== u && !national)
            expect(admin.has(tok.org as string), `token on ${tok.org}`).toBe(true);
        expectStatus(
          await c.call(u, 'DELETE', `/api/v1/tokens/${unbound.id}`),
          national ? 204 : 404,
          'unbound',
        );
        const reach = national || admin.has(TEST_USERS[t][0]);
        expectStatus(await c.call(u, 'DELETE', `/api/v1/tokens/${bound.id}`), reach ? 204 : 404, 'bound');
        if (put.statusCode === 200)
          expectStatus(
            await c.call(u, 'DELETE', `/api/v1/memberships/${own}/${c.w.users[t].id}`),
            204,
            'undo',
          );
      }
    },
  },
  {
    routes: ['POST /api/v1/users'],
    async run(c, u) {
      for (const org of WRITE_TARGETS) {
        const res = await c.call(u, 'POST', '/api/v1/users', {
          username: `new-${u}-${org}`.toLowerCase(),
          org,
          role: 'viewer',
        });
        expectStatus(res, writeStatus(u, 'admin', org, 201), org);
        if (res.statusCode === 201) expect(res.json().oneTimePassword).toMatch(/^[\w-]{23}$/);
      }
    },
  },
  {
    routes: ['POST /api/v1/tokens', 'DELETE /api/v1/tokens/:id'],
    async run(c, u) {
      for (const org of WRITE_TARGETS) {
        const res = await c.call(u, 'POST', '/api/v1/tokens', { name: `iso ${org}`, org, expiresInDays: 1 });
        expectStatus(res, visible(u).has(org) ? 201 : 404, org);
      }
      const national = TEST_USERS[u][1] === 'national_admin';
      for (const target of USERS) {
        const spare = await c.call(u, 'DELETE', `/api/v1/tokens/${c.w.spareTokens[target]}`);
        expectStatus(spare, target === u || national ? 204 : 404, `revoke ${target}'s unbound token`);
        const bound = await c.call(u, 'DELETE', `/api/v1/tokens/${c.w.boundTokens[target]}`);
        const ok = target === u || national || orgsWith(u, 'admin').has(TEST_USERS[target][0]);
        expectStatus(bound, ok ? 204 : 404, `revoke ${target}'s token narrowed to ${TEST_USERS[target][0]}`);
      }
    },
  },
  {
    routes: ['POST /api/v1/contacts/imports'],
    async run(c, u) {
      for (const org of WRITE_TARGETS) {
        const csv = `org_code,name,email,role,channel,digest\n${org},${u},${u}@example.nhs.uk,it,email,true\n`;
        const res = await c.call(u, 'POST', '/api/v1/contacts/imports', csv, { 'content-type': 'text/csv' });
        // Organisations outside the caller's admin scope are unknown to the import.
        expectStatus(res, orgsWith(u, 'admin').has(org) ? 201 : 400, org);
        if (res.statusCode === 400) expect(res.json().problems[0].reason).toBe(`unknown organisation ${org}`);
      }
    },
  },
  {
    routes: ['POST /api/v1/addresses/import'],
    async run(c, u) {
      const anywhere = TEST_USERS[u][1].endsWith('admin');
      for (const [i, org] of WRITE_TARGETS.entries()) {
        const csv = `org_code,kind,value\n${org},range,172.16.${i}.0/24\n`;
        const res = await c.call(u, 'POST', '/api/v1/addresses/import?add=true', csv, {
          'content-type': 'text/csv',
        });
        // No admin permission anywhere: refused before the file is read; else organisations outside it are unknown.
        expectStatus(res, !anywhere ? 403 : orgsWith(u, 'admin').has(org) ? 201 : 400, org);
        if (res.statusCode === 400) expect(res.json().problems[0].reason).toBe(`unknown organisation ${org}`);
      }
    },
  },
  {
    routes: [
      'POST /api/v1/alerts',
      'PATCH /api/v1/alerts/:reference',
      'POST /api/v1/alerts/:reference/withdraw',
    ],
    async run(c, u) {
      const national = TEST_USERS[u][1].startsWith('national');
      const issued = await c.call(u, 'POST', '/api/v1/alerts', {
        title: `drill by ${u}`,
        severity: 'low',
        action: 'check',
        cves: ['CVE-2017-0144'],
      });
      expectStatus(issued, national ? 201 : 403, 'issue');
      const ref = national ? issued.json().reference : c.w.alert;
      if (national) expect(issued.json().totals.organisations).toBe(DATA_ORGS.length);
      expectStatus(
        await c.call(u, 'PATCH', `/api/v1/alerts/${ref}`, { note: 'more detail', title: 'drill (edited)' }),
        national ? 200 : 403,
        'edit',
      );
      expectStatus(
        await c.call(u, 'POST', `/api/v1/alerts/${ref}/withdraw`, { reason: 'drill over' }),
        national ? 200 : 403,
        'withdraw',
      );
    },
  },
  {
    routes: [
      'GET /api/v1/identity/proposals',
      'POST /api/v1/identity/proposals/:id/confirm',
      'POST /api/v1/identity/proposals/:id/reject',
    ],
    async run(c, u) {
      c.identity ??= (async () => {
        const database = c.db();
        await loadCsafFile(database, IDENTITY_ADVISORY);
        for (const org of IDENTITY_ORGS) await importCsv(database, org, CMMS(org), 'cmms');
      })();
      await c.identity;
      const national = TEST_USERS[u][1].startsWith('national');
      const touching = (orgs: Set<string>) => inter(IDENTITY_ORGS, orgs).size;
      const items = await c.walk(u, '/api/v1/identity/proposals?limit=1');
      const expected = national ? IDENTITY_ORGS.size : touching(visible(u));
      expect(items.map((p) => [p.inventoryKey, p.organisations, p.devices])).toEqual(
        expected > 0 ? [['a:example_medical:volumetra_3000', expected, expected]] : [],
      );
      for (const code of TARGETS) {
        const res = await c.call(u, 'GET', `/api/v1/identity/proposals?org=${code}`);
        expectStatus(res, visible(u).has(code) ? 200 : 404, code);
        if (res.statusCode === 200) {
          const n = touching(subtree(code));
          expect(res.json().items.map((p: { organisations: number }) => p.organisations)).toEqual(
            n ? [n] : [],
          );
        }
      }
      const all = await c.walk('nat_analyst', '/api/v1/identity/proposals?limit=10');
      const id = all[0]?.id as number;
      const reject = await c.call(u, 'POST', `/api/v1/identity/proposals/${id}/reject`, {
        reason: `drill by ${u}`,
      });
      expectStatus(reject, national ? 200 : 403, 'reject');
      const confirm = await c.call(u, 'POST', `/api/v1/identity/proposals/${id}/confirm`, {
        note: 'checked',
      });
      expectStatus(confirm, national ? 200 : 403, 'confirm');
      if (national)
        expect(confirm.json()).toMatchObject({ alias: { status: 'confirmed' }, findingsOpened: 2 });
      expectStatus(
        await c.call(u, 'POST', '/api/v1/identity/proposals/999999/confirm', {}),
        national ? 404 : 403,
        'unknown proposal',
      );
    },
  },
  {
    routes: [
      'POST /api/v1/organisations/imports',
      'POST /api/v1/intel/imports',
      'POST /api/v1/exposure/recompute',
      'GET /api/v1/audit/verify',
    ],
    async run(c, u) {
      const role = TEST_USERS[u][1];
      const admin = role === 'national_admin';
      const national = role.startsWith('national');
      // The same tree and the same intel again: allowed or not, nothing changes.
      const tree = multipart({}, [{ name: 'orgs.csv', content: orgCsv() }]);
      const imported = await c.call(u, 'POST', '/api/v1/organisations/imports', tree.payload, tree.headers);
      expectStatus(imported, admin ? 201 : 403, 'org import');
      if (admin) expect(imported.json()).toMatchObject({ rows: ALL.length, created: 0, updated: 0 });
      const kev = multipart({}, [{ name: 'kev.json', content: KEV_DEMO }]);
      const loaded = await c.call(u, 'POST', '/api/v1/intel/imports', kev.payload, kev.headers);
      expectStatus(loaded, national ? 200 : 403, 'intel import');
      if (national) expect(loaded.json().files[0]).toMatchObject({ format: 'kev', changed: 0, issues: [] });
      const recomputed = await c.call(u, 'POST', '/api/v1/exposure/recompute');
      expectStatus(recomputed, admin ? 200 : 403, 'recompute');
      if (admin) expect(recomputed.json()).toMatchObject({ opened: 0, reopened: 0, fixed: 0 });
      const verified = await c.call(u, 'GET', '/api/v1/audit/verify');
      expectStatus(verified, national ? 200 : 403, 'audit verify');
      if (national) expect(verified.json().ok).toBe(true);
    },
  },
  {
    routes: ['POST /api/v1/auth/sign-in', 'POST /api/v1/auth/password'],
    async run(c, u) {
      const res = await c.w.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username: u, password: 'wrong password' },
      });
      expectStatus(res, 401, 'wrong password');
      expectStatus(
        await c.call(u, 'POST', '/api/v1/auth/password', { current: 'wrong', next: 'a new long password' }),
        401,
        'password',
      );
    },
  },
  {
    routes: ['POST /api/v1/observations/import', 'GET /api/v1/external', 'GET /api/v1/external/summary'],
    async run(c, u) {
      c.external ??= seedExternal(c);
      await c.external;
      const { payload, headers } = multipart({}, [{ name: 'report.csv', content: EXTERNAL_REPORT }]);
      const national = orgsWith(u, 'national').size > 0;
      const imported = await c.call(
        u,
        'POST',
        '/api/v1/observations/import?source=isolation',
        payload,
        headers,
      );
      expectStatus(imported, national ? 201 : 403, 'import');
      if (national)
        expect(imported.json().reports[0]).toMatchObject({ alreadyImported: true, attributed: 5 });
      const mine = await c.call(u, 'GET', '/api/v1/external?all=true');
      expectStatus(mine, 200, 'list');
      // This case's exposures are SMB; the banner case observes services of its own.
      type Item = { org: string; kind: string };
      const smb = (items: Item[]) => items.filter((e) => e.kind === 'smb').map((e) => e.org);
      expect(sorted(smb(mine.json().items))).toEqual(sorted(inter(EXTERNAL_ORGS, visible(u))));
      for (const code of TARGETS) {
        const res = await c.call(u, 'GET', `/api/v1/external?org=${code}`);
        expectStatus(res, visible(u).has(code) ? 200 : 404, `list ${code}`);
        if (res.statusCode === 200)
          expect(sorted(smb(res.json().items))).toEqual(sorted(inter(EXTERNAL_ORGS, subtree(code))));
        const sum = await c.call(u, 'GET', `/api/v1/external/summary?org=${code}`);
        expectStatus(sum, visible(u).has(code) ? 200 : 404, `summary ${code}`);
        if (sum.statusCode !== 200) continue;
        const openSmb = (sum.json().rows as { counts: { kind: string; open: number }[] }[])
          .flatMap((r) => r.counts)
          .filter((k) => k.kind === 'smb')
          .reduce((n, k) => n + k.open, 0);
        expect(openSmb).toBe(inter(EXTERNAL_ORGS, subtree(code)).size);
        for (const row of sum.json().rows) expect(visible(u).has(row.org), row.org).toBe(true);
        expect(sum.json().recentReports === null).toBe(!national);
      }
    },
  },
  {
    routes: ['GET /api/v1/external/findings'],
    async run(c, u) {
      c.externalAssets ??= (async () => {
        const database = c.db();
        for (const [i, org] of DATA_ORGS.entries())
          await observe(database, { org, address: `198.51.100.${i + 1}`, port: 443, ...FORTIGATE });
        await syncExternalAssets(database, [...(await orgIds(database)).values()]);
      })();
      await c.externalAssets;
      const items = await c.walk(u, '/api/v1/external/findings?limit=5');
      expect(sorted(items.map((f) => (f.finding as { org: string }).org))).toEqual(
        sorted(inter(DATA_ORGS, visible(u))),
      );
      for (const code of TARGETS) {
        const res = await c.call(u, 'GET', `/api/v1/external/findings?org=${code}&kev=true`);
        expectStatus(res, visible(u).has(code) ? 200 : 404, code);
        if (res.statusCode === 200)
          expect(sorted(res.json().items.map((f: { finding: { org: string } }) => f.finding.org))).toEqual(
            sorted(inter(DATA_ORGS, subtree(code))),
          );
      }
    },
  },
  {
    routes: [
      'GET /api/v1/incidents',
      'POST /api/v1/incidents',
      'GET /api/v1/incidents/:reference',
      'POST /api/v1/incidents/:reference/updates',
      'POST /api/v1/incidents/:reference/triage',
      'POST /api/v1/incidents/:reference/indicators/share',
      'POST /api/v1/incidents/:reference/alert',
    ],
    async run(c, u) {
      c.incidents ??= seedIncidents(c);
      const refs = await c.incidents;
      const list = await c.call(u, 'GET', '/api/v1/incidents?limit=1000');
      expectStatus(list, 200, 'list');
      const items = list.json() as { reference: string; org: { code: string } }[];
      for (const i of items) expect(readsIncident(u, i.org.code), i.reference).toBe(true);
      expect(
        sorted(items.filter((i) => [...refs.values()].includes(i.reference)).map((i) => i.org.code)),
      ).toEqual(sorted(INCIDENT_ORGS.filter((o) => readsIncident(u, o))));
      for (const code of TARGETS) {
        const res = await c.call(u, 'GET', `/api/v1/incidents?org=${code}`);
        expectStatus(res, visible(u).has(code) ? 200 : 404, code);
        if (res.statusCode === 200)
          for (const i of res.json() as { org: { code: string } }[])
            expect(subtree(code).has(i.org.code)).toBe(true);
      }
      for (const [org, ref] of refs) {
        const reads = readsIncident(u, org);
        const writes = orgsWith(u, 'write').has(org) || national(u);
        const shown = await c.call(u, 'GET', `/api/v1/incidents/${ref}`);
        expectStatus(shown, reads ? 200 : 404, `${org} ${ref}`);
        if (reads) expect(shown.json().org.code).toBe(org);
        const update = await c.call(u, 'POST', `/api/v1/incidents/${ref}/updates`, { text: `from ${u}` });
        expectStatus(update, reads ? (writes ? 201 : 403) : 404, `update ${ref}`);
        const triage = await c.call(u, 'POST', `/api/v1/incidents/${ref}/triage`, {
          severity: 'medium',
          leadAnalyst: u,
          significant: false,
        });
        expectStatus(triage, reads ? (national(u) ? 200 : 403) : 404, `triage ${ref}`);
        const share = await c.call(u, 'POST', `/api/v1/incidents/${ref}/indicators/share`, {
          indicator: `sender@${org.toLowerCase()}-phish.example`,
          tlp: 'AMBER+STRICT',
        });
        expectStatus(share, reads ? (writes ? 201 : 403) : 404, `share ${ref}`);
        const alert = await c.call(u, 'POST', `/api/v1/incidents/${ref}/alert`, {
          action: 'isolation probe',
          severity: 'low',
          targets: [`org:${org}`],
        });
        expectStatus(alert, national(u) ? 201 : 403, `alert ${ref}`);
        if (alert.statusCode === 201) expect(alert.json().targets).toEqual([`org:${org}`]);
      }
      expectStatus(await c.call(u, 'GET', '/api/v1/incidents/INC-2026-999999'), 404, 'unknown incident');
      for (const org of WRITE_TARGETS) {
        const res = await c.call(u, 'POST', '/api/v1/incidents', incidentBody(org));
        expectStatus(res, writeStatus(u, 'write', org, 201), `report for ${org}`);
      }
    },
  },
  {
    routes: ['POST /api/v1/stix/import', 'GET /api/v1/stix/bundle'],
    async run(c, u) {
      // Each write target holds one AMBER+STRICT indicator: only its own entity's callers see it.
      c.stix ??= (async () => {
        for (const org of WRITE_TARGETS)
          await importStixBundle(c.db(), ADMIN_CLI, stixIsolationBundle(org), {
            source: 'stix:isolation',
            producerCode: org,
          });
      })();
      await c.stix;
      for (const org of WRITE_TARGETS) {
        const res = await c.call(
          u,
          'POST',
          `/api/v1/stix/import?org=${org}&source=stix:isolation`,
          stixIsolationBundle(org),
        );
        expectStatus(res, writeStatus(u, 'write', org, 201), `import for ${org}`);
        if (res.statusCode === 201)
          expect(res.json().imports[0]).toMatchObject({
            producer: org,
            indicators: { created: 0, updated: 1 },
          });
      }
      const exported = await c.call(u, 'GET', '/api/v1/stix/bundle');
      expectStatus(exported, 200, 'export');
      const names = (exported.json().objects as { type: string; name?: string }[])
        .filter((o) => o.type === 'indicator' && o.name?.startsWith('iso-'))
        .map((o) => o.name);
      const own = TEST_USERS[u][0];
      expect(names).toEqual(
        (WRITE_TARGETS as readonly string[]).includes(own) ? [`iso-${own.toLowerCase()}.example`] : [],
      );
    },
  },
  {
    routes: [
      'GET /api/v1/indicators',
      'GET /api/v1/indicators/:ref',
      'GET /api/v1/indicators/:ref/sightings',
      'GET /api/v1/indicators/summary',
    ],
    async run(c, u) {
      const seeded = await seedIndicators(c);
      const all = await c.walk(u, '/api/v1/indicators?limit=7');
      const seen = all.map((i) => i.value as string).filter((v) => v.endsWith('.seed.example'));
      const expected = [...seeded.keys()].filter((v) => tlpSees(u, v));
      expect(sorted(seen)).toEqual(sorted(expected));
      for (const [value, id] of seeded) {
        for (const url of [`/api/v1/indicators/${id}`, `/api/v1/indicators/${id}/sightings`]) {
          const res = await c.call(u, 'GET', url);
          expectStatus(res, tlpSees(u, value) ? 200 : 404, `${url} (${value})`);
        }
      }
      const summary = (await c.call(u, 'GET', '/api/v1/indicators/summary')).json();
      const count = (tlp: string) => summary.byTlp.find((t: { tlp: string }) => t.tlp === tlp)?.count ?? 0;
      // The counts are of exactly what the caller's list shows (other routes' cases add indicators
      // of their own; the seeded ones are checked above), and include every seeded one it may see.
      for (const tlp of ['AMBER', 'AMBER+STRICT', 'RED']) {
        expect(count(tlp), tlp).toBe(all.filter((i) => i.tlp === tlp).length);
        expect(count(tlp), tlp).toBeGreaterThanOrEqual(
          expected.filter((v) => v.includes(`-${tlpSlug(tlp)}-0.`)).length,
        );
      }
    },
  },
  {
    routes: ['POST /api/v1/indicators', 'POST /api/v1/indicators/import'],
    async run(c, u) {
      for (const org of WRITE_TARGETS) {
        const res = await c.call(u, 'POST', '/api/v1/indicators', {
          org,
          indicators: [{ value: `add-${slug(u)}-${org}.example`, tlp: 'green' }],
        });
        expectStatus(res, writeStatus(u, 'write', org, 201), `add for ${org}`);
        const { payload, headers } = multipart({}, [
          { name: 'iocs.csv', content: `value,tlp\nimport-${slug(u)}-${org}.example,green\n` },
        ]);
        const imported = await c.call(u, 'POST', `/api/v1/indicators/import?org=${org}`, payload, headers);
        expectStatus(imported, writeStatus(u, 'write', org, 201), `import for ${org}`);
      }
    },
  },
  {
    routes: ['POST /api/v1/indicators/:ref/sightings', 'POST /api/v1/indicators/:ref/revoke'],
    async run(c, u) {
      const seeded = await seedIndicators(c);
      const green = seeded.get('rj7-green-0.seed.example') as string;
      const strict = seeded.get('ral-amber-strict-0.seed.example') as string;
      for (const org of WRITE_TARGETS) {
        const res = await c.call(u, 'POST', `/api/v1/indicators/${green}/sightings`, { org });
        expectStatus(res, writeStatus(u, 'write', org, 201), `sight ${org}`);
        const hidden = await c.call(u, 'POST', `/api/v1/indicators/${strict}/sightings`, { org });
        const ok = writeStatus(u, 'write', org, 201);
        expectStatus(
          hidden,
          ok === 201 && !tlpSees(u, 'ral-amber-strict-0.seed.example') ? 404 : ok,
          `sight hidden ${org}`,
        );
      }
      for (const org of WRITE_TARGETS) {
        const [mine] = await addIndicators(c.db(), ADMIN_CLI, org, [
          { value: `revoke-${slug(u)}-${org}.example`, tlp: 'green' },
        ]);
        const res = await c.call(u, 'POST', `/api/v1/indicators/${mine?.id}/revoke`);
        expectStatus(res, orgsWith(u, 'write').has(org) ? 200 : 403, `revoke ${org}`);
      }
    },
  },
  {
    routes: ['GET /api/v1/indicators/flags'],
    async run(c, u) {
      c.addresses ??= seedAddresses(c);
      await c.addresses;
      c.flags ??= (async () => {
        const values = TARGETS.map((_, i) => ({ value: `10.${i}.0.5`, tlp: 'amber+strict' }));
        await addIndicators(c.db(), ADMIN_CLI, 'QHM', values);
      })();
      await c.flags;
      for (const [i, code] of TARGETS.entries()) {
        const res = await c.call(u, 'GET', `/api/v1/indicators/flags?org=${code}`);
        expectStatus(res, visible(u).has(code) ? 200 : 404, code);
        if (res.statusCode !== 200) continue;
        // QHM's AMBER+STRICT indicator: the organisation learns its own address was named, nothing more.
        expect(res.json().items).toEqual([
          { org: code, kind: 'range', detail: `10.${i}.0.5`, flaggedAt: expect.any(String), indicator: null },
        ]);
      }
    },
  },
  {
    routes: [
      'GET /api/v1/sharing-groups',
      'POST /api/v1/sharing-groups',
      'POST /api/v1/sharing-groups/:name/members',
    ],
    async run(c, u) {
      for (const org of WRITE_TARGETS) {
        const res = await c.call(u, 'POST', '/api/v1/sharing-groups', {
          name: `${u} ${org}`,
          owner: org,
          members: ['QMJ'],
        });
        expectStatus(res, writeStatus(u, 'write', org, 201), `create for ${org}`);
        const owned = `owned by ${org}`;
        c.groups ??= Promise.all(
          WRITE_TARGETS.map((o) =>
            createSharingGroup(c.db(), ADMIN_CLI, { name: `owned by ${o}`, owner: o }),
          ),
        );
        await c.groups;
        const added = await c.call(u, 'POST', `/api/v1/sharing-groups/${encodeURIComponent(owned)}/members`, {
          members: ['under:QHM'],
        });
        // Who may manage a group: write on its owner; to anyone else the group is not theirs to change.
        expectStatus(added, orgsWith(u, 'write').has(org) ? 200 : 404, `add to ${owned}`);
      }
      const list = await c.call(u, 'GET', '/api/v1/sharing-groups');
      expectStatus(list, 200, 'list');
      expect(list.json().items.map((g: { name: string }) => g.name)).toEqual(
        expect.arrayContaining(WRITE_TARGETS.map((o) => `owned by ${o}`)),
      );
    },
  },
];

/** The producers and markings seeded for the indicator routes; AMBER is shared with under:QWE, RED with rj7_viewer. */
const SEED_PRODUCERS = ['RJ7', 'RAL', 'A84001', 'QWE'];
const SEED_TLPS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];
/** A test user's name as a domain label. */
const slug = (u: TestUser) => u.replace(/_/g, '-');
const tlpSlug = (tlp: string) => tlp.toLowerCase().replace('+', '-');

/** Reference model of the TLP rule for a seeded value (`<producer>-<tlp>-0.seed.example`), from the test users' grants. */
function tlpSees(u: TestUser, value: string): boolean {
  const [producer, ...rest] = value.replace('-0.seed.example', '').split('-');
  const tlp = rest.join('-');
  const org = TEST_USERS[u][0];
  if (tlp === 'clear' || tlp === 'green') return true;
  if (tlp === 'red') return u === 'rj7_viewer';
  const own = org === producer?.toUpperCase();
  if (tlp === 'amber-strict') return own;
  return own || subtree('QWE').has(org);
}

/** Set up once: one indicator per producer and marking, by the operator; value → id. */
function seedIndicators(c: Ctx): Promise<Map<string, string>> {
  c.indicators ??= (async () => {
    const out = new Map<string, string>();
    for (const producer of SEED_PRODUCERS)
      for (const tlp of SEED_TLPS) {
        const value = `${producer.toLowerCase()}-${tlpSlug(tlp)}-0.seed.example`;
        const [added] = await addIndicators(c.db(), ADMIN_CLI, producer, [
          {
            value,
            tlp,
            shareWith:
              tlp === 'AMBER' ? { orgs: ['under:QWE'] } : tlp === 'RED' ? { people: ['rj7_viewer'] } : {},
          },
        ]);
        out.set(value, added?.id as string);
      }
    return out;
  })();
  return c.indicators;
}

/** Organisations an external report sees a service of, one address each in its registered range. */
const EXTERNAL_ORGS = ['RJ7', 'RJ701', 'RAL', 'H85001', 'A84001'];
const EXTERNAL_REPORT = [
  'timestamp,ip,port,protocol,asn,geo,tag',
  ...EXTERNAL_ORGS.map((_, i) => `2026-01-0${i + 1} 01:00:00,172.20.${i + 1}.5,445,tcp,64512,GB,smb`),
  '2026-01-09 01:00:00,192.0.2.1,445,tcp,64512,GB,smb',
].join('\n');

async function seedExternal(c: Ctx): Promise<void> {
  await registerRanges(
    c.db(),
    EXTERNAL_ORGS.map((code, i) => [code, `172.20.${i + 1}.0/24`]),
  );
  const { payload, headers } = multipart({}, [{ name: 'report.csv', content: EXTERNAL_REPORT }]);
  const res = await c.call(
    'nat_analyst',
    'POST',
    '/api/v1/observations/import?source=isolation',
    payload,
    headers,
  );
  expectStatus(res, 201, 'seed external report');
  expect(res.json().reports[0]).toMatchObject({
    alreadyImported: false,
    attributed: 5,
    unknown: 1,
    opened: 5,
  });
}

/** Covered in auth.test.ts and oidc.test.ts (they end sessions or need a provider). */
const ELSEWHERE = [
  'POST /api/v1/auth/sign-out',
  'GET /api/v1/auth/oidc/login',
  'GET /api/v1/auth/oidc/callback',
];

describeEachEngine('isolation over every route', (db) => {
  const ctx = {} as Ctx;
  beforeAll(async () => {
    ctx.db = db;
    ctx.w = await buildApiWorld(db());
    await loadShippedBaseline(db());
    ctx.call = (user, method, url, payload, headers = {}) => {
      const s = ctx.w.sessions[user];
      return ctx.w.app.inject({
        method: method as 'GET',
        url,
        payload: payload as string,
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...headers },
      });
    };
    ctx.walk = async (user, url) => {
      const items: Record<string, unknown>[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 100; pages++) {
        const res = await ctx.call(user, 'GET', cursor ? `${url}&cursor=${encodeURIComponent(cursor)}` : url);
        expectStatus(res, 200, url);
        const body = res.json();
        items.push(...body.items);
        cursor = body.nextCursor;
        if (!cursor) return items;
      }
      throw new Error('too many pages');
    };
    const all = await ctx.walk('nat_analyst', '/api/v1/findings?limit=500');
    ctx.findings = new Map();
    for (const f of all) ctx.findings.set(f.org as string, (ctx.findings.get(f.org as string) ?? 0) + 1);
    expect(sorted(ctx.findings.keys())).toEqual(sorted(DATA_ORGS));
    ctx.count = (orgs) => [...orgs].reduce((n, o) => n + (ctx.findings.get(o) ?? 0), 0);
  });
  afterAll(async () => ctx.w?.app.close());

  for (const c of CASES) {
    describe(c.routes.join(', '), () => {
      for (const user of USERS) it(`as ${user} (${TEST_USERS[user].join(' on ')})`, () => c.run(ctx, user));
    });
  }

  it('rejects a cursor issued to someone else, for other filters, or altered', async () => {
    const first = (await ctx.call('nat_analyst', 'GET', '/api/v1/findings?limit=1')).json();
    expect(first.nextCursor).toEqual(expect.any(String));
    const cursor = encodeURIComponent(first.nextCursor);
    for (const [user, url] of [
      ['rj7_viewer', `/api/v1/findings?limit=1&cursor=${cursor}`],
      ['nat_admin', `/api/v1/findings?limit=1&cursor=${cursor}`],
      ['nat_analyst', `/api/v1/findings?limit=1&org=RAL&cursor=${cursor}`],
      ['nat_analyst', `/api/v1/assets?limit=1&cursor=${cursor}`],
      ['nat_analyst', `/api/v1/findings?limit=1&cursor=${cursor.slice(0, -2)}xx`],
    ] as const) {
      const res = await ctx.call(user, 'GET', url);
      expectStatus(res, 400, `${user} ${url}`);
      expect(res.json().detail).toMatch(/^cursor: /);
    }
  });

  it('audits alert responses on the organisations answered for, visible to their admins only', async () => {
    const all = await ctx.walk('nat_analyst', '/api/v1/audit?action=alert.respond&limit=500');
    expect(sorted(all.map((r) => r.org as string))).toEqual(['A84001', 'RAL', 'RJ7']);
    const ral = await ctx.walk('ral_admin', '/api/v1/audit?action=alert&limit=500');
    expect(ral.length).toBeGreaterThan(0);
    expect(new Set(ral.map((r) => r.org))).toEqual(new Set(['RAL']));
    const issued = await ctx.walk('nat_admin', '/api/v1/audit?action=alert.issue&limit=500');
    expect(issued.map((r) => r.org)).toEqual(issued.map(() => null));
    expect(issued.length).toBeGreaterThanOrEqual(3);
  });

  it('covers every route of the app', () => {
    const covered = new Set([...CASES.flatMap((c) => c.routes), ...ELSEWHERE]);
    const api = ctx.w.app.routeTable
      .filter((r) => r.url.startsWith('/api/v1/'))
      .map((r) => `${r.method} ${r.url}`);
    expect(sorted(api)).toEqual(sorted(covered));
  });
});
