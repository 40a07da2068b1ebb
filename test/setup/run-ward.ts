/**
 * Runs the `ward` command in a child process, as a user would: the run's fresh build of the
 * current sources (ward-build.ts), or `bin/ward.js` itself when `viaBin` asks for it.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

/** The executable a user runs: in a source checkout it runs the sources through tsx. */
export const WARD_BIN = fileURLToPath(new URL('../../bin/ward.js', import.meta.url));

/**
 * Node's options for a test's `ward` process: PGlite's WebAssembly compiled by V8's baseline
 * compiler only. A command here lasts seconds, and optimising PostgreSQL's hot functions cost more
 * than it gave back (0.7 s of CPU of PGlite's one-second start, a third of an intel snapshot load);
 * the code run is the same.
 */
export const WARD_NODE_OPTIONS: readonly string[] = ['--liftoff-only'];

/** The module a test's `ward` child process starts: the test run's build of the sources. */
export function wardEntry(): string {
  return inject('wardEntry');
}

export interface WardRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runWard(
  args: string[],
  env: Record<string, string>,
  input?: string,
  options: { viaBin?: boolean } = {},
): Promise<WardRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...WARD_NODE_OPTIONS, options.viaBin ? WARD_BIN : wardEntry(), ...args],
      {
        env: { ...process.env, ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}
