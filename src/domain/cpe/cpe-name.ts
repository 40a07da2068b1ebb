/**
 * A CPE 2.3 name (NISTIR 7695), as the formatted string `cpe:2.3:part:vendor:…:other` carries it.
 *
 * Each attribute holds its unescaped value (`12.6(1)` for `12.6\(1\)`), or the logical values
 * {@link CPE_ANY} (`*`) and {@link CPE_NA} (`-`). A literal value that is just `*` or `-` (written
 * `\*`, `\-`) cannot be told from the logical ones; NVD never uses such values.
 */

/** The logical value ANY: the attribute may take any value. */
export const CPE_ANY = '*';
/** The logical value NA: the attribute has no meaningful value (not applicable). */
export const CPE_NA = '-';

/** The eleven attributes of a CPE 2.3 name, in formatted-string order. */
export const CPE_ATTRIBUTES = [
  'part',
  'vendor',
  'product',
  'version',
  'update',
  'edition',
  'language',
  'swEdition',
  'targetSw',
  'targetHw',
  'other',
] as const;

export type CpeAttribute = (typeof CPE_ATTRIBUTES)[number];

/** A parsed CPE 2.3 name; `part` is `a` (application), `o` (operating system) or `h` (hardware). */
export type CpeName = Record<CpeAttribute, string> & { part: 'a' | 'o' | 'h' };
