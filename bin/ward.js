#!/usr/bin/env node
// Entry point of the `ward` command. In a source checkout it runs the TypeScript sources through tsx
// (so a stale build can never shadow them); in a published package, which ships only dist/, the build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../src/cli/index.ts', import.meta.url));
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/index.ts');
} else {
  await import('../dist/cli/index.js');
}
