/**
 * Byte sources for the feed parsers: a file path, a Node `Readable`, a web `ReadableStream` (a
 * `fetch` body), any async iterable of bytes, or bytes already in memory. Gzip is detected from the
 * magic bytes (RFC 1952 §2.3.1: 0x1f 0x8b), not from the file name, so `.json`, `.json.gz` and a
 * gzip HTTP body all read the same way.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { TooLargeError } from '../errors.js';

/** Anything a feed parser can read bytes from. A string is a file path. */
export type ByteSource = string | URL | Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** Options for {@link openBytes}. */
export interface OpenBytesOptions {
  /** Name used in error messages; defaults to the file path, or `<stream>`. */
  name?: string;
  /** Read size for files; larger chunks mean fewer parser iterations. */
  highWaterMark?: number;
  /** How far gzip may unpack (defaults: {@link UNPACK_LIMITS}). */
  unpackLimits?: UnpackLimits;
}

/** Bounds on what a gzip source may unpack to, so a small bomb cannot exhaust memory or time. */
export interface UnpackLimits {
  /** Most bytes one source may unpack to. */
  maxBytes: number;
  /** Most unpacked bytes per compressed byte, judged once {@link RATIO_GRACE_BYTES} are unpacked. */
  maxRatio: number;
}

/** 4 GiB, and 100 to 1: real feeds unpack to at most a few hundred MB, at ratios of 5 to 30. */
export const UNPACK_LIMITS: Readonly<UnpackLimits> = Object.freeze({
  maxBytes: 4 * 1024 ** 3,
  maxRatio: 100,
});
/** Small files may compress far better than large ones without harm: ratios count from 1 MiB. */
export const RATIO_GRACE_BYTES = 1024 * 1024;

/** Raised when a gzip stream ends before its trailer, or its data is corrupt. */
export class GzipError extends Error {
  /** Name of the source (file path or `<stream>`). */
  readonly source: string;
  constructor(message: string, source: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GzipError';
    this.source = source;
  }
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** The name {@link openBytes} uses for a source in its errors. */
export function sourceName(source: ByteSource, name?: string): string {
  if (name !== undefined) return name;
  if (typeof source === 'string') return source;
  if (source instanceof URL) return source.href;
  return '<stream>';
}

function rawChunks(
  source: ByteSource,
  highWaterMark: number,
): AsyncIterable<Uint8Array> | Iterable<Uint8Array> {
  if (typeof source === 'string' || source instanceof URL) return createReadStream(source, { highWaterMark });
  if (source instanceof Uint8Array) return [source];
  return source;
}

/**
 * Opens a source as a stream of bytes, gunzipping transparently when it starts with the gzip magic.
 * A gzip stream cut short fails with `truncated gzip: <name>` (a {@link GzipError}) instead of
 * ending early, so a parser never mistakes half a feed for a whole one; one that unpacks beyond
 * its {@link UnpackLimits} fails with a {@link TooLargeError} as soon as it does.
 */
export async function* openBytes(
  source: ByteSource,
  options: OpenBytesOptions = {},
): AsyncGenerator<Uint8Array> {
  const name = sourceName(source, options.name);
  const iterator = toAsyncIterator(rawChunks(source, options.highWaterMark ?? 256 * 1024));
  try {
    // Peek until two bytes are known (a stream may deliver one byte first).
    const head: Uint8Array[] = [];
    let headLength = 0;
    while (headLength < 2) {
      const next = await iterator.next();
      if (next.done) break;
      if (next.value.length === 0) continue;
      head.push(next.value);
      headLength += next.value.length;
    }
    const first = Buffer.concat(head);
    if (first.length < 2 || first[0] !== GZIP_MAGIC_0 || first[1] !== GZIP_MAGIC_1) {
      if (first.length > 0) yield first;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
      return;
    }
    yield* gunzip(first, iterator, name, options.unpackLimits ?? UNPACK_LIMITS);
  } finally {
    // Closes a file or socket when the consumer stops early.
    await iterator.return?.();
  }
}

async function* gunzip(
  first: Uint8Array,
  iterator: AsyncIterator<Uint8Array>,
  name: string,
  limits: UnpackLimits,
): AsyncGenerator<Uint8Array> {
  let packed = 0;
  let unpacked = 0;
  async function* compressed(): AsyncGenerator<Uint8Array> {
    packed += first.length;
    yield first;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      packed += next.value.length;
      yield next.value;
    }
  }
  const input = Readable.from(compressed(), { objectMode: false });
  const inflater = createGunzip();
  input.on('error', (error) => inflater.destroy(error));
  input.pipe(inflater);
  try {
    for await (const chunk of inflater) {
      unpacked += (chunk as Buffer).length;
      checkUnpacked(name, unpacked, packed, limits);
      yield chunk as Buffer;
    }
  } catch (error) {
    throw gzipError(error, name);
  } finally {
    input.destroy();
    inflater.destroy();
  }
}

const MB = 1024 * 1024;
const sizeText = (bytes: number) => (bytes >= MB ? `${Math.floor(bytes / MB)} MB` : `${bytes} bytes`);

/** Throws when a source has unpacked past its limits (`packed` counts what was read so far). */
function checkUnpacked(name: string, unpacked: number, packed: number, limits: UnpackLimits): void {
  if (unpacked > limits.maxBytes) {
    throw new TooLargeError(
      `${name}: gzip unpacks to more than ${sizeText(limits.maxBytes)}, the most Ward reads from one file`,
    );
  }
  if (unpacked > RATIO_GRACE_BYTES && unpacked > packed * limits.maxRatio) {
    throw new TooLargeError(
      `${name}: gzip unpacks to more than ${limits.maxRatio} times its size (${Math.floor(unpacked / MB)} MB from ${Math.ceil(packed / 1024)} KB so far): refused as a decompression bomb`,
    );
  }
}

function gzipError(error: unknown, name: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  // zlib reports a stream that ends mid-member as Z_BUF_ERROR ("unexpected end of file").
  if (code === 'Z_BUF_ERROR') return new GzipError(`truncated gzip: ${name}`, name, { cause: error });
  if (code === 'Z_DATA_ERROR') {
    return new GzipError(`corrupt gzip: ${name}: ${(error as Error).message}`, name, { cause: error });
  }
  return error;
}

function toAsyncIterator(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): AsyncIterator<Uint8Array> {
  if (Symbol.asyncIterator in chunks) return chunks[Symbol.asyncIterator]();
  const sync = chunks[Symbol.iterator]();
  return {
    next: async () => sync.next(),
    return: async (value?: unknown) => sync.return?.(value) ?? { done: true, value: undefined },
  };
}

/** Reads a whole source into memory (gunzipping as {@link openBytes} does), for small documents. */
export async function readAllBytes(source: ByteSource, options: OpenBytesOptions = {}): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of openBytes(source, options)) chunks.push(chunk);
  return Buffer.concat(chunks);
}
