/**
 * Runs the real `ward` executable in a child process, as a user would.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const WARD_BIN = fileURLToPath(new URL('../../bin/ward.js', import.meta.url));

export interface WardRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runWard(args: string[], env: Record<string, string>, input?: string): Promise<WardRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WARD_BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
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
