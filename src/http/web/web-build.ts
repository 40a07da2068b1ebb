/**
 * The dashboard's build (web/ → web/dist/): where it is, whether it is missing or older than its
 * sources, and building it with Vite when it is. `ward serve`, the test set-up and the web bench
 * call `ensureWebBuild`; `npm install` builds it through the `prepare` script.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../errors.js';

/** The web app's folder (sources, config) and its build output. */
export const WEB_ROOT = fileURLToPath(new URL('../../../web/', import.meta.url));
export const WEB_DIST = join(WEB_ROOT, 'dist');
const INDEX = join(WEB_DIST, 'index.html');
const SOURCES = ['src', 'index.html', 'vite.config.ts', 'tsconfig.json', 'public'];

export type WebBuildState = 'fresh' | 'stale' | 'missing';

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Missing (no index.html), stale (a source is newer than the build) or fresh. */
export function webBuildState(): WebBuildState {
  if (!existsSync(INDEX)) return 'missing';
  const sources = existsSync(join(WEB_ROOT, 'src'));
  if (!sources) return 'fresh';
  const built = statSync(INDEX).mtimeMs;
  return SOURCES.some((s) => newestMtime(join(WEB_ROOT, s)) > built) ? 'stale' : 'fresh';
}

/** Builds the dashboard with Vite (a dev dependency, so present in a checkout after `npm install`). */
export async function buildWeb(): Promise<void> {
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    throw new ConfigError(
      'the dashboard is not built (web/dist) and Vite is not installed: run `npm install` in the checkout',
    );
  }
  // A production build whoever starts it: under a test run NODE_ENV is `test`, and Vite and the React
  // plugin would then emit the development JSX runtime (jsxDEV), which production React lacks.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await vite.build({ configFile: join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

/** Builds the dashboard when it is missing or stale; says which it was (null when nothing was done). */
export async function ensureWebBuild(): Promise<Exclude<WebBuildState, 'fresh'> | null> {
  const state = webBuildState();
  if (state === 'fresh') return null;
  if (!existsSync(join(WEB_ROOT, 'src'))) return state;
  await buildWeb();
  return state;
}
