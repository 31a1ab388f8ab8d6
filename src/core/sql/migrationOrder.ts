// Which migration tool wrote a folder, and the order the tool runs its files in. Pure: callers
// list the folder (the CLI with node:fs, the editor with vscode.workspace.fs) and hand the names in.
//
// Names understood (see docs/migration-history.md):
// - Flyway: V<version>__<name>.sql, the version's parts split on `.` or `_` and compared as
//   numbers (V1_2 = V1.2 < V1.10); R__<name>.sql (repeatable) after every versioned one, by name;
//   U<version>__ (undo) left out.
// - golang-migrate, sqlx: <N>_<name>.up.sql (.down.sql left out); sqlx, goose, dbmate, Drizzle,
//   Rails-style timestamps: <N>_<name>.sql. The number may be a timestamp (20230101120000).
// - Folders per migration: Prisma <timestamp>_<name>/migration.sql, Diesel
//   <yyyy-mm-dd-hhmmss>_<name>/up.sql (down.sql left out).
// goose and dbmate are told apart from the plain numbered style by their files' `-- +goose Up`
// and `-- migrate:up` markers (upSection, in migrationHistory.ts).

export type MigrationTool = 'flyway' | 'golang-migrate' | 'numbered' | 'timestamped' | 'prisma' | 'diesel';

export interface MigrationEntry {
  /** Path relative to the set's folder, with `/`: "V1_2__add_email.sql", "20230101120000_init/migration.sql". */
  file: string;
  /** The version as written ("1_2", "20230101120000"); "" for a Flyway repeatable. */
  version: string;
  tool: MigrationTool;
  /** The version's numeric parts (digit strings without leading zeros), for ordering. */
  parts: string[];
  repeatable: boolean;
}

export interface MigrationSet {
  /** The style most files follow. */
  tool: MigrationTool;
  /** In the order the tool runs them. */
  entries: MigrationEntry[];
}

const FLYWAY = /^V(\d+(?:[._]\d+)*)__.*\.sql$/i;
const FLYWAY_REPEATABLE = /^R__.*\.sql$/i;
const FLYWAY_UNDO = /^U\d+(?:[._]\d+)*__.*\.sql$/i;
const UP_DOWN = /^(\d+)_.*\.(up|down)\.sql$/i;
const NUMBERED = /^(\d+)_.*\.sql$/i;
/** A migration folder's name: a number or a Diesel date (2023-01-01-120000), then `_name` or nothing. */
const FOLDER = /^(\d+(?:-\d+)*)(?:_.*)?$/;
const FOLDER_FILES = new Map<string, MigrationTool>([
  ['migration.sql', 'prisma'],
  ['up.sql', 'diesel'],
]);
/** 14 digits from year 19xx or 20xx: a Rails-style timestamp (yyyymmddhhmmss). */
const TIMESTAMP = /^(?:19|20)\d{12}$/;

function numericParts(version: string): string[] {
  return version.split(/[._-]/).map((p) => p.replace(/^0+(?=\d)/, ''));
}

function compareDigits(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

function compareEntries(a: MigrationEntry, b: MigrationEntry): number {
  if (a.repeatable !== b.repeatable) return a.repeatable ? 1 : -1;
  const n = Math.max(a.parts.length, b.parts.length);
  for (let i = 0; i < n; i++) {
    const c = compareDigits(a.parts[i] ?? '0', b.parts[i] ?? '0');
    if (c !== 0) return c;
  }
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

/** The entry a file name (relative to a candidate set folder, `/`-separated) is, or undefined. */
export function migrationEntry(file: string): MigrationEntry | undefined {
  const slash = file.lastIndexOf('/');
  const base = file.slice(slash + 1);
  if (slash >= 0) {
    // <folder>/migration.sql or <folder>/up.sql, one level down only.
    const dir = file.slice(0, slash);
    const tool = FOLDER_FILES.get(base.toLowerCase());
    const m = FOLDER.exec(dir);
    if (!tool || !m || dir.includes('/')) return undefined;
    return { file, version: m[1], tool, parts: numericParts(m[1]), repeatable: false };
  }
  let m = FLYWAY.exec(base);
  if (m) return { file, version: m[1], tool: 'flyway', parts: numericParts(m[1]), repeatable: false };
  if (FLYWAY_REPEATABLE.test(base)) return { file, version: '', tool: 'flyway', parts: [], repeatable: true };
  m = UP_DOWN.exec(base);
  if (m) return m[2].toLowerCase() === 'up' ? { file, version: m[1], tool: 'golang-migrate', parts: numericParts(m[1]), repeatable: false } : undefined;
  m = NUMBERED.exec(base);
  if (m) return { file, version: m[1], tool: TIMESTAMP.test(m[1]) ? 'timestamped' : 'numbered', parts: numericParts(m[1]), repeatable: false };
  return undefined;
}

/** Whether a name is a migration the tool skips on the way up (a down or undo migration). */
export function isDownMigration(base: string): boolean {
  const m = UP_DOWN.exec(base);
  return (m !== null && m[2].toLowerCase() === 'down') || FLYWAY_UNDO.test(base) || base.toLowerCase() === 'down.sql';
}

/**
 * The migrations among `files` (paths relative to the folder, `/`-separated), in the tools'
 * order, or undefined when none is one. Files of another style than most are kept and ordered by
 * version with the rest (a folder that switched from 001_ to timestamps still runs in version
 * order for most tools). Linear in the number of names, plus the sort.
 */
export function orderMigrations(files: readonly string[]): MigrationSet | undefined {
  const entries: MigrationEntry[] = [];
  const counts = new Map<MigrationTool, number>();
  for (const f of files) {
    const e = migrationEntry(f);
    if (!e) continue;
    entries.push(e);
    counts.set(e.tool, (counts.get(e.tool) ?? 0) + 1);
  }
  if (entries.length === 0) return undefined;
  entries.sort(compareEntries);
  let tool: MigrationTool = entries[0].tool;
  for (const [t, n] of counts) if (n > (counts.get(tool) ?? 0)) tool = t;
  return { tool, entries };
}

/**
 * Where the migration set of a file lives, from its path alone (`/` or `\` separators): the
 * file's folder for a versioned name (V1__x.sql, 001_x.up.sql), the folder above for a
 * per-migration folder's migration.sql / up.sql. `relative` is the file's path inside the set.
 * Undefined for a file whose name no tool would run (schema.sql, a down migration).
 */
export function migrationSetOf(filePath: string): { folder: string; relative: string } | undefined {
  const sep = filePath.lastIndexOf('/') >= filePath.lastIndexOf('\\') ? '/' : '\\';
  const cut = filePath.lastIndexOf(sep);
  if (cut < 0) return undefined;
  const dir = filePath.slice(0, cut);
  const base = filePath.slice(cut + 1);
  if (FOLDER_FILES.has(base.toLowerCase())) {
    const up = dir.lastIndexOf(sep);
    const relative = `${dir.slice(up + 1)}/${base}`;
    if (up < 0 || !migrationEntry(relative)) return undefined;
    return { folder: dir.slice(0, up), relative };
  }
  return migrationEntry(base) ? { folder: dir, relative: base } : undefined;
}
