/**
 * Where each value of a JSON document starts: JSON pointer → 1-based line, so that problems found
 * after parsing (a schema error, a duplicate id) can be reported as FILE:LINE like every importer.
 * Assumes the text already parsed with `JSON.parse`; it only walks the structure.
 */

/** Lines of every value in `text`, keyed by JSON pointer (`''` for the root, `/a/0/b` below it). */
export function pointerLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const skipSpace = () => {
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\uFEFF') break;
    }
  };
  const readString = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const escapeKey = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
  const value = (pointer: string): void => {
    skipSpace();
    lines.set(pointer, line);
    const c = text[i];
    if (c === '{') {
      i++;
      skipSpace();
      while (text[i] !== '}' && i < text.length) {
        const key = readString();
        skipSpace();
        i++; // ':'
        value(`${pointer}/${escapeKey(key)}`);
        skipSpace();
        if (text[i] === ',') i++;
        skipSpace();
      }
      i++;
    } else if (c === '[') {
      i++;
      skipSpace();
      for (let n = 0; text[i] !== ']' && i < text.length; n++) {
        value(`${pointer}/${n}`);
        skipSpace();
        if (text[i] === ',') i++;
        skipSpace();
      }
      i++;
    } else if (c === '"') readString();
    else while (i < text.length && !/[\s,\]}]/.test(text[i] as string)) i++;
  };
  value('');
  return lines;
}

/** The line of `pointer`, or of its nearest ancestor that exists (1 when none). */
export function lineOf(lines: ReadonlyMap<string, number>, pointer: string): number {
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const found = lines.get(p);
    if (found !== undefined) return found;
    if (p === '') return 1;
  }
}
