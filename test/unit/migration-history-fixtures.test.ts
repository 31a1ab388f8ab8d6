// The migration history on folders in each tool's style (test/fixtures/migration-history/): every
// file linted as the CLI and the editor lint it, with the schema its earlier migrations build.
// Expectations are `-- expect: <rule-id>` comments on the line before the finding, as in the
// rules' fixtures (test/unit/lint-fixtures.test.ts); every finding of every rule is compared.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { loadLintConfigFor } from '../../src/core/lint/configDiscovery';
import { lintText } from '../../src/core/lint/engine';
import { resolveSqlDialect } from '../../src/core/lint/sqlDialect';
import { asyncMigrationFiles, MigrationSetCache, syncMigrationFiles, type MigrationFiles } from '../../src/core/lint/migrationSets';
import { lintCommand } from '../../src/cli/lint';

const ROOT = path.join(__dirname, '..', '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'migration-history');

function sqlFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = path.join(dir, n);
      return statSync(p).isDirectory() ? sqlFilesUnder(p) : p.endsWith('.sql') ? [p] : [];
    });
}

/** "line:rule" for each `-- expect: a, b` comment, counted on the next line that is not one. */
function expected(text: string): string[] {
  const out: string[] = [];
  let pending: string[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /^\s*--\s*expect:\s*(.+)$/.exec(line);
    if (m) pending = pending.concat(m[1].split(',').map((s) => s.trim()));
    else {
      out.push(...pending.map((rule) => `${i + 1}:${rule}`));
      pending = [];
    }
  });
  return out.sort();
}

async function lintWithHistory(file: string, cache: MigrationSetCache) {
  const { config } = await loadLintConfigFor(file);
  const text = readFileSync(file, 'utf8');
  const history = await cache.historyFor(file, (t, f) => resolveSqlDialect(t, f, config).name);
  return { text, history, findings: lintText(text, file, config, { history: history?.knowledge }).findings, alone: lintText(text, file, config).findings };
}

describe('migration history fixtures', () => {
  const cache = new MigrationSetCache();
  for (const file of sqlFilesUnder(FIXTURES)) {
    const name = path.relative(FIXTURES, file).split(path.sep).join('/');
    it(name, async () => {
      const { text, findings } = await lintWithHistory(file, cache);
      const got = findings.map((f) => `${f.line}:${f.ruleId}`).sort();
      assert.deepEqual(got, expected(text), findings.map((f) => `${f.line}:${f.ruleId}: ${f.message}`).join('\n'));
    });
  }
});

describe('what the history changes (the same files linted alone)', () => {
  const cache = new MigrationSetCache();
  const rulesAt = (findings: { line: number; ruleId: string }[], text: string, needle: string): string[] => {
    const line = text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    assert.ok(line > 0, needle);
    return findings.filter((f) => f.line === line).map((f) => f.ruleId).sort();
  };
  const cases: { file: string; tool: string; line: string; alone: string[]; withHistory: string[] }[] = [
    // A table created by an earlier migration of the set and never filled is new.
    { file: 'flyway/V1_2__index_audit_log.sql', tool: 'flyway', line: 'CREATE INDEX', alone: ['index-without-concurrently'], withHistory: [] },
    { file: 'flyway/V1_2__index_audit_log.sql', tool: 'flyway', line: 'TYPE integer', alone: ['blocking-ddl-large-table', 'missing-lock-timeout'], withHistory: [] },
    { file: 'golang-migrate/000002_orders_customer_index.up.sql', tool: 'golang-migrate', line: 'CREATE INDEX', alone: ['index-without-concurrently'], withHistory: [] },
    { file: 'golang-migrate/000002_orders_customer_index.up.sql', tool: 'golang-migrate', line: 'CHECK', alone: ['blocking-ddl-large-table', 'missing-lock-timeout'], withHistory: [] },
    { file: 'prisma/migrations/20230102090000_post_title/migration.sql', tool: 'prisma', line: 'CREATE INDEX', alone: ['index-without-concurrently'], withHistory: [] },
    { file: 'goose/20230105000000_events_kind_index.sql', tool: 'goose', line: 'CREATE INDEX', alone: ['index-without-concurrently'], withHistory: [] },
    { file: 'mysql/000002_sessions_expiry.up.sql', tool: 'golang-migrate', line: 'ALTER TABLE', alone: ['mysql-online-ddl'], withHistory: [] },
    // ... also under the name a later migration renamed it to.
    { file: 'dbmate/db/migrations/20230301120000_customers_name_index.sql', tool: 'dbmate', line: 'create index', alone: ['index-without-concurrently'], withHistory: [] },
    // Widening varchar(n) → varchar(m > n) or varchar → text is known safe, through a column rename too.
    { file: 'flyway/V2__widen_email.sql', tool: 'flyway', line: 'TYPE varchar(255)', alone: ['blocking-ddl-large-table', 'missing-lock-timeout'], withHistory: ['missing-lock-timeout'] },
    { file: 'flyway/V2__widen_email.sql', tool: 'flyway', line: 'TYPE text', alone: ['blocking-ddl-large-table'], withHistory: [] },
    { file: 'sqlx/20230301000000_title_text.sql', tool: 'timestamped', line: 'TYPE text', alone: ['blocking-ddl-large-table', 'missing-lock-timeout'], withHistory: ['missing-lock-timeout'] },
    { file: 'diesel/migrations/2023-02-01-080000_widen_tags/up.sql', tool: 'diesel', line: 'VARCHAR(80)', alone: ['blocking-ddl-large-table', 'missing-lock-timeout'], withHistory: ['missing-lock-timeout'] },
    // The selectivity guess knows real keys: ap_id looks like a key by name but is not one.
    // (A URL value is not taken for a key's by the per-file guess either.)
    { file: 'flyway/V10__backfill_users.sql', tool: 'flyway', line: "WHERE ap_id", alone: ['unbatched-backfill'], withHistory: ['unbatched-backfill'] },
    { file: 'flyway/V10__backfill_users.sql', tool: 'flyway', line: "WHERE external_id", alone: [], withHistory: ['unbatched-backfill'] },
    { file: 'flyway/V10__backfill_users.sql', tool: 'flyway', line: "WHERE email", alone: ['unbatched-backfill'], withHistory: [] },
  ];
  for (const c of cases) {
    it(`${c.file}: ${c.line}`, async () => {
      const r = await lintWithHistory(path.join(FIXTURES, c.file), cache);
      assert.equal(r.history?.tool, c.tool);
      assert.deepEqual(rulesAt(r.alone, r.text, c.line), c.alone, 'alone');
      assert.deepEqual(rulesAt(r.findings, r.text, c.line), c.withHistory, 'with the history');
    });
  }

  it('leaves a file outside any migration set, or a down migration, alone', async () => {
    assert.equal(await cache.historyFor(path.join(FIXTURES, 'golang-migrate', '000001_create_orders.down.sql'), () => 'postgresql'), undefined);
    assert.equal(await cache.historyFor(path.join(FIXTURES, 'schema.sql'), () => 'postgresql'), undefined);
    assert.equal(await cache.historyFor('V1__init.sql', () => 'postgresql'), undefined);
  });
});

describe('runbook lint with the migration history', () => {
  const lint = async (...args: string[]): Promise<{ code: number; lines: string[] }> => {
    const out: string[] = [];
    const code = await lintCommand(args, { out: (s) => out.push(s), err: () => undefined }, { cwd: FIXTURES });
    return { code, lines: out };
  };

  it('lints a folder in its tool order, each file with the schema of the files before it', async () => {
    const { lines } = await lint(path.join(FIXTURES, 'flyway'));
    const rules = lines.map((l) => /^flyway\/(\S+?):(\d+):\d+: \w+: .*\[([a-z-]+)\]/.exec(l)).map((m) => (m ? `${m[1]}:${m[2]}:${m[3]}` : 'unparsed'));
    assert.deepEqual(rules.sort(), [
      'V10__backfill_users.sql:4:unbatched-backfill',
      'V10__backfill_users.sql:7:unbatched-backfill',
      'V2__widen_email.sql:3:missing-lock-timeout',
      'V3__narrow_and_convert.sql:2:blocking-ddl-large-table',
      'V3__narrow_and_convert.sql:2:missing-lock-timeout',
      'V3__narrow_and_convert.sql:4:blocking-ddl-large-table',
    ]);
  });

  it('reads the earlier migrations of a single file named on the command line', async () => {
    const { lines } = await lint(path.join(FIXTURES, 'golang-migrate', '000002_orders_customer_index.up.sql'));
    assert.deepEqual(lines, []);
  });
});

describe('migration sets on disk, read through any reader', () => {
  const fakeFiles = (names: string[], texts: Record<string, string>): MigrationFiles & { reads: string[] } => {
    const reads: string[] = [];
    return {
      reads,
      list: async (folder) => (folder === '/m' ? names.map((name) => ({ name, folder: false })) : undefined),
      read: async (file) => {
        reads.push(file);
        return texts[file];
      },
    };
  };

  it('reads only the files before the linted one, once each, and forgets the set when told', async () => {
    const files = fakeFiles(['V3__c.sql', 'V1__a.sql', 'V2__b.sql', 'notes.sql'], {
      '/m/V1__a.sql': 'CREATE TABLE a (id int);',
      '/m/V2__b.sql': 'INSERT INTO a VALUES (1); CREATE TABLE b (id int);',
    });
    const cache = new MigrationSetCache(files);
    const first = await cache.historyFor('/m/V1__a.sql', () => 'postgresql');
    assert.deepEqual(files.reads, []);
    assert.equal(first?.knowledge.isNewTable({ name: 'a', bare: 'a' }), false);
    const third = await cache.historyFor('/m/V3__c.sql', () => 'postgresql');
    const second = await cache.historyFor('/m/V2__b.sql', () => 'postgresql');
    assert.deepEqual(files.reads, ['/m/V1__a.sql', '/m/V2__b.sql']);
    assert.equal(second?.knowledge.isNewTable({ name: 'a', bare: 'a' }), true);
    assert.equal(third?.knowledge.isNewTable({ name: 'a', bare: 'a' }), false);
    assert.equal(third?.knowledge.isNewTable({ name: 'b', bare: 'b' }), true);
    assert.equal(await cache.historyFor('/m/notes.sql', () => 'postgresql'), undefined);
    cache.invalidate('/m/V2__b.sql');
    await cache.historyFor('/m/V3__c.sql', () => 'postgresql');
    assert.equal(files.reads.length, 4, 'read again after invalidate');
  });

  it('keeps the earliest 5,000 migrations of a huge folder; a later one lints alone', async () => {
    const names = Array.from({ length: 6000 }, (_, i) => `V${6000 - i}__m.sql`);
    const cache = new MigrationSetCache(fakeFiles(names, {}));
    assert.ok(await cache.historyFor('/m/V5000__m.sql', () => 'postgresql'));
    assert.equal(await cache.historyFor('/m/V5001__m.sql', () => 'postgresql'), undefined);
  });
});

describe('migration folders on disk (node:fs)', () => {
  it('reads regular files only: a link or a FIFO named like a migration is left out, and nothing blocks', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'runbook-history-'));
    try {
      writeFileSync(path.join(dir, 'V1__a.sql'), 'CREATE TABLE t (id int);');
      const outside = path.join(dir, '..', `${path.basename(dir)}-outside.sql`);
      writeFileSync(outside, 'INSERT INTO t VALUES (1);');
      symlinkSync(outside, path.join(dir, 'V2__link.sql'));
      const fifo = spawnSync('mkfifo', [path.join(dir, 'V3__fifo.sql')]);
      writeFileSync(path.join(dir, 'V4__b.sql'), 'CREATE INDEX t_id ON t (id);');
      for (const files of [syncMigrationFiles, asyncMigrationFiles]) {
        const h = await new MigrationSetCache(files).historyFor(path.join(dir, 'V4__b.sql'), () => 'postgresql');
        assert.equal(h?.knowledge.isNewTable({ name: 't', bare: 't' }), true, 'the linked INSERT was not read');
      }
      assert.ok(fifo.status === 0 || fifo.error !== undefined);
      rmSync(outside);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
