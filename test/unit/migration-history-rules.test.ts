// The SQL rules with a migration history (LintOptions.history): what it changes, and that a file
// linted without one is linted as before.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../../src/core/lint/engine';
import { defaultLintConfig } from '../../src/core/lint/lintConfig';
import { SchemaBuilder, type SchemaKnowledge } from '../../src/core/sql/migrationSchema';
import type { ResolvedLintConfig } from '../../src/core/lint/types';

function history(...files: string[]): SchemaKnowledge {
  const b = new SchemaBuilder('flyway');
  for (const f of files) b.apply(f, 'postgresql');
  return b.snapshot();
}

const LARGE: ResolvedLintConfig = { ...defaultLintConfig(), tables: { users: 50_000_000 } };
const rules = (text: string, h?: SchemaKnowledge, config = LARGE): string[] =>
  lintText(text, 'V9__x.sql', config, { history: h }).findings.map((f) => `${f.line}:${f.ruleId}`);

const USERS = "CREATE TABLE users (id bigint PRIMARY KEY, tenant_id int, email varchar(64), ap_id text, name varchar(50)); INSERT INTO users VALUES (1, 1, 'a', 'b', 'c');";
// ap_id looks like a key by its name; the per-file guess takes an equality on it with a plain string for one row.

describe('rules with the migration history', () => {
  it('a declared size wins over "created in the set and never filled"', () => {
    const h = history('CREATE TABLE users (id bigint PRIMARY KEY);');
    assert.deepEqual(rules('SET lock_timeout = 5000;\nCREATE INDEX users_x ON users (id);', h), ['2:index-without-concurrently']);
    assert.deepEqual(rules('SET lock_timeout = 5000;\nCREATE INDEX users_x ON users (id);', h, defaultLintConfig()), []);
  });

  it('follows the file itself after the history: a column added or changed here has the type written here', () => {
    const h = history(USERS);
    const lines = [
      "SET lock_timeout = '5s';",
      'ALTER TABLE users ADD COLUMN bio varchar(10);',
      'ALTER TABLE users ALTER COLUMN bio TYPE varchar(20);', // widening of the type added just above
      'ALTER TABLE users ALTER COLUMN name TYPE integer USING 0;', // not a widening
      'ALTER TABLE users ALTER COLUMN name TYPE varchar(60);', // from integer now: a rewrite
      'ALTER TABLE users RENAME COLUMN email TO mail;',
      'ALTER TABLE users ALTER COLUMN mail TYPE text;', // the renamed column's type is not followed in the file: reported
      'ALTER TABLE users ALTER COLUMN ap_id SET DATA TYPE text;', // unchanged: nothing to rewrite
    ];
    assert.deepEqual(rules(lines.join('\n'), h), ['4:blocking-ddl-large-table', '5:blocking-ddl-large-table', '7:blocking-ddl-large-table']);
    // Alone, only the type the file itself wrote is known: every other type change is reported.
    assert.deepEqual(
      rules(lines.join('\n')).filter((r) => r.endsWith('blocking-ddl-large-table')),
      ['4:blocking-ddl-large-table', '5:blocking-ddl-large-table', '7:blocking-ddl-large-table', '8:blocking-ddl-large-table'],
    );
  });

  it('the backfill selectivity knows keys: equality on the primary key or a unique key, a range over a key', () => {
    const h = history(USERS, 'CREATE UNIQUE INDEX users_tenant_email ON users (tenant_id, email);');
    const update = (where: string): string[] => rules(`SET lock_timeout = '5s';\nUPDATE users SET name = 'x' WHERE ${where};`, h);
    assert.deepEqual(update("ap_id = 'a1b2'"), ['2:unbatched-backfill']);
    assert.deepEqual(update('tenant_id = 7'), ['2:unbatched-backfill']);
    assert.deepEqual(update("tenant_id = 7 AND email = 'a@b.c'"), []);
    assert.deepEqual(update('"users"."id" = 7'), []);
    assert.deepEqual(update('id IN (1, 2, 3)'), []);
    assert.deepEqual(update('users.id >= 1 AND users.id <= 10000'), []);
    assert.deepEqual(update('id BETWEEN 1 AND 10000'), []);
    assert.deepEqual(update('tenant_id BETWEEN 1 AND 3'), []); // leads the (tenant_id, email) key
    assert.deepEqual(update('email > \'a\' AND email < \'b\''), ['2:unbatched-backfill']);
    assert.deepEqual(update('7 = id'), []);
    assert.deepEqual(update("'x' = ap_id"), ['2:unbatched-backfill']);
    assert.deepEqual(update('id > 1 AND id <> 5'), ['2:unbatched-backfill']);
    // A WHERE too long to read for keys keeps the name-based guess (ap_id looks like a key).
    assert.deepEqual(update(`ap_id = 'x' AND ${'name IS NOT NULL AND '.repeat(2000)}true`), []);
    // A top-level OR: the history does not answer, the name-based guess stays.
    assert.deepEqual(update("ap_id = 'x' OR ap_id = 'y'"), rules(`SET lock_timeout = '5s';\nUPDATE users SET name = 'x' WHERE ap_id = 'x' OR ap_id = 'y';`));
  });

  it('without a history, or for a table the set did not create, the guesses are as before', () => {
    const sql = "SET lock_timeout = '5s';\nUPDATE users SET name = 'x' WHERE ap_id = 'a1b2';";
    assert.deepEqual(rules(sql), []);
    assert.deepEqual(rules(sql, history('CREATE TABLE other (id int PRIMARY KEY);')), []);
    assert.deepEqual(rules(sql, history('CREATE UNIQUE INDEX users_email ON users (email);')), []);
  });
});
