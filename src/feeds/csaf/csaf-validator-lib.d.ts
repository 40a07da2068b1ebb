/**
 * Types for the part of `@secvisogram/csaf-validator-lib` (BSI's CSAF validator, MIT) that Ward
 * uses: the CSAF 2.0 JSON schema tests. The package ships JavaScript with JSDoc only.
 */
declare module '@secvisogram/csaf-validator-lib/schemaTests.js' {
  /** One ajv error, as the library passes it on. */
  export interface CsafSchemaError {
    message: string;
    /** JSON pointer into the document (`/document/tracking/id`); empty for the root. */
    instancePath: string;
    keyword?: string;
    params?: Record<string, unknown>;
  }
  export interface CsafSchemaResult {
    isValid: boolean;
    errors: CsafSchemaError[];
  }
  /** The OASIS CSAF 2.0 schema. */
  export function csaf_2_0(doc: unknown): CsafSchemaResult;
  /** The CSAF 2.0 schema with `additionalProperties: false` everywhere (what full validators use). */
  export function csaf_2_0_strict(doc: unknown): CsafSchemaResult;
}
