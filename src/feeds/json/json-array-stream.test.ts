import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeedFormatError } from '../feed-format.error.js';
import { type JsonStreamItem, streamJsonArray } from './json-array-stream.js';
import { JsonSyntaxError } from './json-syntax.error.js';

/** Splits `bytes` at the given cut points (any byte position, including inside UTF-8 sequences). */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  return out;
}

async function* chunked(parts: Buffer[]): AsyncGenerator<Uint8Array> {
  yield* parts;
}

async function collect(text: string | Buffer, cuts: number[] = []): Promise<JsonStreamItem[]> {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const items: JsonStreamItem[] = [];
  for await (const item of streamJsonArray(chunked(split(bytes, cuts)), {
    arrayKey: 'items',
    source: 'doc.json',
  })) {
    items.push(item);
  }
  return items;
}

async function failure(text: string, cuts: number[] = []): Promise<unknown> {
  return collect(text, cuts).then(
    () => null,
    (error: unknown) => error,
  );
}

describe('streamJsonArray', () => {
  it('yields the other members as fields and each element with its byte offset', async () => {
    const doc = '{"total":2,"meta":{"a":[1]},"items":[{"x":"é"}, [2] ,"s",3,null],"after":true}';
    const items = await collect(doc);
    expect(items).toEqual([
      { kind: 'field', key: 'total', value: 2 },
      { kind: 'field', key: 'meta', value: { a: [1] } },
      { kind: 'element', index: 0, byteOffset: 37, text: '{"x":"é"}' },
      { kind: 'element', index: 1, byteOffset: 49, text: '[2]' },
      { kind: 'element', index: 2, byteOffset: 54, text: '"s"' },
      { kind: 'element', index: 3, byteOffset: 58, text: '3' },
      { kind: 'element', index: 4, byteOffset: 60, text: 'null' },
      { kind: 'field', key: 'after', value: true },
    ]);
    expect(Buffer.from(doc).subarray(49, 52).toString()).toBe('[2]');
  });

  it('gives the same result as JSON.parse for any document and any chunking', async () => {
    // Multi-byte characters and lone surrogates (which JSON.stringify escapes) included.
    const value = fc.jsonValue({ stringUnit: 'binary' });
    const doc = fc.record({
      head: fc.dictionary(
        fc.string({ unit: 'binary' }).filter((k) => k !== 'items'),
        value,
        { maxKeys: 3 },
      ),
      items: fc.array(value, { maxLength: 8 }),
      pretty: fc.boolean(),
      bom: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        doc,
        fc.array(fc.nat(), { maxLength: 12 }),
        async ({ head, items, pretty, bom }, cuts) => {
          const json = JSON.stringify({ ...head, items }, null, pretty ? 2 : undefined);
          const bytes = Buffer.concat([
            bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0),
            Buffer.from(json),
          ]);
          const out = await collect(bytes, cuts);
          const elements = out.flatMap((i) => (i.kind === 'element' ? [i] : []));
          expect(elements.map((e) => JSON.parse(e.text))).toEqual(JSON.parse(json).items);
          for (const e of elements)
            expect(bytes.subarray(e.byteOffset).toString().startsWith(e.text)).toBe(true);
          const fields = Object.fromEntries(
            out.flatMap((i) => (i.kind === 'field' ? [[i.key, i.value]] : [])),
          );
          // Compared with the round trip, not `head`: JSON turns -0 into 0.
          const { items: _, ...expectedHead } = JSON.parse(json) as Record<string, unknown>;
          expect(fields).toEqual(expectedHead);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('handles escaped quotes and backslashes split at every position', async () => {
    const doc = '{"items":[{"a":"q\\"b\\\\","c":"\\\\\\"}]"},{"d":"\\u00e9\\\\"}]}';
    const expected = JSON.parse(doc).items;
    for (let cut = 0; cut <= doc.length; cut++) {
      for (const cut2 of [cut + 1, cut + 2]) {
        const out = await collect(doc, [cut, cut2]);
        expect(out.map((i) => (i.kind === 'element' ? JSON.parse(i.text) : null))).toEqual(expected);
      }
    }
  });

  it.each([
    ['[]', 0, "expected '{' at the start of the document"],
    ['{"items":[1,,2]}', 12, 'expected an element of "items"'],
    ['{"items":[1,]}', 12, 'expected an element of "items"'],
    ['{"items":[1 2]}', 12, `expected ',' or ']' after an element of "items"`],
    ['{"a":1 "items":[]}', 7, "expected ',' or '}' after a member"],
    ['{"a" 1,"items":[]}', 5, "expected ':' after a member name"],
    ['{"items":[]} {}', 13, 'unexpected data after the end of the document'],
    ['{"a":tru,"items":[]}', 8, 'unexpected character ","'],
  ])('rejects %j at byte %i', async (doc, byteOffset, reason) => {
    const error = await failure(doc);
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect((error as JsonSyntaxError).byteOffset).toBe(byteOffset);
    expect((error as Error).message).toContain(`at byte ${byteOffset}: ${reason}`);
  });

  it('rejects a document cut short, at its length, whatever the chunking', async () => {
    const doc = '{"total":1,"items":[{"a":"b"},{"c":[1,2';
    for (const cuts of [[], [5], [22, 30]]) {
      const error = await failure(doc, cuts);
      expect(error).toBeInstanceOf(JsonSyntaxError);
      expect((error as JsonSyntaxError).byteOffset).toBe(doc.length);
      expect((error as Error).message).toContain('unexpected end of input');
    }
  });

  it('rejects a document without the array', async () => {
    const error = await failure('{"message":"Invalid apiKey"}');
    expect(error).toBeInstanceOf(FeedFormatError);
    expect((error as Error).message).toBe('doc.json: no "items" array in the top-level object');
    expect(await failure('{"items":{"not":"an array"}}')).toBeInstanceOf(FeedFormatError);
  });

  it('streams: yields the first element before the source is exhausted', async () => {
    let produced = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('{"items":[');
      for (let i = 0; i < 1000; i++) {
        produced++;
        yield Buffer.from(`${i === 0 ? '' : ','}{"n":${i}}`);
      }
      yield Buffer.from(']}');
    }
    for await (const item of streamJsonArray(endless(), { arrayKey: 'items', source: 's' })) {
      expect(item).toEqual({ kind: 'element', index: 0, byteOffset: 10, text: '{"n":0}' });
      break;
    }
    expect(produced).toBeLessThan(3);
  });
});
