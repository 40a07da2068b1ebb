/**
 * Evidence files on baseline outcomes (tenant rows: every statement names org_id). Lists never
 * read the content; only a download does. Callers have checked access to the organisation first.
 */
import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { EvidenceFile, EvidenceFileType } from '../../domain/baseline/evidence-file.js';
import type { BaselineEvidenceFileTable, DB } from '../schema.js';

type Executor = Kysely<DB> | Transaction<DB>;
export type EvidenceFileRow = Omit<Selectable<BaselineEvidenceFileTable>, 'content' | 'carried_from_id'>;
export type EvidenceFileContentRow = EvidenceFileRow & { content: Uint8Array; year: number; state: string };

const META = [
  'org_id',
  'id',
  'assessment_id',
  'outcome_id',
  'file_name',
  'content_type',
  'size_bytes',
  'sha256',
  'uploaded_at',
  'uploaded_by',
  'carried_from_year',
] as const;

export async function insertEvidenceFiles(
  trx: Transaction<DB>,
  rows: readonly Insertable<BaselineEvidenceFileTable>[],
): Promise<EvidenceFileRow[]> {
  if (rows.length === 0) return [];
  return trx.insertInto('baseline_evidence_files').values(rows).returning(META).execute();
}

/**
 * Copies the files of an earlier assessment into a new draft, for the outcomes the draft has too
 * (bytes, hash, name and first upload as they were), each marked with the year and file it came
 * from. A copy, not a reference: each file row belongs to one outcome result, so the earlier
 * year's files (covered by its snapshot hash) stay as they are whatever the new draft does.
 * Runs in the database, so the content never passes through Ward. Returns how many were carried.
 */
export async function carryEvidenceFiles(
  trx: Transaction<DB>,
  orgId: string,
  from: { id: string; year: number },
  toAssessmentId: string,
): Promise<number> {
  const rows = await trx
    .insertInto('baseline_evidence_files')
    .columns([
      'org_id',
      'assessment_id',
      'outcome_id',
      'file_name',
      'content_type',
      'size_bytes',
      'sha256',
      'content',
      'uploaded_at',
      'uploaded_by',
      'carried_from_year',
      'carried_from_id',
    ])
    .expression((eb) =>
      eb
        .selectFrom('baseline_evidence_files as f')
        .innerJoin('baseline_results as r', (j) =>
          j
            .onRef('r.org_id', '=', 'f.org_id')
            .onRef('r.outcome_id', '=', 'f.outcome_id')
            .on('r.assessment_id', '=', toAssessmentId),
        )
        .select([
          'f.org_id',
          eb.val(toAssessmentId).as('assessment_id'),
          'f.outcome_id',
          'f.file_name',
          'f.content_type',
          'f.size_bytes',
          'f.sha256',
          'f.content',
          'f.uploaded_at',
          'f.uploaded_by',
          eb.val(from.year).as('carried_from_year'),
          'f.id',
        ])
        .where('f.org_id', '=', orgId)
        .where('f.assessment_id', '=', from.id),
    )
    .returning('id')
    .execute();
  return rows.length;
}

/** The files of an assessment (without their content), by outcome then upload time. */
export async function evidenceFilesOf(
  db: Executor,
  orgId: string,
  assessmentId: string,
  outcomeId?: string,
): Promise<EvidenceFileRow[]> {
  let q = db
    .selectFrom('baseline_evidence_files')
    .select(META)
    .where('org_id', '=', orgId)
    .where('assessment_id', '=', assessmentId);
  if (outcomeId !== undefined) q = q.where('outcome_id', '=', outcomeId);
  // Byte order for names, so both engines list files alike whatever their collation.
  return q
    .orderBy('outcome_id')
    .orderBy('uploaded_at')
    .orderBy(sql`file_name COLLATE "C"`)
    .orderBy('id')
    .execute();
}

/** How many files each outcome of an assessment carries. */
export async function evidenceFileCounts(
  db: Executor,
  orgId: string,
  assessmentId: string,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('baseline_evidence_files')
    .select(['outcome_id', (eb) => eb.fn.countAll<string>().as('files')])
    .where('org_id', '=', orgId)
    .where('assessment_id', '=', assessmentId)
    .groupBy('outcome_id')
    .execute();
  return new Map(rows.map((r) => [r.outcome_id, Number(r.files)]));
}

/** One file with its content and its assessment's year and state. */
export async function evidenceFileById(
  db: Executor,
  orgId: string,
  id: string,
): Promise<EvidenceFileContentRow | undefined> {
  return db
    .selectFrom('baseline_evidence_files as f')
    .innerJoin('baseline_assessments as a', (j) =>
      j.onRef('a.org_id', '=', 'f.org_id').onRef('a.id', '=', 'f.assessment_id'),
    )
    .select(META.map((c) => `f.${c}` as const))
    .select(['f.content', 'a.year', 'a.state'])
    .where('f.org_id', '=', orgId)
    .where('f.id', '=', id)
    .executeTakeFirst();
}

export async function deleteEvidenceFileRow(trx: Transaction<DB>, orgId: string, id: string): Promise<void> {
  await trx.deleteFrom('baseline_evidence_files').where('org_id', '=', orgId).where('id', '=', id).execute();
}

export function toEvidenceFile(r: EvidenceFileRow): EvidenceFile {
  return {
    id: r.id,
    outcome: r.outcome_id,
    name: r.file_name,
    type: r.content_type as EvidenceFileType,
    size: r.size_bytes,
    sha256: r.sha256,
    uploadedAt: new Date(r.uploaded_at).toISOString(),
    uploadedBy: r.uploaded_by,
    carriedFrom: r.carried_from_year,
  };
}
