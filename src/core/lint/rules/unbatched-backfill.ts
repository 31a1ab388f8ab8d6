// UPDATE or DELETE that touches a whole table (no WHERE) or a large table in one statement:
// one transaction locking every matching row, bloat or undo growth, and replicas lagging behind.
import type { AnalyzedStatement, SqlAnalysis } from '../../sql/analysis';
import { checkWithPass, formatRows, oneLine, tableSize, type SqlPass } from './sqlRuleSupport';
import type { TableRef } from '../../sql/statementModel';
import type { Rule, RuleFinding, SqlDialect } from '../types';
import { keyedSelectivity } from '../historyChecks';

const BATCH = 10000;

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

type Range = { start: number; end: number };

function batchedPattern(text: string, dialect: SqlDialect, kind: 'update' | 'delete', table: TableRef, set: Range | undefined, where: Range | undefined): string {
  const t = table.display;
  const head = kind === 'update' ? `UPDATE ${t} ${set ? clip(oneLine(text, set.start, set.end), 60) : 'SET ...'}` : `DELETE FROM ${t}`;
  if (dialect === 'mysql') {
    const cond = where ? clip(oneLine(text, where.start, where.end), 80) : '<rows not yet done>';
    return `${head} WHERE ${cond} ORDER BY id LIMIT ${BATCH}; repeated until it affects 0 rows, with a short pause between batches`;
  }
  // A keyset (id range) loop reads each row once; an `id IN (SELECT ... LIMIT n)` batch would
  // rescan the rows already done on every iteration.
  const raw = where ? clip(oneLine(text, where.start, where.end), 80) : '';
  const filter = !raw ? '' : /\bor\b/i.test(raw) ? ` AND (${raw})` : ` AND ${raw}`;
  return `${head} WHERE id > :last_id AND id <= :last_id + ${BATCH}${filter}; in a loop over id ranges of ${BATCH} (:last_id from min(id) to max(id), or WHERE id BETWEEN :lo AND :hi), each batch committed on its own with a short pause between batches`;
}

export const unbatchedBackfill: Rule = {
  id: 'unbatched-backfill',
  description: 'UPDATE or DELETE without WHERE, or over a large table in one statement: backfill in batches instead.',
  fileKinds: ['sql'],
  defaultSeverity: 'warning',
  fixable: false,
  runbook: { runbookId: 'long-running-migration', stepId: 'fix-general-expand-backfill' },
  check(ctx) {
    return checkWithPass(ctx, unbatchedBackfill.sqlPass?.(ctx));
  },
  sqlPass(ctx): SqlPass {
    const { text } = ctx;
    const findings: RuleFinding[] = [];
    const statement = (s: AnalyzedStatement, analysis: SqlAnalysis): void => {
      const info = s.info;
      if (info.type !== 'update' && info.type !== 'delete') return;
      if (info.limit) return; // already a batch (MySQL LIMIT, or a LIMIT subquery)
      const size = tableSize(ctx, analysis, info.table, s.index);
      if (size.kind === 'new') return; // only rows this file inserted
      const verb = info.type === 'update' ? 'UPDATE' : 'DELETE';
      const t = info.table.display;
      const start = s.stmt.start;
      const end = info.table.end;
      const pattern = (): string => batchedPattern(text, ctx.dialect, info.type, info.table, info.set, info.where);
      const rows = size.kind === 'large' || size.kind === 'small' ? ` (${formatRows(size.rows)})` : '';
      if (!info.where) {
        findings.push({
          start,
          end,
          message: `${verb} without WHERE touches every row of ${t}${rows} in one transaction: it locks all of them until it commits, blocks concurrent writers, bloats the table (or the undo log on MySQL), and replicas lag behind it. Work in batches: ${pattern()}${info.type === 'delete' ? ' (or TRUNCATE, if every row should go)' : ''}.`,
        });
      } else if (size.kind === 'large' && !(keyedSelectivity(ctx.history, text, ctx.dialect, info.table, info.where) ?? info.selective)) {
        // Declared large in .runbooklint.yaml: a warning, like the rule's default (CI fails on it).
        findings.push({
          start,
          end,
          message: `${verb} over ${t}${rows} in one statement: every matching row stays locked until it commits, and replicas lag behind it. Work in batches: ${pattern()}.`,
        });
      }
    };
    return { statement, findings, types: ['update', 'delete'] };
  },
};
