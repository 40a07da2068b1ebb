/**
 * Training records import: all or nothing, every problem listed; each organisation must be one
 * the caller may write for (one bulk access question). The training evidence of the organisations
 * touched is recomputed in the same transaction.
 */
import type { Database } from '../../db/connect.js';
import { upsertTrainingRecord } from '../../db/repositories/baseline-evidence.repository.js';
import { findOrganisationIdsByCode } from '../../db/repositories/organisation.repository.js';
import { type Actor, scopeFor } from '../../domain/access/actor.js';
import { checkTrainingCsv } from '../../domain/baseline/training-csv.js';
import { type InputProblem, InvalidInputError } from '../../errors.js';
import { permittedOrgIds } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import { computeEvidence } from './evidence.service.js';

export interface TrainingImportResult {
  file: string;
  rows: number;
  organisations: number;
}

export async function importTraining(
  database: Database,
  actor: Actor,
  file: string,
  text: string,
  now: Date = new Date(),
): Promise<TrainingImportResult> {
  const check = checkTrainingCsv(file, text, now.toISOString().slice(0, 10));
  const codes = [...new Set(check.records.map((r) => r.orgCode))];
  const ids = await findOrganisationIdsByCode(database.db, codes, scopeFor(actor, 'read'));
  const writable = await permittedOrgIds(database.db, actor, 'write', new Set(ids.values()));
  const problems: InputProblem[] = [...check.problems];
  for (const r of check.records) {
    const id = ids.get(r.orgCode);
    if (!id) problems.push({ file, line: r.line, reason: `unknown organisation ${r.orgCode}` });
    else if (!writable.has(id))
      problems.push({
        file,
        line: r.line,
        reason: `${actor.label} may not record training for ${r.orgCode}`,
      });
  }
  problems.sort((a, b) => a.line - b.line);
  if (problems.length > 0)
    throw new InvalidInputError(`${file}: ${problems.length} problem(s), nothing imported`, problems);
  return database.db.transaction().execute(async (trx) => {
    for (const r of check.records)
      await upsertTrainingRecord(trx, {
        orgId: ids.get(r.orgCode) as string,
        asOf: r.asOf,
        staff: r.staff,
        trained: r.trained,
        importedAt: now,
        importedBy: actor.label,
      });
    const orgIds = [...new Set(check.records.map((r) => ids.get(r.orgCode) as string))];
    for (const orgId of orgIds) {
      const mine = check.records.filter((r) => ids.get(r.orgCode) === orgId);
      await audit(
        trx,
        actor,
        orgId,
        'training.import',
        null,
        mine.map(({ staff, trained, asOf }) => ({ staff, trained, asOf })),
      );
    }
    await computeEvidence(trx, { orgIds }, now);
    return { file, rows: check.records.length, organisations: orgIds.length };
  });
}
