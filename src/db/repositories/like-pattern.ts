/**
 * User text inside a LIKE pattern: `%`, `_` and the escape character itself match literally
 * (PostgreSQL's default LIKE escape is the backslash), so a filter never becomes a wildcard.
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
