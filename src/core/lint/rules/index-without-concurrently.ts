// PostgreSQL CREATE/DROP INDEX and REINDEX without CONCURRENTLY on a table that already has
// traffic, and CONCURRENTLY inside an explicit transaction block (which PostgreSQL refuses).
import type { AnalyzedStatement, SqlAnalysis } from '../../sql/analysis';
import { checkWithPass, formatRows, lineOf, tableSize, type SqlPass } from './sqlRuleSupport';
import type { Fix, LintContext, Rule, RuleFinding } from '../types';

export const INDEX_WITHOUT_CONCURRENTLY = 'index-without-concurrently';

/** Why CONCURRENTLY needs care in a migration tool that wraps each migration in a transaction. */
const NO_TRANSACTION = 'it cannot run inside a transaction block, so a Flyway, Liquibase, Rails or Alembic migration needs its non-transactional mode';
/** Fix titles, made once: a big migration has thousands of these findings. */
const FIX_TITLE = { 'CREATE INDEX': 'Add CONCURRENTLY to CREATE INDEX', 'DROP INDEX': 'Add CONCURRENTLY to DROP INDEX', REINDEX: 'Add CONCURRENTLY to REINDEX' } as const;

/** Whether a plain REINDEX rebuilds something with traffic: not an index or table created earlier in the file, not one declared small; REINDEX SYSTEM cannot run concurrently. */
function reindexesLiveIndex(ctx: LintContext, analysis: SqlAnalysis, s: AnalyzedStatement & { info: { type: 'reindex' } }): boolean {
  const info = s.info;
  if (info.concurrently || info.target === 'system') return false;
  if (info.target === 'index' && info.name) return (analysis.createdIndexes.get(info.name.name) ?? Infinity) > s.index;
  if (info.target === 'table' && info.name) {
    const size = tableSize(ctx, analysis, info.name, s.index).kind;
    return size !== 'new' && size !== 'small';
  }
  return true;
}

/**
 * Whether this rule reports `s` as a plain (non-concurrent) CREATE INDEX or DROP INDEX on a table
 * with traffic: PostgreSQL, no CONCURRENTLY, the table neither created earlier in the file nor
 * declared small (an unknown size counts), the dropped indexes not all created earlier in the file.
 * missing-lock-timeout leaves these statements to this rule (adding CONCURRENTLY removes both
 * problems at once), so the two must agree on what this rule reports.
 */
export function reportsPlainIndexChange(ctx: LintContext, analysis: SqlAnalysis, s: AnalyzedStatement): boolean {
  if (ctx.dialect !== 'postgresql') return false;
  const info = s.info;
  if (info.type === 'reindex') return reindexesLiveIndex(ctx, analysis, s as AnalyzedStatement & { info: typeof info });
  if (info.type === 'create-index') {
    // ON ONLY a partitioned table: its own index is metadata only, and CONCURRENTLY is refused there.
    if (info.concurrently || info.only) return false;
    if (!info.table) return true;
    const size = tableSize(ctx, analysis, info.table, s.index).kind;
    return size !== 'new' && size !== 'small'; // nobody waits on an empty or tiny table
  }
  if (info.type === 'drop-index') {
    if (info.concurrently) return false;
    // An index created earlier in this file is on a table whose traffic does not depend on it yet.
    return !(info.names.length > 0 && info.names.every((n) => (analysis.createdIndexes.get(n) ?? Infinity) < s.index));
  }
  return false;
}

export const indexWithoutConcurrently: Rule = {
  id: INDEX_WITHOUT_CONCURRENTLY,
  description: 'PostgreSQL CREATE INDEX, DROP INDEX or REINDEX without CONCURRENTLY on an existing table: writes (or all queries) wait for the whole build.',
  fileKinds: ['sql'],
  defaultSeverity: 'warning',
  fixable: true,
  runbook: { runbookId: 'long-running-migration', stepId: 'fix-general-expand-backfill' },
  check(ctx) {
    return checkWithPass(ctx, indexWithoutConcurrently.sqlPass?.(ctx));
  },
  sqlPass(ctx): SqlPass | undefined {
    if (ctx.dialect !== 'postgresql') return undefined;
    const { text } = ctx;
    const findings: RuleFinding[] = [];
    const lines = new Map<number, number>();
    const createMessages = new Map<string, string>();
    const txNote = (begin: number): string =>
      ` This file opens a transaction block at line ${lineOf(text, begin, lines)} (BEGIN), and CONCURRENTLY cannot run inside one: run the index change after COMMIT, in a migration without a transaction.`;

    /** CONCURRENTLY inside a transaction block: PostgreSQL refuses it. */
    const concurrentlyInTransaction = (s: AnalyzedStatement, verb: string, end: number): void => {
      if (s.inTransaction < 0) return;
      findings.push({
        start: s.stmt.start,
        end,
        severity: 'error',
        message: `${verb} CONCURRENTLY inside a transaction block fails ("cannot run inside a transaction block"), so this migration aborts.${txNote(s.inTransaction)}`,
      });
    };

    const statement = (s: AnalyzedStatement, analysis: SqlAnalysis): void => {
      const info = s.info;
      if (info.type === 'reindex') return reindex(s, analysis);
      if (info.type !== 'create-index' && info.type !== 'drop-index') return;
      const verb = info.type === 'create-index' ? 'CREATE INDEX' : 'DROP INDEX';
      if (info.concurrently) return concurrentlyInTransaction(s, verb, info.indexEnd);
      if (!reportsPlainIndexChange(ctx, analysis, s)) return;

      let message: string;
      let end = info.indexEnd;
      let canFix = true;
      if (info.type === 'create-index') {
        let sizeNote = '';
        if (info.table) {
          const size = tableSize(ctx, analysis, info.table, s.index);
          if (size.kind === 'large') sizeNote = ` At ${formatRows(size.rows)} that is minutes to hours.`;
          end = info.table.end;
        }
        const table = info.table?.display ?? 'the table';
        // One string per table and size: a big migration indexes the same tables thousands of
        // times, and the report quotes each distinct message once.
        const key = sizeNote === '' ? table : `${table}\n${sizeNote}`;
        let m = createMessages.get(key);
        if (m === undefined) {
          m = `CREATE INDEX without CONCURRENTLY locks ${table} against writes (SHARE lock) until the index is built: every INSERT, UPDATE and DELETE on it queues for the whole build.${sizeNote} Use CREATE INDEX CONCURRENTLY (slower, but reads and writes continue; ${NO_TRANSACTION}).`;
          createMessages.set(key, m);
        }
        message = m;
      } else {
        message = `DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table: every read and write on it waits, including behind any long transaction. Use DROP INDEX CONCURRENTLY (${NO_TRANSACTION}).`;
        // DROP INDEX CONCURRENTLY drops a single index and refuses CASCADE.
        canFix = info.names.length <= 1 && !info.cascade;
        end = s.stmt.end;
      }
      const fix: Fix = { title: FIX_TITLE[verb], edits: [{ start: info.indexEnd, end: info.indexEnd, newText: ' CONCURRENTLY' }] };
      const inTx = s.inTransaction >= 0;
      if (inTx) message += txNote(s.inTransaction);
      // Inside a transaction block the edit alone would produce a failing statement: offer, don't apply.
      findings.push(inTx || !canFix ? { start: s.stmt.start, end, message, suggestions: canFix ? [fix] : undefined } : { start: s.stmt.start, end, message, fix });
    };
    const reindex = (s: AnalyzedStatement, analysis: SqlAnalysis): void => {
      const info = s.info;
      if (info.type !== 'reindex') return;
      const what = `REINDEX ${info.target.toUpperCase()}`;
      const inTx = s.inTransaction >= 0;
      if (info.concurrently) return concurrentlyInTransaction(s, what, info.targetEnd);
      if (!reportsPlainIndexChange(ctx, analysis, s)) return;
      const locks =
        info.target === 'index'
          ? "locks the index's table against writes (SHARE lock) and the index itself against every query that would use it (ACCESS EXCLUSIVE)"
          : `locks ${info.target === 'table' && info.name ? info.name.display : `every table of the ${info.target}`} against writes (SHARE lock) and each index being rebuilt against every query that would use it (ACCESS EXCLUSIVE)`;
      let message = `${what} without CONCURRENTLY ${locks} until the rebuild finishes. Use ${what} CONCURRENTLY (PostgreSQL 12+; it builds a new copy and swaps it in while reads and writes continue; ${NO_TRANSACTION}).`;
      if (inTx) message += txNote(s.inTransaction);
      const fix: Fix = { title: FIX_TITLE.REINDEX, edits: [{ start: info.targetEnd, end: info.targetEnd, newText: ' CONCURRENTLY' }] };
      const end = info.name ? info.name.end : info.targetEnd;
      findings.push(inTx ? { start: s.stmt.start, end, message, suggestions: [fix] } : { start: s.stmt.start, end, message, fix });
    };
    return { statement, findings, types: ['create-index', 'drop-index', 'reindex'] };
  },
};
