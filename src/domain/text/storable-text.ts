/**
 * Text that a database text column can hold. PostgreSQL rejects the NUL character in `text`, and a
 * lone UTF-16 surrogate (half of a pair, as JSON's `"\ud800"` decodes) has no UTF-8 form, so both
 * are refused at the edges — request bodies, query strings, form fields and imported files — with
 * the field and the character's position, instead of failing deep inside a write.
 */
import { jsonPath } from './json-path.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL character is what this looks for
const SUSPECT = /[\u0000\ud800-\udfff]/;

/** Why `value` cannot be stored as text (the first offending character, 1-based), or null when it can. */
export function unstorableText(value: string): string | null {
  if (!SUSPECT.test(value)) return null;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0) return `contains a NUL character (U+0000) at character ${i + 1}`;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return `contains a lone surrogate (U+${c.toString(16).toUpperCase()}) at character ${i + 1}`;
    }
    if (c >= 0xdc00 && c <= 0xdfff)
      return `contains a lone surrogate (U+${c.toString(16).toUpperCase()}) at character ${i + 1}`;
  }
  return null;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL character is what this looks for
const MAYBE_UNSTORABLE_JSON = /[\u0000\ud800-\udfff]|\\u(?:0000|d[89a-f])/i;

/**
 * Whether the value parsed from JSON text `text` may hold a string that cannot be stored: only a
 * NUL or surrogate in the text itself or a `\u0000` / `\ud800`–`\udfff` escape can put one there.
 * False means {@link findUnstorableText} would find nothing, without walking the value.
 */
export function jsonMayHoldUnstorableText(text: string): boolean {
  return MAYBE_UNSTORABLE_JSON.test(text);
}

/** A string somewhere in a parsed JSON value that cannot be stored, with its path (`a.b[2]`). */
export interface UnstorableValue {
  path: string;
  reason: string;
}

/**
 * The first string (value or member name) in a parsed JSON value that cannot be stored, or null.
 * Iterative, so a deeply nested value cannot exhaust the stack.
 */
export function findUnstorableText(value: unknown, root = ''): UnstorableValue | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: root }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop() as { value: unknown; path: string };
    if (typeof v === 'string') {
      const reason = unstorableText(v);
      if (reason) return { path, reason };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: jsonPath(path, i) });
    } else if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, member] = entries[i] as [string, unknown];
        const reason = unstorableText(key);
        if (reason) return { path, reason: `a member name ${reason}` };
        stack.push({ value: member, path: jsonPath(path, key) });
      }
    }
  }
  return null;
}
