// Finding a SQL file's migration set on disk and keeping its history (src/core/sql/
// migrationHistory.ts) per set folder: the CLI asks for every file it lints, the editor for the
// open migration (src/extension/lint/migrationHistoryCache.ts). The folder is listed and its
// files read through a MigrationFiles (the CLI's synchronous node:fs, the editor's asynchronous
// reads); what a file sees is the schema the files before it in the tool's order leave.
import { promises as fsp, readdirSync, type Dirent } from 'node:fs';
import { readRegularFile, readRegularFileSync } from '../regularFile';
import { migrationSetOf, orderMigrations, type MigrationEntry, type MigrationSet } from '../sql/migrationOrder';
import { MigrationHistory } from '../sql/migrationHistory';
import type { SchemaKnowledge } from '../sql/migrationSchema';
import type { SqlDialect } from '../sql/types';

/** A set's migrations after this many (in the tool's order) are left out: they lint alone. */
export const MAX_SET_FILES = 5000;
/** A migration larger than this is left out of the model (the linter's own CLI cap is 64 MB). */
export const MAX_MIGRATION_BYTES = 8 * 1024 * 1024;

export interface MigrationFiles {
  /** A folder's entries and whether each is a folder; undefined when it cannot be listed. */
  list(folder: string): Promise<{ name: string; folder: boolean }[] | undefined>;
  /** A regular file's text (at most MAX_MIGRATION_BYTES); undefined otherwise. */
  read(file: string): Promise<string | undefined>;
}

/** Joins with the separator the folder path already uses. */
function join(folder: string, relative: string): string {
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return `${folder}${folder.endsWith(sep) ? '' : sep}${relative.split('/').join(sep)}`;
}

function decode(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * A folder's files and folders. Links are left out (as the sibling dialect reader does): a
 * migration is a file of the folder, and a link could lead out of an untrusted workspace.
 */
function entriesOf(dirents: readonly Dirent[]): { name: string; folder: boolean }[] {
  const out: { name: string; folder: boolean }[] = [];
  for (const d of dirents) if (d.isFile() || d.isDirectory()) out.push({ name: d.name, folder: d.isDirectory() });
  return out;
}

/** node:fs, synchronously (the CLI reads one file at a time anyway, and never loads fs/promises). */
export const syncMigrationFiles: MigrationFiles = {
  list: async (folder) => {
    try {
      return entriesOf(readdirSync(folder, { withFileTypes: true }));
    } catch {
      return undefined;
    }
  },
  read: async (file) => {
    try {
      const r = readRegularFileSync(file, MAX_MIGRATION_BYTES);
      return 'bytes' in r ? decode(r.bytes) : undefined;
    } catch {
      return undefined;
    }
  },
};

/** node:fs, asynchronously (the editor: the extension host keeps serving while a folder is read). */
export const asyncMigrationFiles: MigrationFiles = {
  list: async (folder) => {
    try {
      return entriesOf(await fsp.readdir(folder, { withFileTypes: true }));
    } catch {
      return undefined;
    }
  },
  read: async (file) => {
    try {
      const r = await readRegularFile(file, MAX_MIGRATION_BYTES);
      return 'bytes' in r ? decode(r.bytes) : undefined;
    } catch {
      return undefined;
    }
  },
};

/** A set's names: its .sql files, and migration.sql / up.sql one folder down (Prisma, Diesel). */
async function setFiles(files: MigrationFiles, folder: string): Promise<string[] | undefined> {
  const top = await files.list(folder);
  if (!top) return undefined;
  const names: string[] = [];
  let folders = 0;
  for (const e of top) {
    if (!e.folder) {
      if (/\.sql$/i.test(e.name)) names.push(e.name);
      continue;
    }
    if (!/^\d/.test(e.name) || ++folders > MAX_SET_FILES) continue;
    const inner = await files.list(join(folder, e.name));
    for (const f of inner ?? []) if (!f.folder && /^(?:migration|up)\.sql$/i.test(f.name)) names.push(`${e.name}/${f.name}`);
  }
  return names;
}

/** The dialect a migration of the set is read in, from its text and path (what the linter would read it as). */
export type DialectOf = (text: string, file: string) => SqlDialect;

/**
 * One set folder: its order, its history, and the texts read ahead of the model. Files are read
 * only as far as a file asks (the first migration reads nothing), in order, one reader at a time.
 */
class CachedSet {
  readonly history: MigrationHistory;
  private readonly texts = new Map<string, string | undefined>();
  private readUpTo = 0;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly folder: string,
    private readonly set: MigrationSet,
    private readonly files: MigrationFiles,
    dialectOf: DialectOf,
  ) {
    // The model reads each file once, front to back: a text is dropped once read.
    const read = (e: MigrationEntry): string | undefined => {
      const text = this.texts.get(e.file);
      this.texts.delete(e.file);
      return text;
    };
    this.history = new MigrationHistory(set, { read, dialectOf: (e, text) => dialectOf(text, join(folder, e.file)) });
  }

  /** Reads the texts of the files before `relative` (so that building up to it is synchronous). */
  readBefore(relative: string): Promise<void> {
    const k = this.set.entries.findIndex((e) => e.file === relative);
    this.reading = this.reading.then(async () => {
      for (; this.readUpTo < k; this.readUpTo++) {
        const e = this.set.entries[this.readUpTo];
        this.texts.set(e.file, await this.files.read(join(this.folder, e.file)));
      }
    });
    return this.reading;
  }
}

/**
 * The migration history of each set folder, built on first use and kept until `invalidate`.
 * `dialectOf` is the dialect a set's file is read in (the linter's: config, else inferred).
 */
export class MigrationSetCache {
  private readonly sets = new Map<string, Promise<CachedSet | undefined>>();

  constructor(private readonly files: MigrationFiles = syncMigrationFiles) {}

  /**
   * The schema the earlier migrations of `file`'s set leave, with the set's tool and folder;
   * undefined for a file outside any set (a single file lints alone). The first migration of a
   * set gets a model that answers "unknown" everywhere. A set is read with the `dialectOf` of
   * the first file asked (one folder has one `.runbooklint.yaml`).
   */
  async historyFor(file: string, dialectOf: DialectOf): Promise<{ knowledge: SchemaKnowledge; tool: string; folder: string } | undefined> {
    const where = migrationSetOf(file);
    if (!where) return undefined;
    const set = await this.load(where.folder, dialectOf);
    if (!set) return undefined;
    await set.readBefore(where.relative);
    const knowledge = set.history.before(where.relative);
    return knowledge ? { knowledge, tool: set.history.tool, folder: where.folder } : undefined;
  }

  /** The set folder `file` belongs to (by its name alone), if any. */
  folderOf(file: string): string | undefined {
    return migrationSetOf(file)?.folder;
  }

  /** Forgets the set a changed, created or deleted file belongs to. */
  invalidate(file: string): void {
    const folder = migrationSetOf(file)?.folder;
    if (folder !== undefined) this.sets.delete(folder);
  }

  clear(): void {
    this.sets.clear();
  }

  private load(folder: string, dialectOf: DialectOf): Promise<CachedSet | undefined> {
    let found = this.sets.get(folder);
    if (!found) {
      found = setFiles(this.files, folder).then((names) => {
        const set = names && orderMigrations(names);
        if (!set) return undefined;
        // The earliest migrations only: a file after them lints alone.
        if (set.entries.length > MAX_SET_FILES) set.entries.length = MAX_SET_FILES;
        return new CachedSet(folder, set, this.files, dialectOf);
      });
      this.sets.set(folder, found);
    }
    return found;
  }
}
