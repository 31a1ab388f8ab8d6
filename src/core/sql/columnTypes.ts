// Column types as a migration writes them, and which type changes PostgreSQL makes without a
// rewrite. The ALTER TABLE notes of the PostgreSQL documentation: a type change rewrites the table
// unless the old type is binary coercible to the new one (and USING does not change the value);
// since 9.2, raising or removing a varchar / varbit length limit and raising a numeric's precision
// (same scale) are such changes, and varchar to text is binary coercible. Used per file by
// blocking-ddl-large-table (a type known from an earlier ADD COLUMN in the file), and open to a
// migration-history model that knows the type from an earlier migration.

/** A type reduced to its base name and modifiers: `character varying(64)` → { base: 'varchar', mods: [64] }. */
export interface ColumnType {
  base: string;
  /** Numeric modifiers, in order; empty when none (an unlimited varchar). */
  mods: number[];
}

/** Spellings of one type, to one name (`character varying` → varchar): shared with columnTypeText.ts. */
export const TYPE_SYNONYMS: ReadonlyMap<string, string> = new Map([
  ['character varying', 'varchar'],
  ['char varying', 'varchar'],
  ['bit varying', 'varbit'],
  ['character', 'char'],
  ['bpchar', 'char'],
  ['decimal', 'numeric'],
  ['int', 'integer'],
  ['int4', 'integer'],
  ['int8', 'bigint'],
  ['int2', 'smallint'],
  ['pg_catalog.varchar', 'varchar'],
  ['pg_catalog.text', 'text'],
  ['pg_catalog.numeric', 'numeric'],
]);

/** Reads a type as written (`VARCHAR( 64 )`, `character varying`, `numeric(10,2)`); undefined for an array or anything unread. */
export function parseColumnType(written: string): ColumnType | undefined {
  if (written.length > 200) return undefined;
  // What may follow a type in a column definition without changing it: NULL, COLLATE x, ...
  written = written.replace(/\s+(?:null|collate|constraint|check|comment|visible|invisible)\b[\s\S]*$/i, '');
  const m = /^\s*([a-z_][a-z0-9_.]*(?:\s+[a-z_][a-z0-9_]*)*)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*$/i.exec(written);
  if (!m) return undefined;
  const name = m[1].toLowerCase().replace(/\s+/g, ' ');
  const base = TYPE_SYNONYMS.get(name) ?? name;
  const mods = [m[2], m[3]].filter((d): d is string => d !== undefined).map(Number);
  return { base, mods };
}

/**
 * Whether changing a column from `from` to `to` (types as written) leaves its rows as they are:
 * no rewrite (PostgreSQL 9.2+). False when unsure.
 */
export function changesWithoutRewrite(from: string, to: string): boolean {
  const a = parseColumnType(from);
  const b = parseColumnType(to);
  if (!a || !b) return false;
  if (a.base === b.base && a.mods.length === b.mods.length && a.mods.every((n, i) => n === b.mods[i])) return true;
  if (a.base === 'varchar' && b.base === 'text') return true;
  if ((a.base === 'varchar' || a.base === 'varbit') && b.base === a.base) {
    // Raising the limit, or removing it; never adding one to an unlimited column.
    if (b.mods.length === 0) return true;
    return a.mods.length === 1 && b.mods.length === 1 && b.mods[0] >= a.mods[0];
  }
  if (a.base === 'numeric' && b.base === 'numeric') {
    if (b.mods.length === 0) return true;
    // numeric(p, s) → numeric(p2, s) with p2 >= p: the same scale, a higher precision.
    const scaleA = a.mods[1] ?? 0;
    const scaleB = b.mods[1] ?? 0;
    return a.mods.length > 0 && b.mods[0] >= a.mods[0] && scaleA === scaleB;
  }
  return false;
}
