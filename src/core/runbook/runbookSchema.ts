// schemas/runbook.schema.json is the single source of truth for a runbook's shape: the same file
// is shipped for the YAML language server and compiled into this validator at build time.
import type CompiledValidator from 'compiled-schema:runbook.schema.json';
import { schemaIssues, type SchemaIssues } from '../schema/schemaIssues';

// Required on first use: loading the bundle does not evaluate the generated code (34 KB).
let compiled: typeof CompiledValidator | undefined;
function validator(): typeof CompiledValidator {
  compiled ??= (require('compiled-schema:runbook.schema.json') as { default: typeof CompiledValidator }).default;
  return compiled;
}

/**
 * Validates a plain JS value (as produced by YAML or JSON parsing) against the runbook schema:
 * at most `limit` issues, and the count of the others.
 */
export function validateRunbook(value: unknown, limit = Infinity): SchemaIssues {
  const validate = validator();
  if (validate(value)) return { issues: [], more: 0 };
  return schemaIssues(validate.errors, value, 'runbook', limit);
}
