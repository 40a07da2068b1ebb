/**
 * The dashboard as the server serves it: the built page at `/` and at every browser route (deep
 * links), its hashed assets, the strict CSP (no inline script but the page's own, by its hash), and problem+json 404s kept for /api paths.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { buildApp } from '../../src/http/app.js';
import { openTestDatabase } from '../setup/engines.js';

describe('dashboard served at /', () => {
  let database: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    app = await buildApp({ database, oidc: null });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it("serves the page at / and at deep links, under a CSP that runs no inline script but the page's own", async () => {
    for (const url of ['/', '/orgs/RJ7', '/alerts/WA-2026-0001?x=1', '/sign-in']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('<div id="root"></div>');
      const csp = String(res.headers['content-security-policy']);
      const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1]?.split(' ') ?? [];
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      // Each inline script is allowed by its own hash, so an injected one would not run.
      const inline = [...res.body.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] as string);
      expect(inline).toHaveLength(1);
      expect(scriptSrc).toEqual([
        "'self'",
        ...inline.map((text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`),
      ]);
      expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)(?!>)[^>]*>/);
    }
  });

  it('serves the hashed assets the page names, cached for good', async () => {
    const page = (await app.inject({ url: '/' })).body;
    const scripts = [...page.matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      const res = await app.inject({ url: src });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toContain('immutable');
    }
  });

  it('keeps problem+json 404s for the API, missing files and other methods', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/nothing-here'],
      ['GET', '/api/nothing'],
      ['GET', '/assets/missing-file.js'],
      ['POST', '/orgs/RJ7'],
    ] as const) {
      const res = await app.inject({ method, url });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});
