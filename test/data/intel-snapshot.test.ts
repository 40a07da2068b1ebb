/**
 * The intel snapshot shipped with Ward (data/intel): every file is what its manifest says (size,
 * SHA-256), small enough to track, and in a format Ward reads; rebuilt from the shared public data it
 * comes out byte for byte the same (so the refresh is deterministic and the shipped copy current),
 * and a broken source leaves the existing snapshot untouched.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../bench/shared-data.js';
import { buildIntelSnapshot, type SnapshotManifest } from '../../scripts/refresh-intel-snapshot.js';
import { detectFormat } from '../../src/feeds/detect-format.js';
import { INTEL_SNAPSHOT_DIR } from '../factories/intel.factory.js';

const manifest = JSON.parse(
  readFileSync(join(INTEL_SNAPSHOT_DIR, 'manifest.json'), 'utf8'),
) as SnapshotManifest;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => f.replaceAll('\\', '/'))
    .sort();
}

describe('the shipped intel snapshot', () => {
  it('holds exactly the files of its manifest, each with its size and SHA-256, none over 2 MiB', () => {
    expect(filesUnder(INTEL_SNAPSHOT_DIR)).toEqual(
      [...manifest.files.map((f) => f.path), 'README.md', 'manifest.json'].sort(),
    );
    for (const f of manifest.files) {
      const bytes = readFileSync(join(INTEL_SNAPSHOT_DIR, f.path));
      expect(bytes.length, f.path).toBe(f.bytes);
      expect(bytes.length, f.path).toBeLessThanOrEqual(MAX_FILE_BYTES);
      expect(createHash('sha256').update(bytes).digest('hex'), f.path).toBe(f.sha256);
    }
  });

  it('has the whole KEV catalogue, the NVD records, their EPSS scores and 165 CISA advisories', async () => {
    expect(manifest).toMatchObject({
      kevCatalogVersion: '2025.08.25',
      cves: { kev: 1404, nvd: 404 },
    });
    const byFolder = (folder: string) => manifest.files.filter((f) => f.path.startsWith(`${folder}/`));
    expect(byFolder('csaf/icsma')).toHaveLength(144);
    expect(byFolder('csaf/icsa-sample')).toHaveLength(21);
    const formats = new Map<string, number>();
    for (const f of manifest.files) {
      const format = await detectFormat(join(INTEL_SNAPSHOT_DIR, f.path));
      formats.set(format, (formats.get(format) ?? 0) + 1);
    }
    expect(Object.fromEntries(formats)).toEqual({ csaf: 165, epss: 1, kev: 1, nvd: 2 });
  });
});

describe.skipIf(!existsSync(join(SHARED_DATA, 'kev')))(
  existsSync(join(SHARED_DATA, 'kev'))
    ? 'refreshing the snapshot from the shared public data'
    : `refreshing the snapshot [SKIPPED: ${SHARED_DATA} not found]`,
  () => {
    const work = mkdtempSync(join(tmpdir(), 'ward-intel-snapshot-'));
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it('rebuilds the shipped snapshot byte for byte', () => {
      const out = join(work, 'rebuilt');
      const rebuilt = buildIntelSnapshot(SHARED_DATA, out);
      expect(rebuilt).toEqual(manifest);
      for (const f of filesUnder(out))
        expect(readFileSync(join(out, f)).equals(readFileSync(join(INTEL_SNAPSHOT_DIR, f))), f).toBe(true);
    });

    it('names the missing file and leaves the existing snapshot as it was when the source is incomplete', () => {
      const source = join(work, 'broken-source');
      cpSync(SHARED_DATA, source, { recursive: true, filter: (p) => !p.includes('stix') });
      rmSync(join(source, 'epss'), { recursive: true });
      const out = join(work, 'kept');
      cpSync(INTEL_SNAPSHOT_DIR, out, { recursive: true });
      expect(() => buildIntelSnapshot(source, out)).toThrow(
        /epss\/epss_scores-2026-08-16\.csv\.gz: not found/,
      );
      expect(filesUnder(out)).toEqual(filesUnder(INTEL_SNAPSHOT_DIR));
    });
  },
);
