/**
 * Evidence files on the assessment page, in Chromium against the real server: a trust's responder
 * attaches a file to an outcome, sees it listed with its size and uploader, downloads it (the same
 * bytes), finds it still there after a reload, sees a mislabelled file and one too large refused
 * plainly with nothing attached, and removes a file. Last year's published file comes into the new draft marked
 * as carried. A viewer sees and downloads the files but has no controls.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import {
  setOutcome,
  showAssessment,
  submitAssessment,
} from '../../src/services/baseline/assessment.service.js';
import {
  publishAssessment,
  reviewAssessment,
} from '../../src/services/baseline/assessment-review.service.js';
import { attachEvidenceFiles } from '../../src/services/baseline/evidence-file.service.js';
import { loadShippedBaseline } from '../factories/baseline.factory.js';
import { PDF, PNG, TEXT } from '../factories/evidence-file.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { openTestDatabase } from '../setup/engines.js';
import { apiJson, axeViolations, screenshot, signIn, startWebWorld, type WebWorld } from './web-world.js';

interface EvidenceFile {
  id: string;
  name: string;
  size: number;
  uploadedBy: string;
  carriedFrom: number | null;
}
interface Assessment {
  state: string;
  outcomes: { id: string; files: EvidenceFile[] }[];
}

const TRUST = 'RJ7';
const LAST_YEAR = 2025;
const YEAR = 2026;
const PAGE = `/orgs/${TRUST}/baseline?year=${YEAR}`;

async function filesOf(page: Page, outcome: string): Promise<EvidenceFile[]> {
  const a = await apiJson<Assessment>(page, `/baseline/assessments/${TRUST}?year=${YEAR}`);
  return a.outcomes.find((o) => o.id === outcome)?.files ?? [];
}

const shownFiles = (page: Page, outcome: string) =>
  page
    .locator(`article[data-outcome="${outcome}"] li[data-file]`)
    .evaluateAll((items) => items.map((i) => i.getAttribute('data-file')));

describe('baseline evidence files in Chromium', () => {
  let database: Database;
  let world: WebWorld;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    world = await startWebWorld(database);
    await loadShippedBaseline(database);
    // Last year's assessment, published with a file on B4.d.
    await attachEvidenceFiles(database, ADMIN_CLI, TRUST, LAST_YEAR, 'B4.d', [
      { name: 'patching-policy.pdf', content: PDF },
    ]);
    const outcomes = (await showAssessment(database, ADMIN_CLI, TRUST, LAST_YEAR)).outcomes;
    for (const o of outcomes)
      await setOutcome(database, ADMIN_CLI, TRUST, LAST_YEAR, o.id, { level: o.expected });
    await submitAssessment(database, ADMIN_CLI, TRUST, LAST_YEAR);
    await reviewAssessment(
      database,
      ADMIN_CLI,
      TRUST,
      LAST_YEAR,
      outcomes.map((o) => ({ outcome: o.id, verdict: 'agree' as const })),
    );
    await publishAssessment(database, ADMIN_CLI, TRUST, LAST_YEAR);
  }, 120_000);
  afterAll(async () => {
    await world?.close();
    await database?.close();
  });

  it('attaches a file, lists it, downloads the same bytes, and keeps it after a reload', async () => {
    const page = await signIn(world, 'rj7_responder', PAGE);
    const card = page.locator('article[data-outcome="B4.d"]');
    await card.getByLabel('Attach files').setInputFiles({
      name: 'backup-test.txt',
      mimeType: 'text/plain',
      buffer: TEXT,
    });
    await card.getByRole('button', { name: 'Attach to B4.d' }).click();
    // The first attachment starts the draft, which carries last year's file.
    await expect.poll(() => shownFiles(page, 'B4.d')).toEqual(['patching-policy.pdf', 'backup-test.txt']);
    const files = await filesOf(page, 'B4.d');
    expect(files.map((f) => [f.name, f.size, f.carriedFrom])).toEqual([
      ['patching-policy.pdf', PDF.length, LAST_YEAR],
      ['backup-test.txt', TEXT.length, null],
    ]);
    const uploaded = card.locator('li[data-file="backup-test.txt"]');
    expect(await uploaded.textContent()).toContain(
      `${TEXT.length} bytes, uploaded by ${files[1]?.uploadedBy}`,
    );
    expect(await uploaded.locator('[data-field="carried"]').count()).toBe(0);
    expect(
      await card.locator('li[data-file="patching-policy.pdf"] [data-field="carried"]').textContent(),
    ).toContain(`carried from ${LAST_YEAR}`);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      uploaded.getByRole('link', { name: 'backup-test.txt' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('backup-test.txt');
    expect((await readFile(await download.path())).equals(TEXT)).toBe(true);

    await page.reload();
    await expect.poll(() => shownFiles(page, 'B4.d')).toEqual(['patching-policy.pdf', 'backup-test.txt']);
    await screenshot(page, 'baseline-evidence-files');
    const serious = (await axeViolations(page)).filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious, JSON.stringify(serious, null, 2)).toEqual([]);
    await page.context().close();
  });

  it('refuses a mislabelled file and one too large, attaching nothing, and removes a file', async () => {
    const page = await signIn(world, 'rj7_responder', PAGE);
    const card = page.locator('article[data-outcome="B4.d"]');
    await expect.poll(() => shownFiles(page, 'B4.d')).toHaveLength(2);
    const before = await filesOf(page, 'B4.d');
    await card.getByLabel('Attach files').setInputFiles({
      name: 'screenshot.pdf',
      mimeType: 'application/pdf',
      buffer: PNG,
    });
    await card.getByRole('button', { name: 'Attach to B4.d' }).click();
    const error = card.locator('[data-field="upload-error"]');
    await error.waitFor();
    expect(await error.textContent()).toContain(
      'screenshot.pdf: the content is a PNG image but the name ends .pdf (expected .png)',
    );
    expect(await filesOf(page, 'B4.d')).toEqual(before);
    // Larger than this server takes (64 kB in the test world): said plainly, nothing attached.
    await card.getByLabel('Attach files').setInputFiles({
      name: 'big-log.txt',
      mimeType: 'text/plain',
      buffer: Buffer.alloc(70 * 1024, 'backup ok\n'),
    });
    await card.getByRole('button', { name: 'Attach to B4.d' }).click();
    await expect.poll(() => error.textContent()).toContain('a file is larger than this server accepts');
    expect(await filesOf(page, 'B4.d')).toEqual(before);

    await card.getByRole('button', { name: 'Remove patching-policy.pdf' }).click();
    await expect.poll(() => shownFiles(page, 'B4.d')).toEqual(['backup-test.txt']);
    expect((await filesOf(page, 'B4.d')).map((f) => f.name)).toEqual(['backup-test.txt']);
    // Last year's published file is untouched.
    const last = await apiJson<{ items: EvidenceFile[] }>(
      page,
      `/baseline/assessments/${TRUST}/files?year=${LAST_YEAR}`,
    );
    expect(last.items.map((f) => f.name)).toEqual(['patching-policy.pdf']);
    await page.context().close();
  });

  it('shows a viewer the files without the controls', async () => {
    const page = await signIn(world, 'rj7_viewer', PAGE);
    const card = page.locator('article[data-outcome="B4.d"]');
    await expect.poll(() => shownFiles(page, 'B4.d')).toEqual(['backup-test.txt']);
    expect(await card.getByRole('link', { name: 'backup-test.txt' }).count()).toBe(1);
    expect(await card.getByLabel('Attach files').count()).toBe(0);
    expect(await card.getByRole('button', { name: /^Remove / }).count()).toBe(0);
    await page.context().close();
  });
});
