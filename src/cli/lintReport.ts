// Output formats of `runbook lint`: text like a compiler's, JSON, and SARIF 2.1.0 for GitHub code
// scanning. Pure: the caller gives paths already made relative.
import type { Log as OfficialSarifLog } from 'sarif';
import { version } from '../../package.json';
import { ENGINE_RULES } from '../core/lint/engine';
import type { ResolvedSqlDialect } from '../core/lint/sqlDialect';
import type { Finding, LintSeverity, Rule, RunbookLink } from '../core/lint/types';

/** package.json's `homepage` (set by the build; '' when it has none): SARIF links the rule docs under it. */
declare const __RUNBOOK_HOMEPAGE__: string;

/** A finding with the path to show for its file (relative to the current folder when inside it). */
export interface ReportedFinding {
  /** Path as shown: relative with forward slashes when inside the current folder, else absolute. */
  path: string;
  finding: Finding;
}

/** A SQL file that was checked, and the dialect it was read as (and why). */
export interface ReportedSqlFile {
  /** As ReportedFinding.path. */
  file: string;
  dialect: ResolvedSqlDialect;
}

export function runbookRef(link: RunbookLink | undefined): string | null {
  if (!link) return null;
  return link.stepId ? `${link.runbookId}#${link.stepId}` : link.runbookId;
}

/** `file:line:column: severity: message [rule-id]`, and the runbook when the rule has one. */
export function textLine(r: ReportedFinding): string {
  const f = r.finding;
  const runbook = runbookRef(f.runbook);
  return `${r.path}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.ruleId}]${runbook ? ` (runbook: ${runbook})` : ''}`;
}

export interface JsonReport {
  findings: {
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    rule: string;
    severity: LintSeverity;
    message: string;
    runbook: string | null;
  }[];
  filesChecked: number;
  /** Every SQL file checked, in the order checked, with the dialect it was read as. */
  sqlFiles: ReportedSqlFile[];
}

export function jsonReport(findings: readonly ReportedFinding[], filesChecked: number, sqlFiles: readonly ReportedSqlFile[] = []): JsonReport {
  return {
    findings: findings.map(({ path, finding: f }) => ({
      file: path,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      rule: f.ruleId,
      severity: f.severity,
      message: f.message,
      runbook: runbookRef(f.runbook),
    })),
    filesChecked,
    sqlFiles: sqlFiles.map((f) => ({ file: f.file, dialect: { name: f.dialect.name, from: f.dialect.from } })),
  };
}

// --- SARIF ---------------------------------------------------------------------------------------

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<LintSeverity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * Where a rule's documentation lives: docs/rules/<id>.md, relative to the repository root (GitHub
 * resolves it against the analysed repository). When package.json gains a `homepage`, the links
 * become absolute against it.
 */
export function ruleDocUri(id: string, engineRule: boolean): string {
  return docUri(engineRule ? `docs/rules/README.md#${id}` : `docs/rules/${id}.md`);
}

function docUri(rel: string): string {
  const home = typeof __RUNBOOK_HOMEPAGE__ === 'string' ? __RUNBOOK_HOMEPAGE__ : '';
  return home ? new URL(rel, home.endsWith('/') ? home : `${home}/`).href : rel;
}

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
function relativeUri(p: string): { uri: string; uriBaseId?: string } {
  if (/^([A-Za-z]:)?[\\/]/.test(p)) {
    // Outside the current folder: an absolute file URI, which needs no base.
    const slashed = p.replace(/\\/g, '/');
    return { uri: `file://${slashed.startsWith('/') ? '' : '/'}${slashed.split('/').map(encodeSegment).join('/')}` };
  }
  return { uri: p.split(/[\\/]/).map(encodeSegment).join('/'), uriBaseId: '%SRCROOT%' };
}

function encodeSegment(s: string): string {
  return /^[A-Za-z]:$/.test(s) ? s : encodeURIComponent(s);
}

// Checked when the project type-checks: our SARIF shape must be assignable to the SARIF 2.1.0
// type definitions (@types/sarif, which are generated from the OASIS schema).
const conformsToSarif21: SarifLog extends OfficialSarifLog ? true : never = true;
void conformsToSarif21;

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: {
      driver: {
        name: string;
        informationUri: string;
        version: string;
        semanticVersion: string;
        rules: SarifRule[];
      };
    };
    columnKind: 'utf16CodeUnits';
    originalUriBaseIds: Record<string, { description: { text: string } }>;
    results: SarifResult[];
  }[];
}

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; fixable: boolean; runbook?: string };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
    };
  }[];
  properties?: { runbook: string };
}

export function sarifReport(findings: readonly ReportedFinding[], rules: readonly Rule[]): SarifLog {
  const driverRules: SarifRule[] = [
    ...rules.map((r) => sarifRule(r.id, r.description, r.defaultSeverity, r.fixable, r.fileKinds, runbookRef(r.runbook), false)),
    ...ENGINE_RULES.map((r) => sarifRule(r.id, r.description, r.defaultSeverity, false, [], null, true)),
  ];
  const indexOf = new Map(driverRules.map((r, i) => [r.id, i]));
  const results: SarifResult[] = [];
  for (const { path, finding: f } of findings) {
    let ruleIndex = indexOf.get(f.ruleId);
    if (ruleIndex === undefined) {
      // A finding of a rule not in the list (a rule given only to the engine): describe it anyway,
      // since GitHub needs every ruleIndex to resolve.
      ruleIndex = driverRules.push(sarifRule(f.ruleId, f.ruleId, f.severity, false, [], null, false)) - 1;
      indexOf.set(f.ruleId, ruleIndex);
    }
    const runbook = runbookRef(f.runbook);
    results.push({
      ruleId: f.ruleId,
      ruleIndex,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: relativeUri(path),
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
          },
        },
      ],
      ...(runbook ? { properties: { runbook } } : {}),
    });
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'runbook-lint',
            informationUri: docUri('docs/rules/README.md'),
            version,
            semanticVersion: version,
            rules: driverRules,
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The folder runbook lint ran in.' } } },
        results,
      },
    ],
  };
}

function sarifRule(
  id: string,
  description: string,
  severity: LintSeverity,
  fixable: boolean,
  kinds: readonly string[],
  runbook: string | null,
  engineRule: boolean,
): SarifRule {
  const helpUri = ruleDocUri(id, engineRule);
  return {
    id,
    shortDescription: { text: description },
    fullDescription: { text: `${description}${runbook ? ` Related runbook: ${runbook}.` : ''}` },
    helpUri,
    help: { text: `${description} See ${helpUri}.`, markdown: `${description} [Documentation](${helpUri})` },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: { tags: ['runbook-lint', ...kinds], fixable, ...(runbook ? { runbook } : {}) },
  };
}
