/**
 * Evidence files carried into next year's draft: when the draft starts from the last published
 * assessment, the files of the outcomes it carries over come with it, with their bytes, hash and
 * first upload, marked with the year they came from; files of outcomes the new framework dropped
 * stay behind; the earlier year's files are untouched by what the new draft does with its copies.
 */
import { createHash } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { listAuditRecords, verifyAudit } from '../../src/services/audit/audit.service.js';
import {
  setOutcome,
  showAssessment,
  submitAssessment,
} from '../../src/services/baseline/assessment.service.js';
import {
  publishAssessment,
  reviewAssessment,
} from '../../src/services/baseline/assessment-review.service.js';
import {
  attachEvidenceFiles,
  deleteEvidenceFile,
  evidenceFileContent,
  listEvidenceFiles,
} from '../../src/services/baseline/evidence-file.service.js';
import { importOrganisations } from '../../src/services/federation/organisation.service.js';
import { answerAll, BASELINE_YEAR, loadShippedBaseline } from '../factories/baseline.factory.js';
import { PDF, PNG, TEXT } from '../factories/evidence-file.factory.js';
import { ADMIN_CLI } from '../factories/identity.factory.js';
import { orgCsv } from '../factories/org-csv.factory.js';
import { describeEachEngine } from '../setup/engines.js';

const Y = BASELINE_YEAR;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describeEachEngine('baseline evidence files carried into next year', (db) => {
  beforeAll(async () => {
    await importOrganisations(db(), ADMIN_CLI, 'orgs.csv', orgCsv());
    await loadShippedBaseline(db());
    // This year's assessment of RJ7 (CAF v3.2): files on B4.d and on C2.b, which v4.0 drops.
    await attachEvidenceFiles(db(), ADMIN_CLI, 'RJ7', Y, 'B4.d', [
      { name: 'patching-policy.pdf', content: PDF },
      { name: 'kev-dashboard.png', content: PNG },
    ]);
    await attachEvidenceFiles(db(), ADMIN_CLI, 'RJ7', Y, 'C2.b', [{ name: 'hunting.txt', content: TEXT }]);
    await answerAll(db(), 'RJ7');
    await submitAssessment(db(), ADMIN_CLI, 'RJ7', Y);
    const outcomes = (await showAssessment(db(), ADMIN_CLI, 'RJ7', Y)).outcomes;
    await reviewAssessment(
      db(),
      ADMIN_CLI,
      'RJ7',
      Y,
      outcomes.map((o) => ({ outcome: o.id, verdict: 'agree' as const })),
    );
    await publishAssessment(db(), ADMIN_CLI, 'RJ7', Y);
  });

  it("carries the files of carried-over outcomes into next year's draft, marked with their year", async () => {
    const earlier = await listEvidenceFiles(db(), ADMIN_CLI, 'RJ7', Y);
    expect(earlier.map((f) => [f.outcome, f.name, f.carriedFrom])).toEqual([
      ['B4.d', 'kev-dashboard.png', null],
      ['B4.d', 'patching-policy.pdf', null],
      ['C2.b', 'hunting.txt', null],
    ]);
    const next = await setOutcome(db(), ADMIN_CLI, 'RJ7', Y + 1, 'A1.a', { level: 'Achieved' });
    expect(next.framework).toBe('caf-4.0-e');
    const b4d = next.outcomes.find((o) => o.id === 'B4.d');
    expect(b4d?.files).toHaveLength(2);
    for (const copy of b4d?.files ?? []) {
      const original = earlier.find((f) => f.name === copy.name);
      expect(copy).toEqual({ ...original, id: expect.any(String), carriedFrom: Y });
      expect(copy.id).not.toBe(original?.id);
    }
    // C2.b is not in CAF v4.0: its file stays with the earlier year.
    expect(next.outcomes.some((o) => o.id === 'C2.b')).toBe(false);
    expect((await listEvidenceFiles(db(), ADMIN_CLI, 'RJ7', Y + 1)).map((f) => f.name)).toEqual([
      'kev-dashboard.png',
      'patching-policy.pdf',
    ]);
    const pdf = b4d?.files.find((f) => f.name === 'patching-policy.pdf');
    const download = await evidenceFileContent(db(), ADMIN_CLI, 'RJ7', pdf?.id ?? '');
    expect(download.content.equals(PDF)).toBe(true);
    expect(sha(download.content)).toBe(pdf?.sha256);
    const [draft] = await listAuditRecords(db(), ADMIN_CLI, { action: 'baseline.draft', limit: 1 });
    expect(draft?.after).toMatchObject({ year: Y + 1, startedFrom: Y, carriedFiles: 2 });
  });

  it("lets the new draft remove a carried file and leaves the earlier year's files as they were", async () => {
    const before = await listEvidenceFiles(db(), ADMIN_CLI, 'RJ7', Y);
    const carried = await listEvidenceFiles(db(), ADMIN_CLI, 'RJ7', Y + 1, 'B4.d');
    const png = carried.find((f) => f.name === 'kev-dashboard.png');
    await deleteEvidenceFile(db(), ADMIN_CLI, 'RJ7', png?.id ?? '');
    expect((await listEvidenceFiles(db(), ADMIN_CLI, 'RJ7', Y + 1)).map((f) => f.name)).toEqual([
      'patching-policy.pdf',
    ]);
    expect(await listEvidenceFiles(db(), ADMIN_CLI, 'RJ7', Y)).toEqual(before);
    const original = before.find((f) => f.name === 'kev-dashboard.png');
    expect((await evidenceFileContent(db(), ADMIN_CLI, 'RJ7', original?.id ?? '')).content.equals(PNG)).toBe(
      true,
    );
    // A file attached to the new draft is its own, not carried.
    const [fresh] = await attachEvidenceFiles(db(), ADMIN_CLI, 'RJ7', Y + 1, 'B4.d', [
      { name: 'kev-dashboard-2026.png', content: PNG },
    ]);
    expect(fresh?.carriedFrom).toBeNull();
    expect((await verifyAudit(db(), ADMIN_CLI)).ok).toBe(true);
  });

  it('carries nothing into a draft with no published assessment before it', async () => {
    await setOutcome(db(), ADMIN_CLI, 'FA123', Y, 'A1.b', { level: 'Achieved' });
    expect(await listEvidenceFiles(db(), ADMIN_CLI, 'FA123', Y)).toEqual([]);
    const [draft] = await listAuditRecords(db(), ADMIN_CLI, { action: 'baseline.draft', limit: 1 });
    expect(draft?.after).toMatchObject({ year: Y, startedFrom: null, carriedFiles: 0 });
  });
});
