/**
 * Compact version lists for the software catalogues: `3.0.{0..21}` is 3.0.0 … 3.0.21, `{0..100..25}`
 * steps by 25 (bash style), `{00..09}` keeps the zero padding, `1.0.1{a..f}` ranges over letters and `{2016,2019}` lists alternatives.
 * Several braces expand as a cartesian product, leftmost slowest, so lists come out oldest first
 * when the pattern is written that way.
 */

function expandBrace(body: string): string[] {
  const range = /^([0-9]+|[a-z])\.\.([0-9]+|[a-z])(?:\.\.([0-9]+))?$/.exec(body);
  if (!range) return body.split(',');
  const [, from = '', to = '', step = '1'] = range;
  if (/^[a-z]$/.test(from)) {
    const out: string[] = [];
    for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) out.push(String.fromCharCode(c));
    return out;
  }
  const width = from.startsWith('0') && from.length > 1 ? from.length : 0;
  const out: string[] = [];
  for (let n = Number(from); n <= Number(to); n += Number(step)) out.push(String(n).padStart(width, '0'));
  return out;
}

/** Expands one pattern into the versions it names, in order. */
export function expandVersionPattern(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  const close = pattern.indexOf('}', open);
  if (close < 0) throw new Error(`unclosed brace in version pattern "${pattern}"`);
  const head = pattern.slice(0, open);
  const tails = expandVersionPattern(pattern.slice(close + 1));
  const out: string[] = [];
  for (const part of expandBrace(pattern.slice(open + 1, close))) {
    for (const tail of tails) out.push(head + part + tail);
  }
  return out;
}

/** Expands a list of patterns, keeping their order and dropping repeats. */
export function expandVersions(patterns: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of patterns) {
    for (const v of expandVersionPattern(p)) {
      if (!seen.has(v)) {
        seen.add(v);
        out.push(v);
      }
    }
  }
  return out;
}
