// PostgreSQL CREATE/DROP INDEX without CONCURRENTLY on a table that already has traffic, and
// CONCURRENTLY inside an explicit transaction block (which PostgreSQL refuses).
import { analyzeSql, formatRows, lineOf, tableSize } from '../sql/analysis';
import type { Fix, Rule, RuleFinding } from '../types';

export const indexWithoutConcurrently: Rule = {
  id: 'index-without-concurrently',
  description: 'PostgreSQL CREATE INDEX or DROP INDEX without CONCURRENTLY on an existing table: writes (or all queries) wait for the whole build.',
  fileKinds: ['sql'],
  defaultSeverity: 'warning',
  fixable: true,
  runbook: { runbookId: 'long-running-migration', stepId: 'fix-general-expand-backfill' },
  check(ctx) {
    if (ctx.dialect !== 'postgresql') return [];
    const { text } = ctx;
    const analysis = analyzeSql(text, ctx.dialect);
    const findings: RuleFinding[] = [];
    const lines = new Map<number, number>();
    const txNote = (begin: number): string =>
      ` This file opens a transaction block at line ${lineOf(text, begin, lines)} (BEGIN), and CONCURRENTLY cannot run inside one: run the index change after COMMIT, in a migration without a transaction.`;

    for (const s of analysis.statements) {
      const info = s.info;
      if (info.type !== 'create-index' && info.type !== 'drop-index') continue;
      const verb = info.type === 'create-index' ? 'CREATE INDEX' : 'DROP INDEX';
      if (info.concurrently) {
        if (s.inTransaction >= 0)
          findings.push({
            start: s.stmt.start,
            end: info.indexEnd,
            severity: 'error',
            message: `${verb} CONCURRENTLY inside a transaction block fails ("cannot run inside a transaction block"), so this migration aborts.${txNote(s.inTransaction)}`,
          });
        continue;
      }

      let message: string;
      let end = info.indexEnd;
      let canFix = true;
      if (info.type === 'create-index') {
        let sizeNote = '';
        if (info.table) {
          const size = tableSize(ctx, analysis, info.table, s.index);
          if (size.kind === 'new' || size.kind === 'small') continue; // nobody waits on an empty or tiny table
          if (size.kind === 'large') sizeNote = ` At ${formatRows(size.rows)} that is minutes to hours.`;
          end = info.table.end;
        }
        const table = info.table?.display ?? 'the table';
        message = `CREATE INDEX without CONCURRENTLY locks ${table} against writes (SHARE lock) until the index is built: every INSERT, UPDATE and DELETE on it queues for the whole build.${sizeNote} Use CREATE INDEX CONCURRENTLY (slower, but reads and writes continue; it cannot run inside a transaction block).`;
      } else {
        // An index created earlier in this file is on a table whose traffic does not depend on it yet.
        if (info.names.length > 0 && info.names.every((n) => (analysis.createdIndexes.get(n) ?? Infinity) < s.index)) continue;
        message = `DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table: every read and write on it waits, including behind any long transaction. Use DROP INDEX CONCURRENTLY (it cannot run inside a transaction block).`;
        // DROP INDEX CONCURRENTLY drops a single index and refuses CASCADE.
        canFix = info.names.length <= 1 && !info.cascade;
        end = s.stmt.end;
      }
      const fix: Fix = { title: `Add CONCURRENTLY to ${verb}`, edits: [{ start: info.indexEnd, end: info.indexEnd, newText: ' CONCURRENTLY' }] };
      const inTx = s.inTransaction >= 0;
      if (inTx) message += txNote(s.inTransaction);
      // Inside a transaction block the edit alone would produce a failing statement: offer, don't apply.
      findings.push(inTx || !canFix ? { start: s.stmt.start, end, message, suggestions: canFix ? [fix] : undefined } : { start: s.stmt.start, end, message, fix });
    }
    return findings;
  },
};
