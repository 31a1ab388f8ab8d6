// What the SQL rules share: their pass over the file's (cached) analysis, how big a table is
// as far as the file and .runbooklint.yaml tell, and the wording and edit helpers of findings.
import { analyzeSql, type SqlAnalysis } from '../../sql/analysis';
import type { SqlStatement } from '../../sql/scanner';
import type { StatementInfo, TableRef } from '../../sql/statementModel';
import type { LintContext, RuleFinding, SqlPass, TextEdit } from '../types';

// Where a rule gets the pass's type, with the helpers it builds one with.
export type { SqlPass } from '../types';

/** Whether `pass` looks at statements of this type (see SqlPass.types). */
export function passTakes(pass: SqlPass, type: StatementInfo['type']): boolean {
  return pass.types === undefined || pass.types.includes(type);
}

/** A rule's check done through its pass over the whole (cached) analysis. */
export function checkWithPass(ctx: LintContext, pass: SqlPass | undefined): RuleFinding[] {
  if (!pass) return [];
  const analysis = analyzeSql(ctx.text, ctx.dialect);
  for (const s of analysis.statements) if (passTakes(pass, s.info.type)) pass.statement(s, analysis);
  return pass.findings;
}

const NEW_TABLE: TableSize = Object.freeze({ kind: 'new' });
const UNKNOWN_SIZE: TableSize = Object.freeze({ kind: 'unknown' });

export type TableSize =
  | { kind: 'new' } // created earlier in this file (or its migration set, never filled since): empty, nobody reads it yet
  | { kind: 'unknown' }
  | { kind: 'small'; rows: number }
  | { kind: 'large'; rows: number };

/** Whether `for...in` sees any key (own or inherited enumerable: what `tables[name]` could find). */
function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

/** How big a table is, as far as the file and `.runbooklint.yaml` tell. */
export function tableSize(ctx: LintContext, analysis: SqlAnalysis, ref: TableRef, stmtIndex: number): TableSize {
  const created = analysis.createdTables.get(ref.name) ?? analysis.createdTables.get(ref.bare);
  if (created !== undefined && created < stmtIndex) return NEW_TABLE;
  const tables = ctx.config.tables;
  // Most configs declare no table: then no name needs looking up (nor `public.x` built).
  if (!hasKeys(tables)) return undeclaredSize(ctx, ref);
  const rows = tables[ref.name] ?? tables[ref.bare] ?? (ref.name === ref.bare ? tables[`public.${ref.bare}`] : undefined);
  if (typeof rows !== 'number' || !Number.isFinite(rows)) return undeclaredSize(ctx, ref);
  return rows >= ctx.config.largeTableRows ? { kind: 'large', rows } : { kind: 'small', rows };
}

/** A size the config does not declare: new when an earlier migration of the set created the table and none filled it. */
function undeclaredSize(ctx: LintContext, ref: TableRef): TableSize {
  return ctx.history?.isNewTable(ref) ? NEW_TABLE : UNKNOWN_SIZE;
}

export function formatRows(rows: number): string {
  return `${Math.round(rows).toLocaleString('en-US')} row${rows === 1 ? '' : 's'}`;
}

/** "Declare its size ..." advice for a table whose size is unknown. */
export function declareSizeHint(ref: TableRef): string {
  return `Declare its size in .runbooklint.yaml (tables: { ${ref.bare}: 500000000 }) to get a precise finding, or none for a small table.`;
}

/** Statement text with runs of whitespace collapsed, for messages and generated commands. */
export function oneLine(text: string, start: number, end: number): string {
  return text.slice(start, end).replace(/\s+/g, ' ').trim();
}

/** An edit appending `newText` right after the statement's terminator (adding one if missing). */
export function insertAfterStatement(stmt: SqlStatement, newText: string): TextEdit[] {
  if (stmt.terminator >= 0) return [{ start: stmt.terminator + 1, end: stmt.terminator + 1, newText: `\n${newText}` }];
  return [{ start: stmt.end, end: stmt.end, newText: `;\n${newText}` }];
}

/** The whitespace between the start of the statement's line and the statement. */
export function indentationOf(text: string, offset: number): string {
  let s = offset;
  while (s > 0 && (text.charCodeAt(s - 1) === 32 || text.charCodeAt(s - 1) === 9)) s--;
  return text.slice(s, offset);
}

/** 1-based line of an offset, memoized per call site through the given map. */
export function lineOf(text: string, offset: number, memo: Map<number, number>): number {
  let line = memo.get(offset);
  if (line === undefined) {
    line = 1;
    for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    memo.set(offset, line);
  }
  return line;
}
