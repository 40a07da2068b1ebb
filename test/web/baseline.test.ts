/**
 * The baseline in Chromium against the real server: a GP practice manager answers the short profile
 * (one outcome below profile, with its improvement action) and submits it; the ICB's administrator
 * challenges one outcome; the national heat-map shows the practice's answers in its region's column,
 * cell for cell what the API gives. No serious or critical axe-core violations on the new pages.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { addUser } from '../../src/services/access/user.service.js';
import { refreshAllEvidence } from '../../src/services/baseline/evidence.service.js';
import { loadShippedBaseline } from '../factories/baseline.factory.js';
import { ADMIN_CLI, TEST_PASSWORD, type TestUser } from '../factories/identity.factory.js';
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

interface Outcome {
  id: string;
  levels: string[];
  expected: string;
  level: string | null;
  standing: string;
  justification: string;
  action: { what: string } | null;
  evidence: { rule: string; contradicted: boolean }[];
  review: { verdict: string; comment: string | null } | null;
}
interface Assessment {
  state: string;
  outcomes: Outcome[];
}
interface Summary {
  outcomes: { outcomeId: string }[];
  children: {
    code: string;
    organisations: number;
    notStarted: number;
    outcomes: { outcomeId: string; meets: number; oneShort: number; misses: number }[];
  }[];
}

const PRACTICE = 'H85001';
const MANAGER = 'h85_manager' as TestUser;
const LEVELS = ['Not achieved', 'Partially achieved', 'Achieved'];

async function expectAccessible(page: Page, name: string) {
  await expect.poll(() => page.getByRole('status').count()).toBe(0);
  await screenshot(page, name);
  const serious = (await axeViolations(page)).filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(serious, JSON.stringify(serious, null, 2)).toEqual([]);
}

/** The heat-map table as shown: per outcome and child organisation, its counts. */
async function shownHeatMap(page: Page) {
  await page.locator('#heat-table tbody tr').first().waitFor();
  return page.locator('#heat-table tbody td').evaluateAll((cells) =>
    cells.map((c) => ({
      outcome: c.closest('tr')?.getAttribute('data-outcome'),
      org: c.getAttribute('data-org'),
      meets: Number(c.getAttribute('data-meets')),
      oneShort: Number(c.getAttribute('data-one-short')),
      misses: Number(c.getAttribute('data-misses')),
    })),
  );
}

async function apiHeatMap(page: Page, org: string) {
  const s = await apiJson<Summary>(page, `/baseline/summary?org=${org}`);
  return s.outcomes.flatMap((o) =>
    s.children.map((c) => {
      const k = c.outcomes.find((x) => x.outcomeId === o.outcomeId);
      return {
        outcome: o.outcomeId,
        org: c.code,
        meets: k?.meets ?? 0,
        oneShort: k?.oneShort ?? 0,
        misses: k?.misses ?? 0,
      };
    }),
  );
}

const cellOf = (page: Page, outcome: string, org: string) =>
  page.locator(`#heat-table tr[data-outcome="${outcome}"] td[data-org="${org}"]`);

describe('baseline in Chromium', () => {
  let database: Database;
  let world: WebWorld;
  let lowered: Outcome;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    world = await startWebWorld(database);
    await loadShippedBaseline(database);
    await refreshAllEvidence(database, ADMIN_CLI);
    await addUser(database, ADMIN_CLI, {
      username: MANAGER,
      password: TEST_PASSWORD,
      org: PRACTICE,
      role: 'responder',
    });
  });
  afterAll(async () => {
    await world?.close();
    await database?.close();
  });

  it('shows the national picture with no assessment started before the practice answers', async () => {
    const page = await signIn(world, 'nat_analyst', '/orgs/X26/baseline/picture');
    await page.locator('#heat-empty').waitFor();
    expect(await page.locator('#heat-table').count()).toBe(0);
    const api = await apiJson<Summary & { organisations: number; submission: Record<string, number> }>(
      page,
      '/baseline/summary?org=X26',
    );
    // Every child with organisations expected to assess has a row, all of them not started.
    expect(api.children.length).toBeGreaterThan(0);
    expect(api.children.every((c) => c.notStarted === c.organisations)).toBe(true);
    expect(api.children.reduce((n, c) => n + c.organisations, 0)).toBe(api.organisations);
    expect(api.submission.not_started).toBe(api.organisations);
    expect(await page.locator('#submission-stats [data-field="not_started"]').textContent()).toBe(
      String(api.organisations),
    );
    await expectAccessible(page, 'baseline-national-before');
    await page.context().close();
  });

  it('lets a practice manager answer the short profile as they go and submit it', async () => {
    const page = await signIn(world, MANAGER);
    await page.waitForURL(`**/orgs/${PRACTICE}`);
    await page.locator('#baseline-standing').getByRole('link', { name: 'Open the assessment' }).click();
    await page.waitForURL(`**/orgs/${PRACTICE}/baseline`);
    const profile = await apiJson<Assessment>(page, `/baseline/assessments/${PRACTICE}`);
    expect(profile.state).toBe('not_started');
    expect(profile.outcomes.length).toBeGreaterThanOrEqual(10);
    expect(profile.outcomes.length).toBeLessThanOrEqual(15);
    await expect.poll(() => page.locator('article[data-outcome]').count()).toBe(profile.outcomes.length);
    await expectAccessible(page, 'baseline-practice-draft');

    // One outcome a level below what is expected: marked below profile, and it asks for an action.
    lowered = profile.outcomes.find((o) => o.levels.indexOf(o.expected) > 0) as Outcome;
    const lower = lowered.levels[lowered.levels.indexOf(lowered.expected) - 1] as string;
    const card = page.locator(`article[data-outcome="${lowered.id}"]`);
    await card.getByRole('radio', { name: lower }).check();
    await expect.poll(() => card.locator('[data-field="level"]').first().textContent()).toBe(lower);
    await expect.poll(() => card.getAttribute('class')).toMatch(/\bbelow\b/);
    await card.getByLabel('Why this level').fill('No second backup copy off site yet');
    await card.getByLabel('What will be done').fill('Buy an off-site backup service');
    await card.getByLabel('Who will do it').fill('Practice manager');
    await card.getByLabel('By when').fill('2027-03-31');
    await card.getByLabel('Why this level').click();
    await expect
      .poll(
        async () =>
          (await apiJson<Assessment>(page, `/baseline/assessments/${PRACTICE}`)).outcomes.find(
            (o) => o.id === lowered.id,
          )?.action?.what,
      )
      .toBe('Buy an off-site backup service');

    for (const o of profile.outcomes.filter((x) => x.id !== lowered.id)) {
      const c = page.locator(`article[data-outcome="${o.id}"]`);
      await c.getByRole('radio', { name: o.expected, exact: true }).check();
      await expect.poll(() => c.locator('[data-field="level"]').first().textContent()).toBe(o.expected);
    }
    const saved = await apiJson<Assessment>(page, `/baseline/assessments/${PRACTICE}`);
    expect(saved.state).toBe('draft');
    // Ward's own figures beside each outcome, flagged where they contradict the level claimed.
    const evidence = (a: Assessment, contradicted?: boolean) =>
      a.outcomes.flatMap((o) =>
        o.evidence
          .filter((e) => contradicted === undefined || e.contradicted === contradicted)
          .map((e) => `${o.id}/${e.rule}`),
      );
    expect(evidence(saved).length).toBeGreaterThan(0);
    const shownEvidence = (selector: string) =>
      page
        .locator(selector)
        .evaluateAll((items) =>
          items.map(
            (i) => `${i.closest('article')?.getAttribute('data-outcome')}/${i.getAttribute('data-rule')}`,
          ),
        );
    await page.reload();
    await expect.poll(() => shownEvidence('li[data-rule]')).toEqual(evidence(saved));
    expect(await shownEvidence('li[data-contradicted="true"]')).toEqual(evidence(saved, true));
    expect(saved.outcomes.find((o) => o.id === lowered.id)).toMatchObject({
      level: lower,
      standing: LEVELS.indexOf(lowered.expected) - LEVELS.indexOf(lower) === 1 ? 'one_short' : 'misses',
      justification: 'No second backup copy off site yet',
    });
    expect(saved.outcomes.filter((o) => o.id !== lowered.id).every((o) => o.standing === 'meets')).toBe(true);

    await page.getByRole('button', { name: /^Submit the \d{4} baseline$/ }).click();
    await expect
      .poll(() => page.locator('[data-field="state"]').first().textContent())
      .toBe('Submitted, awaiting review');
    expect((await apiJson<Assessment>(page, `/baseline/assessments/${PRACTICE}`)).state).toBe('submitted');
    expect(await page.getByRole('radio').count()).toBe(0);
    await page.goto(`/orgs/${PRACTICE}`);
    await expect
      .poll(() =>
        page.locator('#below-list li').evaluateAll((l) => l.map((x) => x.getAttribute('data-outcome'))),
      )
      .toEqual([lowered.id]);
    await page.context().close();
  });

  it("lets the ICB's administrator challenge one outcome", async () => {
    const page = await signIn(world, 'qwe_admin', `/orgs/${PRACTICE}/baseline`);
    const card = page.locator(`article[data-outcome="${lowered.id}"]`);
    await card.getByLabel("Reviewer's comment (needed to challenge)").fill('Show us the backup restore test');
    await expectAccessible(page, 'baseline-review');
    await card.getByRole('button', { name: `Challenge ${lowered.id}` }).click();
    await expect
      .poll(() => card.locator('[data-field="verdict"]').getAttribute('data-verdict'))
      .toBe('challenge');
    const reviewed = await apiJson<Assessment>(page, `/baseline/assessments/${PRACTICE}`);
    expect(reviewed.outcomes.find((o) => o.id === lowered.id)?.review).toMatchObject({
      verdict: 'challenge',
      comment: 'Show us the backup restore test',
    });
    expect(reviewed.outcomes.filter((o) => o.review !== null)).toHaveLength(1);
    await page.context().close();
  });

  it('shows the practice in the national heat-map, and drills down to it', async () => {
    const page = await signIn(world, 'nat_analyst', '/orgs/X26/baseline/picture');
    await page.getByRole('heading', { name: 'Outcomes by organisation' }).waitFor();
    const shown = await shownHeatMap(page);
    expect(shown).toEqual(await apiHeatMap(page, 'X26'));
    const london = shown.filter((c) => c.org === 'Y56' && c.meets + c.oneShort + c.misses > 0);
    expect(london.map((c) => c.outcome).sort()).toEqual(
      (await apiJson<Assessment>(page, `/baseline/assessments/${PRACTICE}`)).outcomes.map((o) => o.id).sort(),
    );
    expect(london.find((c) => c.outcome === lowered.id)?.meets).toBe(0);
    expect(await cellOf(page, lowered.id, 'Y56').textContent()).toBe('0 of 1');
    expect(london.filter((c) => c.outcome !== lowered.id).every((c) => c.meets === 1)).toBe(true);
    await chartsDrawn(page, 1);
    await expectAccessible(page, 'baseline-national-after');

    await page.locator('#heat-table thead').getByRole('link', { name: 'London' }).click();
    await page.waitForURL('**/orgs/Y56/baseline/picture');
    await page.locator('#heat-table thead').getByRole('link', { name: 'South West London ICB' }).click();
    await page.waitForURL('**/orgs/QWE/baseline/picture');
    expect(await shownHeatMap(page)).toEqual(await apiHeatMap(page, 'QWE'));
    await page
      .locator('#heat-table thead')
      .getByRole('link', { name: /Balham|H85001/ })
      .click();
    await page.waitForURL(`**/orgs/${PRACTICE}/baseline`);
    await page.locator(`article[data-outcome="${lowered.id}"] [data-verdict="challenge"]`).waitFor();
    await page.context().close();
  });
});
