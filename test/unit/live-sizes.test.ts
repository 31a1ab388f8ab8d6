// Live table sizes in the core (src/core/lint/liveSizes.ts): merging under the config file
// (config wins, memoized), the `runbook tables` report, and the version-dependent rules. The
// database side without a server: db-offline.test.ts; against real servers: live-db.test.ts.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { defaultLintConfig, parseLintConfig } from '../../src/core/lint/lintConfig';
import { lintText } from '../../src/core/lint/engine';
import { configKeyFor, mergeLiveSizes, mysqlInstantLevel, postgresConstantDefaultRewrites, tableReport, type LiveSnapshot } from '../../src/core/lint/liveSizes';

const ROOT = path.join(__dirname, '..', '..', '..');

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

function config(yaml: string) {
  return parseLintConfig(yaml, '/x/.runbooklint.yaml').config;
}

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
    const rows = tableReport(mergeLiveSizes(config('tables:\n  orders: 10\n'), PG_SNAPSHOT));
    assert.deepEqual(rows.find((r) => r.table === 'orders'), { table: 'orders', rows: 10, bytes: 900_000_000, source: 'config', large: false });
    assert.deepEqual(rows.find((r) => r.table === 'billing.invoices'), { table: 'billing.invoices', rows: 2_000_000, bytes: 1, source: 'live', large: true });
    assert.equal(rows.find((r) => r.table === 'fresh')?.rows, undefined);
    assert.equal(rows.length, 6);
    assert.equal(configKeyFor({ ...PG_SNAPSHOT, product: 'mysql', database: 'app' }, { schema: 'app', name: 'Orders', bytes: 0 }), 'orders');
  });
});

describe('live sizes: assembled once', () => {
  it('the same discovered config and snapshot give the same merged config (CLI per file, editor per lint)', () => {
    const base = config('tables:\n  orders: 10\n');
    const first = mergeLiveSizes(base, PG_SNAPSHOT);
    assert.equal(mergeLiveSizes(base, PG_SNAPSHOT), first, 'memoized: the live keys are not recomputed per file');
    const newer = mergeLiveSizes(base, { ...PG_SNAPSHOT, tables: [{ schema: 'public', name: 'orders2', rows: 7, bytes: 1 }] });
    assert.notEqual(newer, first, 'a new snapshot merges again');
    assert.equal(newer.config.tables.orders2, 7);
    assert.equal(mergeLiveSizes(base, undefined).config, base, 'no snapshot: the discovered config as it is');
    assert.deepEqual(tableReport(mergeLiveSizes(base, undefined)), [{ table: 'orders', rows: 10, bytes: undefined, source: 'config', large: false }]);
  });

  it('src/core imports nothing from src/db, src/cli, src/extension or src/webview', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
    const core = path.join(ROOT, 'src', 'core');
    const all = files(core);
    assert.ok(all.length > 20, `found ${all.length} core files`);
    const offenders = all.filter((f) =>
      [...readFileSync(f, 'utf8').matchAll(/(?:from|import|require)\s*\(?\s*['"](\.[^'"]*)['"]/g)].some((m) => {
        const target = path.resolve(path.dirname(f), m[1]);
        return ['db', 'cli', 'extension', 'webview'].some((layer) => `${target}${path.sep}`.startsWith(path.join(ROOT, 'src', layer) + path.sep));
      }),
    );
    assert.deepEqual(offenders.map((f) => path.relative(ROOT, f)), []);
  });
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
