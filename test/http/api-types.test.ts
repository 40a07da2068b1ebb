import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes, openApiJson } from '../../src/http/web/api-types.js';

describe("the dashboard's generated API types", () => {
  it('match what the server schemas give now (run `npm run gen:api` and commit when this fails)', async () => {
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    expect(committed).toBe(await generateApiTypes());
  }, 60_000);

  it('name the response shapes, with the fields the server sends', async () => {
    const doc = (await openApiJson()) as { components: { schemas: Record<string, { properties: object }> } };
    const schemas = doc.components.schemas;
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(['AlertSummary', 'AlertStatus', 'Finding', 'Asset', 'Problem', 'Session']),
    );
    expect(Object.keys(schemas.AlertSummary?.properties ?? {})).toContain('version');
    expect(Object.keys(schemas).filter((name) => name.endsWith('Input'))).toEqual([]);
    // The fields, read without their doc comments (an enum's `@enum {string}` has braces of its own).
    const committed = readFileSync(API_TYPES_FILE, 'utf8').replace(/\/\*\*[\s\S]*?\*\//g, '');
    expect(committed).toMatch(/AlertSummary: \{[^}]*\bversion: number;/);
  }, 60_000);
});
