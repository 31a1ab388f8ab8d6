// The lint engine's vocabulary, shared by the rules, the engine, the CLI and the editor adapter.
// Pure data: no `vscode`, no file system. Rules work on offsets into the text; the engine turns
// them into 1-based lines and columns.
import type { AnalyzedStatement, SqlAnalysis } from '../sql/analysis';
import type { StatementInfo } from '../sql/statementModel';
import type { SqlDialect } from '../sql/types';
import type { SchemaKnowledge } from '../sql/migrationSchema';

export type { SqlDialect } from '../sql/types';

/** What a file is, decided by its name and, where the name is not enough, its content. */
export type FileKind =
  | 'properties' // *.properties (Spring Boot, HikariCP, Tomcat, JDBC)
  | 'yaml' // application*.yml, Kubernetes manifests, any *.yaml
  | 'env' // .env, *.env
  | 'ini' // *.ini, *.conf (redis.conf, nginx.conf, gunicorn.conf), my.cnf
  | 'toml'
  | 'json'
  | 'sql' // migrations, PostgreSQL or MySQL
  | 'crontab' // crontab, *.cron, /etc/cron.d style files
  | 'java-security' // java.security
  | 'web-xml'; // web.xml

export type LintSeverity = 'error' | 'warning' | 'info';

/** A replacement of [start, end) by newText; offsets are UTF-16 indexes into the linted text. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  /** Imperative, shown as the quick fix title: "Change 30 to 30m". */
  title: string;
  edits: TextEdit[];
}

/** Where a finding's explanation lives: a bundled runbook and, ideally, the step. */
export interface RunbookLink {
  runbookId: string;
  stepId?: string;
}

/** What a rule's check returns. */
export interface RuleFinding {
  start: number;
  end: number;
  /** The consequence in plain words: "Spring Boot reads this as 30 seconds: users are logged out after 30 s idle." */
  message: string;
  /** The safe, obvious fix, applied by "fix all" and `runbook lint --fix`; omit when a human must choose. */
  fix?: Fix;
  /** Alternatives offered as extra quick fixes, never applied automatically. */
  suggestions?: Fix[];
  /** Overrides the rule's severity for this finding (e.g. 'info' for "table size unknown"). */
  severity?: LintSeverity;
  /** Overrides the rule's runbook link for this finding. */
  runbook?: RunbookLink;
}

/** `.runbooklint.yaml`, after defaults are applied. */
export interface ResolvedLintConfig {
  /** Per-rule: off, or a severity. Missing rules use their default severity. */
  rules: Record<string, 'off' | LintSeverity>;
  /** Per-rule options, as written in the config (`rules: { id: { severity, options } }`). */
  ruleOptions: Record<string, Record<string, unknown>>;
  /** `sql.dialect` when set (by the file, a matching override, or the live database); otherwise inferred (sqlDialect.ts). */
  sqlDialect?: SqlDialect;
  /** Where `sqlDialect` came from; absent means the config file's `sql.dialect`. The database's product is only a fallback. */
  sqlDialectFrom?: 'config' | 'override' | 'database';
  /** `overrides:` of the config file, applied per file by `configForFile` (lintConfigOverrides.ts). */
  overrides?: LintOverride[];
  /** A table with at least this many rows is large. Default 1,000,000. */
  largeTableRows: number;
  /** Known table sizes in rows, keyed by lower-case name (schema-qualified names allowed: "public.orders"). */
  tables: Record<string, number>;
  /** The config file these values came from, if any. */
  configFile?: string;
  /**
   * The database server the live sizes came from (src/core/lint/liveSizes.ts), when connected:
   * its version changes what is safe (PostgreSQL < 11 rewrites for any DEFAULT; MySQL INSTANT).
   */
  server?: { product: 'postgresql' | 'mysql' | 'mariadb'; version: string };
}

/** One `overrides:` entry: what applies to the files its globs match (later entries win). */
export interface LintOverride {
  /** Globs relative to the config file's folder; one without `/` matches a file name in any folder. */
  files: string[];
  /** Globs of files the entry leaves out even when `files` matches them. */
  excludedFiles: string[];
  sqlDialect?: SqlDialect;
  rules: Record<string, 'off' | LintSeverity>;
  ruleOptions: Record<string, Record<string, unknown>>;
  tables: Record<string, number>;
  largeTableRows?: number;
}

/** What a rule sees. */
export interface LintContext {
  text: string;
  /** The file's path as given to the engine (used in messages only; rules never read files). */
  file: string;
  kind: FileKind;
  config: ResolvedLintConfig;
  /** For SQL: the dialect in force (config, else inferred, else PostgreSQL). */
  dialect: SqlDialect;
  /** This rule's options from the config (empty object when none). */
  options: Record<string, unknown>;
  /** SQL in a migration folder: the schema the earlier migrations of its set build (docs/migration-history.md). */
  history?: SchemaKnowledge;
}

/**
 * One rule option's JSON Schema (draft-07, without $ref: it is copied into
 * schemas/runbooklint.schema.json, which `node scripts/gen-lint-config-schema.mjs` writes).
 */
export type RuleOptionSchema = Readonly<Record<string, unknown>> & { readonly description: string };

export interface Rule {
  /** Kebab-case id, also the doc file name: docs/rules/<id>.md. */
  id: string;
  /** One line, for `runbook lint --list-rules` and the docs index. */
  description: string;
  fileKinds: readonly FileKind[];
  defaultSeverity: LintSeverity;
  /** True when the rule offers a `fix` for at least some findings. */
  fixable: boolean;
  /** The runbook (and step) that explains the incident this rule prevents. */
  runbook?: RunbookLink;
  /** The options `.runbooklint.yaml` may set (`rules.<id>.options`), by name; any other is a config problem. */
  options?: Readonly<Record<string, RuleOptionSchema>>;
  check(ctx: LintContext): RuleFinding[];
  /**
   * SQL rules: the same check as a pass over the statements one at a time (undefined when there is
   * nothing to check), so the engine reads a file's statements once for all SQL rules and keeps
   * none of them. `check` gives the same findings.
   */
  sqlPass?(ctx: LintContext): SqlPass | undefined;
}

/** A finding as the engine reports it, with positions resolved. Lines and columns are 1-based. */
export interface Finding {
  ruleId: string;
  severity: LintSeverity;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Offsets into the text, for editors that apply edits. */
  start: number;
  end: number;
  fix?: Fix;
  suggestions?: Fix[];
  runbook?: RunbookLink;
}

/** A SQL rule's look at the statements, one at a time, front to back. */
export interface SqlPass {
  /** Called for each classified statement, in file order; `analysis` knows the file's tables and the indexes created so far. */
  statement(s: AnalyzedStatement, analysis: SqlAnalysis): void;
  /** The statement types `statement` looks at (it returns at once for any other); all when absent. */
  readonly types?: readonly StatementInfo['type'][];
  /** The findings, complete after the last statement. */
  readonly findings: RuleFinding[];
}
