// The editor's cache of live sizes: one snapshot per connection (connectionKey), trusted until
// it expires. Expired entries are still returned (marked stale) so a caller can use them while a
// refresh runs. Kept in globalState between sessions, so what is loaded is validated.
import type { LiveSnapshot, LiveTable } from '../core/lint/liveSizes';

export interface CachedSnapshot {
  snapshot: LiveSnapshot;
  stale: boolean;
}

export class LiveSizeCache {
  private readonly entries = new Map<string, LiveSnapshot>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): CachedSnapshot | undefined {
    const snapshot = this.entries.get(key);
    if (!snapshot) return undefined;
    return { snapshot, stale: this.now() - snapshot.fetchedAt >= this.ttlMs };
  }

  set(key: string, snapshot: LiveSnapshot): void {
    this.entries.set(key, snapshot);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** For persisting (the editor keeps it in globalState). */
  toJSON(): Record<string, LiveSnapshot> {
    return Object.fromEntries(this.entries);
  }

  /** Restores what toJSON wrote; anything malformed is dropped, never trusted. */
  load(value: unknown): void {
    if (!value || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const s = validSnapshot(v);
      if (s) this.entries.set(k, s);
    }
  }
}

function validSnapshot(v: unknown): LiveSnapshot | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const s = v as Partial<LiveSnapshot>;
  if (s.product !== 'postgresql' && s.product !== 'mysql' && s.product !== 'mariadb') return undefined;
  if (typeof s.serverVersion !== 'string' || typeof s.database !== 'string' || typeof s.fetchedAt !== 'number' || !Array.isArray(s.tables)) return undefined;
  const tables: LiveTable[] = [];
  for (const t of s.tables as unknown[]) {
    const x = t as Partial<LiveTable>;
    if (!x || typeof x.schema !== 'string' || typeof x.name !== 'string' || typeof x.bytes !== 'number') return undefined;
    if (x.rows !== undefined && (typeof x.rows !== 'number' || !Number.isFinite(x.rows) || x.rows < 0)) return undefined;
    tables.push({ schema: x.schema, name: x.name, rows: x.rows, bytes: x.bytes, ...(typeof x.partitions === 'number' ? { partitions: x.partitions } : {}) });
  }
  return { product: s.product, serverVersion: s.serverVersion, database: s.database, fetchedAt: s.fetchedAt, tables };
}
