/**
 * The standards bodies' own STIX 2.1 tooling, read from the shared vendor folder (never copied into
 * Ward): the official pattern grammar compiled to a parser with antlr-ng (into node_modules' cache,
 * once per grammar version). Tests that need it skip with a message where the folder is absent.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const STIX_VENDOR = fileURLToPath(
  new URL('../../../shared/vendor/stix2-json-schemas/', import.meta.url),
);
const GRAMMAR = `${STIX_VENDOR}pattern_grammar/STIXPattern.g4`;

/** Why the standards' tooling is unavailable, or null when it is there. */
export function stixVendorMissing(): string | null {
  return existsSync(GRAMMAR)
    ? null
    : `the OASIS STIX 2.1 schemas and pattern grammar are not at ${STIX_VENDOR}`;
}

type PatternCheck = (pattern: string) => string[];

let checker: Promise<PatternCheck> | undefined;

async function build(): Promise<PatternCheck> {
  const grammar = readFileSync(GRAMMAR);
  const digest = createHash('sha256').update(grammar).digest('hex').slice(0, 16);
  const out = `${REPO}node_modules/.cache/ward-stix-pattern/${digest}/`;
  if (!existsSync(`${out}STIXPatternParser.ts`)) {
    mkdirSync(out, { recursive: true });
    execFileSync(`${REPO}node_modules/.bin/antlr-ng`, ['-Dlanguage=TypeScript', '-o', out, GRAMMAR], {
      stdio: 'pipe',
    });
    writeFileSync(`${out}grammar.sha256`, digest);
  }
  const antlr = await import('antlr4ng');
  const { STIXPatternLexer } = await import(`${out}STIXPatternLexer.ts`);
  const { STIXPatternParser } = await import(`${out}STIXPatternParser.ts`);
  return (pattern: string) => {
    const errors: string[] = [];
    const listener = new (class extends antlr.BaseErrorListener {
      override syntaxError(_r: unknown, _s: unknown, line: number, column: number, message: string): void {
        errors.push(`${line}:${column} ${message}`);
      }
    })();
    const lexer = new STIXPatternLexer(antlr.CharStream.fromString(pattern));
    lexer.removeErrorListeners();
    lexer.addErrorListener(listener);
    const parser = new STIXPatternParser(new antlr.CommonTokenStream(lexer));
    parser.removeErrorListeners();
    parser.addErrorListener(listener);
    parser.pattern();
    return errors;
  };
}

/** The official grammar's verdict on a pattern: its syntax errors, none when it parses. */
export async function stixPatternErrors(pattern: string): Promise<string[]> {
  checker ??= build();
  return (await checker)(pattern);
}
