// `compiled-schema:NAME`: the validator of schemas/NAME, compiled by ajv at build time
// (scripts/compiledSchemas.mjs). Errors carry no messages but their schema nodes (ajv verbose):
// schemaIssues.ts words them.
declare module 'compiled-schema:*' {
  import type { ErrorObject } from 'ajv';

  interface CompiledValidator {
    (data: unknown): boolean;
    errors?: ErrorObject[] | null;
  }
  const validate: CompiledValidator;
  export default validate;
}
