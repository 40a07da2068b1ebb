import { describe, expect, it } from 'vitest';
import {
  CSV,
  DOCX,
  EXE,
  JPEG,
  PDF,
  PLAIN_ZIP,
  PNG,
  TEXT,
  XLSX,
} from '../../../test/factories/evidence-file.factory.js';
import {
  attachmentDisposition,
  checkEvidenceFile,
  cleanFileName,
  EVIDENCE_FILE_MAX_BYTES,
} from './evidence-file.js';

describe('evidence files', () => {
  it('recognises each accepted type from its content', () => {
    const cases: [string, Buffer, string][] = [
      ['policy.pdf', PDF, 'application/pdf'],
      ['screen.png', PNG, 'image/png'],
      ['photo.JPG', JPEG, 'image/jpeg'],
      ['restore-test.txt', TEXT, 'text/plain'],
      ['patching.csv', CSV, 'text/csv'],
      ['plan.docx', DOCX, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['register.xlsx', XLSX, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ];
    for (const [name, bytes, type] of cases)
      expect(checkEvidenceFile(name, bytes), name).toEqual({ ok: true, name, type });
  });

  it('refuses content of another type, whatever its name says', () => {
    expect(checkEvidenceFile('setup.pdf', EXE)).toEqual({
      ok: false,
      reason:
        'the content is not a type Ward keeps as evidence (PDF, PNG, JPEG, plain text, CSV, Word (.docx) or Excel (.xlsx))',
    });
    expect(checkEvidenceFile('archive.docx', PLAIN_ZIP)).toMatchObject({ ok: false });
    expect(checkEvidenceFile('policy.docx', PNG)).toEqual({
      ok: false,
      reason: 'the content is a PNG image but the name ends .docx (expected .png)',
    });
    expect(checkEvidenceFile('run.sh', TEXT)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('the name ends .sh (expected .txt or .text or .md or .log)'),
    });
    expect(checkEvidenceFile('empty.txt', Buffer.alloc(0))).toEqual({
      ok: false,
      reason: 'the file is empty',
    });
    expect(checkEvidenceFile('big.txt', Buffer.alloc(EVIDENCE_FILE_MAX_BYTES + 1, 0x61))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('limited to 10 MB'),
    });
  });

  it('keeps only the last part of a name, without control characters or quotes', () => {
    expect(cleanFileName('C:\\Users\\pm\\"backup"\r\n.txt')).toBe('backup.txt');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('')).toBe('evidence');
  });

  it('downloads under the name, with an ASCII fallback', () => {
    expect(attachmentDisposition('Plan d’action.pdf')).toBe(
      `attachment; filename="Plan d_action.pdf"; filename*=UTF-8''Plan%20d%E2%80%99action.pdf`,
    );
  });
});
