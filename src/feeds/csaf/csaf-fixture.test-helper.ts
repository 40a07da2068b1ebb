/**
 * Loads CISA's real CSAF advisories shipped in the intel snapshot (`data/intel/csaf`: every ICSMA
 * medical advisory and 21 healthcare-sector ICSA ones, each gzip of the original) for tests, so every
 * clone runs them. Suites use `describe.skipIf(!CSAF_DATA_AVAILABLE)(csafSuite(title), …)`, which says
 * why when the snapshot is missing (a damaged checkout).
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { CsafAdvisory } from './csaf.types.js';
import { parseCsaf } from './parse-csaf.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const csafDir = path.resolve(repoRoot, 'data/intel/csaf');
const FOLDERS = ['icsma', 'icsa-sample'];

/** True when the snapshot's advisories are present (always, in a complete checkout). */
export const CSAF_DATA_AVAILABLE = FOLDERS.every((f) => existsSync(path.join(csafDir, f)));

/** A suite title that says why the suite is skipped when the data is absent (use with `describe.skipIf`). */
export function csafSuite(title: string): string {
  return CSAF_DATA_AVAILABLE
    ? title
    : `${title} [SKIPPED: the intel snapshot's CSAF advisories are missing from ${csafDir}, see data/intel/README.md]`;
}

/** One real advisory: its original file name (`icsma/icsma-24-200-01.json`), the parsed advisory and the raw JSON. */
export interface RealAdvisory {
  file: string;
  advisory: CsafAdvisory;
  raw: unknown;
}

let cache: RealAdvisory[] | undefined;

/** Every real advisory, validated and parsed (in file order); throws if one is rejected. */
export function realAdvisories(): RealAdvisory[] {
  if (cache) return cache;
  cache = FOLDERS.flatMap((folder) =>
    readdirSync(path.join(csafDir, folder))
      .filter((name) => name.endsWith('.json.gz'))
      .sort()
      .map((name) => {
        const file = `${folder}/${name.slice(0, -'.gz'.length)}`;
        const raw: unknown = JSON.parse(
          gunzipSync(readFileSync(path.join(csafDir, folder, name))).toString('utf8'),
        );
        const parsed = parseCsaf(raw);
        if (!parsed.ok) throw new Error(`${file} is not valid CSAF: ${parsed.errors[0]?.message}`);
        return { file, advisory: parsed.advisory, raw };
      }),
  );
  return cache;
}

/** The parsed real advisory of one file name (`icsma-24-200-01.json`). */
export function realAdvisory(name: string): CsafAdvisory {
  const found = realAdvisories().find((a) => a.file.endsWith(`/${name}`));
  if (!found) throw new Error(`${name} is not among the real advisories`);
  return found.advisory;
}
