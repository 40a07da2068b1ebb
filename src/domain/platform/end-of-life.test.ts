import { describe, expect, it } from 'vitest';
import { END_OF_LIFE, EndOfLifeTable } from './end-of-life.js';
import data from './end-of-life.json' with { type: 'json' };

describe('end-of-life table', () => {
  it('gives every entry a key, a real date and an https source', () => {
    expect(END_OF_LIFE.length).toBeGreaterThanOrEqual(12);
    for (const p of END_OF_LIFE) {
      expect(p.key, p.name).toMatch(/^o:microsoft:windows/);
      expect(new Date(`${p.endOfSupport}T00:00:00Z`).toISOString().slice(0, 10), p.name).toBe(p.endOfSupport);
      expect(new URL(p.source).protocol, p.name).toBe('https:');
    }
  });

  it('covers the platforms the health service still runs', () => {
    const keys = END_OF_LIFE.map((p) => p.key);
    for (const key of [
      'o:microsoft:windows_xp',
      'o:microsoft:windows_vista',
      'o:microsoft:windows_7',
      'o:microsoft:windows_8.1',
      'o:microsoft:windows_server_2003',
      'o:microsoft:windows_server_2008',
      'o:microsoft:windows_server_2012',
      'o:microsoft:windows_embedded_standard_7',
    ])
      expect(keys).toContain(key);
  });

  it('refuses an entry without a date or a source, and a key given twice', () => {
    const [first] = data.products;
    const bad = (products: unknown[]) => EndOfLifeTable.safeParse({ ...data, products }).success;
    expect(bad([{ ...first, endOfSupport: undefined }])).toBe(false);
    expect(bad([{ ...first, endOfSupport: '2020-13-01' }])).toBe(false);
    expect(bad([{ ...first, source: undefined }])).toBe(false);
    expect(bad([{ ...first, source: 'http://example.org' }])).toBe(false);
    expect(bad([first, first])).toBe(false);
    expect(bad([first])).toBe(true);
  });
});
