// Table sizes from REAL servers (scripts/test-databases.mjs starts a throwaway PostgreSQL and
// MariaDB on loopback; scripts/test.mjs passes their URLs in RUNBOOK_TEST_PG_URL and
// RUNBOOK_TEST_MYSQL_URL). The command line (dist/cli.js, as CI runs it) flags the same ALTER on
// the 2,000,000-row table and not on the 3-row one; `runbook tables` prints and records sizes;
// a closed port, a wrong password and a server that never answers each give one clear message
// within the timeout. Without the servers these tests FAIL on CI (CI=true) and skip elsewhere.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type LoopbackServers, startLoopbackServers } from '../shared/loopbackServers';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { fetchLiveSizes } from '../../src/db/client';
import { parseDatabaseUrl } from '../../src/db/connection';

const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const PG_URL = process.env.RUNBOOK_TEST_PG_URL;
const MYSQL_URL = process.env.RUNBOOK_TEST_MYSQL_URL;
const CI = !!process.env.CI && !/^(false|0)$/i.test(process.env.CI);
const WHY = process.env.RUNBOOK_TEST_DB_ERROR ?? 'the test databases were not started (run `npm test`, which starts them with scripts/test-databases.mjs)';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

function cli(args: string[], opts: { cwd: string; env?: Record<string, string | undefined> }): Promise<Run> {
  const t0 = Date.now();
  const env: NodeJS.ProcessEnv = { ...process.env, RUNBOOK_LINT_DATABASE_URL: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: opts.cwd, env, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err && typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : err ? 99 : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** A test that needs a server: fails on CI without it, skips locally. */
function needs(url: string | undefined, name: string, fn: (url: string) => Promise<void>): void {
  if (url) it(name, () => fn(url));
  else if (CI) it(name, () => assert.fail(`the test database could not start: ${WHY}`));
  else it(name, { skip: `no test database: ${WHY}` }, () => {});
}

let dir = '';
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'runbook-live-db-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const root = path.join(dir, name);
  mkdirSync(root, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

function findingsOf(run: Run): { rule: string; line: number; severity: string; message: string }[] {
  return (JSON.parse(run.stdout) as { findings: { rule: string; line: number; severity: string; message: string }[] }).findings;
}

const PG_MIGRATION = 'ALTER TABLE big_orders ALTER COLUMN total TYPE numeric(14,2);\nALTER TABLE small_countries ALTER COLUMN name TYPE varchar(200);\n';
const MYSQL_MIGRATION = 'ALTER TABLE big_orders MODIFY COLUMN note VARCHAR(500);\nALTER TABLE small_countries MODIFY COLUMN name VARCHAR(500);\n';

describe('live PostgreSQL: runbook lint --database-url', () => {
  needs(PG_URL, 'flags ALTER COLUMN TYPE on the 2,000,000-row table, not on the 3-row one', async (url) => {
    const root = project('pg-lint', { 'db/V1.sql': PG_MIGRATION });
    const without = await cli(['lint', '--format', 'json', 'db'], { cwd: root });
    assert.deepEqual(findingsOf(without).filter((f) => f.rule === 'blocking-ddl-large-table').map((f) => f.severity), ['info', 'info'], 'without a database both sizes are unknown');
    const run = await cli(['lint', '--format', 'json', '--database-url', url, 'db'], { cwd: root });
    assert.equal(run.code, 1, run.stderr);
    const ddl = findingsOf(run).filter((f) => f.rule === 'blocking-ddl-large-table');
    assert.equal(ddl.length, 1, JSON.stringify(ddl));
    assert.equal(ddl[0].line, 1);
    assert.equal(ddl[0].severity, 'error');
    assert.match(ddl[0].message, /big_orders \(2,000,000 rows\)/);
    assert.match(run.stderr, /table sizes from PostgreSQL 1\d/);
  });

  needs(PG_URL, 'RUNBOOK_LINT_DATABASE_URL works the same; sizes in .runbooklint.yaml win', async (url) => {
    const root = project('pg-env', { 'db/V1.sql': PG_MIGRATION, '.runbooklint.yaml': 'tables:\n  big_orders: 10 # we know better\n  small_countries: 5000000\n' });
    const run = await cli(['lint', '--format', 'json', 'db'], { cwd: root, env: { RUNBOOK_LINT_DATABASE_URL: url } });
    const ddl = findingsOf(run).filter((f) => f.rule === 'blocking-ddl-large-table');
    assert.deepEqual(ddl.map((f) => f.line), [2], 'the config file says big_orders is small and small_countries large');
  });

  needs(PG_URL, 'statistics: partitions summed into their parent, schemas, never-analyzed tables unknown (read-only role)', async (url) => {
    const r = await fetchLiveSizes(parseDatabaseUrl(url), { timeoutMs: 5000 });
    assert.ok(r.ok, r.ok ? '' : r.failure.message);
    const byName = new Map(r.snapshot.tables.map((t) => [`${t.schema}.${t.name}`, t]));
    assert.equal(byName.get('public.big_orders')?.rows, 2_000_000);
    assert.ok((byName.get('public.big_orders')?.bytes ?? 0) > 50_000_000, 'pg_total_relation_size counts table and index');
    assert.equal(byName.get('public.small_countries')?.rows, 3);
    assert.equal(byName.get('billing.invoices')?.rows, 1000);
    const events = byName.get('public.events');
    assert.equal(events?.partitions, 2);
    assert.equal(events?.rows, (byName.get('public.events_2024')?.rows ?? 0) + (byName.get('public.events_2025')?.rows ?? 0));
    assert.equal(events?.rows, 700_000);
    assert.equal(byName.get('public.fresh_table')?.rows, undefined, 'never analyzed: unknown, not 0');
    assert.equal(r.snapshot.product, 'postgresql');
    assert.match(r.snapshot.serverVersion, /^1\d\./);
  });

  needs(PG_URL, 'runbook tables prints table, rows, bytes and source; --write keeps comments and other keys', async (url) => {
    const config = '# sizes for the linter\nlargeTableRows: 1000000 # one million\ntables:\n  orders: 500M # a guess\n  small_countries: 5\nrules:\n  unbatched-backfill: error\n';
    const root = project('pg-tables', { '.runbooklint.yaml': config });
    const json = await cli(['tables', '--format', 'json', '--database-url', url], { cwd: root });
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as { server: { product: string }; tables: { table: string; rows: number | null; bytes: number | null; source: string; large: boolean }[] };
    assert.equal(report.server.product, 'postgresql');
    const row = (t: string) => report.tables.find((x) => x.table === t);
    assert.deepEqual({ ...row('big_orders'), bytes: undefined }, { table: 'big_orders', rows: 2_000_000, bytes: undefined, source: 'live', large: true });
    assert.equal(row('small_countries')?.source, 'config');
    assert.equal(row('small_countries')?.rows, 5);
    assert.equal(row('orders')?.source, 'config');
    assert.equal(row('billing.invoices')?.rows, 1000);
    assert.equal(row('fresh_table')?.rows, null);
    const text = await cli(['tables', '--database-url', url], { cwd: root });
    assert.match(text.stdout, /^TABLE\s+ROWS\s+BYTES\s+SOURCE$/m);
    assert.match(text.stdout, /^big_orders\s+2,000,000\s+\d+ MB\s+live$/m);

    const write = await cli(['tables', '--write', '--database-url', url], { cwd: root });
    assert.equal(write.code, 0, write.stderr);
    assert.match(write.stderr, /recorded 6 table sizes from PostgreSQL .*1 without statistics skipped/);
    const written = readFileSync(path.join(root, '.runbooklint.yaml'), 'utf8');
    for (const kept of ['# sizes for the linter', 'largeTableRows: 1000000 # one million', 'orders: 500M # a guess', 'unbatched-backfill: error']) assert.ok(written.includes(kept), `${kept} kept in:\n${written}`);
    const parsed = parse(written) as { tables: Record<string, unknown> };
    assert.equal(parsed.tables.big_orders, 2_000_000);
    assert.equal(parsed.tables.small_countries, 3, 'an existing entry is updated in place');
    assert.equal(parsed.tables['billing.invoices'], 1000);
    assert.equal(parsed.tables.events, 700_000);
    // Offline now: the recorded sizes flag the same ALTER.
    writeFileSync(path.join(root, 'V1.sql'), PG_MIGRATION);
    const offline = await cli(['lint', '--format', 'json', 'V1.sql'], { cwd: root });
    assert.deepEqual(findingsOf(offline).filter((f) => f.rule === 'blocking-ddl-large-table').map((f) => [f.line, f.severity]), [[1, 'error']]);
  });

  needs(PG_URL, 'runbook tables --write leaves a config with a key written twice as it is, and says so', async (url) => {
    const config = 'tables:\n  orders: 5\n  orders: 6\n';
    const root = project('pg-tables-dup', { '.runbooklint.yaml': config });
    const write = await cli(['tables', '--write', '--database-url', url], { cwd: root });
    assert.notEqual(write.code, 0, write.stderr);
    assert.match(write.stderr, /key written twice/);
    assert.equal(readFileSync(path.join(root, '.runbooklint.yaml'), 'utf8'), config, 'the file is not touched');
  });
});

describe('live MariaDB: runbook lint --database-url', () => {
  needs(MYSQL_URL, 'flags MODIFY COLUMN (a table copy) on the 2,000,000-row table, not on the 3-row one', async (url) => {
    const root = project('my-lint', { 'db/V1.sql': MYSQL_MIGRATION });
    const run = await cli(['lint', '--format', 'json', '--database-url', url, 'db'], { cwd: root });
    assert.equal(run.code, 1, run.stderr);
    const ddl = findingsOf(run).filter((f) => f.rule === 'mysql-online-ddl');
    assert.equal(ddl.length, 1, JSON.stringify(findingsOf(run)));
    assert.equal(ddl[0].line, 1);
    assert.equal(ddl[0].severity, 'warning');
    assert.match(ddl[0].message, /big_orders \([\d,]+ rows\)/);
    assert.match(run.stderr, /table sizes from MariaDB 10\./);
  });

  needs(MYSQL_URL, 'information_schema.tables of the current database, with the read-only user', async (url) => {
    const r = await fetchLiveSizes(parseDatabaseUrl(url), { timeoutMs: 5000 });
    assert.ok(r.ok, r.ok ? '' : r.failure.message);
    assert.equal(r.snapshot.product, 'mariadb');
    const big = r.snapshot.tables.find((t) => t.name === 'big_orders');
    // InnoDB's table_rows is an estimate: within 20% after ANALYZE TABLE.
    assert.ok(big?.rows !== undefined && Math.abs(big.rows - 2_000_000) < 400_000, `big_orders rows ${big?.rows}`);
    assert.ok((big?.bytes ?? 0) > 30_000_000);
    assert.equal(r.snapshot.tables.find((t) => t.name === 'small_countries')?.rows, 3);
    assert.deepEqual([...new Set(r.snapshot.tables.map((t) => t.schema))], ['app']);
  });
});

describe('live database: failures are one clear message within the timeout', () => {
  let loopback: LoopbackServers | undefined;
  let silentPort = 0;
  let closedPort = 0;
  before(async () => {
    loopback = await startLoopbackServers();
    ({ silentPort, closedPort } = loopback);
  });
  after(() => loopback?.close());

  for (const scheme of ['postgresql', 'mysql']) {
    it(`${scheme}: a closed port on 127.0.0.1 is "connection refused"; lint falls back to the config`, async () => {
      const root = project(`refused-${scheme}`, { 'V1.sql': PG_MIGRATION, '.runbooklint.yaml': 'tables: { big_orders: 5000000 }\n' });
      const run = await cli(['lint', '--format', 'json', '--database-url', `${scheme}://ro:pw@127.0.0.1:${closedPort}/app`, 'V1.sql'], { cwd: root });
      const warnings = run.stderr.split('\n').filter((l) => l.includes('warning:'));
      assert.equal(warnings.length, 1, run.stderr);
      assert.match(warnings[0], /127\.0\.0\.1:\d+ \(database app, user ro\): connection refused.*\.runbooklint\.yaml only/);
      assert.ok(!run.stderr.includes(':pw@'), 'the password is never printed');
      // The config's size still applies.
      assert.equal(findingsOf(run).filter((f) => f.severity === 'error').length, scheme === 'postgresql' ? 1 : 1);
      assert.ok(run.ms < 5000, `took ${run.ms} ms`);
    });

    it(`${scheme}: a server that accepts and never answers times out after --database-timeout`, async () => {
      const root = project(`silent-${scheme}`, {});
      const run = await cli(['tables', '--database-timeout', '1.5', '--database-url', `${scheme}://ro:pw@127.0.0.1:${silentPort}/app`], { cwd: root });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /no answer within 1\.5 s/);
      assert.equal(run.stderr.split('\n').filter((l) => l.includes('warning:')).length, 1, run.stderr);
      assert.ok(run.ms >= 1400 && run.ms < 6000, `took ${run.ms} ms`);
    });
  }

  needs(PG_URL, 'PostgreSQL: a wrong password is "login refused", within the timeout', async (url) => {
    const wrong = url.replace(/:[^:@/]+@/, ':not-the-password@');
    const root = project('pg-wrong', {});
    const run = await cli(['tables', '--database-url', wrong], { cwd: root });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /login refused for user "runbook_lint": wrong password/);
    assert.ok(!run.stderr.includes('not-the-password'));
    assert.ok(run.ms < 5000, `took ${run.ms} ms`);
  });

  needs(MYSQL_URL, 'MariaDB: a wrong password is "login refused", within the timeout', async (url) => {
    const wrong = url.replace(/:[^:@/]+@/, ':not-the-password@');
    const r = await fetchLiveSizes(parseDatabaseUrl(wrong), { timeoutMs: 3000 });
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.failure.kind, 'auth');
      assert.match(r.failure.message, /login refused for user "runbook_lint"/);
    }
  });
});

describe('runbook lint without a database URL', () => {
  it('never loads the database drivers (dist/db.js, pg, mysql2)', async () => {
    const root = project('no-db', { 'V1.sql': PG_MIGRATION });
    const hook = path.join(dir, 'hook.cjs');
    writeFileSync(hook, "const M = require('module'); const orig = M._load; M._load = function (req, ...rest) { if (/(^|[\\\\/])(db\\.js|pg|mysql2)$/.test(req)) process.stderr.write('LOADED ' + req + '\\n'); return orig.call(this, req, ...rest); };\n");
    const t0 = Date.now();
    const run = await new Promise<{ stderr: string }>((resolve) =>
      execFile(process.execPath, ['-r', hook, CLI, 'lint', 'V1.sql'], { cwd: root, env: { ...process.env, RUNBOOK_LINT_DATABASE_URL: '' } }, (_e, _o, stderr) => resolve({ stderr })),
    );
    assert.ok(!run.stderr.includes('LOADED'), run.stderr);
    assert.ok(Date.now() - t0 < 10_000);
    // ...and with a URL it does (the hook sees it).
    const withUrl = await new Promise<{ stderr: string }>((resolve) =>
      execFile(process.execPath, ['-r', hook, CLI, 'lint', '--database-url', 'postgresql://x@127.0.0.1:1/app', 'V1.sql'], { cwd: root }, (_e, _o, stderr) => resolve({ stderr })),
    );
    assert.match(withUrl.stderr, /LOADED .*db\.js/);
  });
});
