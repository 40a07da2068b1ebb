import { compileErrors, validate } from '@readme/openapi-parser';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { buildApp } from '../../src/http/app.js';
import { openTestDatabase } from '../setup/engines.js';

describe('OpenAPI document and reference page', () => {
  let database: Database;
  let app: FastifyInstance;
  let doc: { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    app = await buildApp({ database, oidc: null });
    const res = await app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('describes every API route, with its problem responses', () => {
    const routes = app.routeTable.filter((r) => r.url.startsWith('/api/v1/'));
    expect(routes.length).toBeGreaterThan(20);
    for (const r of routes) {
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      const op = doc.paths[path]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${path}`).toBeDefined();
      expect(Object.keys(op?.responses ?? {}), `${r.method} ${path}`).toEqual(
        expect.arrayContaining(['400', '401']),
      );
    }
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(documented.sort()).toEqual(
      routes.map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`).sort(),
    );
  });

  it('describes the multipart upload bodies', () => {
    const upload = doc.paths['/api/v1/inventory/imports']?.post as unknown as {
      requestBody: { content: Record<string, unknown> };
    };
    expect(Object.keys(upload.requestBody.content)).toEqual(['multipart/form-data']);
  });

  it('serves the interactive reference from this server, fetching nothing from elsewhere', async () => {
    const index = await app.inject({ url: '/api/docs/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('swagger-ui');
    for (const [, src] of index.body.matchAll(/(?:src|href)="([^"]+)"/g))
      expect(src).not.toMatch(/^(https?:)?\/\//);
    const init = await app.inject({ url: '/api/docs/static/swagger-initializer.js' });
    expect(init.statusCode).toBe(200);
    expect(init.body).toContain('json');
    const json = await app.inject({ url: '/api/docs/json' });
    expect(json.json().paths['/api/v1/scan'].post.requestBody).toBeDefined();
    expect(init.body).not.toMatch(/["'`]https?:\/\//);
    const bundle = await app.inject({ url: '/api/docs/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
  });
});
