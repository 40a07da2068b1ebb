/**
 * The `ward` command the end-to-end tests run: Ward's current sources, transpiled afresh for each
 * test run by esbuild (the compiler tsx itself uses, so the code is the same) into a directory
 * beside `src/`. A `ward` child process then starts in about a third of the CPU time that
 * compiling through tsx's loader on every start costs, and a stale build can never be run: the
 * directory is made at the start of the run and removed at its end.
 *
 * The directory sits at the repository's top level, like `src/`, because Ward finds its shipped
 * files (the intel snapshot, the baseline framework, the dashboard) relative to its own modules.
 */
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SOURCE = join(REPO, 'src');

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else yield path;
  }
}

/** A transpiled copy of Ward's sources and where its `ward` entry point is. */
export interface WardBuild {
  dir: string;
  /** The module that runs the `ward` command (the build's `cli/index.js`). */
  entry: string;
  files: number;
  seconds: number;
  remove(): void;
}

/** Transpiles `src/` (tests left out) into a new top-level directory of the repository. */
export async function buildWardForTests(): Promise<WardBuild> {
  const started = Date.now();
  const dir = join(REPO, `.ward-test-build-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  const modules: string[] = [];
  for (const file of sourceFiles(SOURCE)) {
    if (/\.test(-helper)?\.ts$/.test(file) || file.endsWith('.d.ts')) continue;
    if (file.endsWith('.ts')) modules.push(file);
    else cpSync(file, join(dir, relative(SOURCE, file)));
  }
  await build({
    entryPoints: modules,
    outdir: dir,
    outbase: SOURCE,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20.10',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  return {
    dir,
    entry: join(dir, 'cli', 'index.js'),
    files: modules.length,
    seconds: (Date.now() - started) / 1000,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
