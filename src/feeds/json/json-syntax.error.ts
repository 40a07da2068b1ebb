/**
 * Where and why a JSON document is broken. `JSON.parse` does not always say where it failed (V8's
 * "Unexpected token" messages carry no position), so {@link locateJsonError} re-reads the text,
 * only on the slow path after `JSON.parse` has already thrown.
 */
import { locateJsonError } from './locate-json-error.js';

/** Invalid JSON in a feed, with the byte offset (from the start of the decoded document) where it broke. */
export class JsonSyntaxError extends Error {
  /** Byte offset into the (decompressed) document of the first byte that cannot be valid JSON. */
  readonly byteOffset: number;
  /** Name of the source (file path or `<stream>`). */
  readonly source: string;
  constructor(reason: string, byteOffset: number, source: string, near: string) {
    super(
      `invalid JSON in ${source} at byte ${byteOffset}: ${reason}${near ? ` near ${JSON.stringify(near)}` : ''}`,
    );
    this.name = 'JsonSyntaxError';
    this.byteOffset = byteOffset;
    this.source = source;
  }
}

/**
 * Parses one JSON text that starts at `byteOffset` of a document; on failure throws a
 * {@link JsonSyntaxError} carrying the absolute byte offset of the broken byte. `following` is the
 * text that comes next in the document (a delimiter), used only to say what broke a value cut short.
 */
export function parseJsonAt(text: string, byteOffset: number, source: string, following = ''): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const location = locateJsonError(text + following) ??
      locateJsonError(text) ?? { index: 0, reason: (error as Error).message };
    const at = byteOffset + Buffer.byteLength(text.slice(0, location.index));
    throw new JsonSyntaxError(location.reason, at, source, text.slice(location.index, location.index + 40));
  }
}

/** Parses a whole JSON document (a leading UTF-8 byte order mark is skipped), with byte-exact errors. */
export function parseJsonDocument(text: string, source: string): unknown {
  return text.charCodeAt(0) === 0xfeff ? parseJsonAt(text.slice(1), 3, source) : parseJsonAt(text, 0, source);
}
