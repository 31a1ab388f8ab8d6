// fastHeads.ts, the classifier's first layer, reads the plainest statement heads with regular
// expressions (built from the token reader's word lists) instead of tokens. It may decline any
// statement (the token reader answers), but where it answers it must give exactly the token
// reader's answer: checked on every statement of the fixtures, the examples, a generated
// migration, a list of near misses and seeded random statements.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { classifyAlterByTokens, classifyCreateByTokens, classifyUpdateDeleteByTokens } from '../../src/core/sql/classify';
import { fastAlterTable, fastCreateIndex, fastCreateTable, fastUpdateDelete } from '../../src/core/sql/fastHeads';
import { splitSql, SqlStatement, type SqlSplit } from '../../src/core/sql/scanner';
import { generateMigration } from '../bench/lint.bench';

const REPO = resolve(__dirname, '../../..');

function sqlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sqlFiles(p));
    else if (name.endsWith('.sql')) out.push(p);
  }
  return out;
}

interface Tally {
  fastCreate: number;
  fastAlter: number;
  fastUpdate: number;
  statements: number;
}

/** The splitter's plain-statement pattern must split exactly as character-by-character splitting does. */
function checkSplit(text: string, where: string): void {
  const fast = splitSql(text, 'postgresql');
  const slow = splitSql(text, 'postgresql', false);
  const rows = (sp: SqlSplit): number[][] => [sp.starts, sp.terminators, sp.commentFrom, sp.commentTo, sp.commentStarts, sp.commentEnds].map((a) => Array.from(a));
  assert.deepStrictEqual(rows(fast), rows(slow), `${where}: ${JSON.stringify(text.slice(0, 200))}`);
}

/** Checks every statement of `text`; returns how many the fast paths answered. */
function checkText(text: string, where: string, tally: Tally): void {
  checkSplit(text, where);
  const split = splitSql(text, 'postgresql');
  for (let k = 0; k < split.count; k++) {
    tally.statements++;
    const stmt = new SqlStatement(text, 'postgresql', split, k);
    const label = `${where}, statement ${k + 1}: ${JSON.stringify(text.slice(stmt.start, stmt.start + 120))}`;
    const index = fastCreateIndex(text, stmt.start);
    const table = fastCreateTable(text, stmt.start);
    assert.ok(index === undefined || table === undefined, label);
    if (index !== undefined || table !== undefined) {
      tally.fastCreate++;
      const slow = classifyCreateByTokens(text, stmt);
      assert.deepStrictEqual(index ?? { type: 'create-table', table }, slow, label);
    }
    const alter = fastAlterTable(text, stmt.start);
    if (alter !== undefined) {
      tally.fastAlter++;
      assert.deepStrictEqual(alter, classifyAlterByTokens(text, stmt, 'postgresql'), label);
    }
    const update = fastUpdateDelete(text, stmt.start);
    if (update !== undefined) {
      tally.fastUpdate++;
      // The fast answer is a class with a lazy `selective`: compared as a plain object of the token answer's fields.
      const slow = classifyUpdateDeleteByTokens(text, stmt);
      const asRead = Object.fromEntries(Object.keys(slow).map((key) => [key, (update as Record<string, unknown>)[key]]));
      assert.deepStrictEqual(asRead, { ...slow }, label);
    }
  }
}

test('fast heads agree with the token classifier on the fixtures, the examples and a generated migration', () => {
  const tally: Tally = { fastCreate: 0, fastAlter: 0, fastUpdate: 0, statements: 0 };
  for (const file of [...sqlFiles(join(REPO, 'test/fixtures')), ...sqlFiles(join(REPO, 'examples'))]) checkText(readFileSync(file, 'utf8'), file, tally);
  checkText(generateMigration(3000).text, 'generated migration', tally);
  // The fast paths are taken (else this test would compare nothing).
  assert.ok(tally.fastCreate > 300, `fast CREATE answers: ${tally.fastCreate}`);
  assert.ok(tally.fastAlter > 50, `fast ALTER answers: ${tally.fastAlter}`);
  assert.ok(tally.fastUpdate > 50, `fast UPDATE/DELETE answers: ${tally.fastUpdate}`);
});

const NEAR_MISSES = [
  'CREATE INDEX concurrently ON t (x)',
  'CREATE INDEX CONCURRENTLY ON t (x)',
  'CREATE INDEX CONCURRENTLY concurrently ON t (x)',
  "CREATE INDEX ON e'x'",
  "CREATE INDEX i ON t'x'",
  'CREATE INDEX i ON t.x.y (a)',
  'CREATE INDEX i.j.k ON t (a)',
  'CREATE INDEX "I" ON t (a)',
  'CREATE INDEX i ON "T" (a)',
  'CREATE INDEX i ON s."T" (a)',
  'CREATE INDEX i ON t/*c*/(a)',
  'CREATE /*c*/ INDEX i ON t',
  'CREATE INDEX i -- c\n ON t',
  'CREATE INDEX i ON only',
  'CREATE INDEX i ON only_t (a)',
  'CREATE INDEX i ON ONLY t (a)',
  'CREATE INDEX if ON t',
  'CREATE INDEX IF NOT EXISTS ON t',
  'CREATE INDEX IF NOT x ON t',
  'CREATE INDEX on ON t',
  'CREATE INDEX ON ON t',
  'create unique index if not exists i on public.t using btree (a)',
  'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON ONLY s.t (a)',
  'CREATE INDEX i ON t\u00a0(a)',
  'CREATE INDEX i\u00a0ON t',
  'CREATE INDEX \u00e9 ON t',
  'CREATE INDEX i ON t\u00e9 (a)',
  'CREATE INDEX i ON t$x (a)',
  'CREATE INDEX i ON t.',
  'CREATE INDEX i ON t.1',
  'CREATE INDEX i ON t;',
  'CREATE INDEX\ti\nON\r\nt',
  'CREATE\fINDEX i ON t',
  'CREATE INDEX i ON t',
  'CREATE INDEX',
  'CREATE INDEX i',
  'CREATE INDEX i ON',
  'CREATE INDEXES i ON t',
  'CREATE INDEX_x i ON t',
  'CREATE UNIQUEINDEX i ON t',
  'CREATE UNIQUE UNIQUE INDEX i ON t',
  'CREATE INDEX i ON t$$',
  'CrEaTe UnIqUe InDeX I oN S.T (a)',
  'CREATE INDEX i USING btree ON t',
  'CREATE TEMP TABLE x (a int)',
  'CREATE TEMPORARY TABLE x (a int)',
  'CREATE UNLOGGED TABLE x (a int)',
  'CREATE TEMPORARY UNLOGGED TABLE x (a int)',
  'CREATE GLOBAL TEMPORARY TABLE x (a int)',
  'CREATE OR REPLACE TABLE t (a int)',
  'CREATE TABLE IF NOT EXISTS s.t (a int)',
  'CREATE TABLE if (a int)',
  'CREATE TABLE IF NOT EXISTS (a int)',
  "CREATE TABLE e'x'",
  'CREATE TABLE t.u.v ()',
  'CREATE TABLE "T" ()',
  'CREATE TABLE t PARTITION OF p FOR VALUES IN (1)',
  'CREATE TABLE table (a int)',
  'CREATE TABLE t(a int)',
  'CREATE TABLE t',
  'CREATE TABLEs t',
  'CREATE TABLE t\u00a0(a int)',
  'CREATE TABLE temp (a int)',
  'CREATE TEMP temp TABLE t (a int)',
  'ALTER TABLE t ADD COLUMN c text',
  'ALTER TABLE t ADD c text',
  'ALTER TABLE t ADD COLUMN IF NOT EXISTS c text',
  'ALTER TABLE IF EXISTS ONLY s.t ADD COLUMN c varchar(20)',
  'ALTER TABLE t ADD COLUMN c numeric(10, 2)',
  'ALTER TABLE t ADD COLUMN c numeric( 10 ,2 )',
  'ALTER TABLE t ADD COLUMN c timestamp with time zone',
  'ALTER TABLE t ADD COLUMN c bigserial',
  'ALTER TABLE t ADD COLUMN c serial4',
  'ALTER TABLE t ADD COLUMN c text NOT NULL',
  'ALTER TABLE t ADD COLUMN c text DEFAULT now()',
  'ALTER TABLE t ADD COLUMN c int unique',
  'ALTER TABLE t ADD COLUMN c int primary key',
  'ALTER TABLE t ADD COLUMN c int generated always as identity',
  'ALTER TABLE t ADD COLUMN c int references u (id)',
  'ALTER TABLE t ADD COLUMN c int check (c > 0)',
  'ALTER TABLE t ADD COLUMN c int collate "C"',
  'ALTER TABLE t ADD COLUMN c text, ADD COLUMN d text',
  'ALTER TABLE t ADD CONSTRAINT c CHECK (x > 0)',
  'ALTER TABLE t ADD constraint text',
  'ALTER TABLE t ADD check text',
  'ALTER TABLE t ADD unique text',
  'ALTER TABLE t ADD primary text',
  'ALTER TABLE t ADD foreign text',
  'ALTER TABLE t ADD exclude text',
  'ALTER TABLE t ADD column text',
  'ALTER TABLE t ADD COLUMN column text',
  'ALTER TABLE t ADD COLUMN if text',
  'ALTER TABLE t ADD COLUMN IF NOT EXISTS text',
  'ALTER TABLE t ADD COLUMN c',
  'ALTER TABLE t ADD COLUMN c text -- note',
  'ALTER TABLE t ADD COLUMN c text /* note */',
  'ALTER TABLE t ADD COLUMN c text[]',
  'ALTER TABLE t ADD COLUMN c "Text"',
  'ALTER TABLE t ADD COLUMN "C" text',
  'ALTER TABLE t* ADD COLUMN c text',
  'ALTER TABLE t ADD COLUMN c text;',
  'ALTER TABLE t ADD COLUMN c text ;',
  'ALTER TABLE t ADD COLUMN c text\n;',
  'ALTER TABLE t ADD COLUMN c e\'x\'',
  'ALTER TABLE t ADD COLUMN c text\u00a0',
  'ALTER TABLE t ADD COLUMN c int4 default 0',
  'ALTER TABLE t ADD COLUMN c first',
  'ALTER TABLE t ADD COLUMN c text after',
  'ALTER TABLE t ADD COLUMN c auto_increment',
  'ALTER TABLE t ADD COLUMN c not',
  'ALTER TABLE t ADD COLUMN c text stored',
  'ALTER TABLE t ADD COLUMN c int4 visible',
  'ALTER TABLE t ADD COLUMN c numeric(10, x)',
  'ALTER TABLE t ADD COLUMN c numeric(10))',
  'ALTER TABLE t ALTER COLUMN c TYPE bigint',
  'ALTER TABLE ONLY t ADD COLUMN c text',
  'ALTER TABLE only ADD COLUMN c text',
  'ALTER TABLE if ADD COLUMN c text',
  'ALTER TABLE IF EXISTS ADD COLUMN c text',
  'ALTER TABLE t.u.v ADD COLUMN c text',
  'ALTER TABLES t ADD COLUMN c text',
  'ALTER TABLE t ADD COLUMNS c text',
  'ALTER ONLINE TABLE t ADD COLUMN c text',
  'alter table T add column C TEXT',
  "UPDATE t SET a = 'x' WHERE id = 1",
  'UPDATE t SET a = 1 WHERE id BETWEEN 1 AND 1000',
  'UPDATE t SET a = 1 WHERE id >= 1 AND id < 1000',
  'UPDATE t SET a = 1 WHERE id > 1',
  'UPDATE t SET a = 1 WHERE status = 1',
  'UPDATE t SET a = 1 WHERE id = $1',
  'UPDATE t SET a = 1 WHERE id = ANY($1)',
  'UPDATE t SET a = 1 WHERE id IN (1, 2, 3)',
  'UPDATE t SET a = 1 WHERE (id = 1)',
  'UPDATE t SET a = 1 WHERE customer_id = 7 AND x = -1',
  'UPDATE t SET a = 1 WHERE uuid = 7',
  'UPDATE s.t SET a = b + 1, c = now() WHERE id = 1',
  'UPDATE t SET a = 1',
  'UPDATE t SET a = 1 WHERE id = 1 RETURNING id',
  'UPDATE t SET a = 1 WHERE id = 1 LIMIT 5',
  'UPDATE t SET limit = 1 WHERE id = 1',
  'UPDATE t SET a = 1 WHERE limit = 1',
  'UPDATE t SET a = 1 WHERE order_id = 1',
  'UPDATE t SET a = (SELECT b FROM u WHERE u.id = t.id) WHERE id = 1',
  'UPDATE t SET a = 1 WHERE id = 1 -- done',
  'UPDATE t SET a = 1 WHERE id = 1 /* done */',
  'UPDATE t SET a = 1 -- x\n WHERE id = 1',
  "UPDATE t SET a = e'x\\'y' WHERE id = 1",
  "UPDATE t SET a = 'it''s' WHERE id = 1",
  "UPDATE t SET a = 'x\\' WHERE id = 1",
  "UPDATE t SET a = 'where' WHERE id = 1",
  "UPDATE t SET a = 'a;b' WHERE id = 1",
  'UPDATE t SET a = $$x$$ WHERE id = 1',
  'UPDATE t SET "A" = 1 WHERE id = 1',
  'UPDATE t SET a = 1 WHERE \u00e9 = 1',
  'UPDATE t SET a = 1 WHERE id = 1e-5',
  'UPDATE t SET a = 1 WHERE id = 1.5',
  'UPDATE t SET a = 1 WHERE id = .5',
  'UPDATE t SET a = 1 WHERE a::text = b',
  'UPDATE t SET a = a - 1 WHERE a / 2 = 1',
  'UPDATE t SET a = 1 WHERE id=1',
  'UPDATE t SET a=1 WHERE id=1',
  'UPDATE t AS x SET a = 1 WHERE id = 1',
  'UPDATE t x SET a = 1 WHERE id = 1',
  'UPDATE ONLY t SET a = 1 WHERE id = 1',
  'UPDATE only SET a = 1 WHERE id = 1',
  'UPDATE limit SET a = 1 WHERE id = 1',
  'UPDATE from SET a = 1 WHERE id = 1',
  'UPDATE set SET a = 1 WHERE id = 1',
  'UPDATE t SET a = 1 FROM u WHERE t.id = u.id',
  'UPDATE t SET WHERE id = 1',
  'UPDATE t SET a = 1 WHERE',
  'UPDATE t SET a = 1 WHERE id = 1 ;',
  'update T set A = 1 where ID = 1',
  'DELETE FROM t WHERE id = 1',
  'DELETE FROM t WHERE created_at < now()',
  'DELETE FROM s.t WHERE id BETWEEN 1 AND 2',
  'DELETE FROM t',
  'DELETE FROM only WHERE id = 1',
  'DELETE FROM ONLY t WHERE id = 1',
  'DELETE FROM t USING u WHERE t.id = u.id',
  'DELETE FROM t WHERE id = 1 RETURNING *',
  'DELETE t WHERE id = 1',
  'DELETE FROM t WHERE id = 1 LIMIT 1',
];

test('the plain-statement pattern splits exactly as the character-by-character splitter', () => {
  const cases = [
    "SELECT 'a;b'; SELECT 2;",
    "SELECT 'it''s'; SELECT 'x'';'';",
    "SELECT E'a\\';b'; SELECT 1;",
    "SELECT e'a\\';b'; SELECT 1;",
    "SELECT type'x;y'; SELECT 1;",
    'SELECT "a;b"; SELECT 1;',
    'SELECT $$a;b$$; SELECT 1;',
    'SELECT $tag$a;b$tag$; SELECT 1;',
    'SELECT a$b; SELECT $1;',
    'SELECT 1 -- c;\n; SELECT 2;',
    'SELECT 1 /* ; */; SELECT 2;',
    'SELECT 1 /* /* ; */ ; */; SELECT 2;',
    'SELECT 1 - 2; SELECT 4 / 2;',
    'SELECT 1-; SELECT /;',
    'SELECT 1',
    "SELECT 'unterminated;",
    'SELECT `a;b`; SELECT 1;',
    'SELECT \\x; \\set x 1\nSELECT 1;',
    ';;; SELECT 1;;',
    '\ufeffSELECT 1;\u00a0SELECT 2;',
    'SELECT 1;\r\nSELECT 2;\r\n-- end\r\n',
    "INSERT INTO t VALUES (1, 'a'), (2, 'b;c');",
  ];
  for (const sql of cases) checkSplit(sql, 'split case');
  // A statement of millions of parts exhausts the pattern's backtracking stack: it is split by characters instead.
  const huge = `INSERT INTO t VALUES ${Array.from({ length: 1_500_000 }, (_, i) => `(${i},'x')`).join(',')};\nSELECT 1;`;
  const split = splitSql(huge, 'postgresql');
  assert.equal(split.count, 2);
  assert.equal(split.terminators[0], huge.indexOf(';'));
});

test('fast heads agree with the token classifier on near misses', () => {
  const tally: Tally = { fastCreate: 0, fastAlter: 0, fastUpdate: 0, statements: 0 };
  for (const sql of NEAR_MISSES) {
    checkText(sql, 'near miss', tally);
    checkText(`${sql};\nSELECT 1;`, 'near miss, terminated', tally);
  }
  assert.ok(tally.fastCreate >= 20 && tally.fastAlter >= 10 && tally.fastUpdate >= 20, JSON.stringify(tally));
});

test('fast heads decline what they cannot read exactly', () => {
  for (const sql of ['CREATE /*c*/ INDEX i ON t', 'CREATE INDEX "I" ON t', 'CREATE INDEX i ON t.x.y', "CREATE INDEX ON e'x'", 'CREATE INDEX i\u00a0ON t', 'CREATE OR REPLACE TABLE t (a int)']) {
    assert.equal(fastCreateIndex(sql, 0) ?? fastCreateTable(sql, 0), undefined, sql);
  }
  for (const sql of ['ALTER TABLE t ADD COLUMN c text, ADD COLUMN d text', 'ALTER TABLE t ADD COLUMN c text -- note', 'ALTER TABLE t ADD COLUMN c text DEFAULT now()']) {
    assert.equal(fastAlterTable(sql, 0), undefined, sql);
  }
  // ...and read the plain ones.
  assert.equal(fastCreateIndex('CREATE INDEX CONCURRENTLY i ON s.t (a)', 0)?.concurrently, true);
  assert.equal(fastCreateTable('CREATE TABLE IF NOT EXISTS Orders (id int)', 0)?.name, 'orders');
  assert.equal(fastAlterTable('ALTER TABLE t ADD COLUMN c bigserial', 0)?.actions[0].serial, true);
});

/** A small seeded generator (mulberry32): the same heads on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('fast heads agree with the token classifier on 30,000 seeded random statements', () => {
  const next = random(93);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const words = ['"q;"', "e'x;'", '/* ; */', '-- ;\n', "'a;b'", ';', 'SET', 'WHERE', 'where', 'FROM', 'RETURNING', 'LIMIT', 'ORDER', 'BY', 'id', 'BETWEEN', 'AND', '=', '<', '>', '-', '/', '$1', '1', '1e-5', '::', 'IN', 'ANY', "'it''s'", "'a;b'", "'x\\'", '$$', 'UNIQUE', 'unique', 'INDEX', 'index', 'CONCURRENTLY', 'IF', 'NOT', 'EXISTS', 'ON', 'on', 'ONLY', 'TABLE', 'TEMP', 'UNLOGGED', 'ADD', 'COLUMN', 'DEFAULT', 'NULL',
    'PRIMARY', 'KEY', 'CONSTRAINT', 'text', 'bigint', 'serial', 't', 'T', 's.t', 'a.b.c', '"Q"', "e'x'", '(a)', '(10, 2)', '(x)', '[]', '/*c*/', '--c\n', '.', '\u00e9', 'x$y', 'only_x', 'USING', 'btree', ',', '*', ';', "'s'"];
  const gaps = [' ', ' ', ' ', '\n', '\t', '', '\u00a0', '  ', '\r\n'];
  const tally: Tally = { fastCreate: 0, fastAlter: 0, fastUpdate: 0, statements: 0 };
  for (let n = 0; n < 30000; n++) {
    let sql = pick([
      ['CREATE', 'create', 'CREATE UNIQUE INDEX', 'CREATE INDEX', 'CREATE TABLE'],
      ['ALTER TABLE', 'alter table', 'ALTER TABLE t ADD', 'ALTER TABLE t ADD COLUMN'],
      ['UPDATE', 'UPDATE t SET', 'UPDATE t SET a = 1 WHERE', 'DELETE FROM', 'DELETE FROM t WHERE', 'delete'],
    ][n % 3]);
    const len = 1 + Math.floor(next() * 9);
    for (let k = 0; k < len; k++) sql += pick(gaps) + pick(words);
    checkText(sql, `random head ${n}`, tally);
  }
  assert.ok(tally.fastCreate > 200 && tally.fastAlter > 50 && tally.fastUpdate > 50, JSON.stringify(tally));
});
