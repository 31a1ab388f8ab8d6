// The schema a migration set builds (src/core/sql/migrationSchema.ts) and the type changes it
// knows to be safe (src/core/sql/columnTypes.ts), statement by statement.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changesWithoutRewrite } from '../../src/core/sql/columnTypes';
import { SchemaBuilder, type SchemaKnowledge } from '../../src/core/sql/migrationSchema';
import type { SqlDialect } from '../../src/core/sql/types';

const T = (name: string): { name: string; bare: string } => ({ name, bare: name.split('.').at(-1)! });

function schema(files: string[], dialect: SqlDialect = 'postgresql'): SchemaKnowledge {
  const b = new SchemaBuilder('test');
  for (const f of files) b.apply(f, dialect);
  return b.snapshot();
}

describe('schema model', () => {
  it('knows tables created in the set and not filled since', () => {
    const s = schema([
      'CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int); CREATE TABLE c (id int); CREATE TABLE d (id int); CREATE TABLE e AS SELECT 1 AS x; CREATE TABLE f AS SELECT 1 WITH NO DATA;',
      "INSERT INTO b VALUES (1); COPY c (id) FROM stdin; UPDATE d SET id = 2; SELECT 1 INTO g;",
      'CREATE TABLE h (id int); WITH src AS (SELECT 1 AS id) INSERT INTO h SELECT id FROM src;',
    ]);
    assert.ok(!s.isNewTable(T('h')));
    assert.ok(s.isNewTable(T('a')));
    for (const t of ['b', 'c', 'd', 'e', 'g']) assert.ok(!s.isNewTable(T(t)), t);
    assert.ok(s.isNewTable(T('f')));
    assert.ok(!s.isNewTable(T('never_created')));
    // public.a and a are one table; another schema's is not.
    assert.ok(s.isNewTable(T('public.a')));
    assert.ok(!s.isNewTable(T('audit.z')));
  });

  it('follows renames, drops and re-creations; IF NOT EXISTS keeps the first', () => {
    const s = schema([
      'CREATE TABLE old_name (id int); CREATE TABLE gone (id int); CREATE TABLE kept (id int);',
      "ALTER TABLE old_name RENAME TO new_name; DROP TABLE gone; INSERT INTO kept VALUES (1); CREATE TABLE IF NOT EXISTS kept (id int);",
    ]);
    assert.ok(s.isNewTable(T('new_name')));
    assert.ok(!s.isNewTable(T('old_name')));
    assert.ok(!s.isNewTable(T('gone')));
    assert.ok(!s.isNewTable(T('kept')));
    const mysql = schema(['CREATE TABLE `a` (`id` int); CREATE TABLE c (id int);', 'RENAME TABLE a TO b, c TO d;'], 'mysql');
    assert.ok(mysql.isNewTable(T('b')) && mysql.isNewTable(T('d')) && !mysql.isNewTable(T('a')));
  });

  it('keeps column types through ADD, ALTER TYPE, MODIFY, CHANGE and RENAME COLUMN', () => {
    const s = schema([
      'CREATE TABLE u (id bigint, email CHARACTER VARYING(64) NOT NULL, bio varchar, n NUMERIC(10, 2) DEFAULT 0, "Quoted" text);',
      'ALTER TABLE u ADD COLUMN nick varchar(20), ALTER COLUMN bio TYPE text USING bio::text, RENAME COLUMN email TO mail;',
    ]);
    assert.equal(s.columnType(T('u'), 'mail'), 'varchar(64)');
    assert.equal(s.columnType(T('u'), 'email'), undefined);
    assert.equal(s.columnType(T('u'), 'bio'), 'text');
    assert.equal(s.columnType(T('u'), 'n'), 'numeric(10,2)');
    assert.equal(s.columnType(T('u'), 'nick'), 'varchar(20)');
    assert.equal(s.columnType(T('u'), 'quoted'), 'text');
    const m = schema(['CREATE TABLE t (a varchar(10), b int);', 'ALTER TABLE t MODIFY a varchar(40) NOT NULL, CHANGE b c bigint;'], 'mysql');
    assert.equal(m.columnType(T('t'), 'a'), 'varchar(40)');
    assert.equal(m.columnType(T('t'), 'c'), 'bigint');
    assert.equal(m.columnType(T('t'), 'b'), undefined);
  });

  it('knows primary keys and unique keys, and forgets dropped ones', () => {
    const s = schema([
      'CREATE TABLE a (id bigint PRIMARY KEY, email text UNIQUE, ap_id text, tenant int, slug text, CONSTRAINT a_tenant_slug UNIQUE (tenant, slug));',
      'CREATE UNIQUE INDEX a_ap_id_lower ON a (lower(ap_id)); CREATE UNIQUE INDEX a_partial ON a (ap_id) WHERE ap_id IS NOT NULL;',
      'CREATE TABLE b (x int, y int); CREATE UNIQUE INDEX CONCURRENTLY b_x ON b (x); ALTER TABLE b ADD CONSTRAINT b_pk PRIMARY KEY USING INDEX b_x;',
      'CREATE TABLE c (k int); CREATE UNIQUE INDEX c_k ON c (k); DROP INDEX c_k;',
    ]);
    assert.equal(s.isKey(T('a'), ['id']), true);
    assert.equal(s.isKey(T('a'), ['email']), true);
    assert.equal(s.isKey(T('a'), ['ap_id']), false, 'an expression or partial unique index is no key');
    assert.equal(s.isKey(T('a'), ['tenant']), false);
    assert.equal(s.isKey(T('a'), ['slug', 'tenant']), true);
    assert.equal(s.leadsKey(T('a'), 'tenant'), true);
    assert.equal(s.isKey(T('b'), ['x']), true);
    assert.equal(s.isKey(T('c'), ['k']), false);
    // A table from before the set: a key the set added is known, no other answer is.
    const partial = schema(['CREATE UNIQUE INDEX old_email ON old_table (email);']);
    assert.equal(partial.isKey(T('old_table'), ['email']), true);
    assert.equal(partial.isKey(T('old_table'), ['name']), undefined);
    assert.equal(partial.isKey(T('unknown'), ['id']), undefined);
  });

  it('reads MySQL keys: inline, KEY clauses, ALTER TABLE ADD UNIQUE, DROP PRIMARY KEY', () => {
    const s = schema(
      [
        'CREATE TABLE `t` (`id` int NOT NULL AUTO_INCREMENT, `code` varchar(8) CHARACTER SET utf8mb4, `k` int, PRIMARY KEY (`id`), UNIQUE KEY `t_code` (`code`), KEY `t_k` (`k`)) ENGINE=InnoDB;',
        'ALTER TABLE t ADD UNIQUE INDEX t_k_u (k), DROP INDEX t_code;',
        'CREATE TABLE v (id int PRIMARY KEY); ALTER TABLE v DROP PRIMARY KEY;',
      ],
      'mysql',
    );
    assert.equal(s.isKey(T('t'), ['id']), true);
    assert.equal(s.isKey(T('t'), ['code']), false);
    assert.equal(s.isKey(T('t'), ['k']), true);
    assert.equal(s.isKey(T('v'), ['id']), false);
    assert.equal(s.columnType(T('t'), 'code'), 'varchar(8)');
  });

  it('hands out snapshots that later migrations do not change', () => {
    const b = new SchemaBuilder('test');
    b.apply('CREATE TABLE a (name varchar(10));', 'postgresql');
    const before = b.snapshot();
    b.apply("ALTER TABLE a ALTER COLUMN name TYPE text; INSERT INTO a VALUES ('x'); CREATE TABLE z (id int);", 'postgresql');
    const after = b.snapshot();
    assert.equal(before.columnType(T('a'), 'name'), 'varchar(10)');
    assert.ok(before.isNewTable(T('a')) && !before.isNewTable(T('z')));
    assert.equal(after.columnType(T('a'), 'name'), 'text');
    assert.ok(!after.isNewTable(T('a')) && after.isNewTable(T('z')));
  });

  it('survives garbage, control characters, deep nesting and huge input in linear time', () => {
    const b = new SchemaBuilder('test');
    const deep = `CREATE TABLE d (x int CHECK ${'('.repeat(100_000)}1${')'.repeat(100_000)});`;
    const many = 'ALTER TABLE w ADD COLUMN c int, '.repeat(1) + Array.from({ length: 50_000 }, (_, i) => `ADD COLUMN c${i} varchar(${i})`).join(', ') + ';';
    const garbage = ['CREATE', 'CREATE TABLE', 'CREATE TABLE (', 'ALTER TABLE', 'ALTER TABLE t RENAME', 'ALTER TABLE t RENAME COLUMN', 'RENAME TABLE a TO', 'DROP INDEX', 'CREATE UNIQUE INDEX ON', '\u0000\u0001;\u202e;', "INSERT INTO 'x'", 'SELECT INTO', 'COPY'].join(';\n');
    const t0 = performance.now();
    for (const text of [deep, many, garbage, '('.repeat(200_000), 'CREATE TABLE x ('.repeat(20_000)]) b.apply(text, 'postgresql');
    const s = b.snapshot();
    assert.ok(performance.now() - t0 < 3000, `${performance.now() - t0} ms`);
    assert.ok(s.isNewTable(T('d')));
    assert.equal(s.columnType(T('w'), 'c49999'), 'varchar(49999)');
  });

  it('keeps at most a few hundred keys per table, and then does not claim a column is no key', () => {
    const t0 = performance.now();
    const s = schema([`CREATE TABLE k (${Array.from({ length: 20_000 }, (_, i) => `c${i} int UNIQUE`).join(', ')}, plain int);`]);
    assert.ok(performance.now() - t0 < 2000);
    assert.equal(s.isKey(T('k'), ['c0']), true);
    assert.equal(s.isKey(T('k'), ['plain']), undefined);
  });
});

describe('the history\'s column types and the rewrite check', () => {
  it('compares a type an earlier migration wrote in any spelling with the new one', () => {
    const s = schema(['CREATE TABLE u (email CHARACTER VARYING ( 64 ), code varchar(8) CHARACTER SET utf8mb4, amount DECIMAL(10, 2));']);
    const type = (c: string): string => s.columnType(T('u'), c) ?? 'unknown';
    assert.ok(changesWithoutRewrite(type('email'), 'varchar(255)'));
    assert.ok(changesWithoutRewrite(type('email'), 'text'));
    assert.ok(!changesWithoutRewrite(type('email'), 'varchar(32)'));
    assert.ok(changesWithoutRewrite(type('code'), 'varchar(16)'));
    assert.ok(changesWithoutRewrite(type('amount'), 'numeric(12,2)'));
    assert.ok(!changesWithoutRewrite(type('amount'), 'integer'));
  });
});
