/**
 * Evidence files: what Ward accepts as an uploaded document on an outcome, recognised from the
 * bytes themselves (never from the type a client claims) and checked against the file's name, so
 * a script renamed `.pdf` or a PNG named `.docx` is refused. Pure: the service stores.
 */

import {
  EVIDENCE_FILE_KINDS,
  EVIDENCE_FILE_MAX_BYTES,
  type EvidenceFileType,
  EVIDENCE_FILE_EXTENSIONS as EXTENSIONS,
} from './evidence-file-limits.js';

export {
  EVIDENCE_FILE_EXTENSIONS,
  EVIDENCE_FILE_KINDS,
  EVIDENCE_FILE_MAX_BYTES,
  EVIDENCE_FILE_TYPES,
  EVIDENCE_FILES_PER_OUTCOME,
  type EvidenceFileType,
} from './evidence-file-limits.js';

/** A stored evidence file as Ward shows it (its content is read only on download). */
export interface EvidenceFile {
  id: string;
  outcome: string;
  name: string;
  type: EvidenceFileType;
  size: number;
  sha256: string;
  uploadedAt: string;
  uploadedBy: string;
  /** The year it was carried from into this draft, to be rechecked; null when uploaded to this assessment. */
  carriedFrom: number | null;
}

/** What the submitted snapshot keeps of each file: enough to show it has not changed. */
export function fileFingerprint(f: EvidenceFile) {
  return { outcome: f.outcome, name: f.name, type: f.type, size: f.size, sha256: f.sha256 };
}

const NAMES: Record<EvidenceFileType, string> = {
  'application/pdf': 'a PDF document',
  'image/png': 'a PNG image',
  'image/jpeg': 'a JPEG image',
  'text/plain': 'plain text',
  'text/csv': 'plain text',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'a Word document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'an Excel workbook',
};

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

/** Whether the bytes contain the ASCII text (zip entry names are stored as plain bytes). */
function containsAscii(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(text, 0, 'latin1');
}

/** UTF-8 text with no control characters but tab, line feed, carriage return and form feed. */
function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/** The type of the content, or null when it is none Ward accepts. */
export function recogniseContent(bytes: Uint8Array, extension: string): EvidenceFileType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (!containsAscii(bytes, '[Content_Types].xml')) return null;
    if (containsAscii(bytes, 'word/document.xml'))
      return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    if (containsAscii(bytes, 'xl/workbook.xml'))
      return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return null;
  }
  if (isPlainText(bytes)) return extension === 'csv' ? 'text/csv' : 'text/plain';
  return null;
}

/** A name safe to store and to send back: the last path part, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const clean = last.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return (clean || 'evidence').slice(-200);
}

export type EvidenceFileCheck =
  | { ok: true; name: string; type: EvidenceFileType }
  | { ok: false; reason: string };

/** Checks one file: not empty, within the size limit, a type Ward accepts, named as what it is. */
export function checkEvidenceFile(name: string, bytes: Uint8Array): EvidenceFileCheck {
  const clean = cleanFileName(name);
  if (bytes.length === 0) return { ok: false, reason: 'the file is empty' };
  if (bytes.length > EVIDENCE_FILE_MAX_BYTES)
    return {
      ok: false,
      reason: `the file is ${bytes.length} bytes; evidence files are limited to ${EVIDENCE_FILE_MAX_BYTES / 1048576} MB`,
    };
  const dot = clean.lastIndexOf('.');
  const extension = dot > 0 ? clean.slice(dot + 1).toLowerCase() : '';
  const type = recogniseContent(bytes, extension);
  if (type === null)
    return { ok: false, reason: `the content is not a type Ward keeps as evidence (${EVIDENCE_FILE_KINDS})` };
  if (!EXTENSIONS[type].includes(extension))
    return {
      ok: false,
      reason: `the content is ${NAMES[type]} but the name ends ${extension ? `.${extension}` : 'without an extension'} (expected .${EXTENSIONS[type].join(' or .')})`,
    };
  return { ok: true, name: clean, type };
}

/** A Content-Disposition header that downloads the file under its name, ASCII fallback first. */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
