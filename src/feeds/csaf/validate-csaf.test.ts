import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateCsaf } from './validate-csaf.js';

const fixtures = fileURLToPath(new URL('../../../test/fixtures/feeds/csaf/', import.meta.url));
const load = (name: string): unknown => JSON.parse(readFileSync(path.join(fixtures, name), 'utf8'));

describe('validateCsaf', () => {
  it('accepts a valid CSAF 2.0 document with relationships, groups and identification helpers', () => {
    expect(validateCsaf(load('relationships-advisory.json'))).toEqual({ valid: true });
  });

  it("rejects a document with the validator's reasons, each at its JSON pointer", () => {
    expect(validateCsaf(load('invalid-advisory.json'))).toEqual({
      valid: false,
      errors: [
        { path: '/document', message: "must have required property 'category'" },
        { path: '/document', message: 'must NOT have additional properties: "severity"' },
        {
          path: '/document/tracking/status',
          message: 'must be equal to one of the allowed values: "draft", "final", "interim"',
        },
        { path: '/document/tracking/version', message: 'must be string' },
        { path: '/vulnerabilities/0/cve', message: 'must match pattern "^CVE-[0-9]{4}-[0-9]{4,}$"' },
        {
          path: '/vulnerabilities/0/product_status/known_affected',
          message: 'must NOT have fewer than 1 items',
        },
      ],
    });
  });

  it('lets unknown properties through only when not strict', () => {
    const doc = load('relationships-advisory.json') as { document: Record<string, unknown> };
    doc.document.x_vendor_extension = true;
    expect(validateCsaf(doc)).toEqual({
      valid: false,
      errors: [{ path: '/document', message: 'must NOT have additional properties: "x_vendor_extension"' }],
    });
    expect(validateCsaf(doc, { strict: false })).toEqual({ valid: true });
  });

  it('rejects a document nested too deeply for the validator instead of crashing', () => {
    const doc = load('relationships-advisory.json') as { product_tree: { branches: unknown[] } };
    let branch: unknown = {
      category: 'product_version',
      name: 'v',
      product: { product_id: 'deep', name: 'd' },
    };
    for (let i = 0; i < 50_000; i++)
      branch = { category: 'product_family', name: `f${i}`, branches: [branch] };
    doc.product_tree.branches = [branch];
    expect(validateCsaf(doc)).toEqual({
      valid: false,
      errors: [{ path: '/', message: 'nested too deeply to validate' }],
    });
  });

  it('rejects what is not a CSAF document at all', () => {
    expect(validateCsaf([])).toEqual({ valid: false, errors: [{ path: '/', message: 'must be object' }] });
  });
});
