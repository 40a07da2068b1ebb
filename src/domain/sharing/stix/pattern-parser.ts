/**
 * The STIX 2.1 pattern grammar (OASIS's `STIXPattern.g4`) checked at runtime, by hand: a lexer
 * that picks tokens as ANTLR does (the longest match, the earlier rule on a tie) and a
 * recursive-descent parser of the grammar's rules with their precedence (FOLLOWEDBY below OR below
 * AND; qualifiers after an observation). It accepts exactly what the official grammar accepts —
 * the grammar tests hold it to the ANTLR parser built from the OASIS file — and says where a
 * pattern goes wrong. It checks syntax only; what a pattern means is `valuesOfPattern`'s job.
 */

type Kind =
  | 'IntNeg'
  | 'IntPos'
  | 'FloatNeg'
  | 'FloatPos'
  | 'Hex'
  | 'Binary'
  | 'String'
  | 'Bool'
  | 'Timestamp'
  | 'AND'
  | 'OR'
  | 'NOT'
  | 'FOLLOWEDBY'
  | 'LIKE'
  | 'MATCHES'
  | 'ISSUPERSET'
  | 'ISSUBSET'
  | 'EXISTS'
  | 'LAST'
  | 'IN'
  | 'START'
  | 'STOP'
  | 'SECONDS'
  | 'WITHIN'
  | 'REPEATS'
  | 'TIMES'
  | 'Ident'
  | 'IdentHyphen'
  | 'EQ'
  | 'NEQ'
  | 'LT'
  | 'LE'
  | 'GT'
  | 'GE'
  | 'QUOTE'
  | 'COLON'
  | 'DOT'
  | 'COMMA'
  | 'RPAREN'
  | 'LPAREN'
  | 'RBRACK'
  | 'LBRACK'
  | 'PLUS'
  | 'MINUS'
  | 'POWER'
  | 'DIVIDE'
  | 'ASTERISK'
  | 'WS'
  | 'Invalid';

const B64 = '[A-Za-z0-9+/]';
const KEYWORDS = [
  'AND',
  'OR',
  'NOT',
  'FOLLOWEDBY',
  'LIKE',
  'MATCHES',
  'ISSUPERSET',
  'ISSUBSET',
  'EXISTS',
  'LAST',
  'IN',
  'START',
  'STOP',
  'SECONDS',
] as const;

/** The grammar's lexer rules in its order (the order breaks ties between equally long matches). */
const RULES: [Kind, RegExp][] = [
  ['IntNeg', /-(?:0|[1-9][0-9]*)/y],
  ['IntPos', /\+?(?:0|[1-9][0-9]*)/y],
  ['FloatNeg', /-[0-9]*\.[0-9]+/y],
  ['FloatPos', /\+?[0-9]*\.[0-9]+/y],
  ['Hex', /h'(?:[A-Fa-f0-9]{2})*'/y],
  ['Binary', new RegExp(`b'(?:${B64}{4})*(?:${B64}{4}|${B64}{3}=|${B64}{2}==)'`, 'y')],
  ['String', /'(?:[^'\\]|\\'|\\\\)*'/y],
  ['Bool', /true|false/y],
  [
    'Timestamp',
    /t'[0-9]{4}-(?:0[1-9]|1[012])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]+)?Z'/y,
  ],
  ...KEYWORDS.map((k) => [k, new RegExp(k, 'y')] as [Kind, RegExp]),
  ['WITHIN', /WITHIN/y],
  ['REPEATS', /REPEATS/y],
  ['TIMES', /TIMES/y],
  ['Ident', /[a-zA-Z_][a-zA-Z0-9_]*/y],
  ['IdentHyphen', /[a-zA-Z_][a-zA-Z0-9_-]*/y],
  ['EQ', /==?/y],
  ['NEQ', /!=|<>/y],
  ['LT', /</y],
  ['LE', /<=/y],
  ['GT', />/y],
  ['GE', />=/y],
  ['QUOTE', /'/y],
  ['COLON', /:/y],
  ['DOT', /\./y],
  ['COMMA', /,/y],
  ['RPAREN', /\)/y],
  ['LPAREN', /\(/y],
  ['RBRACK', /]/y],
  ['LBRACK', /\[/y],
  ['PLUS', /\+/y],
  ['MINUS', /-/y],
  ['POWER', /\^/y],
  ['DIVIDE', /\//y],
  ['ASTERISK', /\*/y],
  [
    'WS',
    /(?:[ \t\r\n\v\f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|\/\*[\s\S]*?\*\/|\/\/[^\r\n]*)/y,
  ],
  ['Invalid', /[\s\S]/uy],
];

interface Token {
  kind: Kind;
  text: string;
  at: number;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_';
const SPACE = /[ \t\r\n\v\f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000/]/;
const FIRST: Partial<Record<Kind, string>> = {
  IntNeg: '-',
  FloatNeg: '-',
  MINUS: '-',
  IntPos: '+0123456789',
  FloatPos: '+0123456789.',
  Hex: 'h',
  Binary: 'b',
  String: "'",
  QUOTE: "'",
  Bool: 'tf',
  Timestamp: 't',
  Ident: LETTERS,
  IdentHyphen: LETTERS,
  EQ: '=',
  NEQ: '!<',
  LT: '<',
  LE: '<',
  GT: '>',
  GE: '>',
  COLON: ':',
  DOT: '.',
  COMMA: ',',
  RPAREN: ')',
  LPAREN: '(',
  RBRACK: ']',
  LBRACK: '[',
  PLUS: '+',
  POWER: '^',
  DIVIDE: '/',
  ASTERISK: '*',
};

/** The rules that can match at a character: those it can start (a keyword by its first letter). */
function couldStart(kind: Kind, c: string): boolean {
  if (kind === 'Invalid') return true;
  if (kind === 'WS') return SPACE.test(c);
  const first = FIRST[kind] ?? kind[0];
  return first?.includes(c) ?? false;
}

const byFirst = new Map<string, [Kind, RegExp][]>();

function tokenize(pattern: string): Token[] {
  const out: Token[] = [];
  let at = 0;
  while (at < pattern.length) {
    const c = pattern[at] as string;
    let rules = byFirst.get(c);
    if (!rules) {
      rules = RULES.filter(([kind]) => couldStart(kind, c));
      if (byFirst.size < 512) byFirst.set(c, rules);
    }
    let best: Token | undefined;
    for (const [kind, re] of rules) {
      re.lastIndex = at;
      const m = re.exec(pattern);
      if (m && m[0].length > 0 && (!best || m[0].length > best.text.length)) best = { kind, text: m[0], at };
    }
    const token = best as Token;
    if (token.kind !== 'WS') out.push(token);
    at += token.text.length;
  }
  return out;
}

class PatternSyntaxError extends Error {}

const ORDER_OPS: readonly Kind[] = ['GT', 'LT', 'GE', 'LE'];
const ORDERABLE: readonly Kind[] = [
  'IntPos',
  'IntNeg',
  'FloatPos',
  'FloatNeg',
  'String',
  'Binary',
  'Hex',
  'Timestamp',
];
const STRING_OPS: readonly Kind[] = ['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'];

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  private is(...kinds: Kind[]): boolean {
    const t = this.peek();
    return t !== undefined && kinds.includes(t.kind);
  }

  private fail(expected: string): never {
    const t = this.peek();
    const where = t
      ? `at character ${t.at + 1} ("${t.text.slice(0, 20)}")`
      : `at the end (character ${this.length + 1})`;
    throw new PatternSyntaxError(`expected ${expected} ${where}`);
  }

  private take(kinds: readonly Kind[], expected: string): Token {
    const t = this.peek();
    if (!t || !kinds.includes(t.kind)) this.fail(expected);
    this.i++;
    return t;
  }

  pattern(): void {
    this.observations();
    if (this.peek()) this.fail('FOLLOWEDBY, OR, AND, a qualifier or the end of the pattern');
  }

  private observations(): void {
    this.observationOr();
    while (this.is('FOLLOWEDBY')) {
      this.i++;
      this.observationOr();
    }
  }

  private observationOr(): void {
    this.observationAnd();
    while (this.is('OR')) {
      this.i++;
      this.observationAnd();
    }
  }

  private observationAnd(): void {
    this.observation();
    while (this.is('AND')) {
      this.i++;
      this.observation();
    }
  }

  private observation(): void {
    if (this.is('LBRACK')) {
      this.i++;
      this.comparison();
      this.take(['RBRACK'], '"]"');
    } else if (this.is('LPAREN')) {
      this.i++;
      this.observations();
      this.take(['RPAREN'], '")"');
    } else this.fail('"[" or "(" opening an observation');
    for (;;) {
      if (this.is('START')) {
        this.i++;
        this.take(['Timestamp'], "a timestamp t'…Z'");
        this.take(['STOP'], 'STOP');
        this.take(['Timestamp'], "a timestamp t'…Z'");
      } else if (this.is('WITHIN')) {
        this.i++;
        this.take(['IntPos', 'FloatPos'], 'a positive number of seconds');
        this.take(['SECONDS'], 'SECONDS');
      } else if (this.is('REPEATS')) {
        this.i++;
        this.take(['IntPos'], 'a positive whole number');
        this.take(['TIMES'], 'TIMES');
      } else return;
    }
  }

  private comparison(): void {
    this.comparisonAnd();
    while (this.is('OR')) {
      this.i++;
      this.comparisonAnd();
    }
  }

  private comparisonAnd(): void {
    this.propTest();
    while (this.is('AND')) {
      this.i++;
      this.propTest();
    }
  }

  private propTest(): void {
    if (this.is('LPAREN')) {
      this.i++;
      this.comparison();
      this.take(['RPAREN'], '")"');
      return;
    }
    if (this.is('NOT') && this.peek(1)?.kind === 'EXISTS') this.i++;
    if (this.is('EXISTS')) {
      this.i++;
      this.objectPath();
      return;
    }
    this.objectPath();
    if (this.is('NOT')) this.i++;
    const op = this.take(
      ['EQ', 'NEQ', ...ORDER_OPS, 'IN', ...STRING_OPS],
      'a comparison (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)',
    );
    if (op.kind === 'EQ' || op.kind === 'NEQ') this.take([...ORDERABLE, 'Bool'], 'a literal');
    else if (ORDER_OPS.includes(op.kind)) this.take(ORDERABLE, 'an orderable literal');
    else if (op.kind === 'IN') this.set();
    else this.take(['String'], "a string literal '…'");
  }

  private set(): void {
    this.take(['LPAREN'], '"(" opening a set');
    if (this.is('RPAREN')) {
      this.i++;
      return;
    }
    this.take([...ORDERABLE, 'Bool'], 'a literal');
    while (this.is('COMMA')) {
      this.i++;
      this.take([...ORDERABLE, 'Bool'], 'a literal');
    }
    this.take(['RPAREN'], '")" closing the set');
  }

  private objectPath(): void {
    this.take(['Ident', 'IdentHyphen'], 'an object type');
    this.take(['COLON'], '":" after the object type');
    this.take(['Ident', 'String'], 'a property name');
    for (;;) {
      if (this.is('DOT')) {
        this.i++;
        this.take(['Ident', 'String'], 'a property name');
      } else if (
        this.is('LBRACK') &&
        this.peek(1) &&
        ['IntPos', 'IntNeg', 'ASTERISK'].includes(this.peek(1)?.kind as Kind)
      ) {
        this.i += 2;
        this.take(['RBRACK'], '"]" closing the index');
      } else return;
    }
  }
}

/** Null when the pattern is valid STIX 2.1 pattern syntax, else where and why it is not. */
export function stixPatternSyntaxError(pattern: string): string | null {
  try {
    new Parser(tokenize(pattern), pattern.length).pattern();
    return null;
  } catch (e) {
    if (e instanceof PatternSyntaxError) return e.message;
    throw e;
  }
}
