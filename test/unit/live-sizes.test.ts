// The pure half of live table sizes (src/core/lint/liveSizes.ts): reading statistics rows,
// merging under the config file (config wins), the cache's expiry, URLs, error messages, and the
// version-dependent rules. The same code against real servers: live-db.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultLintConfig, parseLintConfig } from '../../src/core/lint/lintConfig';
import { lintText } from '../../src/core/lint/engine';
import {
  configKeyFor,
  describeDbError,
  LiveSizeCache,
  mergeLiveSizes,
  mysqlInstantLevel,
  parseDatabaseUrl,
  parseMysqlSizes,
  parsePostgresSizes,
  postgresConstantDefaultRewrites,
  redactUrl,
  tableReport,
  type DatabaseConnection,
  type LiveSnapshot,
} from '../../src/core/lint/liveSizes';

const PG_SNAPSHOT: LiveSnapshot = {
  product: 'postgresql',
  serverVersion: '15.18 (Debian 15.18-0+deb12u1)',
  database: 'app',
  fetchedAt: 1000,
  tables: [
    { schema: 'public', name: 'orders', rows: 5_000_000, bytes: 900_000_000 },
    { schema: 'public', name: 'countries', rows: 3, bytes: 16384 },
    { schema: 'billing', name: 'invoices', rows: 2_000_000, bytes: 1 },
    { schema: 'audit', name: 'log', rows: 10, bytes: 1 },
    { schema: 'public', name: 'log', rows: 20_000_000, bytes: 1 },
    { schema: 'public', name: 'fresh', rows: undefined, bytes: 8192 },
  ],
};

const conn: DatabaseConnection = { kind: 'postgresql', host: '127.0.0.1', port: 5999, database: 'app', user: 'ro' };

function config(yaml: string) {
  return parseLintConfig(yaml, '/x/.runbooklint.yaml').config;
}

describe('live sizes: reading statistics rows', () => {
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

describe('live sizes: merged under .runbooklint.yaml', () => {
  it('the config file wins, by any name of the table; the others come from the server', () => {
    const base = config('tables:\n  orders: 10\n  billing.invoices: 5\n');
    const { config: merged, sources } = mergeLiveSizes(base, PG_SNAPSHOT);
    assert.equal(merged.tables.orders, 10);
    assert.equal(merged.tables['public.orders'], undefined, 'the live public.orders must not shadow the config');
    assert.equal(merged.tables['billing.invoices'], 5);
    assert.equal(merged.tables.invoices, undefined);
    assert.equal(merged.tables.countries, 3);
    assert.equal(merged.tables['public.countries'], 3);
    assert.equal(sources.orders, 'config');
    assert.equal(sources.countries, 'live');
    // "log" exists in two schemas: the bare name is public's.
    assert.equal(merged.tables.log, 20_000_000);
    assert.equal(merged.tables['audit.log'], 10);
    assert.equal('fresh' in merged.tables, false, 'no statistics: unknown stays unknown');
    assert.equal(merged.sqlDialect, 'postgresql');
    assert.deepEqual(merged.server, { product: 'postgresql', version: PG_SNAPSHOT.serverVersion });
    assert.deepEqual(base.tables, { orders: 10, 'billing.invoices': 5 }, 'the config is not modified');
  });

  it('sql.dialect in the config wins over the server', () => {
    assert.equal(mergeLiveSizes(config('sql: { dialect: mysql }\n'), PG_SNAPSHOT).config.sqlDialect, 'mysql');
    assert.equal(mergeLiveSizes(defaultLintConfig(), undefined).config.sqlDialect, undefined);
  });

  it('the same ALTER is flagged on the big table and not on the small one; config sizes win', () => {
    const sql = 'ALTER TABLE orders ALTER COLUMN total TYPE bigint;\nALTER TABLE countries ALTER COLUMN name TYPE text;\n';
    const run = (c: ReturnType<typeof defaultLintConfig>) => lintText(sql, 'm.sql', c).findings.filter((f) => f.ruleId === 'blocking-ddl-large-table');
    const live = run(mergeLiveSizes(defaultLintConfig(), PG_SNAPSHOT).config);
    assert.equal(live.length, 1);
    assert.equal(live[0].line, 1);
    assert.equal(live[0].severity, 'error');
    assert.match(live[0].message, /5,000,000 rows/);
    assert.equal(run(mergeLiveSizes(config('tables: { orders: 100 }\n'), PG_SNAPSHOT).config).length, 0, 'the config says orders is small');
    assert.deepEqual(run(defaultLintConfig()).map((f) => f.severity), ['info', 'info'], 'without sizes: unknown, info');
  });

  it('runbook tables rows: config first by its own key, live by the key --write would use', () => {
    const rows = tableReport(config('tables:\n  orders: 10\n'), PG_SNAPSHOT);
    assert.deepEqual(rows.find((r) => r.table === 'orders'), { table: 'orders', rows: 10, bytes: 900_000_000, source: 'config', large: false });
    assert.deepEqual(rows.find((r) => r.table === 'billing.invoices'), { table: 'billing.invoices', rows: 2_000_000, bytes: 1, source: 'live', large: true });
    assert.equal(rows.find((r) => r.table === 'fresh')?.rows, undefined);
    assert.equal(rows.length, 6);
    assert.equal(configKeyFor({ ...PG_SNAPSHOT, product: 'mysql', database: 'app' }, { schema: 'app', name: 'Orders', bytes: 0 }), 'orders');
  });
});

describe('live sizes: cache with expiry', () => {
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

describe('live sizes: database URLs', () => {
  it('parses PostgreSQL and MySQL URLs with default ports, encoded parts and TLS', () => {
    assert.deepEqual(parseDatabaseUrl('postgres://ro:p%40ss@db.internal/app?sslmode=require'), { kind: 'postgresql', host: 'db.internal', port: 5432, database: 'app', user: 'ro', password: 'p@ss', ssl: true });
    assert.deepEqual(parseDatabaseUrl('mariadb://ro@127.0.0.1:3307/shop'), { kind: 'mysql', host: '127.0.0.1', port: 3307, database: 'shop', user: 'ro', password: undefined, ssl: false });
    assert.throws(() => parseDatabaseUrl('oracle://x@y/z'), /unsupported database URL scheme/);
    assert.throws(() => parseDatabaseUrl('postgresql://x@y'), /names no database/);
    assert.throws(() => parseDatabaseUrl('not a url'), /not a URL/);
    assert.equal(redactUrl('postgresql://ro:secret@h:1/db'), 'postgresql://ro:***@h:1/db');
  });
});

describe('live sizes: one clear message per failure', () => {
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

describe('live sizes: what the server version changes', () => {
  const add = 'ALTER TABLE orders ADD COLUMN flag boolean DEFAULT false;\n';
  const pgConfig = (version: string) => mergeLiveSizes(defaultLintConfig(), { ...PG_SNAPSHOT, serverVersion: version }).config;
  it('PostgreSQL ≥ 11: a constant DEFAULT is metadata-only; before 11 it rewrites the table', () => {
    assert.equal(postgresConstantDefaultRewrites({ product: 'postgresql', version: '10.23' }), true);
    assert.equal(postgresConstantDefaultRewrites({ product: 'postgresql', version: '11.0' }), false);
    assert.equal(postgresConstantDefaultRewrites(undefined), false);
    const rule = (v: string) => lintText(add, 'm.sql', pgConfig(v)).findings.filter((f) => f.ruleId === 'blocking-ddl-large-table');
    assert.equal(rule('15.4').length, 0);
    assert.equal(rule('10.23').length, 1);
    assert.match(rule('10.23')[0].message, /before PostgreSQL 11/);
    // A volatile default rewrites on every version.
    const volatile = 'ALTER TABLE orders ADD COLUMN id2 uuid DEFAULT gen_random_uuid();\n';
    assert.equal(lintText(volatile, 'm.sql', pgConfig('15.4')).findings.filter((f) => f.ruleId === 'blocking-ddl-large-table').length, 1);
  });

  it('MySQL 8.0.12 / 8.0.29 and MariaDB 10.3 / 10.4 decide INSTANT', () => {
    assert.equal(mysqlInstantLevel({ product: 'mysql', version: '8.0.11' }), 80011);
    assert.equal(mysqlInstantLevel({ product: 'mysql', version: '8.0.29-log' }), 80029);
    assert.equal(mysqlInstantLevel({ product: 'mariadb', version: '10.3.39-MariaDB' }), 80012);
    assert.equal(mysqlInstantLevel({ product: 'mariadb', version: '10.11.19-MariaDB-0+deb12u1' }), 80029);
    assert.equal(mysqlInstantLevel({ product: 'postgresql', version: '15' }), undefined);
    const snapshot = (product: 'mysql' | 'mariadb', v: string): LiveSnapshot => ({ product, serverVersion: v, database: 'app', fetchedAt: 0, tables: [{ schema: 'app', name: 'orders', rows: 5_000_000, bytes: 1 }] });
    const sql = 'ALTER TABLE orders ADD COLUMN note VARCHAR(20) AFTER id;\n';
    const severities = (s: LiveSnapshot) => lintText(sql, 'm.sql', mergeLiveSizes(defaultLintConfig(), s).config).findings.filter((f) => f.ruleId === 'mysql-online-ddl').map((f) => f.severity);
    assert.deepEqual(severities(snapshot('mysql', '8.0.28')), ['warning'], 'before 8.0.29 a positioned ADD COLUMN rebuilds');
    assert.deepEqual(severities(snapshot('mysql', '8.0.35')), ['info'], 'INSTANT: only the advice to pin ALGORITHM=INSTANT');
    assert.deepEqual(severities(snapshot('mariadb', '10.3.39-MariaDB')), ['warning']);
    assert.deepEqual(severities(snapshot('mariadb', '10.11.19-MariaDB')), ['info']);
    // The config's mysqlVersion option wins over the server.
    const pinned = mergeLiveSizes(config('rules:\n  mysql-online-ddl:\n    options: { mysqlVersion: "8.0.20" }\n'), snapshot('mysql', '8.0.35')).config;
    assert.deepEqual(lintText(sql, 'm.sql', pinned).findings.filter((f) => f.ruleId === 'mysql-online-ddl').map((f) => f.severity), ['warning']);
  });
});
