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

export interface FileLoad {
  file: string;
  format: FeedFormat;
  result: LoadResult | null;
  /** Why the file was skipped (unknown format, unreadable). */
  skipped: string | null;
}

/** Loads one file by its detected format. */
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
      return { file: shown, format, result: await loadNvd(database, file, options), skipped: null };
    if (format === 'kev')
      return { file: shown, format, result: await loadKev(database, file, options), skipped: null };
    if (format === 'epss')
      return { file: shown, format, result: await loadEpss(database, file, options), skipped: null };
    if (format === 'csaf')
      return {
        file: shown,
        format,
        result: await loadCsafFile(database, file, as.name, as.actor),
        skipped: null,
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
      skipped: null,
    };
  }
  return {
    file: shown,
    format,
    result: null,
    skipped:
      format === 'unknown'
        ? 'not a feed format Ward knows'
        : `${format} files are loaded with ward intel sync --csaf`,
  };
}
