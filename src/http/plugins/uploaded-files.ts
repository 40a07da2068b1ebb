/**
 * Multipart uploads saved to a private temporary folder, for the loaders that read files by path
 * (intel) or as text (organisations). Each file is limited in size (413 beyond it); the folder is
 * removed when the work is done, whatever happens.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { InvalidInputError } from '../../errors.js';

export interface UploadedFile {
  /** The name the client gave (for messages). */
  name: string;
  path: string;
}

/** A malformed upload form, reported as the request's problem. */
export function badForm(reason: string): InvalidInputError {
  return new InvalidInputError(reason, [{ file: 'request', line: 0, reason }]);
}

// What busboy says when a multipart body ends early or its framing is broken.
const MALFORMED_FORM =
  /^(?:Unexpected end of (?:multipart data|form)|Malformed part header|Part terminated early|Multipart: Boundary not found)/;

/** A form cut short or broken (a client's fault, 400) as {@link badForm}; any other error as it is. */
export function malformedForm(error: unknown): unknown {
  if (error instanceof Error && !(error instanceof InvalidInputError) && MALFORMED_FORM.test(error.message))
    return badForm(`the form is cut short or malformed: ${error.message}`);
  return error;
}

/** Saves every file of the form, runs `work` on them, then removes them. Fields are not accepted. */
export async function withUploadedFiles<T>(
  request: FastifyRequest,
  limitBytes: number,
  work: (files: UploadedFile[]) => Promise<T>,
): Promise<T> {
  if (!request.isMultipart()) throw badForm('send multipart/form-data with one or more files');
  const dir = await mkdtemp(join(tmpdir(), 'ward-upload-'));
  try {
    const files: UploadedFile[] = [];
    try {
      for await (const part of request.parts({ limits: { fileSize: limitBytes } })) {
        if (part.type === 'field') throw badForm(`unexpected field ${part.fieldname}: send only files`);
        const file = part as MultipartFile;
        const name = basename(file.filename || `upload-${files.length + 1}`);
        const path = join(dir, `${files.length}-${name}`);
        // Beyond the limit the stream fails with a 413 (multipart's own error), and nothing is loaded.
        await pipeline(file.file, createWriteStream(path));
        files.push({ name, path });
      }
    } catch (error) {
      throw malformedForm(error);
    }
    if (files.length === 0) throw badForm('no file: attach one or more files');
    return await work(files);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text of the single file of the form. */
export async function uploadedText(
  request: FastifyRequest,
  limitBytes: number,
): Promise<UploadedFile & { text: string }> {
  return withUploadedFiles(request, limitBytes, async (files) => {
    if (files.length > 1) throw badForm('send one file');
    const file = files[0] as UploadedFile;
    return { ...file, text: await readFile(file.path, 'utf8') };
  });
}
