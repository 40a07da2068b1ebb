/**
 * What Ward accepts as an evidence file, in one place for the server and the dashboard: the types,
 * the names they may carry, the size limit and how many files one outcome keeps. No Node APIs here,
 * so the dashboard can import it; recognising content is in `evidence-file.ts`.
 */

export const EVIDENCE_FILE_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/plain',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
] as const;
export type EvidenceFileType = (typeof EVIDENCE_FILE_TYPES)[number];

/** The largest evidence file Ward stores (it lives in the database). */
export const EVIDENCE_FILE_MAX_BYTES = 10 * 1024 * 1024;
/** The most files one outcome may carry. */
export const EVIDENCE_FILES_PER_OUTCOME = 20;
/** The accepted types, in words, for messages. */
export const EVIDENCE_FILE_KINDS = 'PDF, PNG, JPEG, plain text, CSV, Word (.docx) or Excel (.xlsx)';

export const EVIDENCE_FILE_EXTENSIONS: Record<EvidenceFileType, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'text/plain': ['txt', 'text', 'md', 'log'],
  'text/csv': ['csv'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
};

/** The names a file chooser offers (the `accept` attribute). */
export const EVIDENCE_FILE_ACCEPT = Object.values(EVIDENCE_FILE_EXTENSIONS)
  .flat()
  .map((e) => `.${e}`)
  .join(',');
