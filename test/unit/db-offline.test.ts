// src/db without a server: reading statistics rows, the editor's size cache, database URLs and
// their redaction, and one clear message per failure; the CLI's answer to a broken URL (exit 2,
// never the password). The same code against real servers: live-db.test.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LiveSnapshot } from '../../src/core/lint/liveSizes';
import { DatabaseUrlError, parseDatabaseUrl, redactUrl, type DatabaseConnection } from '../../src/db/connection';
import { describeDbError } from '../../src/db/dbFailures';
import { LiveSizeCache } from '../../src/db/sizeCache';
import { parseMysqlSizes, parsePostgresSizes } from '../../src/db/sizeQueries';

const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

const PG_SNAPSHOT: LiveSnapshot = {
  product: 'postgresql',
  serverVersion: '15.18',
  database: 'app',
  fetchedAt: 1000,
  tables: [
    { schema: 'public', name: 'orders', rows: 5_000_000, bytes: 900_000_000 },
    { schema: 'public', name: 'fresh', rows: undefined, bytes: 8192 },
  ],
};

const conn: DatabaseConnection = { kind: 'postgresql', host: '127.0.0.1', port: 5999, database: 'app', user: 'ro' };

describe('db: reading statistics rows', () => {
  it('PostgreSQL rows: numbers as strings, partitions, never analyzed (reltuples -1) is unknown, not 0', () => {
    const t = parsePostgresSizes([
      { schema_name: 'public', table_name: 'events', partitions: '2', rows: 700000, never_analyzed: false, bytes: '31055872' },
      { schema_name: 'public', table_name: 'fresh', partitions: 0, rows: 0, never_analyzed: true, bytes: 8192 },
      { schema_name: 'public', table_name: 'half', partitions: 2, rows: 10, never_analyzed: true, bytes: 1 },
      { schema_name: '', table_name: 'x' },
    ]);
    assert.deepEqual(t, [
      { schema: 'public', name: 'events', rows: 700000, bytes: 31055872, partitions: 2 },
      { schema: 'public', name: 'fresh', rows: undefined, bytes: 8192 },
      { schema: 'public', name: 'half', rows: 10, bytes: 1, partitions: 2 },
    ]);
  });

  it('MySQL rows: upper-case column names, NULL table_rows is unknown', () => {
    assert.deepEqual(parseMysqlSizes([{ SCHEMA_NAME: 'app', TABLE_NAME: 'big', TABLE_ROWS: '1995918', BYTES: '72990720' }, { schema_name: 'app', table_name: 'v', table_rows: null, bytes: 0 }]), [
      { schema: 'app', name: 'big', rows: 1995918, bytes: 72990720 },
      { schema: 'app', name: 'v', rows: undefined, bytes: 0 },
    ]);
  });
});

describe('db: size cache with expiry', () => {
  it('fresh, then stale after the expiry; a stored value is validated, never trusted', () => {
    let now = 1000;
    const cache = new LiveSizeCache(60_000, () => now);
    cache.set('k', PG_SNAPSHOT);
    assert.equal(cache.get('k')?.stale, false);
    now += 59_999;
    assert.equal(cache.get('k')?.stale, false);
    now += 1;
    assert.equal(cache.get('k')?.stale, true);
    const restored = new LiveSizeCache(60_000, () => now);
    restored.load(JSON.parse(JSON.stringify({ ...cache.toJSON(), bad: { product: 'oracle' }, worse: { ...PG_SNAPSHOT, tables: [{ schema: 1 }] } })));
    assert.deepEqual(restored.get('k')?.snapshot, PG_SNAPSHOT);
    assert.equal(restored.get('bad'), undefined);
    assert.equal(restored.get('worse'), undefined);
    restored.load('garbage');
    cache.delete('k');
    assert.equal(cache.get('k'), undefined);
  });
});

describe('db: database URLs', () => {
  it('parses PostgreSQL and MySQL URLs with default ports, encoded parts and TLS', () => {
    assert.deepEqual(parseDatabaseUrl('postgres://ro:p%40ss@db.internal/app?sslmode=require'), { kind: 'postgresql', host: 'db.internal', port: 5432, database: 'app', user: 'ro', password: 'p@ss', ssl: true });
    assert.deepEqual(parseDatabaseUrl('mariadb://ro@127.0.0.1:3307/shop'), { kind: 'mysql', host: '127.0.0.1', port: 3307, database: 'shop', user: 'ro', password: undefined, ssl: false });
    assert.throws(() => parseDatabaseUrl('oracle://x@y/z'), /unsupported database URL scheme/);
    assert.throws(() => parseDatabaseUrl('postgresql://x@y'), /names no database/);
    assert.throws(() => parseDatabaseUrl('not a url'), /not a URL/);
    assert.equal(redactUrl('postgresql://ro:secret@h:1/db'), 'postgresql://ro:***@h:1/db');
  });
});

describe('db: one clear message per failure', () => {
  const cases: [unknown, string, RegExp][] = [
    [{ code: 'ECONNREFUSED' }, 'refused', /connection refused/],
    [{ code: 'RUNBOOK_TIMEOUT', message: 'timed out' }, 'timeout', /no answer within 3 s/],
    [{ message: 'Connection terminated due to connection timeout' }, 'timeout', /no answer within 3 s/],
    [{ code: '28P01', message: 'password authentication failed for user "ro"' }, 'auth', /login refused for user "ro": wrong password/],
    [{ code: 'ER_ACCESS_DENIED_ERROR', errno: 1045, sqlMessage: "Access denied for user 'ro'" }, 'auth', /wrong password/],
    [{ code: '42501', message: 'permission denied for table x' }, 'permission', /lacks a permission/],
    [{ code: '3D000' }, 'no-database', /database "app" does not exist/],
    [{ code: 'ENOTFOUND' }, 'host-not-found', /host "127.0.0.1" not found/],
  ];
  for (const [err, kind, message] of cases) {
    it(`${JSON.stringify(err)} → ${kind}`, () => {
      const f = describeDbError(err, conn, 3000);
      assert.equal(f.kind, kind);
      assert.match(f.message, message);
      assert.match(f.message, /^PostgreSQL at 127\.0\.0\.1:5999 \(database app, user ro\): /);
      assert.match(f.message, /\.runbooklint\.yaml only/);
    });
  }
});

describe('db: a password with "@", "%" or other specials', () => {
  it('the last "@" before the host ends the password (WHATWG URL parsing)', () => {
    assert.deepEqual(parseDatabaseUrl('postgresql://ro:hunter@2@secret@db.internal:6432/app'), {
      kind: 'postgresql',
      host: 'db.internal',
      port: 6432,
      database: 'app',
      user: 'ro',
      password: 'hunter@2@secret',
      ssl: false,
    });
    assert.equal(parseDatabaseUrl('mysql://ro:p%40ss%25@h/shop').password, 'p@ss%', 'encoded parts still decode');
  });

  it('a malformed "%" escape is a DatabaseUrlError naming the part, never "URI malformed"', () => {
    for (const [url, part] of [
      ['postgresql://ro:50%off@h/app', /password/],
      ['postgresql://r%zzo:pw@h/app', /user name/],
      ['postgresql://ro:pw@h/app%', /database name/],
    ] as const) {
      assert.throws(
        () => parseDatabaseUrl(url),
        (e: unknown) => e instanceof DatabaseUrlError && part.test(e.message) && /%25/.test(e.message) && !/malformed/i.test(e.message),
        url,
      );
    }
  });

  it('a raw "/", "?" or "#" in the password (an "@" after the host) is refused, not misread', () => {
    assert.throws(() => parseDatabaseUrl('postgresql://ro:12?ab@h/app'), /"@" after the host.*%2F %3F %23/);
    assert.throws(() => parseDatabaseUrl('postgresql://ro:12/ab@h/app'), /"@" after the host/);
    assert.throws(() => parseDatabaseUrl('postgresql://ro:pw@h/app#x@y'), /"@" after the host/);
    assert.throws(() => parseDatabaseUrl('postgresql://ro:p#ss@h/app'), DatabaseUrlError);
  });

  it('garbage is a DatabaseUrlError or a connection, never another exception', () => {
    const garbage = ['', '%', '\u0000', 'postgresql://', 'postgresql://[::1', 'postgresql://h:99999/db', 'mysql://%E0%A4%A@h/db', 'mysql://u@h/%E0%A4%A', 'postgresql://u:\u001b[31m@h/db', `postgresql://u@h/${'x'.repeat(1_000_000)}`, `postgresql://${'@'.repeat(100_000)}h/db`];
    for (const url of garbage) {
      try {
        const c = parseDatabaseUrl(url);
        assert.equal(typeof c.host, 'string');
      } catch (e) {
        assert.ok(e instanceof DatabaseUrlError, `${url.slice(0, 40)}: ${String(e)}`);
      }
    }
  });

  it('redaction hides everything from the user\'s ":" to the last "@", and password= parameters', () => {
    const cases: [string, string][] = [
      ['postgresql://ro:secret@h:1/db', 'postgresql://ro:***@h:1/db'],
      ['postgresql://ro:hunter@2@secret@h/db', 'postgresql://ro:***@h/db'],
      ['postgresql://ro:12?ab@h/app', 'postgresql://ro:***@h/app'],
      ['postgresql://ro:p#ss@h/app', 'postgresql://ro:***@h/app'],
      ['postgresql://ro:12/se:cret@h/app', 'postgresql://ro:***@h/app'],
      ['postgresql://ro@h:5432/db', 'postgresql://ro@h:5432/db'],
      ['postgresql://h/db?user=ro&password=s3cret&sslmode=require', 'postgresql://h/db?user=ro&password=***&sslmode=require'],
      ['postgresql://ro:a//b:c@h/db', 'postgresql://ro:***@h/db'],
      ['postgresql:ro:pw@h/db', 'postgresql:***@h/db'],
      ['ro:pw@h/db', 'ro:***@h/db'],
      ['not a url', 'not a url'],
    ];
    for (const [url, shown] of cases) assert.equal(redactUrl(url), shown, url);
  });

  it('redaction is linear on hostile input', () => {
    const huge = `postgresql://ro:${'@:'.repeat(200_000)}x@h/db?${'password=a&'.repeat(50_000)}`;
    const t0 = performance.now();
    const shown = redactUrl(huge);
    assert.ok(performance.now() - t0 < 500, 'no backtracking');
    assert.ok(shown.startsWith('postgresql://ro:***@h/db?password=***&'));
  });
});

describe('runbook lint / tables: a broken database URL (dist/cli.js)', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'runbook-db-url-'));
    writeFileSync(path.join(dir, 'V1.sql'), 'ALTER TABLE orders ADD COLUMN x int;\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, RUNBOOK_LINT_DATABASE_URL: '', ...env }, timeout: 20_000 });
    return { code: r.status, stderr: r.stderr, stdout: r.stdout };
  };

  // No database name: the URL is refused before any connection, and shown in the message.
  const AT_PASSWORD = 'postgresql://ro:hunter@2@secret@127.0.0.1:1/';
  for (const format of ['text', 'json', 'sarif']) {
    it(`lint --format ${format}: a password with "@" is never printed, not even its tail`, () => {
      const r = run(['lint', '--format', format, '--database-url', AT_PASSWORD, 'V1.sql']);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /names no database.*: postgresql:\/\/ro:\*\*\*@127\.0\.0\.1:1\//);
      for (const piece of ['hunter', '2@secret', 'secret']) assert.ok(!`${r.stderr}${r.stdout}`.includes(piece), `"${piece}" printed:\n${r.stderr}`);
    });
  }

  it('tables, with the URL from RUNBOOK_LINT_DATABASE_URL: the same redaction', () => {
    const r = run(['tables', '--format', 'json'], { RUNBOOK_LINT_DATABASE_URL: AT_PASSWORD });
    assert.equal(r.code, 2, r.stderr);
    assert.ok(!r.stderr.includes('secret') && !r.stderr.includes('hunter'), r.stderr);
    assert.match(r.stderr, /ro:\*\*\*@127\.0\.0\.1/);
  });

  for (const cmd of ['lint', 'tables']) {
    it(`${cmd}: a malformed "%" escape is a usage error, exit 2 (not an internal error, exit 3)`, () => {
      const r = run([cmd, '--database-url', 'postgresql://ro:100%sure@127.0.0.1:1/app', ...(cmd === 'lint' ? ['V1.sql'] : [])]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /password has a "%" that is not followed by two hex digits: write a literal % as %25/);
      assert.doesNotMatch(r.stderr, /internal error|URI malformed/);
      assert.ok(!r.stderr.includes('100%sure') && !r.stderr.includes('sure'), r.stderr);
    });
  }
});
