#!/usr/bin/env node
// Builds the dashboard (web/ → web/dist) when it is missing or older than its sources, or always with
// --force, first regenerating its API types from the server's schemas (`npm run gen:api`). Run by
// `npm install` (the prepare script): without Vite (a production install) it says so and leaves the
// build to whoever ships it.
import { register } from 'tsx/esm/api';

register();
const { buildWeb, ensureWebBuild, webBuildState } = await import('../src/http/web/web-build.ts');
const force = process.argv.includes('--force');
try {
  if (force || webBuildState() !== 'fresh') {
    const { writeApiTypes } = await import('../src/http/web/api-types.ts');
    await writeApiTypes().then(
      (written) => written && process.stderr.write('API types regenerated (web/src/api/schema.d.ts)\n'),
      (error) => process.stderr.write(`API types not regenerated: ${error.message}\n`),
    );
  }
  if (force) await buildWeb();
  else await ensureWebBuild();
  process.stderr.write('dashboard built (web/dist)\n');
} catch (error) {
  process.stderr.write(`dashboard not built: ${error.message}\n`);
  process.exitCode = force ? 1 : 0;
}
