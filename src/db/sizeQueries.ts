// The statistics queries and how to read their answers. Exported so the README and the tests
// quote exactly what runs; src/db/client.ts sends them.
//
// Sizes always come from the statistics the server already keeps (never a COUNT(*), never a scan):
//   PostgreSQL      pg_class.reltuples (the planner's row estimate, set by ANALYZE / autovacuum)
//                   and pg_total_relation_size (table + indexes + TOAST), partitions summed into
//                   their parent through pg_inherits
//   MySQL/MariaDB   information_schema.tables: table_rows and data_length + index_length, for the
//                   connection's current database
import type { DatabaseProduct, LiveTable } from '../core/lint/liveSizes';

/**
 * Every ordinary and partitioned table outside the system schemas, with its descendants
 * (partitions, inheritance children) summed in. `never_analyzed`: reltuples is -1 (PostgreSQL 14+
 * before the first ANALYZE) or 0 with no pages counted while the table has data (before 14).
 */
export const POSTGRES_SIZES_SQL = `WITH RECURSIVE tree AS (
  SELECT c.oid AS root, c.oid AS rel
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
  UNION ALL
  SELECT t.root, i.inhrelid FROM tree t JOIN pg_catalog.pg_inherits i ON i.inhparent = t.rel
)
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       count(*) - 1 AS partitions,
       sum(CASE WHEN d.relkind = 'p' OR d.reltuples < 0 THEN 0 ELSE d.reltuples END)::float8 AS rows,
       bool_or(d.relkind <> 'p' AND (d.reltuples < 0 OR (d.reltuples = 0 AND d.relpages = 0 AND pg_catalog.pg_relation_size(d.oid) > 0))) AS never_analyzed,
       sum(pg_catalog.pg_total_relation_size(d.oid))::float8 AS bytes
FROM tree t
JOIN pg_catalog.pg_class c ON c.oid = t.root
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_class d ON d.oid = t.rel
GROUP BY n.nspname, c.relname
ORDER BY 1, 2`;

export const POSTGRES_VERSION_SQL = `SELECT current_setting('server_version') AS version, current_database() AS database`;

/** Base tables of the current database (views have no size). */
export const MYSQL_SIZES_SQL = `SELECT table_schema AS schema_name, table_name AS table_name, table_rows AS table_rows,
       COALESCE(data_length, 0) + COALESCE(index_length, 0) AS bytes
FROM information_schema.tables
WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'
ORDER BY table_name`;

export const MYSQL_VERSION_SQL = `SELECT VERSION() AS version, DATABASE() AS database_name`;

// ---------------------------------------------------------------------------------------------
// Reading the answers. Drivers return numbers as strings, bigints or numbers depending on the
// column type: everything goes through toCount.

function toCount(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? Math.round(v) : undefined;
  if (typeof v === 'bigint') return v >= 0n ? Number(v) : undefined;
  if (typeof v === 'string' && /^\s*\d+(\.\d+)?(e\+?\d+)?\s*$/i.test(v)) return toCount(Number(v));
  return undefined;
}

function toText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return v === null || v === undefined ? '' : String(v);
}

/** Rows of POSTGRES_SIZES_SQL. */
export function parsePostgresSizes(rows: readonly Record<string, unknown>[]): LiveTable[] {
  const out: LiveTable[] = [];
  for (const r of rows) {
    const schema = toText(r.schema_name);
    const name = toText(r.table_name);
    if (!schema || !name) continue;
    const rowsSum = toCount(r.rows) ?? 0;
    const neverAnalyzed = r.never_analyzed === true || r.never_analyzed === 't';
    const partitions = toCount(r.partitions) ?? 0;
    out.push({
      schema,
      name,
      // Never analyzed and nothing counted: unknown, not "0 rows" (which would read as small).
      rows: neverAnalyzed && rowsSum === 0 ? undefined : rowsSum,
      bytes: toCount(r.bytes) ?? 0,
      ...(partitions > 0 ? { partitions } : {}),
    });
  }
  return out;
}

/** Rows of MYSQL_SIZES_SQL (column names may come back upper-case from MySQL 8). */
export function parseMysqlSizes(rows: readonly Record<string, unknown>[]): LiveTable[] {
  const out: LiveTable[] = [];
  for (const raw of rows) {
    const r: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) r[k.toLowerCase()] = v;
    const schema = toText(r.schema_name);
    const name = toText(r.table_name);
    if (!schema || !name) continue;
    // table_rows is NULL for engines without statistics.
    out.push({ schema, name, rows: toCount(r.table_rows), bytes: toCount(r.bytes) ?? 0 });
  }
  return out;
}

/** MySQL's VERSION() says "-MariaDB" for MariaDB; anything else is MySQL. */
export function productOfMysqlVersion(version: string): DatabaseProduct {
  return /mariadb/i.test(version) ? 'mariadb' : 'mysql';
}
