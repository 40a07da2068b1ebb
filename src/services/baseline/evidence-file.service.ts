/**
 * Evidence files on an assessment's outcomes: attaching them to the draft (starting it on first
 * use), listing and downloading them (anyone who may read the organisation), and deleting them
 * while the assessment is a draft. Each file is recognised from its content and stored with its
 * SHA-256; once submitted, the snapshot's hash covers the files' hashes and nothing changes.
 */

import { createHash } from 'node:crypto';
import type { Database } from '../../db/connect.js';
import { findAssessment, resultRows } from '../../db/repositories/baseline-assessment.repository.js';
import {
  deleteEvidenceFileRow,
  evidenceFileById,
  evidenceFileCounts,
  evidenceFilesOf,
  insertEvidenceFiles,
  toEvidenceFile,
} from '../../db/repositories/baseline-evidence-file.repository.js';
import type { Actor } from '../../domain/access/actor.js';
import { type AssessmentState, isEditable } from '../../domain/baseline/assessment.js';
import {
  checkEvidenceFile,
  EVIDENCE_FILES_PER_OUTCOME,
  type EvidenceFile,
  fileFingerprint,
} from '../../domain/baseline/evidence-file.js';
import { InvalidInputError, NotFoundError } from '../../errors.js';
import { requireOrgAccess } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import { type Incoming, receive } from '../incoming.js';
import { refuseChange, startDraft } from './assessment.service.js';

export interface EvidenceFileContent extends EvidenceFile {
  content: Buffer;
}

/** A file as it is named and sent by the uploader. */
export interface EvidenceUpload {
  name: string;
  content: Uint8Array;
}

/**
 * Attaches files to one outcome of the year's draft: all or nothing, every refused file named with
 * its reason; the draft starts if there is none yet.
 */
export async function attachEvidenceFiles(
  database: Database,
  actor: Actor,
  code: string,
  year: number,
  outcomeId: string,
  incoming: Incoming<readonly EvidenceUpload[]>,
): Promise<EvidenceFile[]> {
  const org = await requireOrgAccess(database, actor, 'write', code);
  const uploads = await receive(incoming);
  if (uploads.length === 0) throw new InvalidInputError('no file to attach');
  const checked = uploads.map((u) => ({ upload: u, check: checkEvidenceFile(u.name, u.content) }));
  const problems = checked.flatMap(({ upload, check }) =>
    check.ok ? [] : [{ file: upload.name, line: 0, reason: check.reason }],
  );
  if (problems.length > 0)
    throw new InvalidInputError(`${problems.length} file(s) refused, nothing attached`, problems);
  return database.db.transaction().execute(async (trx) => {
    const assessment =
      (await findAssessment(trx, org.id, year, { lock: true })) ?? (await startDraft(trx, actor, org, year));
    if (!isEditable(assessment.state as AssessmentState)) refuseChange(org, year, assessment.state);
    if (!(await resultRows(trx, org.id, assessment.id)).some((r) => r.outcome_id === outcomeId))
      throw new NotFoundError(
        `outcome ${outcomeId} is not in the ${year} profile of ${org.code} (${assessment.framework_id})`,
      );
    const held = (await evidenceFileCounts(trx, org.id, assessment.id)).get(outcomeId) ?? 0;
    if (held + uploads.length > EVIDENCE_FILES_PER_OUTCOME)
      throw new InvalidInputError(
        `outcome ${outcomeId} holds ${held} file(s); at most ${EVIDENCE_FILES_PER_OUTCOME} are kept per outcome`,
      );
    const rows = await insertEvidenceFiles(
      trx,
      checked.map(({ upload, check }) => ({
        org_id: org.id,
        assessment_id: assessment.id,
        outcome_id: outcomeId,
        file_name: check.ok ? check.name : upload.name,
        content_type: check.ok ? check.type : '',
        size_bytes: upload.content.length,
        sha256: createHash('sha256').update(upload.content).digest('hex'),
        content: upload.content,
        uploaded_by: actor.label,
      })),
    );
    const files = rows.map(toEvidenceFile);
    await audit(
      trx,
      actor,
      org.id,
      'baseline.evidence.attach',
      null,
      { outcome: outcomeId, files: files.map(fileFingerprint) },
      `${org.code}/${year}/${outcomeId}`,
    );
    return files;
  });
}

/** The files of the organisation's assessment for the year (of one outcome, when given). */
export async function listEvidenceFiles(
  database: Database,
  actor: Actor,
  code: string,
  year: number,
  outcomeId?: string,
): Promise<EvidenceFile[]> {
  const org = await requireOrgAccess(database, actor, 'read', code);
  const assessment = await findAssessment(database.db, org.id, year);
  if (!assessment) return [];
  return (await evidenceFilesOf(database.db, org.id, assessment.id, outcomeId)).map(toEvidenceFile);
}

/** One file with its content, for download. */
export async function evidenceFileContent(
  database: Database,
  actor: Actor,
  code: string,
  id: string,
): Promise<EvidenceFileContent> {
  const org = await requireOrgAccess(database, actor, 'read', code);
  const row = await evidenceFileById(database.db, org.id, id);
  if (!row) throw new NotFoundError(`no evidence file ${id} on ${org.code}`);
  return { ...toEvidenceFile(row), content: Buffer.from(row.content) };
}

/** Deletes a file while its assessment is a draft; refused once submitted. */
export async function deleteEvidenceFile(
  database: Database,
  actor: Actor,
  code: string,
  id: string,
): Promise<void> {
  const org = await requireOrgAccess(database, actor, 'write', code);
  await database.db.transaction().execute(async (trx) => {
    const file = await evidenceFileById(trx, org.id, id);
    if (!file) throw new NotFoundError(`no evidence file ${id} on ${org.code}`);
    // Lock the assessment so a submission cannot pass between the check and the delete.
    const locked = await findAssessment(trx, org.id, file.year, { lock: true });
    if (!locked || !isEditable(locked.state as AssessmentState))
      refuseChange(org, file.year, locked?.state ?? file.state);
    await deleteEvidenceFileRow(trx, org.id, id);
    await audit(
      trx,
      actor,
      org.id,
      'baseline.evidence.delete',
      fileFingerprint(toEvidenceFile(file)),
      null,
      `${org.code}/${file.year}/${file.outcome_id}`,
    );
  });
}
