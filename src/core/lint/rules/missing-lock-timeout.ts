// PostgreSQL: lock-taking DDL on an existing table with no `SET lock_timeout` before it. Without
// one, the DDL waits behind any long transaction while holding its place in the lock queue, and
// every later query its lock conflicts with queues behind it: a small table goes down just as hard
// as a big one, so this rule is not size-aware (only tables created in the same file are exempt).
// A plain CREATE/DROP INDEX that index-without-concurrently reports is left to that rule (adding
// CONCURRENTLY removes both problems), unless that rule is turned off.
import type { AnalyzedStatement, SqlAnalysis } from '../../sql/analysis';
import { checkWithPass, indentationOf, tableSize, type SqlPass } from './sqlRuleSupport';
import type { AlterAction, TableRef } from '../../sql/statementModel';
import type { LintContext, Rule, RuleFinding } from '../types';
import { INDEX_WITHOUT_CONCURRENTLY, reportsPlainIndexChange } from './index-without-concurrently';

/** A bare lock_timeout below this many milliseconds is almost certainly meant as seconds. */
const BARE_MS_SUSPICIOUS = 100;

/** A PostgreSQL table lock and the ordinary traffic that queues behind it while it waits. */
interface LockKind {
  /** "an ACCESS EXCLUSIVE lock" */
  lock: string;
  /** What queues behind it while it waits, and what that means: "every read and write ... queues behind it, so the application stalls". */
  queued: (table: string) => string;
}

const ACCESS_EXCLUSIVE: LockKind = {
  lock: 'an ACCESS EXCLUSIVE lock',
  queued: (t) => `every read and write on ${t} queues behind it, so the application stalls`,
};
const SHARE: LockKind = {
  lock: 'a SHARE lock',
  queued: (t) => `every INSERT, UPDATE and DELETE on ${t} queues behind it (reads continue), so the application's writes stall`,
};
const SHARE_ROW_EXCLUSIVE: LockKind = {
  lock: 'a SHARE ROW EXCLUSIVE lock',
  queued: (t) => `every INSERT, UPDATE and DELETE on ${t} queues behind it (reads continue), so the application's writes stall`,
};
const SHARE_UPDATE_EXCLUSIVE: LockKind = {
  lock: 'a SHARE UPDATE EXCLUSIVE lock',
  queued: (t) => `every later DDL, VACUUM (autovacuum too) and ANALYZE on ${t} queues behind it (reads and writes continue)`,
};

/** The lock an ALTER TABLE takes: the strongest its actions need (most need ACCESS EXCLUSIVE). */
function alterTableLock(actions: readonly AlterAction[]): LockKind {
  const relevant = actions.filter((a) => a.kind !== 'algorithm' && a.kind !== 'lock');
  if (relevant.length === 0) return ACCESS_EXCLUSIVE;
  if (relevant.every((a) => a.kind === 'validate-constraint')) return SHARE_UPDATE_EXCLUSIVE;
  if (relevant.every((a) => a.kind === 'validate-constraint' || (a.kind === 'add-constraint' && a.constraint === 'foreign-key'))) return SHARE_ROW_EXCLUSIVE;
  return ACCESS_EXCLUSIVE;
}

/** What the statement locks, if it takes a lock that queues ordinary traffic on an existing table. */
function lockTaking(ctx: LintContext, analysis: SqlAnalysis, s: AnalyzedStatement): ({ what: string; table?: TableRef } & LockKind) | undefined {
  const info = s.info;
  const existing = (t: TableRef): boolean => tableSize(ctx, analysis, t, s.index).kind !== 'new';
  switch (info.type) {
    case 'alter-table':
      return existing(info.table) ? { what: 'ALTER TABLE', table: info.table, ...alterTableLock(info.actions) } : undefined;
    case 'create-index':
      if (info.concurrently || (info.table && !existing(info.table))) return undefined;
      return { what: 'CREATE INDEX', table: info.table, ...SHARE };
    case 'drop-index':
      if (info.concurrently || (info.names.length > 0 && info.names.every((n) => (analysis.createdIndexes.get(n) ?? Infinity) < s.index))) return undefined;
      return { what: 'DROP INDEX', ...ACCESS_EXCLUSIVE };
    case 'reindex':
      if (info.concurrently || info.target === 'system') return undefined;
      if (info.target === 'table' && info.name && !existing(info.name)) return undefined;
      if (info.target === 'index' && info.name && (analysis.createdIndexes.get(info.name.name) ?? Infinity) < s.index) return undefined;
      return { what: 'REINDEX', table: info.target === 'table' ? info.name : undefined, ...SHARE };
    case 'drop-table':
    case 'truncate': {
      const t = info.tables.find(existing);
      return t ? { what: info.type === 'drop-table' ? 'DROP TABLE' : 'TRUNCATE', table: t, ...ACCESS_EXCLUSIVE } : undefined;
    }
    case 'vacuum-full':
    case 'cluster':
      return existing(info.table) ? { what: info.type === 'cluster' ? 'CLUSTER' : 'VACUUM FULL', table: info.table, ...ACCESS_EXCLUSIVE } : undefined;
    default:
      return undefined;
  }
}

export const missingLockTimeout: Rule = {
  id: 'missing-lock-timeout',
  description: 'PostgreSQL migration with lock-taking DDL and no SET lock_timeout before it: one long transaction turns the DDL into an outage.',
  fileKinds: ['sql'],
  defaultSeverity: 'warning',
  fixable: true,
  runbook: { runbookId: 'long-running-migration', stepId: 'fix-postgres-add-column' },
  options: {
    value: {
      type: 'string',
      // A PostgreSQL duration: the quick fix writes it into SET lock_timeout = '...'. (No two
      // space runs side by side: they would backtrack for seconds on a hostile value.)
      pattern: '^\\s*[0-9]+(\\.[0-9]+)?(\\s*(us|ms|s|min|h|d))?\\s*$',
      title: 'a PostgreSQL duration such as 5s, 500ms or 1min',
      description: "The lock_timeout the quick fix sets (default '5s').",
    },
  },
  check(ctx) {
    return checkWithPass(ctx, missingLockTimeout.sqlPass?.(ctx));
  },
  sqlPass(ctx): SqlPass | undefined {
    if (ctx.dialect !== 'postgresql') return undefined;
    const { text } = ctx;
    const value = typeof ctx.options.value === 'string' && ctx.options.value.trim() ? ctx.options.value.trim() : '5s';
    const findings: RuleFinding[] = [];
    // index-without-concurrently reports a plain CREATE/DROP INDEX, and its fix (CONCURRENTLY) also
    // removes the lock this rule warns about: one root cause, one finding.
    const leaveIndexesToSibling = ctx.config.rules[INDEX_WITHOUT_CONCURRENTLY] !== 'off';
    let timeoutSet = false;
    let reported = false;
    const statement = (s: AnalyzedStatement, analysis: SqlAnalysis): void => {
      const info = s.info;
      if (info.type === 'set-lock-timeout') {
        timeoutSet = !info.disables;
        const v = info.value;
        const raw = v ? text.slice(v.start, v.end) : '';
        const digits = v?.kind === 'number' ? raw : v?.kind === 'string' ? raw.slice(1, -1).trim() : '';
        if (v && /^\d+$/.test(digits) && Number(digits) > 0 && Number(digits) < BARE_MS_SUSPICIOUS) {
          findings.push({
            start: v.start,
            end: v.end,
            message: `lock_timeout ${raw} is ${Number(digits)} ms, not ${Number(digits)} seconds: a bare number is milliseconds, so the DDL after it gives up on almost any contention. Write '${Number(digits)}s' if seconds were meant.`,
            suggestions: [{ title: `Change ${raw} to '${Number(digits)}s'`, edits: [{ start: v.start, end: v.end, newText: `'${Number(digits)}s'` }] }],
          });
        }
        return;
      }
      if (timeoutSet || reported) return;
      if (leaveIndexesToSibling && reportsPlainIndexChange(ctx, analysis, s)) return;
      const lock = lockTaking(ctx, analysis, s);
      if (!lock) return;
      reported = true;
      const on = lock.table ? ` on ${lock.table.display}` : '';
      const target = lock.table ? lock.table.display : "the index's table";
      findings.push({
        start: s.stmt.start,
        end: lock.table ? lock.table.end : s.stmt.tokens[Math.min(1, s.stmt.tokens.length - 1)].end,
        message: `${lock.what}${on} runs without a lock_timeout: it needs ${lock.lock} on ${target}, so if any transaction holds a conflicting lock there, this statement waits for it while holding its place in the lock queue, and ${lock.queued(target)}. Put SET lock_timeout = '${value}'; before it so the migration fails fast and can be retried.`,
        fix: {
          title: `Insert SET lock_timeout = '${value}'; before the first DDL`,
          edits: [{ start: s.stmt.start, end: s.stmt.start, newText: `SET lock_timeout = '${value}';\n${indentationOf(text, s.stmt.start)}` }],
        },
      });
    };
    return { statement, findings, types: ['set-lock-timeout', 'alter-table', 'create-index', 'drop-index', 'reindex', 'drop-table', 'truncate', 'vacuum-full', 'cluster'] };
  },
};
