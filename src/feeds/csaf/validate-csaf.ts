/**
 * Validation of a CSAF 2.0 document against the OASIS CSAF 2.0 JSON schema, as shipped by BSI's
 * `@secvisogram/csaf-validator-lib` (draft 2020-12, with the FIRST CVSS v2/v3 schemas it references).
 *
 * The library's own entry point compiles both schemas when it is imported, which cost every `ward`
 * command and every server start about half a second whether or not it read a CSAF document; the
 * same schemas are compiled here, with the library's ajv instance, on the first validation instead.
 */

import csafSchema from '@secvisogram/csaf-validator-lib/lib/schemaTests/csaf_2_0/schema.js';
import csafStrictSchema from '@secvisogram/csaf-validator-lib/lib/schemaTests/csaf_2_0_strict/schema.js';
import csafAjv from '@secvisogram/csaf-validator-lib/lib/shared/csafAjv.js';
import type { ValidateFunction } from 'ajv';

const compiled: { strict?: ValidateFunction; plain?: ValidateFunction } = {};

/** The compiled schema, strict or plain, compiled once on first use. */
function validator(strict: boolean): ValidateFunction {
  if (strict) {
    compiled.strict ??= csafAjv.compile(csafStrictSchema);
    return compiled.strict;
  }
  compiled.plain ??= csafAjv.compile(csafSchema);
  return compiled.plain;
}

/** One reason a document fails the schema, at a JSON pointer into the document. */
export interface CsafValidationError {
  /** JSON pointer (`/vulnerabilities/0/product_status/known_affected`); `/` for the document root. */
  path: string;
  message: string;
}

/** The outcome of {@link validateCsaf}. */
export type CsafValidation = { valid: true } | { valid: false; errors: CsafValidationError[] };

/** Options for {@link validateCsaf}. */
export interface ValidateCsafOptions {
  /**
   * Use the strict schema, which also rejects properties the standard does not define (default). The
   * plain schema lets unknown properties through.
   */
  strict?: boolean;
}

/**
 * Validates `doc` (parsed JSON) against the CSAF 2.0 schema. On failure, returns every reason the
 * validator gives (duplicates removed), each with the JSON pointer of the offending value; a missing
 * or unexpected property, or the allowed values of an enumeration, are named in the message.
 */
export function validateCsaf(doc: unknown, options: ValidateCsafOptions = {}): CsafValidation {
  const validate = validator(options.strict ?? true);
  try {
    if (validate(doc)) return { valid: true };
  } catch (error) {
    // ajv validates recursively: a hostile document nested deep enough exhausts the stack.
    if (error instanceof RangeError)
      return { valid: false, errors: [{ path: '/', message: 'nested too deeply to validate' }] };
    throw error;
  }
  const seen = new Set<string>();
  const errors: CsafValidationError[] = [];
  for (const e of validate.errors ?? []) {
    const extra = e.params?.additionalProperty;
    const allowed = e.params?.allowedValues;
    let message = e.message ?? 'unexpected empty error message';
    if (typeof extra === 'string') message = `${message}: "${extra}"`;
    else if (Array.isArray(allowed))
      message = `${message}: ${allowed.map((a) => JSON.stringify(a)).join(', ')}`;
    const error = { path: e.instancePath || '/', message };
    const key = `${error.path}\u0000${error.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push(error);
  }
  return { valid: false, errors };
}
