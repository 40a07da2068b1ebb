#!/usr/bin/env node
// Generates the dashboard's API types (web/src/api/schema.d.ts) from the OpenAPI document the server
// builds: `npm run gen:api`. With --check it changes nothing and fails when the file is out of date.
import { register } from 'tsx/esm/api';

register();
const { API_TYPES_FILE, generateApiTypes, writeApiTypes } = await import('../src/http/web/api-types.ts');
const { readFileSync, existsSync } = await import('node:fs');
try {
  if (process.argv.includes('--check')) {
    const current = existsSync(API_TYPES_FILE) ? readFileSync(API_TYPES_FILE, 'utf8') : '';
    if (current !== (await generateApiTypes())) {
      process.stderr.write('the API types are out of date: run `npm run gen:api` and commit the result\n');
      process.exitCode = 1;
    } else process.stderr.write('the API types are up to date\n');
  } else {
    const written = await writeApiTypes();
    process.stderr.write(written ? 'API types written (web/src/api/schema.d.ts)\n' : 'API types unchanged\n');
  }
} catch (error) {
  process.stderr.write(`API types not generated: ${error.message}\n`);
  process.exitCode = 1;
}
