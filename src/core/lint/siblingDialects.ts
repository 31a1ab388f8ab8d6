// The dialect a folder's migrations say, for a migration whose config, path and text do not
// (sqlDialect.ts, step 5): the heads of up to 40 other `.sql` files of its folder, one vote each.
// Reads the file system (like configDiscovery.ts), so the engine stays pure: the CLI asks
// synchronously while linting, the editor loads the folder's answer first (asynchronously, cached).
import { closeSync, constants, fstat as fstatCallback, fstatSync, openSync, readdir as readdirCallback, readdirSync, readSync, open as openCallback, read as readCallback, close as closeCallback, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { dialectOfTexts } from './sqlDialect';
import type { SqlDialect } from './types';

/** Files read per folder, spread over its sorted listing (a folder may hold thousands of migrations). */
const MAX_SIBLINGS = 40;
/** Bytes read from the head of each (a few statements show the signs). */
const HEAD_BYTES = 16 * 1024;
/** How long the editor trusts a folder's answer. */
const TTL_MS = 60_000;

/** The `.sql` files of a listing to read (regular files only, no links): at most MAX_SIBLINGS + 1 (one may be the file asking), spread evenly. */
function pick(entries: readonly Dirent[]): string[] {
  const sql = entries.filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.sql')).map((e) => e.name).sort();
  const max = MAX_SIBLINGS + 1;
  if (sql.length <= max) return sql;
  const step = sql.length / max;
  return Array.from({ length: max }, (_, k) => sql[Math.floor(k * step)]);
}

// Opened non-blocking and judged on the open handle (as regularFile.ts does): a FIFO swapped in
// after the listing neither blocks the open nor is read.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function headSync(file: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, OPEN_FLAGS);
    if (!fstatSync(fd).isFile()) return '';
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return buf.toString('utf8', 0, n);
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function headAsync(file: string): Promise<string> {
  return new Promise((resolve) => {
    openCallback(file, OPEN_FLAGS, (e, fd) => {
      if (e) return resolve('');
      const done = (text: string): void => closeCallback(fd, () => resolve(text));
      fstatCallback(fd, (e1, stats) => {
        if (e1 || !stats.isFile()) return done('');
        const buf = Buffer.alloc(HEAD_BYTES);
        readCallback(fd, buf, 0, HEAD_BYTES, 0, (e2, n) => done(e2 ? '' : buf.toString('utf8', 0, n)));
      });
    });
  });
}

/** What each sampled file of a folder says on its own. */
type Votes = Map<string, SqlDialect | undefined>;

function votesOf(names: readonly string[], texts: readonly string[]): Votes {
  return new Map(names.map((n, k) => [n, dialectOfTexts([texts[k]])]));
}

/** The majority of a folder's votes, the asking file's own left out; undefined on a tie or silence. */
function majority(votes: Votes, self: string): SqlDialect | undefined {
  let mysql = 0;
  let postgres = 0;
  for (const [name, d] of votes) {
    if (name === self) continue;
    if (d === 'mysql') mysql++;
    else if (d === 'postgresql') postgres++;
  }
  return mysql > postgres ? 'mysql' : postgres > mysql ? 'postgresql' : undefined;
}

/** Each folder's sampled votes, read once per folder (per minute in the editor). */
export class SiblingDialects {
  private readonly folders = new Map<string, { votes: Votes; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** What `file`'s siblings say, reading its folder now if needed (the CLI). */
  dialectFor(file: string): SqlDialect | undefined {
    const key = path.resolve(file);
    const dir = path.dirname(key);
    let votes = this.fresh(dir);
    if (!votes) {
      let names: string[];
      try {
        names = pick(readdirSync(dir, { withFileTypes: true }));
      } catch {
        names = [];
      }
      votes = votesOf(names, names.map((n) => headSync(path.join(dir, n))));
      this.folders.set(dir, { votes, at: this.now() });
    }
    return majority(votes, path.basename(key));
  }

  /** Reads `file`'s folder in the background if its votes are not known (the editor); `cached` then answers. */
  async load(file: string): Promise<void> {
    const dir = path.dirname(path.resolve(file));
    if (this.fresh(dir)) return;
    const names = pick(await new Promise<Dirent[]>((resolve) => readdirCallback(dir, { withFileTypes: true }, (e, list) => resolve(e ? [] : list))));
    const texts = await Promise.all(names.map((n) => headAsync(path.join(dir, n))));
    this.folders.set(dir, { votes: votesOf(names, texts), at: this.now() });
  }

  /** The answer `load` prepared, without reading anything (undefined when not loaded). */
  cached(file: string): SqlDialect | undefined {
    const key = path.resolve(file);
    const votes = this.fresh(path.dirname(key));
    return votes ? majority(votes, path.basename(key)) : undefined;
  }

  private fresh(dir: string): Votes | undefined {
    const a = this.folders.get(dir);
    if (a && this.now() - a.at < TTL_MS) return a.votes;
    if (a) this.folders.delete(dir);
    return undefined;
  }
}
