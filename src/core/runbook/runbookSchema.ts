// schemas/runbook.schema.json is the single source of truth for a runbook's shape: the same file
// is shipped for the YAML language server and compiled into this validator at build time.
import validate from 'compiled-schema:runbook.schema.json';
import { schemaIssues, type SchemaIssues } from '../schema/schemaIssues';

/**
 * Validates a plain JS value (as produced by YAML or JSON parsing) against the runbook schema:
 * at most `limit` issues, and the count of the others.
 */
export function validateRunbook(value: unknown, limit = Infinity): SchemaIssues {
  if (validate(value)) return { issues: [], more: 0 };
  return schemaIssues(validate.errors, value, 'runbook', limit);
}
