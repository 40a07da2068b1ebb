import { WardError } from '../../errors.js';

/** Quotes input for an error message, truncated so a huge input cannot flood a log. */
export function quoteInput(input: string, max = 120): string {
  return JSON.stringify(input.length > max ? `${input.slice(0, max)}…` : input);
}

/** A CPE string or triple that cannot be read; the message quotes the input. Code `invalid_input`. */
export class CpeParseError extends WardError {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super('invalid_input', `Invalid CPE ${quoteInput(input)}: ${reason}`);
  }
}
