/**
 * Types for the part of `@secvisogram/csaf-validator-lib` (BSI's CSAF validator, MIT) that Ward
 * uses: its ajv instance (draft 2020-12 with formats and FIRST's CVSS schemas) and the CSAF 2.0
 * schemas it compiles. The package ships JavaScript with JSDoc only.
 */
declare module '@secvisogram/csaf-validator-lib/lib/shared/csafAjv.js' {
  import type { ValidateFunction } from 'ajv';

  const csafAjv: { compile(schema: object): ValidateFunction };
  export default csafAjv;
}
declare module '@secvisogram/csaf-validator-lib/lib/schemaTests/csaf_2_0/schema.js' {
  /** The OASIS CSAF 2.0 schema. */
  const schema: Record<string, unknown>;
  export default schema;
}
declare module '@secvisogram/csaf-validator-lib/lib/schemaTests/csaf_2_0_strict/schema.js' {
  /** The CSAF 2.0 schema with `additionalProperties: false` everywhere (what full validators use). */
  const schema: Record<string, unknown>;
  export default schema;
}
