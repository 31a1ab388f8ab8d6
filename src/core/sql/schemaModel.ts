// The schema model of a migration history: what the rules ask of it (SchemaKnowledge) and one
// state of it (SchemaSnapshot), a table's columns, keys and whether the set created and filled
// it. Built by SchemaBuilder (migrationSchema.ts), which reads the migrations. Pure.

/** A table as named by a statement: its lower-cased name as written and its last part. */
export interface TableName {
  readonly name: string;
  readonly bare: string;
}

/** What the rules ask of the migration history (LintContext.history). */
export interface SchemaKnowledge {
  /** The tool and ordering the set follows, for messages: "flyway". */
  readonly tool: string;
  /** Created by an earlier migration of the set, and no migration since put rows in it. */
  isNewTable(table: TableName): boolean;
  /** The column's type as the earlier migrations left it ("varchar(64)"), if they say. */
  columnType(table: TableName, column: string): string | undefined;
  /**
   * Whether equality on `columns` picks at most one row: true when they cover the primary key or
   * a unique key, false when the set created the table and no key is covered, undefined when
   * the model cannot tell (a table created before the set began).
   */
  isKey(table: TableName, columns: readonly string[]): boolean | undefined;
  /** The key whose leading column this is (for a keyset range), with the same three answers. */
  leadsKey(table: TableName, column: string): boolean | undefined;
}

export interface TableModel {
  /** Created by a migration of the set (else only its later changes are known). */
  created: boolean;
  filled: boolean;
  columns: Map<string, string | undefined>;
  /** Primary key and unique keys, each a list of lower-cased columns. */
  keys: string[][];
  /** False once more keys than MAX_KEYS were declared: "no key covers it" is then unknown. */
  keysComplete: boolean;
  /** Constraint or index name → its key, to drop it again. */
  keyNames: Map<string, string[]>;
}

/** The default schema's prefix, dropped from names: `public.users` and `users` are one table. */
export function keyOf(name: string): string {
  return name.startsWith('public.') ? name.slice(7) : name;
}

/** Keys kept per table: each new key is compared with the others (a generated table may declare thousands). */
const MAX_KEYS = 256;

export function cloneTable(t: TableModel): TableModel {
  return { created: t.created, filled: t.filled, columns: new Map(t.columns), keys: t.keys.slice(), keysComplete: t.keysComplete, keyNames: new Map(t.keyNames) };
}

export function newTable(created: boolean, filled: boolean): TableModel {
  return { created, filled, columns: new Map(), keys: [], keysComplete: true, keyNames: new Map() };
}

function sameKey(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

/** One state of the schema: what a file sees of the files before it. Never changed after it is handed out. */
export class SchemaSnapshot implements SchemaKnowledge {
  constructor(
    readonly tool: string,
    private readonly tables: ReadonlyMap<string, TableModel>,
  ) {}

  private find(t: TableName): TableModel | undefined {
    return this.tables.get(keyOf(t.name)) ?? (t.name !== t.bare ? this.tables.get(t.bare) : undefined);
  }

  isNewTable(t: TableName): boolean {
    const m = this.find(t);
    return m !== undefined && m.created && !m.filled;
  }

  columnType(t: TableName, column: string): string | undefined {
    return this.find(t)?.columns.get(column);
  }

  isKey(t: TableName, columns: readonly string[]): boolean | undefined {
    const m = this.find(t);
    if (!m) return undefined;
    if (m.keys.some((k) => k.length > 0 && k.every((c) => columns.includes(c)))) return true;
    return m.created && m.keysComplete ? false : undefined;
  }

  leadsKey(t: TableName, column: string): boolean | undefined {
    const m = this.find(t);
    if (!m) return undefined;
    if (m.keys.some((k) => k[0] === column)) return true;
    return m.created && m.keysComplete ? false : undefined;
  }
}

export function addKey(t: TableModel, columns: string[], name: string | undefined, primary: boolean): void {
  let found = t.keys.find((k) => sameKey(k, columns));
  if (!found) {
    if (t.keys.length >= MAX_KEYS) {
      t.keysComplete = false;
      return;
    }
    t.keys.push((found = columns));
  }
  if (name !== undefined) t.keyNames.set(name, found);
  if (primary) t.keyNames.set('primary', found);
}

export function renameInKeys(t: TableModel, old: string, now: string): void {
  const renamed = new Map<string[], string[]>();
  t.keys = t.keys.map((k) => {
    const r = k.map((c) => (c === old ? now : c));
    renamed.set(k, r);
    return r;
  });
  for (const [name, k] of t.keyNames) t.keyNames.set(name, renamed.get(k) ?? k);
}

export function removeKey(t: TableModel, name: string): void {
  const key = t.keyNames.get(name);
  if (!key) return;
  t.keyNames.delete(name);
  t.keys = t.keys.filter((k) => k !== key);
}
