/**
 * `npm run bench -- <name> [--engine pglite|postgres|citus] [options]`: runs one benchmark (or `all`),
 * printing one JSON object per result.
 */
import { parseArgs } from './harness.js';

type Bench = (args: ReturnType<typeof parseArgs>) => Promise<void>;

const BENCHES: Record<string, () => Promise<{ run: Bench }>> = {
  api: () => import('./api.bench.js'),
  orgs: () => import('./orgs.bench.js'),
  alerts: () => import('./alerts.bench.js'),
  intel: () => import('./intel.bench.js'),
  delta: () => import('./delta.bench.js'),
  exposure: () => import('./exposure.bench.js'),
  web: () => import('./web.bench.js'),
  worm: () => import('./worm.bench.js'),
  'worm-calibration': () => import('./worm-calibration.bench.js'),
  baseline: () => import('./baseline.bench.js'),
  external: () => import('./external.bench.js'),
  sharing: () => import('./sharing.bench.js'),
};

const [name, ...rest] = process.argv.slice(2);
if (!name || !(name in BENCHES || name === 'all')) {
  process.stderr.write(
    `usage: npm run bench -- <${[...Object.keys(BENCHES), 'all'].join('|')}> [--engine pglite|postgres|citus]\n`,
  );
  process.exit(2);
}
const args = parseArgs(rest);
for (const bench of name === 'all' ? Object.keys(BENCHES) : [name]) {
  const { run } = await (BENCHES[bench] as () => Promise<{ run: Bench }>)();
  await run(args);
}
process.exit(0);
