// Throwaway PostgreSQL and MariaDB servers for the tests that read table sizes from a live
// database. Each runs from its own temporary data folder, on a free port of 127.0.0.1 only, and is
// stopped (and its folder deleted) at the end: the system services are never used or touched.
//
//   node scripts/test-databases.mjs            start both, print their URLs, Ctrl+C stops them
//
// scripts/test.mjs imports startTestDatabases(); its result's `env` goes to the unit and the
// integration tiers:
//   RUNBOOK_TEST_PG_URL      postgresql://runbook_lint:…@127.0.0.1:PORT/app  (the read-only role)
//   RUNBOOK_TEST_MYSQL_URL   mysql://runbook_lint:…@127.0.0.1:PORT/app       (the read-only user)
//   RUNBOOK_TEST_DB_ERROR    why a server could not start (the tests then fail on CI, skip elsewhere)
//
// Each database holds `big_orders` (2,000,000 rows, analyzed), `small_countries` (3 rows), and on
// PostgreSQL a partitioned `events` table (two partitions) and a never-analyzed `fresh_table`.
// The read-only role gets exactly the GRANTs the README documents.
//
// Needs Debian's `postgresql` and `mariadb-server` packages (.ci/run installs them). As root,
// PostgreSQL runs as the `postgres` user (initdb refuses root); MariaDB runs with --user=root.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIG_ROWS = 2_000_000;
const PASSWORD = 'lint-ro-pw';
const ADMIN_PASSWORD = 'admin-pw';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: opts.timeout ?? 120_000, input: opts.input, env: { ...process.env, ...opts.env } });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : `exit ${r.status}`;
    throw new Error(`${cmd} ${args.slice(0, 3).join(' ')}… failed (${why}): ${(r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' | ')}`);
  }
  return r.stdout;
}

/** Async variant: the two servers are prepared in parallel. */
function shAsync(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeout ?? 180_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.slice(0, 3).join(' ')}… exited ${code}: ${(err || out).trim().split('\n').slice(-3).join(' | ')}`));
    });
    // A command that exits before reading its input must fail through 'close' (with its exit
    // code and stderr), not crash this process with an unhandled EPIPE.
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function postgresBin() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], 'bin') : undefined;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL binary, as `postgres` when we are root. */
function asPostgres(bin, args, opts) {
  if (!isRoot) return shAsync(bin, args, opts);
  const quoted = [bin, ...args].map((a) => `'${String(a).replace(/'/g, `'\\''`)}'`).join(' ');
  return shAsync('su', ['postgres', '-s', '/bin/sh', '-c', quoted], opts);
}

async function startPostgres(root) {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install -y postgresql)');
  const dir = join(root, 'pg');
  const data = join(dir, 'data');
  mkdirSync(dir, { recursive: true });
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${ADMIN_PASSWORD}\n`);
  if (isRoot) {
    sh('chown', ['-R', 'postgres:postgres', dir]);
    chmodSync(root, 0o755);
  }
  const port = await freePort();
  // Local socket: trust (setup only); TCP: scram passwords, as a real server would ask.
  await asPostgres(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--pwfile', pwfile, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync']);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=64MB -c max_wal_size=1GB`;
  await asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-o', opts, '-w', '-t', '60', 'start']);
  const stop = () => {
    try {
      const args = ['-D', data, '-m', 'immediate', '-w', 'stop'];
      if (isRoot) sh('su', ['postgres', '-s', '/bin/sh', '-c', `'${join(bin, 'pg_ctl')}' ${args.map((a) => `'${a}'`).join(' ')}`], { timeout: 30_000 });
      else sh(join(bin, 'pg_ctl'), args, { timeout: 30_000 });
    } catch (e) {
      console.error(`[databases] stopping PostgreSQL: ${e.message}`);
    }
  };
  try {
    const psql = (db, sql) => asPostgres(join(bin, 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', dir, '-p', String(port), '-U', 'postgres', '-d', db], { input: sql });
    await psql('postgres', 'CREATE DATABASE app;');
    // The README's read-only role, GRANT for GRANT.
    await psql(
      'app',
      `
CREATE ROLE runbook_lint LOGIN PASSWORD '${PASSWORD}';
ALTER ROLE runbook_lint SET default_transaction_read_only = on;
GRANT CONNECT ON DATABASE app TO runbook_lint;
CREATE SCHEMA billing;
CREATE TABLE public.big_orders (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL, note text);
INSERT INTO public.big_orders SELECT g, g % 1000, NULL FROM generate_series(1, ${BIG_ROWS}) g;
CREATE TABLE public.small_countries (code char(2) PRIMARY KEY, name text NOT NULL);
INSERT INTO public.small_countries VALUES ('FR', 'France'), ('DE', 'Germany'), ('JP', 'Japan');
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, amount numeric);
INSERT INTO billing.invoices SELECT g, g FROM generate_series(1, 1000) g;
CREATE TABLE public.events (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE public.events_2024 PARTITION OF public.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.events_2025 PARTITION OF public.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
INSERT INTO public.events SELECT g, DATE '2024-01-01' + (g % 700) FROM generate_series(1, 700000) g;
ANALYZE;
CREATE TABLE public.fresh_table (id int);
INSERT INTO public.fresh_table SELECT generate_series(1, 10);
`,
      { timeout: 240_000 },
    );
    const version = (await asPostgres(join(bin, 'psql'), ['-X', '-tA', '-h', dir, '-p', String(port), '-U', 'postgres', '-d', 'app', '-c', 'SHOW server_version']).catch(() => '')).trim();
    return { port, url: `postgresql://runbook_lint:${PASSWORD}@127.0.0.1:${port}/app`, version, stop };
  } catch (e) {
    stop();
    throw e;
  }
}

async function startMariadb(root) {
  const mariadbd = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'].find((p) => existsSync(p));
  const installDb = ['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'].find((p) => existsSync(p));
  const client = ['/usr/bin/mariadb', '/usr/bin/mysql'].find((p) => existsSync(p));
  if (!mariadbd || !installDb || !client) throw new Error('MariaDB is not installed (apt-get install -y mariadb-server)');
  const dir = join(root, 'mariadb');
  const data = join(dir, 'data');
  mkdirSync(data, { recursive: true });
  const socket = join(dir, 'mysqld.sock');
  const port = await freePort();
  const user = isRoot ? ['--user=root'] : [];
  await shAsync(installDb, ['--no-defaults', `--datadir=${data}`, ...user, '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve'], { timeout: 120_000 });
  const server = spawn(
    mariadbd,
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--socket=${socket}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--pid-file=${join(dir, 'mysqld.pid')}`,
      `--log-error=${join(dir, 'error.log')}`,
      '--skip-name-resolve',
      '--skip-log-bin',
      '--innodb-buffer-pool-size=128M',
      '--innodb-flush-log-at-trx-commit=0',
      '--innodb-doublewrite=0',
      ...user,
    ],
    { stdio: 'ignore' },
  );
  let exited = false;
  server.on('exit', () => (exited = true));
  const stop = () => {
    if (exited) return;
    try {
      server.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  };
  try {
    const sql = (text, timeout) => shAsync(client, ['--no-defaults', '-S', socket, '-u', 'root', '--batch', '--skip-column-names'], { input: text, timeout });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (exited) throw new Error(`mariadbd exited at start; see ${join(dir, 'error.log')}`);
      try {
        await sql('SELECT 1;', 5000);
        break;
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`mariadbd did not accept connections within 60 s: ${e.message}`);
        await sleep(250);
      }
    }
    // The README's read-only user, GRANT for GRANT.
    await sql(
      `
CREATE DATABASE app;
CREATE USER 'runbook_lint'@'127.0.0.1' IDENTIFIED BY '${PASSWORD}';
GRANT SHOW VIEW ON app.* TO 'runbook_lint'@'127.0.0.1';
USE app;
CREATE TABLE big_orders (id BIGINT PRIMARY KEY, total DECIMAL(12,2) NOT NULL, note VARCHAR(100)) ENGINE=InnoDB;
INSERT INTO big_orders SELECT seq, seq % 1000, NULL FROM seq_1_to_${BIG_ROWS};
CREATE TABLE small_countries (code CHAR(2) PRIMARY KEY, name VARCHAR(100) NOT NULL) ENGINE=InnoDB;
INSERT INTO small_countries VALUES ('FR', 'France'), ('DE', 'Germany'), ('JP', 'Japan');
ANALYZE TABLE big_orders, small_countries;
`,
      240_000,
    );
    const version = (await sql('SELECT VERSION();', 10_000)).trim();
    return { port, url: `mysql://runbook_lint:${PASSWORD}@127.0.0.1:${port}/app`, version, stop };
  } catch (e) {
    stop();
    throw e;
  }
}

/**
 * Starts both servers (in parallel). Never throws: a server that cannot start is reported in
 * `error` (and `env.RUNBOOK_TEST_DB_ERROR`), the other one is still usable.
 */
export async function startTestDatabases({ log = (s) => console.log(s) } = {}) {
  const t0 = Date.now();
  const root = mkdtempSync(join(tmpdir(), 'runbook-test-db-'));
  const [pg, my] = await Promise.allSettled([startPostgres(root), startMariadb(root)]);
  const env = {};
  const errors = [];
  if (pg.status === 'fulfilled') {
    env.RUNBOOK_TEST_PG_URL = pg.value.url;
    log(`[databases] PostgreSQL ${pg.value.version} on 127.0.0.1:${pg.value.port}`);
  } else errors.push(`PostgreSQL: ${pg.reason?.message ?? pg.reason}`);
  if (my.status === 'fulfilled') {
    env.RUNBOOK_TEST_MYSQL_URL = my.value.url;
    log(`[databases] ${my.value.version} on 127.0.0.1:${my.value.port}`);
  } else errors.push(`MariaDB: ${my.reason?.message ?? my.reason}`);
  if (errors.length) env.RUNBOOK_TEST_DB_ERROR = errors.join('; ');
  const seconds = (Date.now() - t0) / 1000;
  log(`[databases] ${errors.length ? `started with errors: ${errors.join('; ')}` : 'both servers ready'} (${seconds.toFixed(1)}s, ${BIG_ROWS.toLocaleString('en-US')} rows each in big_orders)`);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (pg.status === 'fulfilled') pg.value.stop();
    if (my.status === 'fulfilled') my.value.stop();
    rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };
  return { env, error: env.RUNBOOK_TEST_DB_ERROR, seconds, stop };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dbs = await startTestDatabases();
  for (const [k, v] of Object.entries(dbs.env)) console.log(`${k}=${v}`);
  const done = () => {
    dbs.stop();
    process.exit(0);
  };
  process.on('SIGINT', done);
  process.on('SIGTERM', done);
  if (process.argv.includes('--stop-now')) done();
  else setInterval(() => {}, 1 << 30);
}
