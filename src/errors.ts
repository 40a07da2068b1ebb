/**
 * Domain errors with stable codes and no HTTP in them. The CLI maps them to exit codes and
 * messages; the HTTP layer maps them to problem documents.
 */

export type ErrorCode =
  | 'config'
  | 'database'
  | 'not_found'
  | 'invalid_input'
  | 'conflict'
  | 'forbidden'
  | 'unauthenticated'
  | 'password_change_required'
  | 'rate_limited'
  | 'too_large';

export class WardError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ConfigError extends WardError {
  constructor(message: string) {
    super('config', message);
  }
}

export class DatabaseError extends WardError {
  constructor(message: string) {
    super('database', message);
  }
}

export class NotFoundError extends WardError {
  constructor(message: string) {
    super('not_found', message);
  }
}

/** One problem with one record of an input: where it is and why it is wrong. */
export interface InputProblem {
  /** File name (or `-` for standard input / an upload's name). */
  file: string;
  /** 1-based line or record number; 0 when the problem is with the whole input. */
  line: number;
  /**
   * The request field the problem is with, by its API name (`nextUpdate`, `orgs`), when there is
   * one. The edges word it: the HTTP answer names the field, the CLI the flag that sets it. Reasons
   * never name a CLI flag themselves.
   */
  field?: string;
  reason: string;
}

/** Bad input: every problem found, so a user can fix them all at once. Nothing was written. */
export class InvalidInputError extends WardError {
  constructor(
    message: string,
    readonly problems: InputProblem[] = [],
  ) {
    super('invalid_input', message, problems);
  }
}

export class ForbiddenError extends WardError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

/** The write clashes with what is stored (a user name taken). */
export class ConflictError extends WardError {
  constructor(message: string) {
    super('conflict', message);
  }
}

/** Signed in with a one-time password: it must be changed before anything else. */
export class PasswordChangeRequiredError extends WardError {
  constructor(message: string) {
    super('password_change_required', message);
  }
}

/** No credentials, or credentials that are unknown, expired or revoked. */
export class UnauthenticatedError extends WardError {
  constructor(message: string) {
    super('unauthenticated', message);
  }
}

/** Too many attempts (sign-ins from one address, or failures on one account): try again later. */
export class RateLimitedError extends WardError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', message);
  }
}

/** Input beyond a size limit (a file that unpacks to more than Ward reads): nothing was loaded from it. */
export class TooLargeError extends WardError {
  constructor(message: string) {
    super('too_large', message);
  }
}

/**
 * A request whose fields are wrong (not a file): one problem per field, with the facts in plain
 * words and no CLI flag or HTTP detail in them — `invalidFields({ nextUpdate: '2026-13-01 is not a date' })`.
 */
export function invalidFields(
  problems: Readonly<Record<string, string>>,
  what = 'request',
): InvalidInputError {
  const list = Object.entries(problems).map(([field, reason]) => ({ file: what, line: 0, field, reason }));
  const message = list.map((p) => `${p.field}: ${p.reason}`).join('; ');
  return new InvalidInputError(message, list);
}

/** `FILE:LINE: reason`, the form every importer reports problems in. */
export function formatProblem(p: InputProblem): string {
  return p.line > 0 ? `${p.file}:${p.line}: ${p.reason}` : `${p.file}: ${p.reason}`;
}
