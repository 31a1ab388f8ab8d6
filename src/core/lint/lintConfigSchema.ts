// The JSON Schema of `.runbooklint.yaml`, built from the rules (each declares its options), so the
// shipped file cannot drift from the code: `node scripts/gen-lint-config-schema.mjs` writes it to
// schemas/runbooklint.schema.json and a unit test fails while that file is stale. The shipped file
// is what lintConfig.ts validates with (compiled at build time) and what the YAML language server
// reads. An anyOf branch is never a bare $ref: the messages (schemaIssues.ts) tell branches apart by
// their schema paths.
import type { RuleOptionSchema } from './types';

export interface RuleSchemaSource {
  id: string;
  description: string;
  options?: Readonly<Record<string, RuleOptionSchema>>;
}

export const SEVERITY_VALUES = ['off', 'error', 'warning', 'info'] as const;
export const DIALECT_VALUES = ['postgresql', 'mysql'] as const;

const severity = { type: 'string', enum: [...SEVERITY_VALUES], description: 'off, or the severity of its findings (case-insensitive).' };

/** Any rule's entry: a severity, true/false, or { severity, options }. */
const ruleEntry = {
  anyOf: [
    severity,
    { type: 'boolean', description: 'false: off; true: the rule\'s default severity.' },
    { type: 'object', additionalProperties: false, properties: { severity, options: { type: 'object' } } },
  ],
};

/** A known rule's entry: any rule's, and only its own options (object keywords apply to the map form only). */
function knownRule(rule: RuleSchemaSource): Record<string, unknown> {
  return {
    description: rule.description,
    allOf: [
      { $ref: '#/definitions/ruleEntry' },
      { properties: { options: { additionalProperties: false, properties: { ...rule.options } } } },
    ],
  };
}

/** Row counts: integers, or "500M" / "2.5k" / "1B" (underscores and commas allowed). */
function rows(minimum: number, description: string): Record<string, unknown> {
  return {
    type: ['integer', 'string'],
    minimum,
    maximum: Number.MAX_SAFE_INTEGER,
    // No two spaces-runs side by side: "1" and 100,000 spaces would backtrack for seconds.
    pattern: '^\\s*[0-9][0-9_,]*(\\.[0-9]+)?(\\s*[kKmMbB])?\\s*$',
    title: 'a number of rows, such as 500000000 or "500M"',
    description,
  };
}

const positiveMinutes = { type: 'number', exclusiveMinimum: 0 };

/** A glob or a list of globs (overrides' `files` and `excludedFiles`). */
function globs(description: string): Record<string, unknown> {
  const glob = { type: 'string', minLength: 1, title: 'a glob such as "db/mysql/**" or "*.mysql.sql"' };
  return { description, anyOf: [glob, { type: 'array', minItems: 1, items: glob }] };
}

export function lintConfigSchema(rules: readonly RuleSchemaSource[]): Record<string, unknown> {
  const ids = rules.map((r) => r.id);
  const rulesSection = {
    type: 'object',
    description: 'Per rule: off, error, warning or info, or { severity, options }.',
    propertyNames: { enum: ids },
    properties: Object.fromEntries(rules.map((r) => [r.id, knownRule(r)])),
    // A rule this version lacks is a problem (propertyNames) but its entry is still read.
    additionalProperties: { $ref: '#/definitions/ruleEntry' },
  };
  const sqlSection = {
    type: 'object',
    additionalProperties: false,
    properties: {
      dialect: {
        type: 'string',
        enum: [...DIALECT_VALUES],
        description: 'The SQL dialect of migrations (case-insensitive). Default: from the path (mysql/, postgres/, ...), else the text, else the sibling migrations, else postgresql.',
      },
    },
  };
  const tablesSection = {
    type: 'object',
    description: 'Row counts by table name (schema-qualified names allowed: public.orders); names are case-insensitive.',
    additionalProperties: rows(0, 'The number of rows in this table.'),
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://runbook-assistant.dev/schemas/runbooklint.schema.json',
    title: 'runbook-lint configuration (.runbooklint.yaml)',
    description: 'Rule severities and options, the SQL dialect and table sizes for `runbook lint` and the editor. The nearest file up from a linted file applies; files do not merge.',
    type: 'object',
    additionalProperties: false,
    properties: {
      rules: rulesSection,
      sql: sqlSection,
      largeTableRows: rows(1, 'A table with at least this many rows is large (default 1000000).'),
      tables: tablesSection,
      session: {
        type: 'object',
        additionalProperties: false,
        properties: {
          minimumMinutes: { ...positiveMinutes, description: 'Shorthand for rules.session-timeout-too-short.options.minimumMinutes (an explicit option wins).' },
        },
      },
      overrides: {
        type: 'array',
        description:
          'Settings for the files some globs match, over the rest of this file (later entries win): the SQL dialect of a folder of MySQL migrations, the sizes of its tables, rule severities. Globs are relative to this file\'s folder; one without "/" matches a file name in any folder.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['files'],
          properties: {
            files: globs('The files this entry applies to: a glob or a list of globs (**, *, ?, {a,b}, [abc]).'),
            excludedFiles: globs('Files left out even when `files` matches them.'),
            rules: rulesSection,
            sql: sqlSection,
            largeTableRows: rows(1, 'A table with at least this many rows is large, for these files.'),
            tables: tablesSection,
          },
        },
      },
    },
    definitions: { ruleEntry },
  };
}
