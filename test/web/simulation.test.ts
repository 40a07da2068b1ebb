/**
 * The worm simulation in the dashboard, in Chromium: a run started over the API as a job, then the
 * scenario page (time course with bands, organisations by chance of infection, levers ranked) for
 * a national analyst, the same page narrowed to a trust's own organisations for its viewer, and
 * "your blast radius" on the trust's page — every figure checked against the API's answer for the
 * same user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { importNetwork } from '../../src/services/sim/network.service.js';
import { ADMIN_CLI, type TestUser } from '../factories/identity.factory.js';
import { openTestDatabase } from '../setup/engines.js';
import {
  apiJson,
  axeViolations,
  chartsDrawn,
  screenshot,
  signIn,
  startWebWorld,
  type WebWorld,
} from './web-world.js';

interface OrgResult {
  code: string;
  pInfectedBy: { hour: number; p: number }[];
  expectedDevices: number;
  worstCasePath: string[];
  pDisrupted: number;
  disruptedBy: { provider: string; service: string; p: number; expectedHour: number }[];
}
interface Run {
  id: string;
  national: {
    checkpoints: { hour: number; infectedDevices: { median: number } }[];
    levers: { lever: string }[] | null;
  } | null;
  orgs: OrgResult[];
}

const pFinal = (o: OrgResult) => o.pInfectedBy[o.pInfectedBy.length - 1]?.p ?? 0;
const pct = (p: number) => `${Math.round(p * 100)}%`;

describe('worm simulation in the dashboard', () => {
  let database: Database;
  let world: WebWorld;
  let runId: string;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    world = await startWebWorld(database);
    // RJ7 runs the PAS that H85001 uses: when RJ7 falls and H85001 does not, H85001 is disrupted.
    await importNetwork(
      database,
      ADMIN_CLI,
      'RJ7',
      'rj7.csv',
      'kind,name,cidr,size,egress,segment,from,to,protocol,port,action,provider,consumers\nservice,PAS,,,,,,,,,,,H85001',
    );
    const s = world.api.sessions.nat_admin;
    const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
      world.api.app.inject({ method, url, payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    const started = await call('POST', '/api/v1/sim/worm', {
      profile: 'wannacry-2017',
      runs: 6,
      seedOrgs: ['RJ7', 'RAL', 'A84001'],
      rankLevers: true,
    });
    expect(started.statusCode, started.body).toBe(202);
    for (;;) {
      const job = (await call('GET', `/api/v1/sim/jobs/${started.json().id}`)).json();
      if (job.state === 'failed') throw new Error(job.error);
      if (job.state === 'done') {
        runId = job.runId;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(async () => {
    await world?.close();
    await database?.close();
  });

  async function accessible(page: Awaited<ReturnType<typeof signIn>>, name: string) {
    await expect.poll(() => page.getByRole('status').count()).toBe(0);
    await screenshot(page, name);
    const serious = (await axeViolations(page)).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious, JSON.stringify(serious, null, 2)).toEqual([]);
  }

  const open = async (user: TestUser, path: string) => {
    const page = await signIn(world, user, path);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    return page;
  };

  it('shows a national analyst the time course, the organisations by chance of infection and the levers', async () => {
    const page = await open('nat_analyst', '/simulation');
    await page.getByRole('heading', { name: 'Worm simulation' }).waitFor();
    expect(await chartsDrawn(page, 2)).toBe(2);
    const run = await apiJson<Run>(page, `/sim/runs/${runId}`);
    const national = run.national;
    if (!national?.levers) throw new Error('the national analyst sees no federation-wide figures');
    const hours = await page.locator('#checkpoints tbody th').allTextContents();
    expect(hours).toEqual(national.checkpoints.map((c) => String(c.hour)));
    const infected = await page.locator('#checkpoints tbody [data-field="infected"]').allTextContents();
    expect(infected.map((t) => t.split(' ')[0])).toEqual(
      national.checkpoints.map((c) => String(Math.round(c.infectedDevices.median))),
    );
    const byChance = [...run.orgs].sort((a, b) => pFinal(b) - pFinal(a));
    expect(
      await page
        .locator('#orgs-at-risk-table tbody tr')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-org'))),
    ).toEqual(byChance.slice(0, 50).map((o) => o.code));
    expect(run.orgs.map((o) => o.code)).toEqual(expect.arrayContaining(['RJ7', 'RAL', 'A84001']));
    expect(
      await page
        .locator('#levers-table tbody tr')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-lever'))),
    ).toEqual(national.levers.map((l) => l.lever));
    await accessible(page, 'simulation-national');
  });

  it('shows a trust viewer only its own organisation, without the federation-wide figures', async () => {
    const page = await open('rj7_viewer', '/simulation');
    await page.locator('#national-note').waitFor();
    expect(await chartsDrawn(page, 1)).toBe(1);
    expect(await page.locator('#checkpoints').count()).toBe(0);
    expect(await page.locator('#levers-table').count()).toBe(0);
    const rows = await page
      .locator('#orgs-at-risk-table tbody tr')
      .evaluateAll((r) => r.map((x) => x.getAttribute('data-org')));
    expect(rows).toEqual(['RJ7']);
    await accessible(page, 'simulation-trust');
  });

  it("shows the trust's blast radius on its page: chance, devices at risk and entry path", async () => {
    const page = await open('rj7_responder', '/orgs/RJ7');
    await page.getByRole('heading', { name: 'Your blast radius' }).waitFor();
    const run = await apiJson<Run>(page, `/sim/runs/${runId}`);
    const rj7 = run.orgs.find((o) => o.code === 'RJ7');
    if (!rj7) throw new Error('RJ7 is missing from its own run');
    expect(await page.locator('#blast-stats [data-field="p"]').textContent()).toBe(pct(pFinal(rj7)));
    expect(await page.locator('#blast-stats [data-field="devices"]').textContent()).toBe(
      rj7.expectedDevices.toFixed(1),
    );
    expect(rj7.worstCasePath.length).toBeGreaterThan(0);
    expect(await page.locator('#entry-path li').allTextContents()).toEqual(rj7.worstCasePath);
    await accessible(page, 'blast-radius');
  });

  it("shows a practice which provider's fall disrupts it through a shared service, as the API says", async () => {
    const page = await open('qwe_viewer', '/orgs/H85001');
    await page.getByRole('heading', { name: 'Your blast radius' }).waitFor();
    const run = await apiJson<Run>(page, `/sim/runs/${runId}`);
    const h85 = run.orgs.find((o) => o.code === 'H85001');
    if (!h85) throw new Error('H85001 is missing from the run');
    expect(h85.disruptedBy.map((d) => [d.provider, d.service])).toEqual([['RJ7', 'PAS']]);
    await page.getByRole('heading', { name: 'Disrupted through shared services' }).waitFor();
    expect(await page.locator('#disrupted-p').textContent()).toBe(pct(h85.pDisrupted));
    expect(await page.locator('#disrupted-by li').allTextContents()).toEqual(
      h85.disruptedBy.map(
        (d) => `${d.service} of ${d.provider} falls: ${pct(d.p)}, around hour ${d.expectedHour.toFixed(1)}`,
      ),
    );
    await accessible(page, 'blast-radius-disrupted');
  });
});
