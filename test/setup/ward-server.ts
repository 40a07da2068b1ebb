/**
 * `ward serve` in a child process on a free port of 127.0.0.1, as an operator starts it, for tests
 * that drive it with other programs (a TAXII client): resolves once /health answers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from './postgres-cluster.js';
import { WARD_NODE_OPTIONS, wardEntry } from './run-ward.js';

export interface WardServer {
  url: string;
  stop(): Promise<void>;
}

export async function startWardServer(env: Record<string, string>): Promise<WardServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...WARD_NODE_OPTIONS, wardEntry(), 'serve'], {
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`ward serve exited (${child.exitCode}): ${output}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`ward serve did not answer within 30 s: ${output}`);
}
