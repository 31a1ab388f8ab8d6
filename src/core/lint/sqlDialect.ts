// Which SQL dialect a migration is read as, and why. In order:
//   1. `override`: an `overrides:` entry of .runbooklint.yaml whose glob matches the file;
//   2. `config`: the config's `sql.dialect`;
//   3. `path`: a folder or file name that says it (`mysql/`, `mariadb/`, `postgres/`, `pg/`,
//      `001_init.mysql.sql`), the innermost such name winning;
//   4. `text`: signs in the file's own statements (backticks, ENGINE=, MODIFY COLUMN, ALGORITHM=,
//      AUTO_INCREMENT for MySQL; CONCURRENTLY, `::`, SERIAL, `$$` for PostgreSQL);
//   5. `database`: the product of the connected database (live table sizes): a setting the team
//      made, so it outranks a guess from other files;
//   6. `siblings`: the same signs in the other migrations of its folder (the caller reads them);
//   7. `default`: PostgreSQL.
// The path comes before the text because the files it decides were seen misread: a migration
// under `mysql/` with no backtick, ENGINE= or MODIFY (`DROP INDEX i ON t;`) is plain SQL to any
// reader of its text, and was flagged as PostgreSQL.
import { isPunct, isWord, lowerWord, splitSql, tokenizeTransient } from '../sql/scanner';
import type { ResolvedLintConfig, SqlDialect } from './types';

export type SqlDialectSource = 'override' | 'config' | 'path' | 'text' | 'siblings' | 'database' | 'default';

/** What the engine read a SQL file as (`runbook lint --format json` prints it per SQL file). */
export interface ResolvedSqlDialect {
  name: SqlDialect;
  from: SqlDialectSource;
}

// --- path ----------------------------------------------------------------------------------------

/** Words of a folder or file name that name a dialect (MariaDB, TiDB and Percona read as MySQL). */
const PATH_WORDS: Readonly<Record<string, SqlDialect>> = {
  mysql: 'mysql',
  mariadb: 'mysql',
  maria: 'mysql',
  tidb: 'mysql',
  percona: 'mysql',
  postgres: 'postgresql',
  postgresql: 'postgresql',
  pg: 'postgresql',
  pgsql: 'postgresql',
  psql: 'postgresql',
  cockroachdb: 'postgresql',
};
/** How many path segments are read, from the file name up: a repository's own folders, not the home folder it was cloned into. */
const PATH_SEGMENTS = 8;
/** Longer segments are not read (a generated name is no hint). */
const MAX_SEGMENT = 128;

/**
 * The dialect a path names, from the file name up through its folders: the first name that names
 * exactly one dialect decides. A folder counts when its whole name is a dialect's, with an optional
 * version (`mysql/`, `mysql8/`, `postgres-14/`, `pg/`); a file when a word of its name is
 * (`001_init.mysql.sql`, `schema_pg.sql`). So `pgbouncer/`, `upgrade/` and a scratch folder
 * such as `refused-mysql/` say nothing.
 */
export function dialectFromPath(file: string): SqlDialect | undefined {
  let end = file.length;
  for (let seg = 0; seg < PATH_SEGMENTS && end > 0; seg++) {
    let start = end;
    while (start > 0 && file.charCodeAt(start - 1) !== 47 && file.charCodeAt(start - 1) !== 92) start--;
    if (end - start <= MAX_SEGMENT) {
      const name = file.slice(start, end).toLowerCase();
      const named = seg === 0 ? fileNameDialect(name) : wordDialect(name);
      if (named) return named;
    }
    end = start - 1;
    while (end > 0 && (file.charCodeAt(end - 1) === 47 || file.charCodeAt(end - 1) === 92)) end--;
  }
  return undefined;
}

/** The dialect a word names, with an optional version after it (`mysql8`, `postgres-14`, `mariadb10.6`). */
function wordDialect(word: string): SqlDialect | undefined {
  const m = /^([a-z]+)(?:[-_]?v?\d+(?:\.\d+)*)?$/.exec(word);
  return m && Object.hasOwn(PATH_WORDS, m[1]) ? PATH_WORDS[m[1]] : undefined;
}

/** The dialect one word of a file's name says (its extension left out); none when two words disagree. */
function fileNameDialect(name: string): SqlDialect | undefined {
  const dot = name.lastIndexOf('.');
  let found: SqlDialect | undefined;
  for (const word of (dot > 0 ? name.slice(0, dot) : name).split(/[._\-\s]+/)) {
    const d = wordDialect(word);
    if (d === undefined) continue;
    if (found !== undefined && found !== d) return undefined;
    found = d;
  }
  return found;
}

// --- text ----------------------------------------------------------------------------------------

/** Only the head of a file is read for the dialect: a few statements settle it. */
const DIALECT_SAMPLE = 64 * 1024;
const MYSQL_WORDS = new Set(['auto_increment', 'engine', 'modify', 'algorithm']);
const POSTGRES_WORDS = new Set(['concurrently', 'serial', 'bigserial', 'smallserial']);
/** Text every sign contains (case-insensitively): a backtick, `$` of `$$`, `:` of `::`, or part of a word above. */
const DIALECT_SIGN = /[`$:]|AUTO_INCREMENT|ENGINE|MODIFY|ALGORITHM|CONCURRENTLY|SERIAL/i;

let lastSample: { sample: string; dialect: SqlDialect | undefined } | undefined;

/**
 * The dialect the text's signs say (outside comments and strings), or undefined when it has none
 * or as many of each. The text is lexed as PostgreSQL, where a backtick is an ordinary character,
 * so MySQL's quoted names show as two each.
 */
export function dialectFromText(text: string): SqlDialect | undefined {
  const sample = text.length > DIALECT_SAMPLE ? text.slice(0, DIALECT_SAMPLE) : text;
  // An editor re-lints after every edit, and most edits leave the head of a long file as it was.
  // (The memo holds one file's head: for a long file, a slice that keeps its text until the next lint.)
  if (lastSample !== undefined && lastSample.sample === sample) return lastSample.dialect;
  const dialect = signsOf(sample);
  lastSample = { sample, dialect };
  return dialect;
}

/** `dialectFromText`, PostgreSQL when the text does not say. */
export function inferSqlDialect(text: string): SqlDialect {
  return dialectFromText(text) ?? 'postgresql';
}

function signsOf(sample: string): SqlDialect | undefined {
  if (!DIALECT_SIGN.test(sample)) return undefined;
  let mysql = 0;
  let postgres = 0;
  let backticks = 0;
  const split = splitSql(sample, 'postgresql');
  // Where the next sign candidate starts: a statement without one counts nothing, so it is not tokenized.
  const signs = new RegExp(DIALECT_SIGN.source, 'gi');
  let nextSign = -1;
  for (let n = 0; n < split.count; n++) {
    const start = split.starts[n];
    const end = split.terminators[n] >= 0 ? split.terminators[n] : sample.length;
    if (nextSign < start) {
      signs.lastIndex = start;
      nextSign = signs.exec(sample)?.index ?? sample.length;
    }
    if (nextSign >= end) continue;
    // Read once, front to back, and not kept: the reused token array is enough.
    const toks = tokenizeTransient(sample, start, end, 'postgresql');
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k];
      const next = toks[k + 1];
      if (t.kind === 'word') {
        const w = lowerWord(sample, t);
        if (MYSQL_WORDS.has(w)) {
          // ENGINE= and ALGORITHM= are options, MODIFY COLUMN a clause; alone they may be names.
          if (w === 'auto_increment' || (w === 'modify' ? isWord(sample, next, 'column') : isPunct(sample, next, '='))) mysql++;
        } else if (POSTGRES_WORDS.has(w)) {
          postgres++;
        }
      } else if (t.kind === 'punct') {
        if (isPunct(sample, t, '`')) backticks++;
        else if (isPunct(sample, t, ':') && next && next.start === t.end && isPunct(sample, next, ':')) {
          postgres++;
          k++;
        }
      } else if (t.kind === 'string' && sample.startsWith('$$', t.start)) {
        postgres++;
      }
    }
  }
  // A backtick-quoted name has two backticks: count it once.
  mysql += Math.ceil(backticks / 2);
  return mysql > postgres ? 'mysql' : postgres > mysql ? 'postgresql' : undefined;
}

/** The dialect most of the given texts say (each text one vote), or undefined on a tie or silence. */
export function dialectOfTexts(texts: Iterable<string>): SqlDialect | undefined {
  let mysql = 0;
  let postgres = 0;
  for (const t of texts) {
    const d = signsOf(t.length > DIALECT_SAMPLE ? t.slice(0, DIALECT_SAMPLE) : t);
    if (d === 'mysql') mysql++;
    else if (d === 'postgresql') postgres++;
  }
  return mysql > postgres ? 'mysql' : postgres > mysql ? 'postgresql' : undefined;
}

// --- all together --------------------------------------------------------------------------------

/**
 * The dialect of the SQL file `file` with text `text`, and where it came from. `siblings` is asked
 * only when neither the config, the path, the text nor a connected database decides (it may read
 * the folder).
 */
export function resolveSqlDialect(text: string, file: string, config: ResolvedLintConfig, siblings?: () => SqlDialect | undefined): ResolvedSqlDialect {
  const explicit = config.sqlDialect;
  const fromDatabase = config.sqlDialectFrom === 'database';
  if (explicit !== undefined && !fromDatabase) return { name: explicit, from: config.sqlDialectFrom ?? 'config' };
  const byPath = dialectFromPath(file);
  if (byPath) return { name: byPath, from: 'path' };
  const byText = dialectFromText(text);
  if (byText) return { name: byText, from: 'text' };
  if (explicit !== undefined) return { name: explicit, from: 'database' };
  const bySiblings = siblings?.();
  if (bySiblings) return { name: bySiblings, from: 'siblings' };
  return { name: 'postgresql', from: 'default' };
}
