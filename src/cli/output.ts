/**
 * The only place the CLI prints: data as JSON with `--json`, else through a human renderer.
 */

export interface OutputOptions {
  json?: boolean;
}

/** Prints `data` as one JSON document, or the lines `human` renders from it. */
export function emit<T>(data: T, options: OutputOptions, human: (data: T) => string | string[]): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    return;
  }
  const text = human(data);
  process.stdout.write(`${Array.isArray(text) ? text.join('\n') : text}\n`);
}

/** A note for a person (progress, what was loaded): stderr, so stdout stays data. */
export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Left-aligned columns. */
export function table(header: string[], rows: (string | number)[][]): string[] {
  const all = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
