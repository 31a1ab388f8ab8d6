// PostgreSQL DDL that rewrites or scans a table while holding a lock that blocks its traffic.
// Size-aware: silent for small tables and tables created in the same file; an `info` finding
// when the size is unknown. MySQL files are left to mysql-online-ddl (no double reports).
import type { AlterAction, TableRef } from '../../sql/statementModel';
import type { AnalyzedStatement, SqlAnalysis } from '../../sql/analysis';
import { checkWithPass, declareSizeHint, formatRows, insertAfterStatement, lineOf, tableSize, type SqlPass } from './sqlRuleSupport';
import { changesWithoutRewrite } from '../../sql/columnTypes';
import type { SqlStatement } from '../../sql/scanner';
import { postgresConstantDefaultRewrites } from '../liveSizes';
import type { Fix, Rule, RuleFinding } from '../types';

interface Hazard {
  /** The operation, as the user wrote it: "ALTER COLUMN total TYPE". */
  what: string;
  /** What it does and which lock it holds while doing it. */
  effect: string;
  /** The safe sequence. */
  safe: string;
  /** Who waits: the default is every query (ACCESS EXCLUSIVE). */
  waits?: string;
  /** Replaces "... waits until it finishes" when the statement fails instead. */
  outcome?: string;
  suggestions?: Fix[];
}

const REWRITE = 'rewrites every row under an ACCESS EXCLUSIVE lock';
const BACKFILL_SAFE =
  'Safe sequence: add the column nullable without a default, SET DEFAULT for new rows (metadata-only), then backfill existing rows in batches.';

function notValidSuggestion(stmt: SqlStatement, table: TableRef, action: AlterAction): Fix[] | undefined {
  if (!action.constraintDisplay) return undefined; // VALIDATE needs the name
  return [
    {
      title: `Add the constraint NOT VALID, then VALIDATE CONSTRAINT ${action.constraintDisplay}`,
      edits: [
        { start: action.end, end: action.end, newText: ' NOT VALID' },
        ...insertAfterStatement(stmt, `ALTER TABLE ${table.display} VALIDATE CONSTRAINT ${action.constraintDisplay};`),
      ],
    },
  ];
}

function setNotNullSuggestion(text: string, stmt: SqlStatement, table: TableRef, action: AlterAction, single: boolean): Fix[] | undefined {
  if (!single || !action.column) return undefined;
  if (action.columnStart === undefined || action.columnEnd === undefined) return undefined;
  const col = text.slice(action.columnStart, action.columnEnd);
  const name = `${table.bare}_${action.column}_not_null`.replace(/[^a-z0-9_]/g, '_');
  const t = table.display;
  const end = stmt.terminator >= 0 ? stmt.terminator + 1 : stmt.end;
  return [
    {
      title: 'Replace with CHECK (... IS NOT NULL) NOT VALID, VALIDATE, then SET NOT NULL',
      edits: [
        {
          start: stmt.start,
          end,
          newText: [
            `ALTER TABLE ${t} ADD CONSTRAINT ${name} CHECK (${col} IS NOT NULL) NOT VALID;`,
            `ALTER TABLE ${t} VALIDATE CONSTRAINT ${name};`,
            `ALTER TABLE ${t} ALTER COLUMN ${col} SET NOT NULL;`,
            `ALTER TABLE ${t} DROP CONSTRAINT ${name};`,
          ].join('\n'),
        },
      ],
    },
  ];
}

/** Why an ALTER TABLE action blocks a large PostgreSQL table, or undefined when it does not. */
function hazardOf(
  text: string,
  stmt: SqlStatement,
  table: TableRef,
  action: AlterAction,
  single: boolean,
  checkedNotNull: Set<string>,
  defaultRewrites: boolean,
): Hazard | undefined {
  const col = action.column ?? 'column';
  switch (action.kind) {
    case 'alter-column-type':
      return {
        what: `ALTER COLUMN ${col} TYPE`,
        effect: `${REWRITE} and rebuilds its indexes (unless the change is binary-coercible, such as widening varchar(n) or varchar to text)`,
        safe: 'Safe sequence: add a new nullable column of the new type, backfill it in batches, switch reads and writes to it, then drop the old column.',
      };
    case 'add-column': {
      if (action.volatileDefault) {
        const why = action.volatileAssumed
          ? `${action.volatileDefault} is not a function known to be STABLE or IMMUTABLE, so it is taken as VOLATILE: each row gets its own value`
          : `${action.volatileDefault} is volatile: each row gets its own value`;
        return { what: `ADD COLUMN ${col} with DEFAULT ${action.volatileDefault}`, effect: `rewrites every row under an ACCESS EXCLUSIVE lock (${why})`, safe: BACKFILL_SAFE };
      }
      if (action.references)
        return {
          what: `ADD COLUMN ${col} REFERENCES`,
          effect: 'adds a foreign key checked against every row, holding an ACCESS EXCLUSIVE lock on this table and a SHARE ROW EXCLUSIVE lock on the referenced one (writes to it wait too)',
          safe: `Safe sequence: add the column without REFERENCES, then ADD CONSTRAINT ... FOREIGN KEY (${col}) REFERENCES ... NOT VALID (instant), and VALIDATE CONSTRAINT in a later transaction (reads and writes continue).`,
        };
      if (action.serial)
        return { what: `ADD COLUMN ${col} (serial type)`, effect: `rewrites every row under an ACCESS EXCLUSIVE lock to fill it from a sequence`, safe: BACKFILL_SAFE };
      if (action.identity)
        return { what: `ADD COLUMN ${col} GENERATED AS IDENTITY`, effect: `rewrites every row under an ACCESS EXCLUSIVE lock to fill the identity`, safe: BACKFILL_SAFE };
      if (action.generatedStored)
        return {
          what: `ADD COLUMN ${col} GENERATED ... STORED`,
          effect: `rewrites every row under an ACCESS EXCLUSIVE lock to compute it`,
          safe: 'Safe sequence: add a plain nullable column, keep it filled for new rows with a trigger, and backfill existing rows in batches.',
        };
      if (action.inlineIndex)
        return {
          what: `ADD COLUMN ${col} ${action.inlineIndex.toUpperCase()}`,
          effect: 'builds a unique index over the whole table under an ACCESS EXCLUSIVE lock',
          safe: `Safe sequence: add the column, CREATE UNIQUE INDEX CONCURRENTLY on it, then ADD CONSTRAINT ... ${action.inlineIndex.toUpperCase()} USING INDEX (instant).`,
        };
      if (action.notNull && !action.hasDefault)
        return {
          what: `ADD COLUMN ${col} NOT NULL without a default`,
          effect: 'fails on a table with rows ("column contains null values") after queuing for an ACCESS EXCLUSIVE lock',
          outcome: 'the migration fails, after every query on the table has queued behind it',
          safe: `Safe sequence: add it nullable, backfill in batches, then ADD CONSTRAINT ... CHECK (${col} IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, and SET NOT NULL (PostgreSQL 12+ skips the scan).`,
        };
      if (action.hasDefault && defaultRewrites)
        return {
          what: `ADD COLUMN ${col} with a DEFAULT`,
          effect: `rewrites every row under an ACCESS EXCLUSIVE lock (before PostgreSQL 11 any DEFAULT is written into every row; the connected server is older)`,
          safe: BACKFILL_SAFE,
        };
      return undefined; // nullable, or a constant default: metadata-only since PostgreSQL 11
    }
    case 'set-not-null':
      if (checkedNotNull.has(`${table.bare}.${col}`)) return undefined; // PG 12+ uses the validated CHECK
      return {
        what: `ALTER COLUMN ${col} SET NOT NULL`,
        effect: 'scans the whole table under an ACCESS EXCLUSIVE lock to prove there are no NULLs',
        safe: `Safe sequence (PostgreSQL 12+): ADD CONSTRAINT ... CHECK (${col} IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT (reads and writes continue), then SET NOT NULL skips the scan; drop the CHECK afterwards.`,
        suggestions: setNotNullSuggestion(text, stmt, table, action, single),
      };
    case 'add-constraint': {
      const kind = action.constraint;
      if ((kind === 'check' || kind === 'foreign-key') && !action.notValid) {
        const fk = kind === 'foreign-key';
        return {
          what: fk ? 'ADD FOREIGN KEY without NOT VALID' : 'ADD CHECK constraint without NOT VALID',
          effect: fk
            ? 'validates every row under a SHARE ROW EXCLUSIVE lock on this table and the referenced one'
            : 'validates every row under an ACCESS EXCLUSIVE lock',
          waits: fk ? 'every write' : undefined,
          safe: 'Safe sequence: add it NOT VALID (instant; new rows are checked), then VALIDATE CONSTRAINT in a separate statement (SHARE UPDATE EXCLUSIVE: reads and writes continue).',
          suggestions: notValidSuggestion(stmt, table, action),
        };
      }
      if ((kind === 'primary-key' || kind === 'unique') && !action.usingIndex) {
        const label = kind === 'primary-key' ? 'PRIMARY KEY' : 'UNIQUE';
        return {
          what: `ADD ${label} without USING INDEX`,
          effect: 'builds a unique index over the whole table under an ACCESS EXCLUSIVE lock',
          safe: `Safe sequence: CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... ${label} USING INDEX (instant).`,
        };
      }
      if (kind === 'exclude')
        return {
          what: 'ADD EXCLUDE constraint',
          effect: 'builds its index over the whole table under an ACCESS EXCLUSIVE lock (exclusion constraints cannot be built concurrently)',
          safe: 'Schedule it in a maintenance window, or enforce the rule in the application until then.',
        };
      return undefined;
    }
    case 'set-tablespace':
      return { what: 'SET TABLESPACE', effect: 'copies the whole table under an ACCESS EXCLUSIVE lock', safe: 'Use pg_repack --tablespace, which moves it online with brief locks.' };
    case 'set-logged':
      return { what: 'SET LOGGED/UNLOGGED', effect: REWRITE, safe: 'Schedule it in a maintenance window.' };
    default:
      return undefined;
  }
}

function finding(table: TableRef, rows: number | undefined, h: Hazard, start: number, end: number): RuleFinding {
  const t = table.display;
  const waits = h.waits ?? 'every query';
  if (rows === undefined) {
    return {
      start,
      end,
      severity: 'info',
      message: `Size of ${t} unknown. If it is large, ${h.what} ${h.effect}, and ${h.outcome ?? `${waits} on it waits until it finishes`}. ${declareSizeHint(table)}`,
    };
  }
  return {
    start,
    end,
    message: `${h.what} on ${t} (${formatRows(rows)}) ${h.effect}: ${h.outcome ?? `${waits} on ${t} waits until it finishes, minutes to hours at this size`}. ${h.safe}`,
    suggestions: h.suggestions,
  };
}

export const blockingDdlLargeTable: Rule = {
  id: 'blocking-ddl-large-table',
  description: 'PostgreSQL ALTER TABLE that rewrites or scans a large table under a blocking lock (type change, volatile default, SET NOT NULL, constraint without NOT VALID, ...).',
  fileKinds: ['sql'],
  defaultSeverity: 'error',
  fixable: false,
  runbook: { runbookId: 'long-running-migration', stepId: 'fix-general-expand-backfill' },
  check(ctx) {
    return checkWithPass(ctx, blockingDdlLargeTable.sqlPass?.(ctx));
  },
  sqlPass(ctx): SqlPass | undefined {
    if (ctx.dialect === 'mysql') return undefined; // mysql-online-ddl covers MySQL
    const { text } = ctx;
    const findings: RuleFinding[] = [];
    // CHECK (col IS NOT NULL) constraints proven valid so far: table.col; pending NOT VALID ones by name.
    const checkedNotNull = new Set<string>();
    const pendingChecks = new Map<string, string>();
    const defaultRewrites = postgresConstantDefaultRewrites(ctx.config.server);
    // Constraints added NOT VALID: table.constraint → the transaction they were added in, ADD offset, kind.
    const notValidInTx = new Map<string, { tx: number; at: number; fk: boolean }>();
    // A statement's transaction: the BEGIN it runs inside, else the statement alone (one ALTER TABLE
    // can ADD ... NOT VALID and VALIDATE in the same breath).
    const transactionOf = (s: AnalyzedStatement): number => (s.inTransaction >= 0 ? s.inTransaction : -2 - s.index);
    // Column types this file gave so far (ADD COLUMN, ALTER COLUMN ... TYPE): table.column → type as
    // written ('' once dropped); before that, the type the earlier migrations gave (the migration history).
    const columnTypes = new Map<string, string>();
    const lines = new Map<number, number>();
    /** VALIDATE CONSTRAINT in the transaction block that added the constraint NOT VALID: the ADD's lock is still held. */
    const validatedUnderLock = (s: AnalyzedStatement, table: TableRef, action: AlterAction): Hazard | undefined => {
      const added = action.constraintName === undefined ? undefined : notValidInTx.get(`${table.name}.${action.constraintName}`);
      if (added === undefined || added.tx !== transactionOf(s)) return undefined;
      const lock = added.fk ? 'SHARE ROW EXCLUSIVE lock (on this table and the referenced one)' : 'ACCESS EXCLUSIVE lock';
      return {
        what: `VALIDATE CONSTRAINT ${action.constraintDisplay ?? ''} in the same transaction as its ADD ... NOT VALID (line ${lineOf(text, added.at, lines)})`,
        effect: `scans every row while the ADD's ${lock} is still held, until COMMIT`,
        waits: added.fk ? 'every write' : undefined,
        safe: 'COMMIT after the ADD ... NOT VALID and validate in a separate transaction (a later migration, if the migration tool wraps each one in a transaction): VALIDATE alone takes only a SHARE UPDATE EXCLUSIVE lock.',
      };
    };
    const statement = (s: AnalyzedStatement, analysis: SqlAnalysis): void => {
      const info = s.info;
      if (info.type === 'vacuum-full' || info.type === 'cluster') {
        const size = tableSize(ctx, analysis, info.table, s.index);
        if (size.kind === 'unknown' || size.kind === 'large') {
          const what = info.type === 'vacuum-full' ? 'VACUUM FULL' : 'CLUSTER';
          const h = { what, effect: REWRITE, safe: 'Use pg_repack, which rebuilds the table online with only brief locks.' };
          findings.push(finding(info.table, size.kind === 'large' ? size.rows : undefined, h, s.stmt.start, info.table.end));
        }
        return;
      }
      if (info.type !== 'alter-table') return;
      const size = tableSize(ctx, analysis, info.table, s.index);
      const relevant = size.kind === 'unknown' || size.kind === 'large';
      for (const action of info.actions) {
        // Only ADD COLUMN and ALTER COLUMN ... TYPE say a column's type (no strings made for the rest).
        const typed = (action.kind === 'add-column' || action.kind === 'alter-column-type') && action.column !== undefined && action.typeStart !== undefined;
        const columnKey = typed ? `${info.table.name}.${action.column}` : undefined;
        const newType = typed ? text.slice(action.typeStart, action.typeEnd) : undefined;
        if (relevant) {
          // A widening of a type this file wrote (varchar(64) → varchar(255), varchar → text) rewrites nothing.
          const oldType = columnKey === undefined ? undefined : (columnTypes.get(columnKey) ?? ctx.history?.columnType(info.table, action.column!));
          const widening = action.kind === 'alter-column-type' && !action.using && oldType !== undefined && newType !== undefined && changesWithoutRewrite(oldType, newType);
          const h = widening ? undefined : action.kind === 'validate-constraint' ? validatedUnderLock(s, info.table, action) : hazardOf(text, s.stmt, info.table, action, info.actions.length === 1, checkedNotNull, defaultRewrites);
          if (h) findings.push(finding(info.table, size.kind === 'large' ? size.rows : undefined, h, action.start, action.end));
        }
        if (columnKey !== undefined && newType !== undefined) columnTypes.set(columnKey, newType);
        else if (action.kind === 'drop-column' && action.column !== undefined) columnTypes.set(`${info.table.name}.${action.column}`, '');
        if (action.kind === 'add-constraint' && action.notValid && action.constraintName)
          notValidInTx.set(`${info.table.name}.${action.constraintName}`, { tx: transactionOf(s), at: action.start, fk: action.constraint === 'foreign-key' });
        if (action.kind === 'add-constraint' && action.checksNotNullOf) {
          // By the bare name: `public.users` and `users` are one table in a migration.
          const key = `${info.table.bare}.${action.checksNotNullOf}`;
          if (!action.notValid) checkedNotNull.add(key);
          else if (action.constraintName) pendingChecks.set(action.constraintName, key);
        } else if (action.kind === 'validate-constraint' && action.constraintName) {
          const key = pendingChecks.get(action.constraintName);
          if (key) checkedNotNull.add(key);
        }
      }
    };
    return { statement, findings, types: ['alter-table', 'vacuum-full', 'cluster'] };
  },
};
