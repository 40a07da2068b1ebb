import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TooLargeError } from '../errors.js';
import { GzipError, openBytes, readAllBytes } from './source-bytes.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/feeds/', import.meta.url));
const text = '{"hello":"wörld","n":[1,2,3]}';

async function* bytewise(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (const b of bytes) yield Uint8Array.of(b);
}

describe('openBytes', () => {
  it('passes plain bytes through unchanged, from a file, a Buffer and a Readable', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ward-bytes-'));
    const file = path.join(dir, 'plain.json');
    writeFileSync(file, text);
    expect((await readAllBytes(file)).toString('utf8')).toBe(text);
    expect((await readAllBytes(Buffer.from(text))).toString('utf8')).toBe(text);
    expect((await readAllBytes(Readable.from([Buffer.from(text)]))).toString('utf8')).toBe(text);
  });

  it('gunzips when the first bytes are the gzip magic, whatever the file name', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ward-bytes-'));
    const file = path.join(dir, 'no-gz-suffix.json');
    writeFileSync(file, gzipSync(text));
    expect((await readAllBytes(file)).toString('utf8')).toBe(text);
  });

  it('detects gzip even when the magic arrives one byte per chunk', async () => {
    const out = await readAllBytes(bytewise(gzipSync(text)));
    expect(out.toString('utf8')).toBe(text);
  });

  it('reads concatenated gzip members as one stream (RFC 1952 §2.2)', async () => {
    const two = Buffer.concat([gzipSync('first,'), gzipSync('second')]);
    expect((await readAllBytes(two)).toString('utf8')).toBe('first,second');
  });

  it('keeps a one-byte or empty source as it is', async () => {
    expect([...(await readAllBytes(Uint8Array.of(0x1f)))]).toEqual([0x1f]);
    expect((await readAllBytes(Buffer.alloc(0))).length).toBe(0);
  });

  it('fails a truncated gzip file with "truncated gzip: <file>" instead of a short read', async () => {
    const file = path.join(fixtures, 'nvd/truncated-page.json.gz');
    const error = await readAllBytes(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GzipError);
    expect((error as Error).message).toBe(`truncated gzip: ${file}`);
  });

  it('names a truncated gzip stream by the name given', async () => {
    const gz = gzipSync(text.repeat(100));
    const cut = Readable.from([gz.subarray(0, gz.length - 9)]);
    await expect(readAllBytes(cut, { name: 'https://example.org/feed.gz' })).rejects.toThrow(
      'truncated gzip: https://example.org/feed.gz',
    );
  });

  it('refuses a decompression bomb: a ratio beyond 100 to 1 once a MiB is unpacked', async () => {
    const bomb = gzipSync(Buffer.concat([Buffer.from('{"vulnerabilities":['), Buffer.alloc(32 << 20, 0x20)]));
    const read = readAllBytes(bomb, { name: 'bomb.json.gz' });
    await expect(read).rejects.toThrow(TooLargeError);
    await expect(readAllBytes(bomb, { name: 'bomb.json.gz' })).rejects.toThrow(
      /^bomb\.json\.gz: gzip unpacks to more than 100 times its size .* decompression bomb$/,
    );
    // Small files may compress far better than that: ratios count from the first MiB.
    expect((await readAllBytes(gzipSync(Buffer.alloc(512 * 1024, 0x20)))).length).toBe(512 * 1024);
  });

  it('refuses a source that unpacks beyond the size limit', async () => {
    const packed = gzipSync(Buffer.from('x'.repeat(5000)));
    const limits = { maxBytes: 4096, maxRatio: 1000 };
    await expect(readAllBytes(packed, { name: 'big.gz', unpackLimits: limits })).rejects.toThrow(
      'big.gz: gzip unpacks to more than 4096 bytes, the most Ward reads from one file',
    );
    expect((await readAllBytes(packed, { unpackLimits: { ...limits, maxBytes: 5000 } })).length).toBe(5000);
  });

  it('reports corrupt gzip data', async () => {
    const gz = gzipSync(text.repeat(50));
    gz.fill(0xff, 12, 30);
    await expect(readAllBytes(gz, { name: 'x.gz' })).rejects.toThrow(/^corrupt gzip: x\.gz/);
  });

  it('propagates an error of the underlying stream', async () => {
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield gzipSync(text).subarray(0, 10);
      throw new Error('socket hang up');
    }
    await expect(readAllBytes(broken())).rejects.toThrow('socket hang up');
  });

  it('closes the source when the consumer stops early', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        for (let i = 0; i < 1000; i++) yield Buffer.from('x'.repeat(1024));
      } finally {
        closed = true;
      }
    }
    for await (const _ of openBytes(source())) break;
    expect(closed).toBe(true);
  });
});
