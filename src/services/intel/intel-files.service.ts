/**
 * Loads intel from files and folders: each file's format is detected from its content and handed
 * to its loader. A file that cannot be loaded is reported and the others still load.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../../db/connect.js';
import type { Actor } from '../../domain/access/actor.js';
import { InvalidInputError, TooLargeError } from '../../errors.js';
import { detectFormat, type FeedFormat } from '../../feeds/detect-format.js';
import { requireNational } from '../access/access.service.js';
import { loadCsafFile } from './csaf-load.service.js';
import { type LoadProgress, type LoadResult, loadEpss, loadKev, loadNvd } from './intel-load.service.js';

const FEED_FILE = /\.(json|csv)(\.gz)?$/i;

/** Files to load: each file argument, or the feed files under a directory (sorted, recursively). */
export async function expandIntelPaths(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info)
      throw new InvalidInputError(`${path}: no such file or directory`, [
        { file: path, line: 0, reason: 'no such file or directory' },
      ]);
    if (!info.isDirectory()) {
      out.push(path);
      continue;
    }
    const entries = await readdir(path, { recursive: true });
    out.push(
      ...entries
        .filter((e) => FEED_FILE.test(e))
        .sort()
        .map((e) => join(path, e)),
    );
  }
  return out;
}

/** Why a file was not loaded: a format Ward does not know, or a CSAF provider document, whose advisories a sync fetches. */
export type FileSkip = { code: 'unknown_format' } | { code: 'sync_only'; format: 'csaf-provider' | 'rolie' };

export interface FileLoad {
  file: string;
  format: FeedFormat;
  result: LoadResult | null;
  /** Why the file was skipped; null when it was loaded. */
  skip: FileSkip | null;
}

/** Loads one file by its detected format, for a trusted caller (the demo, the snapshot, benchmarks); the edges call {@link loadIntelFiles}. */
export async function loadIntelFile(
  database: Database,
  file: string,
  onProgress?: (p: LoadProgress) => void,
  as: { name?: string; actor?: Actor } = {},
): Promise<FileLoad> {
  const format = await detectFormat(file);
  const options = { onProgress, ...as };
  const shown = as.name ?? file;
  try {
    if (format === 'nvd')
      return { file: shown, format, result: await loadNvd(database, file, options), skip: null };
    if (format === 'kev')
      return { file: shown, format, result: await loadKev(database, file, options), skip: null };
    if (format === 'epss')
      return { file: shown, format, result: await loadEpss(database, file, options), skip: null };
    if (format === 'csaf')
      return {
        file: shown,
        format,
        result: await loadCsafFile(database, file, as.name, as.actor),
        skip: null,
      };
  } catch (error) {
    // Past the unpack limits (a decompression bomb) the whole load stops: 413 over HTTP, exit 2 in the CLI.
    if (error instanceof TooLargeError) throw error;
    // Broken JSON, truncated gzip, a bad header: this file is rejected; what earlier batches committed stays.
    const reason = (error as Error).message;
    return {
      file: shown,
      format,
      result: {
        source: format as LoadResult['source'],
        file: shown,
        records: 0,
        changed: 0,
        issues: [{ file: shown, record: '/', reason }],
        warnings: [],
        changedCves: [],
      },
      skip: null,
    };
  }
  return {
    file: shown,
    format,
    result: null,
    skip:
      format === 'csaf-provider' || format === 'rolie'
        ? { code: 'sync_only', format }
        : { code: 'unknown_format' },
  };
}

/** A file to load: where it is, and the name to report it by (an upload's own name). */
export interface IntelFile {
  path: string;
  name?: string;
}

export interface IntelFilesOptions {
  /** A file is about to be loaded. */
  onFile?: (file: IntelFile) => void;
  onProgress?: (p: LoadProgress) => void;
  /** A file is done (loaded, rejected or skipped). */
  onLoaded?: (load: FileLoad) => void;
}

/**
 * Loads intel files, each by its detected format, in order: national work, checked before any file
 * is received. `receive` hands the files over (an upload saves them first, the CLI has them on disk)
 * and runs the loading on them.
 */
export async function loadIntelFiles(
  database: Database,
  actor: Actor,
  receive: (load: (files: readonly IntelFile[]) => Promise<FileLoad[]>) => Promise<FileLoad[]>,
  options: IntelFilesOptions = {},
): Promise<FileLoad[]> {
  requireNational(actor, 'national', 'load intel');
  return receive(async (files) => {
    const loads: FileLoad[] = [];
    for (const file of files) {
      options.onFile?.(file);
      const load = await loadIntelFile(database, file.path, options.onProgress, { name: file.name, actor });
      options.onLoaded?.(load);
      loads.push(load);
    }
    return loads;
  });
}
