// A migration set's history: its files in the tool's order (migrationOrder.ts) read into the
// schema model (migrationSchema.ts), giving each file the schema the files before it leave.
// Built once per set and asked per file; the files are read through the caller's `read` (the
// CLI's node:fs, the editor's cache of vscode.workspace.fs reads). Pure.
import type { MigrationEntry, MigrationSet } from './migrationOrder';
import { SchemaBuilder, type SchemaKnowledge } from './migrationSchema';
import type { SqlDialect } from './types';

export type { SchemaKnowledge, TableName } from './migrationSchema';

/** The markers that split a file into up and down parts, by tool. */
const UP_DOWN_MARKERS: readonly { tool: string; up: RegExp; down: RegExp }[] = [
  { tool: 'goose', up: /^--\s*\+goose\s+up\b/im, down: /^--\s*\+goose\s+down\b/im },
  { tool: 'sql-migrate', up: /^--\s*\+migrate\s+up\b/im, down: /^--\s*\+migrate\s+down\b/im },
  { tool: 'dbmate', up: /^--\s*migrate:up\b/im, down: /^--\s*migrate:down\b/im },
];

/**
 * The part of a migration that runs on the way up: for goose (`-- +goose Up` / `-- +goose Down`),
 * sql-migrate (`-- +migrate Up`) and dbmate (`-- migrate:up` / `-- migrate:down`), the text after
 * the up marker up to the down marker; otherwise the whole text. `tool` names the markers found.
 */
export function upSection(text: string): { text: string; tool?: string } {
  for (const m of UP_DOWN_MARKERS) {
    const up = m.up.exec(text);
    if (!up) continue;
    const from = up.index + up[0].length;
    const rest = text.slice(from);
    const down = m.down.exec(rest);
    // A down section before the up one (allowed by goose): the up part runs to the end.
    return { text: down ? rest.slice(0, down.index) : rest, tool: m.tool };
  }
  return { text };
}

export interface MigrationHistoryOptions {
  /** The file's text (relative path inside the set), or undefined when it cannot be read. */
  read(entry: MigrationEntry): string | undefined;
  /** The dialect a file is read in (the same as the linter reads it). */
  dialectOf(entry: MigrationEntry, text: string): SqlDialect;
}

/** The schema before each file of one migration set, built lazily front to back. */
export class MigrationHistory {
  private readonly builder: SchemaBuilder;
  /** snapshots[k]: the schema before entries[k]. */
  private readonly snapshots: SchemaKnowledge[] = [];
  private readonly position = new Map<string, number>();
  /** Files that could not be read (the model went on without them). */
  readonly unreadable: string[] = [];
  private markerTool: string | undefined;

  constructor(
    readonly set: MigrationSet,
    private readonly options: MigrationHistoryOptions,
  ) {
    this.builder = new SchemaBuilder(set.tool);
    set.entries.forEach((e, k) => this.position.set(e.file, k));
  }

  /** The tool, refined by the files' markers once read (goose and dbmate name files like sqlx). */
  get tool(): string {
    return this.markerTool ?? this.set.tool;
  }

  /** The schema the files before `relative` leave; undefined when it is not a file of the set. */
  before(relative: string): SchemaKnowledge | undefined {
    const k = this.position.get(relative);
    if (k === undefined) return undefined;
    while (this.snapshots.length <= k) {
      const at = this.snapshots.length;
      if (at > 0) this.apply(this.set.entries[at - 1]);
      this.snapshots.push(this.builder.snapshot());
    }
    return this.snapshots[k];
  }

  private apply(entry: MigrationEntry): void {
    const raw = this.options.read(entry);
    if (raw === undefined) {
      this.unreadable.push(entry.file);
      return;
    }
    const up = upSection(raw);
    if (up.tool && this.markerTool === undefined) this.builder.tool = this.markerTool = up.tool;
    this.builder.apply(up.text, this.options.dialectOf(entry, up.text));
  }
}
