// What the SQL classifier (classify.ts) makes of a statement: the one statement model read by
// the linter's SQL rules (src/core/lint/rules/) and by the destructive-command assessment
// (src/core/commands/sqlRisk.ts). Only the shapes someone reasons about; everything else is `other`.
import { tokenizeSql, type SqlToken } from './scanner';

/** A table named in a statement. Lean on purpose: the analysis keeps one per DDL statement. */
export class TableRef {
  constructor(
    private readonly text: string,
    /** Lower-cased, quotes removed, schema-qualified as written: "public.orders" or "orders". */
    readonly name: string,
    /** The last part: "orders". */
    readonly bare: string,
    readonly start: number,
    readonly end: number,
  ) {}

  /** The name as written in the file (quotes included), for messages and generated SQL. */
  get display(): string {
    return this.text.slice(this.start, this.end);
  }

  /** The parts with quotes removed, case kept (MySQL table names are case-sensitive on Linux). */
  get parts(): string[] {
    const toks = tokenizeSql(this.text, this.start, this.end, 'mysql').filter((t) => t.kind !== 'punct');
    return toks.map((t) => unquote(this.text, t));
  }
}

export type ConstraintKind = 'check' | 'foreign-key' | 'primary-key' | 'unique' | 'exclude';

export interface AlterAction {
  kind:
    | 'add-column'
    | 'add-constraint'
    | 'add-index'
    | 'drop-column'
    | 'drop-constraint'
    | 'drop-index'
    | 'drop-primary-key'
    | 'drop-partition'
    | 'truncate-partition'
    | 'alter-column-type'
    | 'set-not-null'
    | 'drop-not-null'
    | 'set-default'
    | 'drop-default'
    | 'rename'
    | 'validate-constraint'
    | 'set-tablespace'
    | 'set-logged'
    | 'modify-column'
    | 'change-column'
    | 'convert-charset'
    | 'rebuild'
    | 'algorithm'
    | 'lock'
    | 'other';
  start: number;
  end: number;
  /** The column named by ADD/ALTER/DROP/MODIFY/CHANGE COLUMN, lower-cased; its range as written. */
  column?: string;
  columnStart?: number;
  columnEnd?: number;
  /** ADD CONSTRAINT name / VALIDATE CONSTRAINT name, lower-cased; display form kept in constraintDisplay. */
  constraintName?: string;
  constraintDisplay?: string;
  constraint?: ConstraintKind;
  notValid?: boolean;
  usingIndex?: boolean;
  /** For a CHECK constraint of the form `CHECK (col IS NOT NULL)`: that column. */
  checksNotNullOf?: string;
  /** ADD COLUMN's type, or ALTER COLUMN ... TYPE's new type: its range as written. */
  typeStart?: number;
  typeEnd?: number;
  /** ALTER COLUMN ... TYPE ... USING expr. */
  using?: boolean;
  /** ADD COLUMN details. */
  hasDefault?: boolean;
  /** The first function in the DEFAULT not known to be stable or immutable, as `name()`. */
  volatileDefault?: string;
  /** volatileDefault is not a known volatile function, only not a known non-volatile one. */
  volatileAssumed?: boolean;
  /** DEFAULT (expr): a MySQL expression default (INSTANT cannot add it). */
  expressionDefault?: boolean;
  /** ADD COLUMN ... REFERENCES: a foreign key added with the column. */
  references?: boolean;
  notNull?: boolean;
  serial?: boolean;
  identity?: boolean;
  generatedStored?: boolean;
  inlineIndex?: 'primary key' | 'unique';
  autoIncrement?: boolean;
  /** MySQL ADD COLUMN ... FIRST / AFTER x. */
  positioned?: boolean;
  /** MySQL ADD FULLTEXT / SPATIAL index. */
  fulltext?: boolean;
  /** ALGORITHM= / LOCK= value, upper-cased. */
  value?: string;
}

export type StatementInfo =
  | { type: 'create-table'; table: TableRef }
  | {
      type: 'create-index';
      table?: TableRef;
      indexName?: string;
      unique: boolean;
      concurrently: boolean;
      /** ON ONLY parent: the partitioned table's own index, metadata only (CONCURRENTLY is refused there). */
      only: boolean;
      /** End of the INDEX keyword: where CONCURRENTLY goes. */
      indexEnd: number;
      /** MySQL ALGORITHM= / LOCK= options, upper-cased (only read in MySQL). */
      algorithm?: string;
      lock?: string;
    }
  | {
      type: 'reindex';
      /** What is rebuilt: REINDEX INDEX / TABLE / SCHEMA / DATABASE / SYSTEM. */
      target: 'index' | 'table' | 'schema' | 'database' | 'system';
      /** The index, table, schema or database named, if any. */
      name?: TableRef;
      concurrently: boolean;
      /** End of the target keyword: where CONCURRENTLY goes. */
      targetEnd: number;
    }
  | { type: 'drop-index'; concurrently: boolean; indexEnd: number; names: string[]; cascade: boolean; table?: TableRef }
  | {
      type: 'alter-table';
      /** Undefined when the name cannot be read (a `{{placeholder}}`, a psql `:variable`): the actions still are. */
      table: TableRef | undefined;
      actions: AlterAction[];
      algorithm?: string;
      lock?: string;
    }
  | { type: 'drop-table'; tables: TableRef[] }
  /** DROP of anything but a table or an index: DATABASE, SCHEMA, VIEW, FUNCTION, ... (`object`: the word after DROP, lower case; '' when none). */
  | { type: 'drop-other'; object: string }
  | { type: 'truncate'; tables: TableRef[] }
  | {
      type: 'update' | 'delete';
      /** Undefined when the name cannot be read (a `{{placeholder}}`, a psql `:variable`): WHERE and SET still are. */
      table: TableRef | undefined;
      /** The WHERE condition's range (the keyword excluded), if any. */
      where?: { start: number; end: number };
      /** The WHERE picks one row or a bounded key range (`id = 42`, `id BETWEEN a AND b`). */
      selective: boolean;
      /** UPDATE: the SET clause's range. */
      set?: { start: number; end: number };
      limit: boolean;
    }
  | { type: 'set-lock-timeout'; value?: SqlToken; disables: boolean }
  | { type: 'begin' }
  | { type: 'commit' }
  | { type: 'vacuum-full' | 'cluster'; table: TableRef }
  | { type: 'other' };

function unquote(text: string, tok: SqlToken): string {
  if (tok.kind !== 'quotedIdent') return text.slice(tok.start, tok.end);
  const q = text[tok.start];
  const closed = tok.end - tok.start >= 2 && text[tok.end - 1] === q;
  return text.slice(tok.start + 1, closed ? tok.end - 1 : tok.end).split(q + q).join(q);
}

/**
 * A statement whose target table is named: what the linter's analysis keeps (its rules look a
 * table's size up by name; a `{{placeholder}}` table has none). The command assessment reads
 * the unnamed ones too: `DELETE FROM {{table}}` still deletes every row.
 */
export type NamedStatementInfo = WithTable<StatementInfo>;
type WithTable<T> = T extends { type: 'alter-table' | 'update' | 'delete' } ? T & { table: TableRef } : T;

/** Whether the statement's target is named (see NamedStatementInfo). */
export function isNamed(info: StatementInfo): info is NamedStatementInfo {
  return !((info.type === 'alter-table' || info.type === 'update' || info.type === 'delete') && info.table === undefined);
}
