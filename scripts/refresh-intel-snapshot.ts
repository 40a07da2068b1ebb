/**
 * Rebuilds the intel snapshot Ward ships (data/intel) from a copy of the public feeds laid out like
 * Ward's shared data folder (kev/, nvd/, epss/, csaf/): the whole KEV catalogue, the NVD records of
 * the KEV sample and of the 2017 sample, the EPSS scores of just those CVEs and of the CSAF
 * advisories' CVEs, and CISA's medical-device (ICSMA) and healthcare-sector ICSA advisories.
 * Deterministic: the same input gives the same bytes (gzip without timestamps, sorted records).
 *
 *   npm run refresh:intel -- [SOURCE_DIR] [--out DIR] [--json]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { SHARED_DATA } from '../bench/shared-data.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_OUT = join(ROOT, 'data/intel');
const GENERATED = ['kev', 'nvd', 'epss', 'csaf', 'manifest.json'];

const SOURCES = {
  kev: 'kev/known_exploited_vulnerabilities.json',
  nvd: ['nvd/kev-cves.json.gz', 'nvd/CVE-2017.json.gz'],
  epss: 'epss/epss_scores-2026-08-16.csv.gz',
  csaf: ['csaf/icsma', 'csaf/icsa-sample'],
} as const;

const HELP = `Usage: npm run refresh:intel -- [SOURCE_DIR] [--out DIR] [--json]

Rebuilds Ward's shipped intel snapshot from public feed data laid out as
  SOURCE_DIR/${SOURCES.kev}
  SOURCE_DIR/${SOURCES.nvd.join(', SOURCE_DIR/')}
  SOURCE_DIR/${SOURCES.epss}
  SOURCE_DIR/${SOURCES.csaf.join('/*.json, SOURCE_DIR/')}/*.json
SOURCE_DIR defaults to WARD_SHARED_DATA, else ../shared/data beside the repository.
--out DIR  where to write (default data/intel); its README.md is kept, the rest is replaced
--json     print the manifest as JSON instead of a summary`;

export interface SnapshotFile {
  path: string;
  bytes: number;
  sha256: string;
  records: number;
  source: string;
  sourceSha256: string;
}

export interface SnapshotManifest {
  kevCatalogVersion: string;
  epssScoreDate: string;
  cves: { kev: number; nvd: number; epss: number; csaf: number };
  files: SnapshotFile[];
}

class SnapshotError extends Error {}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const gzip = (b: Buffer | string) => gzipSync(b, { level: 9 });

function read(source: string, rel: string): Buffer {
  const file = join(source, rel);
  if (!existsSync(file)) throw new SnapshotError(`${file}: not found (expected ${rel} under ${source})`);
  return readFileSync(file);
}

function json<T>(bytes: Buffer, file: string): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch (error) {
    throw new SnapshotError(`${file}: not valid JSON (${(error as Error).message})`);
  }
}

function gunzip(bytes: Buffer, file: string): Buffer {
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new SnapshotError(`${file}: not a readable gzip file (${(error as Error).message})`);
  }
}

/** Builds the snapshot into `out` (replacing the generated part of it) and returns its manifest. */
export function buildIntelSnapshot(source: string, out: string): SnapshotManifest {
  const files: SnapshotFile[] = [];
  const staged = new Map<string, Buffer>();
  const put = (path: string, bytes: Buffer, records: number, from: string, fromBytes: Buffer) => {
    staged.set(path, bytes);
    files.push({
      path,
      bytes: bytes.length,
      sha256: sha256(bytes),
      records,
      source: from,
      sourceSha256: sha256(fromBytes),
    });
  };

  const kevBytes = read(source, SOURCES.kev);
  const kev = json<{ catalogVersion?: string; vulnerabilities?: { cveID: string }[] }>(kevBytes, SOURCES.kev);
  if (!kev.catalogVersion || !Array.isArray(kev.vulnerabilities))
    throw new SnapshotError(`${SOURCES.kev}: not a KEV catalogue (no catalogVersion or vulnerabilities)`);
  put(
    'kev/known_exploited_vulnerabilities.json.gz',
    gzip(kevBytes),
    kev.vulnerabilities.length,
    SOURCES.kev,
    kevBytes,
  );
  const wanted = new Set(kev.vulnerabilities.map((v) => v.cveID));

  const nvdIds = new Set<string>();
  for (const rel of SOURCES.nvd) {
    const raw = read(source, rel);
    const page = json<{ vulnerabilities?: { cve: { id: string } }[] }>(gunzip(raw, rel), rel);
    if (!Array.isArray(page.vulnerabilities)) throw new SnapshotError(`${rel}: not an NVD API 2.0 page`);
    for (const v of page.vulnerabilities) nvdIds.add(v.cve.id);
    // The NVD pages are already gzip and sorted: shipped byte for byte.
    put(rel, raw, page.vulnerabilities.length, rel, raw);
  }
  for (const id of nvdIds) wanted.add(id);

  const csafCves = new Set<string>();
  for (const folder of SOURCES.csaf) {
    const dir = join(source, folder);
    if (!existsSync(dir)) throw new SnapshotError(`${dir}: not found (expected ${folder} under ${source})`);
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort()) {
      const rel = `${folder}/${name}`;
      const raw = readFileSync(join(dir, name));
      const doc = json<{ document?: { csaf_version?: string }; vulnerabilities?: { cve?: string }[] }>(
        raw,
        rel,
      );
      if (!doc.document?.csaf_version)
        throw new SnapshotError(`${rel}: not a CSAF document (no csaf_version)`);
      for (const v of doc.vulnerabilities ?? []) if (v.cve) csafCves.add(v.cve);
      put(`${rel}.gz`, gzip(raw), 1, rel, raw);
    }
  }
  for (const id of csafCves) wanted.add(id);

  const epssRaw = read(source, SOURCES.epss);
  const lines = gunzip(epssRaw, SOURCES.epss).toString('utf8').split('\n');
  const [comment, header] = lines;
  const scoreDate = /score_date:([^,\s]+)/.exec(comment ?? '')?.[1];
  if (!scoreDate || header?.trim() !== 'cve,epss,percentile')
    throw new SnapshotError(
      `${SOURCES.epss}: not a FIRST EPSS file (line 1 #model_version…, line 2 cve,epss,percentile)`,
    );
  const rows = lines.slice(2).filter((l) => wanted.has(l.slice(0, l.indexOf(','))));
  rows.sort();
  const epssName = SOURCES.epss.replace('epss_scores-', 'epss_scores-snapshot-');
  put(epssName, gzip(`${comment}\n${header}\n${rows.join('\n')}\n`), rows.length, SOURCES.epss, epssRaw);

  files.sort((a, b) => a.path.localeCompare(b.path));
  const manifest: SnapshotManifest = {
    kevCatalogVersion: kev.catalogVersion,
    epssScoreDate: scoreDate,
    cves: { kev: kev.vulnerabilities.length, nvd: nvdIds.size, epss: rows.length, csaf: csafCves.size },
    files,
  };

  // Written beside the old snapshot, then swapped in: a failure leaves the old one as it was.
  const tmp = `${out}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  for (const [path, bytes] of staged) {
    mkdirSync(dirname(join(tmp, path)), { recursive: true });
    writeFileSync(join(tmp, path), bytes);
  }
  writeFileSync(join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  mkdirSync(out, { recursive: true });
  for (const name of GENERATED) rmSync(join(out, name), { recursive: true, force: true });
  for (const name of readdirSync(tmp)) renameSync(join(tmp, name), join(out, name));
  rmSync(tmp, { recursive: true, force: true });
  return manifest;
}

function main(argv: string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  let out = DEFAULT_OUT;
  let asJson = false;
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') asJson = true;
    else if (a === '--out') {
      const next = argv[++i];
      if (!next) throw new SnapshotError('--out needs a directory');
      out = resolve(next);
    } else if (a.startsWith('-')) throw new SnapshotError(`unknown option ${a} (see --help)`);
    else positional.push(a);
  }
  if (positional.length > 1) throw new SnapshotError('give at most one source directory (see --help)');
  const source = resolve(positional[0] ?? SHARED_DATA);
  const manifest = buildIntelSnapshot(source, out);
  if (asJson) console.log(JSON.stringify(manifest, null, 2));
  else {
    const total = manifest.files.reduce((s, f) => s + f.bytes, 0);
    console.log(
      `intel snapshot written to ${relative(process.cwd(), out) || '.'} from ${source}: ` +
        `KEV ${manifest.kevCatalogVersion} (${manifest.cves.kev} CVEs), NVD ${manifest.cves.nvd} CVEs, ` +
        `EPSS ${manifest.cves.epss} scores (${manifest.epssScoreDate}), CSAF advisories naming ${manifest.cves.csaf} CVEs; ` +
        `${manifest.files.length} files, ${(total / 1024 / 1024).toFixed(2)} MiB`,
    );
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof SnapshotError)) throw error;
    console.error(`refresh:intel: ${error.message}`);
    process.exitCode = 1;
  }
}
