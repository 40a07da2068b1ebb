/**
 * Routes decide no access: they validate, call a service that takes the caller, and present the
 * answer. This reads every route module and fails on any import of the access service or any call
 * of an access decision, naming the file and line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROUTES = fileURLToPath(new URL('../../src/http/routes/', import.meta.url));

const DECISIONS = [
  'scopeFor',
  'requireOrgAccess',
  'requireNational',
  'permittedOrgIds',
  'permittedOrgs',
  'may',
  'mayGrant',
  'mayAdminister',
  'mayManageOwnTokens',
  'roleOn',
];
const CALL = new RegExp(`\\b(?:${DECISIONS.join('|')})\\s*\\(`);
const ACCESS_IMPORT = /from\s+'[^']*services\/access(?:\/access)?\.service\.js'/;

/** `file:line: text` for every line of a route module that decides access. */
function accessDecisions(file: string, source: string): string[] {
  const out: string[] = [];
  for (const [i, line] of source.split('\n').entries()) {
    const code = line.replace(/\/\/.*$/, '');
    if (ACCESS_IMPORT.test(code) || CALL.test(code)) out.push(`${file}:${i + 1}: ${line.trim()}`);
  }
  return out;
}

const files = readdirSync(ROUTES).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
const decisions = new Map(files.map((f) => [f, accessDecisions(f, readFileSync(ROUTES + f, 'utf8'))]));

describe('route modules', () => {
  it('decide no access: the services they call do', () => {
    const found = files.flatMap((f) => decisions.get(f) ?? []);
    expect(found).toEqual([]);
  });

  it('are read, and a decision in one is caught', () => {
    expect(files).toContain('organisation.routes.ts');
    expect(
      accessDecisions('x.routes.ts', "import { requireOrgAccess } from '../../services/access.service.js';"),
    ).toHaveLength(1);
    expect(accessDecisions('x.routes.ts', 'const scope = scopeFor(actor, "read");')).toHaveLength(1);
    expect(accessDecisions('x.routes.ts', 'if (may(actor, "write", ancestry)) {')).toHaveLength(1);
    expect(
      accessDecisions('x.routes.ts', "import { x } from '../../services/access/access.service.js';"),
    ).toHaveLength(1);
    expect(
      accessDecisions('x.routes.ts', 'const list = await listOrganisations(ctx.database, actor, query);'),
    ).toEqual([]);
    expect(
      accessDecisions('x.routes.ts', "import { addUser } from '../../services/access/user.service.js';"),
    ).toEqual([]);
  });
});
