#!/usr/bin/env node
// Builds the dashboard (web/ → web/dist) when it is missing or older than its sources, or always with
// --force. Run by `npm install` (the prepare script): without Vite (a production install) it says so
// and leaves the build to whoever ships it.
import { register } from 'tsx/esm/api';

register();
const { buildWeb, ensureWebBuild } = await import('../src/http/web/web-build.ts');
try {
  if (process.argv.includes('--force')) await buildWeb();
  else await ensureWebBuild();
  process.stderr.write('dashboard built (web/dist)\n');
} catch (error) {
  process.stderr.write(`dashboard not built: ${error.message}\n`);
  process.exitCode = process.argv.includes('--force') ? 1 : 0;
}
