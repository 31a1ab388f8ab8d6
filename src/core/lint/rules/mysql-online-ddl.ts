// MySQL 8.0 (InnoDB) ALTER TABLE that copies or rebuilds a large table: which algorithm MySQL
// picks for each change, the gh-ost and pt-online-schema-change commands for this exact change,
// and the ALGORITHM=... clause that makes MySQL refuse instead of silently copying.
import type { AnalyzedStatement, SqlAnalysis } from '../../sql/analysis';
import { checkWithPass, declareSizeHint, formatRows, oneLine, tableSize, type SqlPass } from './sqlRuleSupport';
import type { AlterAction, TableRef } from '../../sql/statementModel';
import type { SqlStatement } from '../../sql/scanner';
import { mysqlInstantLevel } from '../liveSizes';
import type { Fix, Rule, RuleFinding } from '../types';

type Cost = 'instant' | 'inplace' | 'rebuild' | 'copy';

interface Op {
  label: string;
  cost: Cost;
  /** How MySQL runs it, in the user's words. */
  how: string;
}

/** "8.0.28" → 80028; undefined when absent or unreadable (the newest behaviour is assumed). */
function versionNumber(v: unknown): number | undefined {
  const m = typeof v === 'string' || typeof v === 'number' ? /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(String(v)) : null;
  return m ? Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3] ?? 0) : undefined;
}

function labelOf(text: string, a: AlterAction, col: string): string {
  switch (a.kind) {
    case 'add-column':
      return `ADD COLUMN${col}`;
    case 'drop-column':
      return `DROP COLUMN${col}`;
    case 'modify-column':
      return `MODIFY COLUMN${col}`;
    case 'change-column':
      return `CHANGE COLUMN${col}`;
    case 'convert-charset':
      return 'CONVERT TO CHARACTER SET';
    case 'drop-primary-key':
      return 'DROP PRIMARY KEY';
    case 'add-constraint':
      return a.constraint === 'foreign-key' ? 'ADD FOREIGN KEY' : a.constraint === 'primary-key' ? 'ADD PRIMARY KEY' : 'ADD CHECK';
    case 'add-index':
      return 'ADD FULLTEXT/SPATIAL INDEX';
    default:
      return oneLine(text, a.start, a.end).split(' ').slice(0, 2).join(' ');
  }
}

function opOf(text: string, a: AlterAction, version: number, addsPrimaryKey: boolean, forcedCopy: boolean): Op | undefined {
  const col = a.columnStart !== undefined && a.columnEnd !== undefined ? ` ${text.slice(a.columnStart, a.columnEnd)}` : '';
  const label = labelOf(text, a, col);
  const instant = (since: number, fallback: string): Op =>
    version >= since ? { label, cost: 'instant', how: 'INSTANT' } : { label, cost: 'rebuild', how: fallback };
  switch (a.kind) {
    case 'add-column':
      if (a.generatedStored) return { label, cost: 'copy', how: 'COPY (a STORED generated column): writes blocked for the whole copy' };
      if (a.autoIncrement) return { label, cost: 'rebuild', how: 'INPLACE with a table rebuild and no concurrent writes (AUTO_INCREMENT column)' };
      // MySQL refuses INSTANT for DEFAULT (expr) ("ALGORITHM=INSTANT is not supported for this operation").
      if (a.expressionDefault) return { label, cost: 'rebuild', how: 'INPLACE with a table rebuild, not INSTANT: an expression default (DEFAULT (...)) cannot be added instantly' };
      if (a.positioned) return instant(80029, 'INPLACE with a table rebuild (FIRST/AFTER is INSTANT only from 8.0.29)');
      return instant(80012, 'INPLACE with a table rebuild (INSTANT ADD COLUMN needs 8.0.12)');
    case 'drop-column':
      return instant(80029, 'INPLACE with a table rebuild (INSTANT DROP COLUMN needs 8.0.29)');
    case 'modify-column':
    case 'change-column':
      return {
        label,
        cost: 'copy',
        how: 'COPY if the data type changes (writes blocked for the whole copy); INPLACE with a table rebuild if only NULL/NOT NULL changes; INSTANT only for a rename or a default',
      };
    case 'convert-charset':
      return { label, cost: 'copy', how: 'COPY: every row is re-encoded, writes blocked for the whole copy' };
    case 'add-constraint':
      if (a.constraint === 'primary-key') return { label, cost: 'rebuild', how: 'INPLACE with a table rebuild (COPY if a key column must become NOT NULL)' };
      if (a.constraint === 'foreign-key') return { label, cost: 'copy', how: 'COPY (INPLACE only with foreign_key_checks=0)' };
      if (a.constraint === 'check') return { label, cost: 'copy', how: 'COPY: every row is checked, writes blocked' };
      return undefined;
    case 'drop-primary-key':
      return addsPrimaryKey ? undefined : { label, cost: 'copy', how: 'COPY (dropping the primary key without adding one)' };
    case 'add-index':
      if (forcedCopy) return { label: 'ADD INDEX', cost: 'copy', how: 'COPY, as ALGORITHM=COPY demands: the table is copied row by row, writes blocked for the whole copy' };
      return a.fulltext ? { label, cost: 'rebuild', how: 'INPLACE with a rebuild for the first FULLTEXT/SPATIAL index, LOCK=SHARED: writes blocked' } : undefined;
    case 'rebuild':
      return { label, cost: 'rebuild', how: 'INPLACE with a full table rebuild' };
    case 'rename':
    case 'set-default':
    case 'drop-default':
      return { label, cost: 'instant', how: 'INSTANT' };
    default:
      return undefined;
  }
}

/** Escapes text for a double-quoted shell argument (MySQL backticks would run as commands). */
function shellDq(s: string): string {
  return s.replace(/[\\"`$]/g, (c) => `\\${c}`);
}

function commands(text: string, table: TableRef, actions: AlterAction[]): string {
  const clause = shellDq(
    actions
      .filter((a) => a.kind !== 'algorithm' && a.kind !== 'lock')
      .map((a) => oneLine(text, a.start, a.end))
      .join(', '),
  );
  const db = table.parts.length > 1 ? table.parts[table.parts.length - 2] : '{{db}}';
  const t = table.parts[table.parts.length - 1];
  const ghost = `gh-ost --host={{host}} --user={{db_user}} --ask-pass --database=${db} --table=${t} --alter="${clause}" --chunk-size=1000 --max-lag-millis=1500 --execute`;
  const ptosc = `pt-online-schema-change --alter "${clause}" D=${db},t=${t} --max-lag=1 --chunk-time=0.5 --execute`;
  return `with gh-ost (row-based binlog, a primary key, no foreign keys or triggers): ${ghost} — or with pt-online-schema-change (trigger-based; run it with --dry-run first): ${ptosc}`;
}

function appendClause(stmt: SqlStatement, clause: string, title: string): Fix {
  return { title, edits: [{ start: stmt.end, end: stmt.end, newText: `, ${clause}` }] };
}

export const mysqlOnlineDdl: Rule = {
  id: 'mysql-online-ddl',
  description: 'MySQL ALTER TABLE that copies or rebuilds a large table: the algorithm MySQL will use, gh-ost / pt-online-schema-change commands, and ALGORITHM=INSTANT/INPLACE guards.',
  fileKinds: ['sql'],
  defaultSeverity: 'warning',
  fixable: false,
  runbook: { runbookId: 'long-running-migration', stepId: 'fix-mysql-online-schema-change' },
  options: {
    mysqlVersion: {
      type: ['string', 'number'],
      pattern: '^[0-9]+\\.[0-9]+(\\.[0-9]+)?',
      title: 'a MySQL version such as "8.0.28"',
      description: 'The MySQL server version, for servers older than 8.0.29 (default: the live server\'s, else the newest behaviour).',
    },
  },
  check(ctx) {
    return checkWithPass(ctx, mysqlOnlineDdl.sqlPass?.(ctx));
  },
  sqlPass(ctx): SqlPass | undefined {
    if (ctx.dialect !== 'mysql') return undefined;
    const { text } = ctx;
    // The config's mysqlVersion option wins; else the connected server's; else the newest rules.
    const version = versionNumber(ctx.options.mysqlVersion) ?? mysqlInstantLevel(ctx.config.server) ?? 99_99_99;
    const findings: RuleFinding[] = [];
    const statement = (s: AnalyzedStatement, analysis: SqlAnalysis): void => {
      const info = s.info;
      if (info.type === 'create-index') return createIndex(s, analysis);
      if (info.type !== 'alter-table') return;
      const size = tableSize(ctx, analysis, info.table, s.index);
      if (size.kind === 'new' || size.kind === 'small') return;
      const addsPk = info.actions.some((a) => a.kind === 'add-constraint' && a.constraint === 'primary-key');
      // ALGORITHM=COPY copies the table whatever the change (an index build too).
      const forcedCopy = info.algorithm === 'COPY';
      const ops = info.actions
        .map((a) => opOf(text, a, version, addsPk, forcedCopy))
        .filter((o): o is Op => o !== undefined)
        .map((o) => (forcedCopy && o.cost !== 'copy' ? { ...o, cost: 'copy' as const, how: `COPY, as ALGORITHM=COPY demands (${o.how} without it)` } : o));
      if (ops.length === 0) return;
      const algorithm = info.algorithm;
      const heavy = ops.filter((o) => o.cost === 'copy' || o.cost === 'rebuild');
      const start = s.stmt.start;
      const end = info.table.end;
      const t = info.table.display;

      if (heavy.length === 0 || algorithm === 'INSTANT') {
        // Instant already; on a known-large table, pin it so MySQL refuses rather than rebuilds
        // (e.g. once the 64 instant row versions are used up).
        if (size.kind === 'large' && !algorithm && ops.every((o) => o.cost === 'instant'))
          findings.push({
            start,
            end,
            severity: 'info',
            message: `MySQL runs this ALTER on ${t} (${formatRows(size.rows)}) as INSTANT, but would silently fall back to a table rebuild if INSTANT is not possible (after 64 instant changes, or before 8.0.29 for column positions). State ALGORITHM=INSTANT so it fails fast instead.`,
            suggestions: [appendClause(s.stmt, 'ALGORITHM=INSTANT', 'Append ALGORITHM=INSTANT')],
          });
        return;
      }
      // ALGORITHM=INPLACE already makes MySQL refuse a copy; only rebuilds remain then.
      const flagged = algorithm === 'INPLACE' ? heavy.filter((o) => o.cost === 'rebuild') : heavy;
      if (flagged.length === 0) return;
      const copies = flagged.some((o) => o.cost === 'copy');
      const plan = flagged.map((o) => `${o.label} → ${o.how}`).join('; ');
      const consequence = copies
        ? `MySQL copies the whole table and blocks writes to it until the copy finishes, then every replica replays the same ALTER and lags for as long`
        : `MySQL rebuilds the whole table (hours at this size), and every replica replays the rebuild afterwards and lags for as long`;
      const online = forcedCopy
        ? `Drop ALGORITHM=COPY (MySQL then picks INSTANT or INPLACE where it can), or run it online: ${commands(text, info.table, info.actions)}.`
        : `Run it online instead: ${commands(text, info.table, info.actions)}.`;
      const suggestions: Fix[] = [];
      if (!algorithm) {
        suggestions.push(appendClause(s.stmt, 'ALGORITHM=INPLACE, LOCK=NONE', 'Append ALGORITHM=INPLACE, LOCK=NONE (MySQL refuses instead of copying)'));
        if (flagged.every((o) => o.label.startsWith('MODIFY') || o.label.startsWith('CHANGE')))
          suggestions.push(appendClause(s.stmt, 'ALGORITHM=INSTANT', 'Append ALGORITHM=INSTANT (only a rename or default change can run instantly)'));
      }
      if (size.kind === 'unknown') {
        findings.push({
          start,
          end,
          severity: 'info',
          message: `Size of ${t} unknown: if it is large, ${consequence} (${plan}). ${online} ${declareSizeHint(info.table)}`,
          suggestions,
        });
      } else {
        findings.push({ start, end, message: `ALTER TABLE ${t} (${formatRows(size.rows)}): ${plan}. ${consequence}. ${online}`, suggestions });
      }
    };
    /** CREATE INDEX ... ALGORITHM=COPY or LOCK=SHARED/EXCLUSIVE: online by default, blocking as written. */
    const createIndex = (s: AnalyzedStatement, analysis: SqlAnalysis): void => {
      const info = s.info;
      if (info.type !== 'create-index' || !info.table) return;
      const copy = info.algorithm === 'COPY';
      const lock = info.lock === 'SHARED' || info.lock === 'EXCLUSIVE' ? info.lock : undefined;
      if (!copy && !lock) return;
      const size = tableSize(ctx, analysis, info.table, s.index);
      if (size.kind === 'new' || size.kind === 'small') return;
      const t = info.table.display;
      const how = copy
        ? `ALGORITHM=COPY copies ${t} row by row into a new table with the index, and blocks writes to it for the whole copy`
        : `LOCK=${lock} blocks ${lock === 'SHARED' ? 'writes' : 'reads and writes'} on ${t} for the whole index build`;
      const message = `CREATE INDEX on ${t}${size.kind === 'large' ? ` (${formatRows(size.rows)})` : ''}: ${how}; replicas replay it and lag for as long. Without the clause MySQL builds a secondary index INPLACE with LOCK=NONE: reads and writes continue.`;
      if (size.kind === 'unknown') findings.push({ start: s.stmt.start, end: info.table.end, severity: 'info', message: `Size of ${t} unknown: if it is large, ${message} ${declareSizeHint(info.table)}` });
      else findings.push({ start: s.stmt.start, end: info.table.end, message });
    };
    return { statement, findings, types: ['alter-table', 'create-index'] };
  },
};
