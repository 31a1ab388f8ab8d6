// Issue 12, part 4: the cases a measurement on real migrations found missed or wrongly flagged,
// each asserted through the real engine and rules (fixtures in test/fixtures/rules/ show each in
// a real project's style).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintText, applyFixes } from '../../src/core/lint/engine';
import { defaultLintConfig } from '../../src/core/lint/lintConfig';
import { changesWithoutRewrite, parseColumnType } from '../../src/core/sql/columnTypes';
import { unitStatedAbove } from '../../src/core/lint/rules/duration-without-unit';
import type { Finding, SqlDialect } from '../../src/core/lint/types';

const TABLES = { users: 2_000_000, orders: 500_000_000, posts: 9_000_000, small_lookup: 120 };

/** Findings of `rule` on `text` as (line, severity) pairs, with the messages for a closer look. */
function lint(text: string, rule: string, opts: { dialect?: SqlDialect; file?: string } = {}): Finding[] {
  const config = { ...defaultLintConfig(), tables: TABLES, sqlDialect: opts.dialect ?? 'postgresql' };
  return lintText(text, opts.file ?? 'migration.sql', config, { maxFindings: Infinity }).findings.filter((f) => f.ruleId === rule);
}
const lines = (fs: Finding[]): number[] => fs.map((f) => f.line);

describe('missed cases now found', () => {
  it('a DEFAULT calling a function not known to be stable rewrites the table (uuid(), a project function), a stable one does not', () => {
    const text = [
      "SET lock_timeout = '5s';",
      'ALTER TABLE users ADD COLUMN token uuid DEFAULT uuid();',
      'ALTER TABLE users ADD COLUMN slug text DEFAULT app.make_slug(12);',
      'ALTER TABLE users ADD COLUMN seen_at timestamptz DEFAULT now();',
      "ALTER TABLE users ADD COLUMN kind varchar(8) DEFAULT 'a'::character varying(8);",
      "ALTER TABLE users ADD COLUMN meta jsonb DEFAULT jsonb_build_object('v', 1);",
    ].join('\n');
    const fs = lint(text, 'blocking-ddl-large-table');
    assert.deepEqual(lines(fs), [2, 3]);
    assert.match(fs[0].message, /DEFAULT uuid\(\).*uuid\(\) is volatile/);
    assert.match(fs[1].message, /DEFAULT make_slug\(\).*make_slug\(\) is not a function known to be STABLE or IMMUTABLE/);
    // A known volatile function says so plainly.
    assert.match(lint('ALTER TABLE users ADD COLUMN r float8 DEFAULT random();', 'blocking-ddl-large-table')[0].message, /random\(\) is volatile/);
    // The known volatile call is named, not the immutable one around it.
    assert.match(lint('ALTER TABLE users ADD COLUMN b int DEFAULT floor(random() * 10);', 'blocking-ddl-large-table')[0].message, /DEFAULT random\(\).*random\(\) is volatile/);
  });

  it('ADD COLUMN ... REFERENCES is a foreign key validated under lock; the column alone is not', () => {
    const fs = lint('ALTER TABLE posts ADD COLUMN author_id bigint REFERENCES users (id);\nALTER TABLE posts ADD COLUMN editor_id bigint;', 'blocking-ddl-large-table');
    assert.deepEqual(lines(fs), [1]);
    assert.equal(fs[0].severity, 'error');
    assert.match(fs[0].message, /ADD COLUMN author_id REFERENCES on posts.*SHARE ROW EXCLUSIVE lock on the referenced one.*NOT VALID/);
  });

  it('VALIDATE in the transaction block that added the constraint NOT VALID is flagged; in the next block it is not', () => {
    const text = [
      'BEGIN;',
      'ALTER TABLE posts ADD CONSTRAINT posts_author_fk FOREIGN KEY (author_id) REFERENCES users (id) NOT VALID;',
      'ALTER TABLE posts VALIDATE CONSTRAINT posts_author_fk;',
      'COMMIT;',
      'BEGIN;',
      'ALTER TABLE posts ADD CONSTRAINT posts_body_present CHECK (body <> \'\') NOT VALID;',
      'COMMIT;',
      'ALTER TABLE posts VALIDATE CONSTRAINT posts_body_present;',
    ].join('\n');
    const fs = lint(text, 'blocking-ddl-large-table');
    assert.deepEqual(lines(fs), [3]);
    assert.match(fs[0].message, /same transaction as its ADD \.\.\. NOT VALID \(line 2\).*SHARE ROW EXCLUSIVE/);
    // Without a transaction block in the file, each statement commits on its own...
    assert.deepEqual(lint(text.replace(/^(BEGIN|COMMIT);$/gm, ''), 'blocking-ddl-large-table'), []);
    // ...but one ALTER TABLE that adds and validates is one transaction.
    const oneStatement = 'ALTER TABLE posts ADD CONSTRAINT posts_x CHECK (x > 0) NOT VALID, VALIDATE CONSTRAINT posts_x;';
    assert.match(lint(oneStatement, 'blocking-ddl-large-table')[0].message, /same transaction as its ADD \.\.\. NOT VALID \(line 1\).*ACCESS EXCLUSIVE/);
  });

  it('REINDEX without CONCURRENTLY is flagged with a fix; CONCURRENTLY, SYSTEM, new and small targets are not', () => {
    const text = [
      "SET lock_timeout = '5s';",
      'REINDEX INDEX index_users_on_email;',
      'REINDEX (VERBOSE) TABLE users;',
      'REINDEX TABLE CONCURRENTLY users;',
      'REINDEX (CONCURRENTLY) INDEX index_users_on_email;',
      'REINDEX TABLE small_lookup;',
      'REINDEX SYSTEM;',
      'CREATE TABLE audit (id bigint);',
      'REINDEX TABLE audit;',
    ].join('\n');
    const fs = lint(text, 'index-without-concurrently');
    assert.deepEqual(lines(fs), [2, 3]);
    const fixed = applyFixes(text, fs.map((f) => f.fix!)).text;
    assert.match(fixed, /REINDEX INDEX CONCURRENTLY index_users_on_email;\nREINDEX \(VERBOSE\) TABLE CONCURRENTLY users;/);
    // Left to index-without-concurrently, not reported a second time by missing-lock-timeout.
    assert.deepEqual(lint('REINDEX TABLE users;', 'missing-lock-timeout'), []);
    // CONCURRENTLY inside a transaction block fails.
    const tx = lint('BEGIN;\nREINDEX INDEX CONCURRENTLY index_users_on_email;\nCOMMIT;', 'index-without-concurrently');
    assert.equal(tx[0].severity, 'error');
  });

  it('MySQL CREATE INDEX ... ALGORITHM=COPY and ALTER TABLE ... ADD INDEX, ALGORITHM=COPY copy the table', () => {
    const text = 'CREATE INDEX by_email ON users (email) ALGORITHM=COPY;\nALTER TABLE users ADD INDEX by_name (name), ALGORITHM=COPY;\nCREATE INDEX by_city ON users (city);\nCREATE INDEX by_zip ON users (zip) ALGORITHM = INPLACE LOCK = NONE;';
    const fs = lint(text, 'mysql-online-ddl', { dialect: 'mysql' });
    assert.deepEqual(lines(fs), [1, 2]);
    assert.match(fs[0].message, /ALGORITHM=COPY copies users row by row/);
    assert.match(fs[1].message, /ADD INDEX → COPY.*Drop ALGORITHM=COPY/);
  });

  it('MySQL ADD COLUMN with DEFAULT (expr) is a rebuild, not INSTANT; a literal default stays instant', () => {
    const fs = lint('ALTER TABLE users ADD COLUMN created_at DATETIME DEFAULT (NOW());\nALTER TABLE users ADD COLUMN src VARCHAR(8) DEFAULT \'web\';', 'mysql-online-ddl', { dialect: 'mysql' });
    assert.equal(fs.length, 2);
    assert.match(fs[0].message, /ADD COLUMN created_at → INPLACE with a table rebuild, not INSTANT/);
    // The literal default on a known-large table: only the advice to pin ALGORITHM=INSTANT.
    assert.equal(fs[1].severity, 'info');
    assert.match(fs[1].message, /as INSTANT/);
  });
});

describe('safe cases no longer flagged', () => {
  it('SET NOT NULL after a validated CHECK (col IS NOT NULL): quoted, pg_dump double parentheses, schema on one statement only', () => {
    const text = [
      'ALTER TABLE "users" ADD CONSTRAINT "users_email_null" CHECK ("email" IS NOT NULL) NOT VALID;',
      'ALTER TABLE "users" VALIDATE CONSTRAINT "users_email_null";',
      'ALTER TABLE "users" ALTER COLUMN "email" SET NOT NULL;',
      'ALTER TABLE public.users ADD CONSTRAINT users_name_nn CHECK ((name IS NOT NULL)) NOT VALID;',
      'ALTER TABLE users VALIDATE CONSTRAINT users_name_nn;',
      'ALTER TABLE ONLY users ALTER COLUMN name SET NOT NULL;',
      'ALTER TABLE users ALTER COLUMN phone SET NOT NULL;',
    ].join('\n');
    assert.deepEqual(lines(lint(text, 'blocking-ddl-large-table')), [7]);
  });

  it('VACUUM (FULL FALSE) and (FULL OFF) are plain vacuums; (FULL), (FULL TRUE) are not', () => {
    const fs = lint('VACUUM (FULL FALSE) users;\nVACUUM (FULL off, ANALYZE) users;\nVACUUM (FULL 0) users;\nVACUUM (FULL) users;\nVACUUM (FULL TRUE) users;', 'blocking-ddl-large-table');
    assert.deepEqual(lines(fs), [4, 5]);
  });

  it('CREATE INDEX ... ON ONLY a partitioned parent is not asked for CONCURRENTLY (refused there); the lock_timeout still matters', () => {
    const text = 'CREATE INDEX m_logdate_idx ON ONLY measurement (logdate);';
    assert.deepEqual(lint(text, 'index-without-concurrently'), []);
    assert.deepEqual(lines(lint(text, 'missing-lock-timeout')), [1]);
    assert.deepEqual(lint(`SET lock_timeout = '5s';\n${text}`, 'missing-lock-timeout'), []);
  });

  it('a batched backfill with quoted key bounds is selective; so is one wrapped in parentheses', () => {
    const text = [
      'UPDATE "users" SET "confirmed" = true WHERE "users"."id" >= 1 AND "users"."id" <= 10000;',
      'UPDATE "users" SET "confirmed" = true WHERE ("users"."id" BETWEEN 10001 AND 20000);',
      'UPDATE "users" SET "confirmed" = true WHERE "users"."id" >= 20001;',
    ].join('\n');
    assert.deepEqual(lines(lint(text, 'unbatched-backfill')), [3]);
  });

  it('varchar widening of a type the file wrote is not a rewrite; narrowing, USING and an unknown old type still are', () => {
    const text = [
      'ALTER TABLE users ADD COLUMN nick varchar(64);',
      'ALTER TABLE users ALTER COLUMN nick TYPE varchar(255);',
      'ALTER TABLE users ALTER COLUMN nick TYPE text;',
      'ALTER TABLE users ALTER COLUMN nick TYPE varchar(32);',
      'ALTER TABLE users ADD COLUMN code varchar(10) NULL;',
      'ALTER TABLE users ALTER COLUMN code TYPE varchar(20) USING upper(code);',
      'ALTER TABLE users ALTER COLUMN bio TYPE varchar(500);',
    ].join('\n');
    assert.deepEqual(lines(lint(text, 'blocking-ddl-large-table')), [4, 6, 7]);
  });

  it('an .env duration whose unit the comment above states is not ambiguous', () => {
    const text = '# Session lifetime, in seconds\nSESSION_LIFETIME=7200\n# Upstream call timeout\nUPSTREAM_TIMEOUT=30\n\n# in ms\n\nRETRY_DELAY=500\n';
    // The blank line cuts the comment off RETRY_DELAY.
    assert.deepEqual(lines(lint(text, 'duration-without-unit', { file: '.env' })), [4, 8]);
  });
});

describe('a guess that was too kind', () => {
  it("WHERE ap_id = 'http://…' is not a key equality; WHERE public_id = '<uuid>' is", () => {
    const text = [
      "UPDATE users SET local = false WHERE ap_id = 'http://example.com/users/alice';",
      "UPDATE users SET local = false WHERE public_id = '3f1b2a9e-7c4d-4e5f-9a8b-0c1d2e3f4a5b';",
      "UPDATE users SET local = false WHERE user_id = 'some key';",
    ].join('\n');
    assert.deepEqual(lines(lint(text, 'unbatched-backfill')), [1, 3]);
  });
});

describe('column types (columnTypes.ts)', () => {
  it('reads spellings and compares them', () => {
    assert.deepEqual(parseColumnType('character varying( 64 )'), { base: 'varchar', mods: [64] });
    assert.deepEqual(parseColumnType('NUMERIC(10,2) NOT'), undefined);
    assert.deepEqual(parseColumnType('varchar(10) NULL'), { base: 'varchar', mods: [10] });
    assert.equal(changesWithoutRewrite('varchar(64)', 'character varying(255)'), true);
    assert.equal(changesWithoutRewrite('varchar(64)', 'varchar'), true);
    assert.equal(changesWithoutRewrite('varchar', 'varchar(64)'), false);
    assert.equal(changesWithoutRewrite('text', 'varchar(64)'), false);
    assert.equal(changesWithoutRewrite('numeric(10, 2)', 'numeric(12,2)'), true);
    assert.equal(changesWithoutRewrite('numeric(10, 2)', 'numeric(12,3)'), false);
    assert.equal(changesWithoutRewrite('integer', 'bigint'), false);
    assert.equal(changesWithoutRewrite('x'.repeat(300), 'text'), false);
  });

  it('unitStatedAbove looks at the comment block touching the line only, and stays bounded', () => {
    const huge = `# ${'x'.repeat(200_000)} seconds\nA=1\n`;
    assert.equal(unitStatedAbove(huge, huge.indexOf('A=1')), false, 'past the character bound');
    const four = '# in minutes\n# two\n# three\n# four\nA=1';
    assert.equal(unitStatedAbove(four, four.indexOf('A=1')), false, 'past three lines');
    assert.equal(unitStatedAbove(four.replace('# four\n', ''), four.indexOf('A=1') - 7), true, 'within three lines');
    assert.equal(unitStatedAbove('# timeout (minutes)\nA=1', 20), true);
    assert.equal(unitStatedAbove('A=1', 0), false);
  });
});
