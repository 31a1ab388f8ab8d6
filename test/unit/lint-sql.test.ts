import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { scanSql, splitSql, tokenizeSql, tokenText, identName, type SqlToken } from '../../src/core/sql/scanner';
import { classifyStatement } from '../../src/core/sql/classify';
import type { StatementInfo } from '../../src/core/sql/statementModel';
import { analyzeSql } from '../../src/core/sql/analysis';
import { checkWithPass } from '../../src/core/lint/rules/sqlRuleSupport';
import { sqlRules } from '../../src/core/lint/rules/sqlRules';
import { blockingDdlLargeTable } from '../../src/core/lint/rules/blocking-ddl-large-table';
import { indexWithoutConcurrently } from '../../src/core/lint/rules/index-without-concurrently';
import { missingLockTimeout } from '../../src/core/lint/rules/missing-lock-timeout';
import { mysqlOnlineDdl } from '../../src/core/lint/rules/mysql-online-ddl';
import { unbatchedBackfill } from '../../src/core/lint/rules/unbatched-backfill';
import type { LintContext, LintSeverity, Rule, RuleFinding, SqlDialect, TextEdit } from '../../src/core/lint/types';

const REPO = resolve(__dirname, '../../..');

function ctx(
  text: string,
  opts: { dialect?: SqlDialect; tables?: Record<string, number>; largeTableRows?: number; options?: Record<string, unknown>; rules?: Record<string, 'off' | LintSeverity> } = {},
): LintContext {
  return {
    text,
    file: 'migration.sql',
    kind: 'sql',
    dialect: opts.dialect ?? 'postgresql',
    options: opts.options ?? {},
    config: { rules: opts.rules ?? {}, ruleOptions: {}, largeTableRows: opts.largeTableRows ?? 1_000_000, tables: opts.tables ?? {} },
  };
}

const texts = (text: string, toks: SqlToken[]): string[] => toks.map((t) => tokenText(text, t));
const stmtTexts = (text: string, dialect: SqlDialect = 'postgresql'): string[] => scanSql(text, dialect).statements.map((s) => text.slice(s.start, s.end));
const at = (text: string, f: RuleFinding): string => text.slice(f.start, f.end);

function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

// ---------------------------------------------------------------- scanner

test('scanner: statements across lines, exact ranges, terminators and a last statement without one', () => {
  const text = 'SET lock_timeout = \'5s\';\n\nALTER TABLE orders\n  ADD COLUMN note text;\nSELECT 1';
  const { statements } = scanSql(text, 'postgresql');
  assert.deepEqual(
    statements.map((s) => [text.slice(s.start, s.end), s.terminator]),
    [
      ["SET lock_timeout = '5s'", 23],
      ['ALTER TABLE orders\n  ADD COLUMN note text', text.indexOf(';', 30)],
      ['SELECT 1', -1],
    ],
  );
  assert.deepEqual(texts(text, statements[1].tokens), ['ALTER', 'TABLE', 'orders', 'ADD', 'COLUMN', 'note', 'text']);
});

test('scanner: CRLF offsets are exact and a line comment ends before the CR', () => {
  const text = '-- first\r\nCREATE INDEX a ON t (x);\r\n-- second\r\nDROP INDEX a;\r\n';
  const scan = scanSql(text, 'postgresql');
  assert.deepEqual(scan.comments.map((c) => text.slice(c.start, c.end)), ['-- first', '-- second']);
  assert.deepEqual(stmtTexts(text), ['CREATE INDEX a ON t (x)', 'DROP INDEX a']);
  const toks = scan.statements[1].tokens;
  assert.equal(toks[0].start, text.indexOf('DROP'));
  assert.equal(toks[2].end, text.indexOf('a;') + 1);
});

test('scanner: comments never split statements or produce tokens; PostgreSQL block comments nest', () => {
  const text = 'SELECT 1 /* a; /* nested; */ still comment; */ + 2; -- x; y\nSELECT 3;';
  const scan = scanSql(text, 'postgresql');
  assert.deepEqual(stmtTexts(text), ['SELECT 1 /* a; /* nested; */ still comment; */ + 2', 'SELECT 3']);
  assert.deepEqual(texts(text, scan.statements[0].tokens), ['SELECT', '1', '+', '2']);
  assert.equal(scan.comments.length, 2);
  // MySQL block comments do not nest: the first */ ends it. A statement's range ends before a trailing comment.
  const my = 'SELECT 1 /* a /* b */; SELECT 2;';
  assert.deepEqual(stmtTexts(my, 'mysql'), ['SELECT 1', 'SELECT 2']);
  assert.deepEqual(scanSql(my, 'mysql').comments.map((c) => my.slice(c.start, c.end)), ['/* a /* b */']);
});

test('scanner: MySQL # comments, and -- only with a space after it', () => {
  const text = '# ALTER TABLE a;\nSELECT 1--1;\nSELECT 2 -- c;\n;';
  assert.deepEqual(stmtTexts(text, 'mysql'), ['SELECT 1--1', 'SELECT 2']);
  const toks = scanSql(text, 'mysql').statements[0].tokens;
  assert.deepEqual(texts(text, toks), ['SELECT', '1', '-', '-', '1']);
  // In PostgreSQL `--` always starts a comment (hiding this `;`) and `#` is an operator.
  const pg = 'SELECT 1--1;\nSELECT 2 # 3;';
  assert.deepEqual(texts(pg, scanSql(pg, 'postgresql').statements[0].tokens), ['SELECT', '1', 'SELECT', '2', '#', '3']);
});

test('scanner: strings with doubled quotes, E-strings with backslashes, MySQL backslash escapes', () => {
  const pg = "SELECT 'it''s; fine', E'a\\'b; c', 'back\\'; SELECT 2;";
  // Standard strings keep backslashes literal: 'back\' ends at the quote after the backslash.
  assert.deepEqual(
    texts(pg, scanSql(pg, 'postgresql').statements[0].tokens),
    ['SELECT', "'it''s; fine'", ',', "E'a\\'b; c'", ',', "'back\\'"],
  );
  const my = "SELECT 'it\\'s; fine', \"dq; \\\" x\"; SELECT 2;";
  const s = scanSql(my, 'mysql').statements;
  assert.equal(s.length, 2);
  assert.deepEqual(
    s[0].tokens.map((t) => t.kind),
    ['word', 'string', 'punct', 'string'],
  );
});

test('scanner: dollar-quoted bodies are one opaque string; $1 and a$b are not dollar quotes', () => {
  const text = 'CREATE FUNCTION f() AS $fn$ BEGIN; CREATE INDEX i ON t (x); $$ inner $$ END; $fn$ LANGUAGE plpgsql;\nSELECT $1, a$b$, $$x;y$$;';
  const scan = scanSql(text, 'postgresql');
  assert.equal(scan.statements.length, 2);
  const body = scan.statements[0].tokens.find((t) => t.kind === 'string');
  assert.ok(body);
  assert.equal(tokenText(text, body).slice(0, 5), '$fn$ ');
  assert.ok(tokenText(text, body).endsWith('END; $fn$'));
  assert.deepEqual(
    scan.statements[1].tokens.map((t) => [t.kind, tokenText(text, t)]),
    [
      ['word', 'SELECT'],
      ['param', '$1'],
      ['punct', ','],
      ['word', 'a$b$'],
      ['punct', ','],
      ['string', '$$x;y$$'],
    ],
  );
});

test('scanner: quoted identifiers (PostgreSQL "..." and MySQL backticks) hide semicolons', () => {
  const pg = 'ALTER TABLE "Weird;Name" ADD COLUMN "a""b" int;';
  const t1 = scanSql(pg, 'postgresql').statements;
  assert.equal(t1.length, 1);
  assert.deepEqual(
    t1[0].tokens.filter((t) => t.kind === 'quotedIdent').map((t) => identName(pg, t)),
    ['weird;name', 'a"b'],
  );
  const my = 'ALTER TABLE `db`.`or;ders` ADD COLUMN `x``y` INT;';
  const t2 = scanSql(my, 'mysql').statements;
  assert.equal(t2.length, 1);
  assert.deepEqual(
    t2[0].tokens.filter((t) => t.kind === 'quotedIdent').map((t) => identName(my, t)),
    ['db', 'or;ders', 'x`y'],
  );
});

test('scanner: MySQL DELIMITER blocks keep their inner semicolons', () => {
  const text = 'DELIMITER //\nCREATE PROCEDURE p() BEGIN UPDATE t SET a = 1; SELECT 1; END //\nDELIMITER ;\nSELECT 2;';
  assert.deepEqual(stmtTexts(text, 'mysql'), ['CREATE PROCEDURE p() BEGIN UPDATE t SET a = 1; SELECT 1; END', 'SELECT 2']);
  const inner = scanSql(text, 'mysql').statements[0].tokens.filter((t) => tokenText(text, t) === ';');
  assert.equal(inner.length, 2, 'inner ; are punctuation tokens');
});

test('scanner: unterminated strings and comments run to the end without throwing or producing tokens', () => {
  for (const [text, dialect] of [
    ["SELECT 1; SELECT 'oops; CREATE INDEX i ON t (x);", 'postgresql'],
    ['SELECT 1; /* CREATE INDEX i ON t (x);', 'postgresql'],
    ['SELECT 1; SELECT $body$ CREATE INDEX i ON t (x);', 'postgresql'],
    ['SELECT 1; SELECT "CREATE INDEX i ON t (x);', 'postgresql'],
    ["SELECT 1; SELECT 'a\\", 'mysql'],
    ['SELECT 1; SELECT `x; CREATE INDEX', 'mysql'],
    ["SELECT E'\\", 'postgresql'],
    ['$', 'postgresql'],
    ['', 'postgresql'],
  ] as const) {
    const scan = scanSql(text, dialect);
    for (const s of scan.statements) {
      const toks = s.tokens;
      assert.ok(!toks.some((t) => t.kind === 'word' && /^index$/i.test(tokenText(text, t))), `no INDEX word token in ${text}`);
      assert.ok(toks.every((t) => t.end <= text.length && t.start < t.end));
    }
    assert.deepEqual(sqlRules.flatMap((r) => r.check(ctx(text, { dialect }))), [], text);
  }
});

test('scanner: psql meta-commands, BOM and non-ASCII identifiers', () => {
  const text = '\uFEFF\\set ON_ERROR_STOP on\nALTER TABLE café ADD COLUMN naïve text;';
  const s = scanSql(text, 'postgresql').statements;
  assert.equal(s.length, 1);
  assert.deepEqual(texts(text, s[0].tokens), ['ALTER', 'TABLE', 'café', 'ADD', 'COLUMN', 'naïve', 'text']);
});

test('scanner: a statement ends before trailing comments; splitSql agrees with scanSql', () => {
  const text = 'UPDATE t SET a = 1 -- why\n  /* more */ ;';
  assert.deepEqual(stmtTexts(text), ['UPDATE t SET a = 1']);
  const split = splitSql(text, 'postgresql');
  assert.equal(split.count, 1);
  assert.equal(split.commentCount, 2);
  assert.deepEqual(texts(text, tokenizeSql(text, 0, text.length, 'postgresql', 2)), ['UPDATE', 't']);
});

// ---------------------------------------------------------------- classifier

function classify(text: string, dialect: SqlDialect = 'postgresql'): StatementInfo {
  return classifyStatement(text, scanSql(text, dialect).statements[0], dialect);
}

test('classifier: CREATE/DROP INDEX variants and table names', () => {
  const a = classify('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "Idx" ON ONLY "Public".Orders USING btree (x);');
  assert.equal(a.type, 'create-index');
  if (a.type !== 'create-index') return;
  assert.deepEqual([a.unique, a.concurrently, a.indexName, a.table?.name, a.table?.bare, a.table?.display], [true, true, 'idx', 'public.orders', 'orders', '"Public".Orders']);
  const b = classify('create index on orders (x)');
  assert.ok(b.type === 'create-index' && b.table?.name === 'orders' && b.indexName === undefined && !b.concurrently);
  const c = classify('DROP INDEX CONCURRENTLY IF EXISTS a, s.b CASCADE;');
  assert.ok(c.type === 'drop-index' && c.concurrently && c.cascade);
  if (c.type === 'drop-index') assert.deepEqual(c.names, ['a', 's.b']);
  assert.equal(classify('CREATE OR REPLACE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;').type, 'other');
});

test('classifier: ALTER TABLE actions split on top-level commas', () => {
  const text =
    "ALTER TABLE IF EXISTS ONLY public.orders ADD COLUMN IF NOT EXISTS a numeric(10, 2) DEFAULT random() NOT NULL, ALTER COLUMN b TYPE bigint USING b::bigint, ALTER COLUMN c SET NOT NULL, ADD CONSTRAINT fk FOREIGN KEY (x) REFERENCES y (id) NOT VALID, ADD CONSTRAINT ck CHECK (d IS NOT NULL), DROP COLUMN e, VALIDATE CONSTRAINT fk;";
  const info = classify(text);
  assert.equal(info.type, 'alter-table');
  if (info.type !== 'alter-table') return;
  assert.equal(info.table?.name, 'public.orders');
  assert.deepEqual(
    info.actions.map((a) => [a.kind, a.column ?? a.constraintName ?? '']),
    [
      ['add-column', 'a'],
      ['alter-column-type', 'b'],
      ['set-not-null', 'c'],
      ['add-constraint', 'fk'],
      ['add-constraint', 'ck'],
      ['drop-column', 'e'],
      ['validate-constraint', 'fk'],
    ],
  );
  assert.equal(info.actions[0].volatileDefault, 'random()');
  assert.equal(info.actions[0].notNull, true);
  assert.equal(info.actions[3].notValid, true);
  assert.equal(info.actions[4].checksNotNullOf, 'd');
  assert.equal(text.slice(info.actions[1].start, info.actions[1].end), 'ALTER COLUMN b TYPE bigint USING b::bigint');
});

test('classifier: MySQL ALTER actions and ALGORITHM/LOCK clauses', () => {
  const info = classify('ALTER TABLE `shop`.`orders` MODIFY total DECIMAL(12,2), ADD UNIQUE KEY uk (a), ADD FULLTEXT INDEX ft (b), ALGORITHM = inplace, LOCK=NONE;', 'mysql');
  assert.equal(info.type, 'alter-table');
  if (info.type !== 'alter-table') return;
  assert.deepEqual(info.table?.parts, ['shop', 'orders']);
  assert.deepEqual(info.actions.map((a) => a.kind), ['modify-column', 'add-index', 'add-index', 'algorithm', 'lock']);
  assert.equal(info.actions[2].fulltext, true);
  assert.deepEqual([info.algorithm, info.lock], ['INPLACE', 'NONE']);
});

test('classifier: UPDATE/DELETE with WHERE, CTEs, LIMIT and selectivity', () => {
  const u = classify("WITH x AS (SELECT 1 WHERE true) UPDATE ONLY orders o SET a = (SELECT b FROM c WHERE d) WHERE o.id BETWEEN 1 AND 10 RETURNING *;");
  assert.ok(u.type === 'update' && u.table?.name === 'orders' && u.where && u.selective && !u.limit);
  const d = classify('DELETE FROM orders;');
  assert.ok(d.type === 'delete' && !d.where);
  const m = classify('DELETE LOW_PRIORITY FROM orders WHERE created_at < NOW() ORDER BY id LIMIT 1000;', 'mysql');
  assert.ok(m.type === 'delete' && m.limit && m.where && !m.selective);
  const s = classify("UPDATE orders SET a = 1 WHERE status = 'x';");
  assert.ok(s.type === 'update' && !s.selective);
  const inList = classify('DELETE FROM orders WHERE order_id IN (1, 2, 3);');
  assert.ok(inList.type === 'delete' && inList.selective);
});

test('classifier: what the command assessment reads too (any DROP, partitions, tables it cannot name)', () => {
  assert.deepEqual(classify('DROP VIEW report;'), { type: 'drop-other', object: 'view' });
  assert.deepEqual(classify('DROP "x";'), { type: 'drop-other', object: '' });
  const kinds = (text: string, dialect: SqlDialect = 'postgresql'): string[] => {
    const info = classify(text, dialect);
    return info.type === 'alter-table' ? info.actions.map((a) => a.kind) : [info.type];
  };
  assert.deepEqual(kinds('ALTER TABLE e DROP PARTITION p1, TRUNCATE PARTITION p2;', 'mysql'), ['drop-partition', 'truncate-partition']);
  // MySQL's words read alike in a PostgreSQL-dialect block (a fence marked only "sql"): no column is dropped.
  assert.deepEqual(kinds('ALTER TABLE t DROP INDEX i, DROP KEY k, DROP FOREIGN KEY f, DROP CHECK c;'), ['drop-index', 'drop-index', 'drop-constraint', 'drop-constraint']);
  // A placeholder for the table: the statement is still read, its table left undefined.
  const d = classify('DELETE FROM {{table}} WHERE id = {{id}};');
  assert.ok(d.type === 'delete' && d.table === undefined && d.where !== undefined);
  const u = classify('UPDATE :tbl SET a = 1;');
  assert.ok(u.type === 'update' && u.table === undefined && u.where === undefined && u.set !== undefined);
  // A placeholder for the schema only: the table is named (issue 12: templated names are opaque identifiers).
  const a = classify('ALTER TABLE {{schema}}.orders DROP COLUMN legacy;');
  assert.ok(a.type === 'alter-table' && a.table?.bare === 'orders');
  const t = classify('ALTER TABLE t_{{ .Suffix }} DROP COLUMN legacy;');
  assert.ok(t.type === 'alter-table' && t.table === undefined);
  assert.deepEqual(kinds('ALTER TABLE {{schema}}.orders DROP COLUMN legacy;'), ['drop-column']);
  // ... and the linter's analysis keeps only statements whose table it can look up.
  const kept = analyzeSql('DELETE FROM {{table}};\nALTER TABLE {{t}} ADD COLUMN a int;\nDELETE FROM jobs;\n', 'postgresql').statements;
  assert.deepEqual(kept.map((s) => s.info.type === 'delete' && s.info.table.name), ['jobs']);
});

test('classifier: lock_timeout, transactions, VACUUM FULL and CLUSTER', () => {
  const set = classify("SET LOCAL lock_timeout TO '3s';");
  assert.ok(set.type === 'set-lock-timeout' && !set.disables);
  const zero = classify('SET lock_timeout = 0;');
  assert.ok(zero.type === 'set-lock-timeout' && zero.disables);
  const fn = classify("SELECT set_config('lock_timeout', '2s', false);");
  assert.ok(fn.type === 'set-lock-timeout' && !fn.disables);
  assert.equal(classify('RESET lock_timeout;').type, 'set-lock-timeout');
  assert.equal(classify('SET statement_timeout = 0;').type, 'other');
  assert.equal(classify('BEGIN;').type, 'begin');
  assert.equal(classify('START TRANSACTION;').type, 'begin');
  assert.equal(classify('COMMIT;').type, 'commit');
  assert.equal(classify('ROLLBACK TO SAVEPOINT a;').type, 'other');
  const v = classify('VACUUM (FULL, VERBOSE) orders;');
  assert.ok(v.type === 'vacuum-full' && v.table.name === 'orders');
  assert.equal(classify('VACUUM ANALYZE orders;').type, 'other');
  const c = classify('CLUSTER VERBOSE orders USING idx;');
  assert.ok(c.type === 'cluster' && c.table.name === 'orders');
});

test('analysis: tables created earlier in the file, and the open transaction', () => {
  const text = 'ALTER TABLE t ADD COLUMN a int;\nCREATE TABLE t (id int);\nBEGIN;\nALTER TABLE t ADD COLUMN b int;\nCOMMIT;\nCREATE INDEX i ON t (a);';
  const a = analyzeSql(text, 'postgresql');
  assert.equal(a.createdTables.get('t'), 1);
  assert.deepEqual(
    a.statements.map((s) => [s.info.type, s.index, s.inTransaction >= 0]),
    [
      ['alter-table', 0, false],
      ['begin', 2, true],
      ['alter-table', 3, true],
      ['commit', 4, true],
      ['create-index', 5, false],
    ],
  );
  assert.equal(a.createdIndexes.get('i'), 5);
});

// ---------------------------------------------------------------- rules

const LARGE = { orders: 500_000_000, small_lookup: 120, 'public.payments': 80_000_000 };

test('blocking-ddl-large-table: names the lock and the safe sequence on a large table', () => {
  const text = 'ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2), ADD COLUMN note text;';
  const f = blockingDdlLargeTable.check(ctx(text, { tables: LARGE }));
  assert.equal(f.length, 1);
  assert.equal(at(text, f[0]), 'ALTER COLUMN total TYPE numeric(12,2)');
  assert.equal(f[0].severity, undefined);
  assert.match(f[0].message, /ACCESS EXCLUSIVE/);
  assert.match(f[0].message, /500,000,000 rows/);
  assert.match(f[0].message, /add a new nullable column.*backfill it in batches/);
});

test('blocking-ddl-large-table: volatile defaults rewrite, constant and stable ones do not', () => {
  const flagged = (sql: string): number => blockingDdlLargeTable.check(ctx(sql, { tables: LARGE })).length;
  assert.equal(flagged('ALTER TABLE orders ADD COLUMN a uuid DEFAULT gen_random_uuid();'), 1);
  assert.equal(flagged('ALTER TABLE orders ADD COLUMN a timestamptz DEFAULT clock_timestamp();'), 1);
  assert.equal(flagged('ALTER TABLE orders ADD COLUMN a bigserial;'), 1);
  assert.equal(flagged('ALTER TABLE orders ADD COLUMN a int GENERATED ALWAYS AS IDENTITY;'), 1);
  assert.equal(flagged('ALTER TABLE orders ADD COLUMN a int GENERATED ALWAYS AS (b * 2) STORED;'), 1);
  assert.equal(flagged('ALTER TABLE orders ADD COLUMN a int NOT NULL;'), 1, 'NOT NULL without default fails on a non-empty table');
  assert.equal(flagged('ALTER TABLE orders ADD COLUMN a text UNIQUE;'), 1);
  assert.equal(flagged('ALTER TABLE orders ADD COLUMN a timestamptz DEFAULT now();'), 0, 'now() is stable');
  assert.equal(flagged("ALTER TABLE orders ADD COLUMN a text NOT NULL DEFAULT 'x';"), 0);
  assert.equal(flagged('ALTER TABLE orders ADD COLUMN a text;'), 0);
  assert.equal(flagged('ALTER TABLE orders DROP COLUMN a, RENAME COLUMN b TO c;'), 0);
  assert.equal(flagged("ALTER TABLE orders ALTER COLUMN a SET DEFAULT 'x';"), 0);
});

test('blocking-ddl-large-table: constraints, with a NOT VALID + VALIDATE suggestion for named ones', () => {
  const text = 'ALTER TABLE orders ADD CONSTRAINT orders_fk FOREIGN KEY (c) REFERENCES customers (id);\nSELECT 1;';
  const [f] = blockingDdlLargeTable.check(ctx(text, { tables: LARGE }));
  assert.match(f.message, /SHARE ROW EXCLUSIVE/);
  assert.equal(f.fix, undefined);
  assert.equal(f.suggestions?.length, 1);
  const fixed = applyEdits(text, f.suggestions![0].edits);
  assert.equal(
    fixed,
    'ALTER TABLE orders ADD CONSTRAINT orders_fk FOREIGN KEY (c) REFERENCES customers (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_fk;\nSELECT 1;',
  );
  assert.deepEqual(blockingDdlLargeTable.check(ctx(fixed, { tables: LARGE })), []);
  const pk = blockingDdlLargeTable.check(ctx('ALTER TABLE orders ADD PRIMARY KEY (id);', { tables: LARGE }));
  assert.match(pk[0].message, /CREATE UNIQUE INDEX CONCURRENTLY/);
  assert.deepEqual(blockingDdlLargeTable.check(ctx('ALTER TABLE orders ADD CONSTRAINT pk PRIMARY KEY USING INDEX idx;', { tables: LARGE })), []);
});

test('blocking-ddl-large-table: SET NOT NULL suggestion replaces the statement with the PG 12+ sequence, which lints clean', () => {
  const text = 'ALTER TABLE public.payments ALTER COLUMN settled_at SET NOT NULL;';
  const [f] = blockingDdlLargeTable.check(ctx(text, { tables: LARGE }));
  assert.match(f.message, /scans the whole table/);
  const fixed = applyEdits(text, f.suggestions![0].edits);
  assert.match(fixed, /CHECK \(settled_at IS NOT NULL\) NOT VALID;\nALTER TABLE public\.payments VALIDATE CONSTRAINT payments_settled_at_not_null;/);
  assert.deepEqual(blockingDdlLargeTable.check(ctx(fixed, { tables: LARGE })), []);
});

test('blocking-ddl-large-table: info for unknown sizes, silence for small, new tables and MySQL', () => {
  const text = 'ALTER TABLE invoices ALTER COLUMN amount TYPE bigint;';
  const [f] = blockingDdlLargeTable.check(ctx(text));
  assert.equal(f.severity, 'info');
  assert.match(f.message, /Size of invoices unknown/);
  assert.match(f.message, /tables: \{ invoices: 500000000 \}/);
  assert.deepEqual(blockingDdlLargeTable.check(ctx(text, { tables: { invoices: 5000 } })), []);
  assert.deepEqual(blockingDdlLargeTable.check(ctx(text, { tables: { invoices: 5000 }, largeTableRows: 1000 })).length, 1);
  assert.deepEqual(blockingDdlLargeTable.check(ctx(`CREATE TABLE invoices (amount int);\n${text}`)), []);
  assert.deepEqual(blockingDdlLargeTable.check(ctx('ALTER TABLE orders MODIFY total BIGINT;', { dialect: 'mysql', tables: LARGE })), []);
  // Only statements that would be flagged when large get the info finding.
  assert.deepEqual(blockingDdlLargeTable.check(ctx('ALTER TABLE invoices ADD COLUMN a text;')), []);
});

test('index-without-concurrently: the fix inserts CONCURRENTLY and re-lints clean', () => {
  const text = 'SET lock_timeout = \'5s\';\nCREATE UNIQUE INDEX IF NOT EXISTS idx ON orders (a);\nDROP INDEX old_idx;';
  const f = indexWithoutConcurrently.check(ctx(text, { tables: LARGE }));
  assert.equal(f.length, 2);
  assert.equal(at(text, f[0]), 'CREATE UNIQUE INDEX IF NOT EXISTS idx ON orders');
  assert.match(f[0].message, /SHARE lock/);
  assert.match(f[0].message, /500,000,000 rows/);
  assert.match(f[1].message, /ACCESS EXCLUSIVE/);
  const fixed = applyEdits(text, [...f[0].fix!.edits, ...f[1].fix!.edits]);
  assert.equal(fixed, "SET lock_timeout = '5s';\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx ON orders (a);\nDROP INDEX CONCURRENTLY old_idx;");
  assert.deepEqual(indexWithoutConcurrently.check(ctx(fixed, { tables: LARGE })), []);
});

test('index-without-concurrently: skips small and new tables, comments, strings and function bodies', () => {
  const text = [
    'CREATE TABLE t (a int);',
    'CREATE INDEX t_a ON t (a);',
    'DROP INDEX t_a;',
    'CREATE INDEX s ON small_lookup (code);',
    '-- CREATE INDEX c ON orders (a);',
    "SELECT 'CREATE INDEX c ON orders (a)';",
    'CREATE FUNCTION f() RETURNS void AS $$ CREATE INDEX c ON orders (a); $$ LANGUAGE sql;',
  ].join('\n');
  assert.deepEqual(indexWithoutConcurrently.check(ctx(text, { tables: LARGE })), []);
  // Unknown size: still flagged (a warning, not an info), so none is missed.
  const unknown = indexWithoutConcurrently.check(ctx('CREATE INDEX i ON invoices (a);'));
  assert.equal(unknown.length, 1);
  assert.equal(unknown[0].severity, undefined);
  // MySQL builds indexes online.
  assert.deepEqual(indexWithoutConcurrently.check(ctx('CREATE INDEX i ON orders (a);', { dialect: 'mysql', tables: LARGE })), []);
});

test('index-without-concurrently: inside BEGIN the fix becomes a suggestion, and CONCURRENTLY there is an error', () => {
  const text = 'BEGIN;\nCREATE INDEX a ON orders (x);\nCREATE INDEX CONCURRENTLY b ON orders (y);\nCOMMIT;\nCREATE INDEX CONCURRENTLY c ON orders (z);';
  const f = indexWithoutConcurrently.check(ctx(text, { tables: LARGE }));
  assert.equal(f.length, 2);
  assert.equal(f[0].fix, undefined);
  assert.equal(f[0].suggestions?.[0].title, 'Add CONCURRENTLY to CREATE INDEX');
  assert.match(f[0].message, /transaction block at line 1 \(BEGIN\)/);
  assert.equal(f[1].severity, 'error');
  assert.match(f[1].message, /cannot run inside a transaction block/);
  assert.equal(at(text, f[1]), 'CREATE INDEX');
  // DROP INDEX of several indexes cannot be made concurrent in one statement.
  const multi = indexWithoutConcurrently.check(ctx('DROP INDEX a, b;'));
  assert.equal(multi[0].fix, undefined);
  assert.equal(multi[0].suggestions, undefined);
});

test('missing-lock-timeout: one finding at the first lock-taking DDL, with an indented fix', () => {
  const text = "-- migration\n  ALTER TABLE orders ADD COLUMN a text;\n  CREATE INDEX i ON orders (a);";
  const f = missingLockTimeout.check(ctx(text));
  assert.equal(f.length, 1);
  assert.equal(at(text, f[0]), 'ALTER TABLE orders');
  assert.match(f[0].message, /lock queue/);
  const fixed = applyEdits(text, f[0].fix!.edits);
  assert.equal(fixed, "-- migration\n  SET lock_timeout = '5s';\n  ALTER TABLE orders ADD COLUMN a text;\n  CREATE INDEX i ON orders (a);");
  assert.deepEqual(missingLockTimeout.check(ctx(fixed)), []);
  assert.match(missingLockTimeout.check(ctx(text, { options: { value: '2s' } }))[0].fix!.edits[0].newText, /'2s'/);
});

test('missing-lock-timeout: what counts as set, reset, and as lock-taking', () => {
  const n = (sql: string): number => missingLockTimeout.check(ctx(sql)).length;
  assert.equal(n("SET lock_timeout TO '3s'; ALTER TABLE t ADD COLUMN a int;"), 0);
  assert.equal(n("BEGIN; SET LOCAL lock_timeout = '3s'; DROP TABLE t; COMMIT;"), 0);
  assert.equal(n("SELECT set_config('lock_timeout', '3s', false); TRUNCATE t;"), 0);
  assert.equal(n("SET lock_timeout = '3s'; SET lock_timeout = 0; ALTER TABLE t ADD COLUMN a int;"), 1);
  assert.equal(n("SET lock_timeout = '3s'; RESET lock_timeout; ALTER TABLE t ADD COLUMN a int;"), 1);
  assert.equal(n('CREATE INDEX CONCURRENTLY i ON t (a); SELECT 1; INSERT INTO t VALUES (1);'), 0);
  assert.equal(n('CREATE TABLE t (a int); ALTER TABLE t ADD COLUMN b int; CREATE INDEX i ON t (a); DROP TABLE t;'), 0);
  // A plain DROP INDEX is index-without-concurrently's finding (see the next test).
  assert.equal(n('DROP INDEX i;'), 0);
  assert.equal(missingLockTimeout.check(ctx('DROP INDEX i;', { rules: { 'index-without-concurrently': 'off' } })).length, 1);
  assert.equal(n('VACUUM FULL t;'), 1);
  assert.equal(n('ALTER TABLE small_lookup ADD COLUMN a int;'), 1, 'a small hot table stalls just the same');
  assert.equal(missingLockTimeout.check(ctx('ALTER TABLE t ADD COLUMN a int;', { dialect: 'mysql' })).length, 0);
});

test('missing-lock-timeout: leaves a plain CREATE/DROP INDEX to index-without-concurrently, unless that rule is off', () => {
  const text = 'CREATE INDEX idx ON orders (status, created_at DESC);';
  // One root cause, one finding: CONCURRENTLY removes both the write block and the lock wait.
  assert.equal(indexWithoutConcurrently.check(ctx(text, { tables: LARGE })).length, 1);
  assert.deepEqual(missingLockTimeout.check(ctx(text, { tables: LARGE })), []);
  assert.deepEqual(missingLockTimeout.check(ctx(text)), [], 'unknown size: index-without-concurrently reports it');
  assert.deepEqual(missingLockTimeout.check(ctx(`BEGIN;\n${text}\nCOMMIT;`, { tables: LARGE })), [], 'inside BEGIN it is still the sibling rule\'s finding');
  // With index-without-concurrently off (or at info, it still reports), missing-lock-timeout speaks.
  assert.deepEqual(missingLockTimeout.check(ctx(text, { tables: LARGE, rules: { 'index-without-concurrently': 'info' } })), []);
  const off = missingLockTimeout.check(ctx(text, { tables: LARGE, rules: { 'index-without-concurrently': 'off' } }));
  assert.equal(off.length, 1);
  assert.equal(at(text, off[0]), 'CREATE INDEX idx ON orders');
  assert.match(off[0].message, /needs a SHARE lock on orders/);
  assert.match(off[0].message, /every INSERT, UPDATE and DELETE on orders queues behind it \(reads continue\)/);
  assert.doesNotMatch(off[0].message, /every read/);
  // A small table is not index-without-concurrently's (a fast build), but the lock wait remains.
  const small = missingLockTimeout.check(ctx('CREATE INDEX s ON small_lookup (code);', { tables: LARGE }));
  assert.equal(small.length, 1);
  assert.match(small[0].message, /SHARE lock on small_lookup/);
  // Skipped index statements do not use up the one finding: the next lock-taking DDL is reported.
  const mixed = 'CREATE INDEX idx ON orders (a);\nALTER TABLE orders ADD COLUMN b int;';
  const m = missingLockTimeout.check(ctx(mixed, { tables: LARGE }));
  assert.equal(m.length, 1);
  assert.equal(at(mixed, m[0]), 'ALTER TABLE orders');
  assert.equal(applyEdits(mixed, m[0].fix!.edits), "CREATE INDEX idx ON orders (a);\nSET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN b int;");
});

test('missing-lock-timeout: the message names the lock and what queues behind it', () => {
  const msg = (sql: string, rules: Record<string, 'off' | LintSeverity> = {}): string => missingLockTimeout.check(ctx(sql, { rules }))[0].message;
  assert.match(msg('ALTER TABLE t ADD COLUMN a int;'), /needs an ACCESS EXCLUSIVE lock on t, .*every read and write on t queues behind it/);
  assert.match(msg('DROP INDEX i;', { 'index-without-concurrently': 'off' }), /^DROP INDEX runs without a lock_timeout: it needs an ACCESS EXCLUSIVE lock on the index's table, .*every read and write/);
  assert.match(msg('TRUNCATE t;'), /ACCESS EXCLUSIVE lock on t, .*every read and write/);
  assert.match(msg('DROP TABLE t;'), /ACCESS EXCLUSIVE lock on t/);
  assert.match(msg('VACUUM FULL t;'), /ACCESS EXCLUSIVE lock on t/);
  assert.match(msg('ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id) NOT VALID;'), /needs a SHARE ROW EXCLUSIVE lock on t, .*every INSERT, UPDATE and DELETE on t queues behind it \(reads continue\)/);
  assert.match(msg('ALTER TABLE t VALIDATE CONSTRAINT fk;'), /needs a SHARE UPDATE EXCLUSIVE lock on t, .*\(reads and writes continue\)/);
  assert.match(msg('ALTER TABLE t VALIDATE CONSTRAINT fk, ADD COLUMN b int;'), /ACCESS EXCLUSIVE/);
});

test('missing-lock-timeout: a bare number is milliseconds', () => {
  const text = 'SET lock_timeout = 5;\nALTER TABLE t ADD COLUMN a int;';
  const f = missingLockTimeout.check(ctx(text));
  assert.equal(f.length, 1);
  assert.equal(at(text, f[0]), '5');
  assert.match(f[0].message, /5 ms, not 5 seconds/);
  assert.equal(f[0].fix, undefined);
  assert.equal(applyEdits(text, f[0].suggestions![0].edits), "SET lock_timeout = '5s';\nALTER TABLE t ADD COLUMN a int;");
  assert.equal(missingLockTimeout.check(ctx("SET lock_timeout = '10';")).length, 1);
  assert.equal(missingLockTimeout.check(ctx('SET lock_timeout = 3000;')).length, 0);
});

test('mysql-online-ddl: a type change says COPY and gives gh-ost and pt-online-schema-change commands', () => {
  const text = 'ALTER TABLE `orders` MODIFY COLUMN `total` DECIMAL(12,2) NOT NULL;';
  const [f] = mysqlOnlineDdl.check(ctx(text, { dialect: 'mysql', tables: LARGE }));
  assert.equal(at(text, f), 'ALTER TABLE `orders`');
  assert.match(f.message, /MODIFY COLUMN `total` → COPY if the data type changes/);
  assert.ok(
    f.message.includes('gh-ost --host={{host}} --user={{db_user}} --ask-pass --database={{db}} --table=orders --alter="MODIFY COLUMN \\`total\\` DECIMAL(12,2) NOT NULL"'),
    f.message,
  );
  assert.ok(f.message.includes('pt-online-schema-change --alter "MODIFY COLUMN \\`total\\` DECIMAL(12,2) NOT NULL" D={{db}},t=orders'), f.message);
  assert.deepEqual(
    f.suggestions?.map((s) => applyEdits(text, s.edits)),
    [
      'ALTER TABLE `orders` MODIFY COLUMN `total` DECIMAL(12,2) NOT NULL, ALGORITHM=INPLACE, LOCK=NONE;',
      'ALTER TABLE `orders` MODIFY COLUMN `total` DECIMAL(12,2) NOT NULL, ALGORITHM=INSTANT;',
    ],
  );
  // With the guard, MySQL refuses instead of copying: nothing left to report.
  assert.deepEqual(mysqlOnlineDdl.check(ctx(applyEdits(text, f.suggestions![0].edits), { dialect: 'mysql', tables: LARGE })), []);
});

test('mysql-online-ddl: database from a qualified name, unknown sizes, instant changes and versions', () => {
  const q = mysqlOnlineDdl.check(ctx('ALTER TABLE shop.Invoices CONVERT TO CHARACTER SET utf8mb4;', { dialect: 'mysql' }));
  assert.equal(q[0].severity, 'info');
  assert.match(q[0].message, /--database=shop --table=Invoices/);
  assert.match(q[0].message, /D=shop,t=Invoices/);
  // Instant changes on a large table: an info to pin ALGORITHM=INSTANT; nothing on unknown or small tables.
  const add = 'ALTER TABLE orders ADD COLUMN note VARCHAR(10), DROP COLUMN legacy;';
  const i = mysqlOnlineDdl.check(ctx(add, { dialect: 'mysql', tables: LARGE }));
  assert.equal(i[0].severity, 'info');
  assert.equal(applyEdits(add, i[0].suggestions![0].edits), 'ALTER TABLE orders ADD COLUMN note VARCHAR(10), DROP COLUMN legacy, ALGORITHM=INSTANT;');
  assert.deepEqual(mysqlOnlineDdl.check(ctx(add, { dialect: 'mysql' })), []);
  assert.deepEqual(mysqlOnlineDdl.check(ctx('ALTER TABLE small_lookup MODIFY code INT;', { dialect: 'mysql', tables: LARGE })), []);
  // Before 8.0.29, DROP COLUMN rebuilds the table.
  const old = mysqlOnlineDdl.check(ctx(add, { dialect: 'mysql', tables: LARGE, options: { mysqlVersion: '8.0.28' } }));
  assert.equal(old[0].severity, undefined);
  assert.match(old[0].message, /DROP COLUMN legacy → INPLACE with a table rebuild/);
  assert.deepEqual(mysqlOnlineDdl.check(ctx('ALTER TABLE orders ALTER COLUMN total TYPE bigint;', { tables: LARGE })), []);
});

test('unbatched-backfill: without WHERE on any table, and over a large table with a broad WHERE', () => {
  const text = "UPDATE small_lookup SET label = 'x';\nUPDATE orders SET archived = true WHERE created_at < now() - interval '2 years';\nUPDATE orders SET a = 1 WHERE id = 5;\nUPDATE invoices SET a = 1 WHERE status = 'x';";
  const f = unbatchedBackfill.check(ctx(text, { tables: LARGE }));
  assert.equal(f.length, 2);
  assert.equal(at(text, f[0]), 'UPDATE small_lookup');
  assert.equal(f[0].severity, undefined);
  assert.match(f[0].message, /without WHERE touches every row of small_lookup \(120 rows\)/);
  // orders is declared large: a warning (the default severity), so CI fails on it.
  assert.equal(f[1].severity, undefined);
  // Keyset batches over id ranges, each row read once (a LIMIT subquery rescans the done rows).
  assert.ok(f[1].message.includes("UPDATE orders SET archived = true WHERE id > :last_id AND id <= :last_id + 10000 AND created_at < now() - interval '2 years';"), f[1].message);
  assert.match(f[1].message, /WHERE id BETWEEN :lo AND :hi/);
  assert.match(f[1].message, /each batch committed on its own/);
  assert.doesNotMatch(f[1].message, /id IN \(SELECT/);
  // An OR filter keeps its meaning inside the range.
  const or = unbatchedBackfill.check(ctx("DELETE FROM orders WHERE status = 'a' OR status = 'b';", { tables: LARGE }));
  assert.ok(or[0].message.includes("DELETE FROM orders WHERE id > :last_id AND id <= :last_id + 10000 AND (status = 'a' OR status = 'b');"), or[0].message);
  const my = unbatchedBackfill.check(ctx('DELETE FROM `orders` WHERE created_at < NOW();', { dialect: 'mysql', tables: LARGE }));
  assert.match(my[0].message, /DELETE FROM `orders` WHERE created_at < NOW\(\) ORDER BY id LIMIT 10000/);
  assert.deepEqual(unbatchedBackfill.check(ctx('DELETE FROM orders LIMIT 1000;', { dialect: 'mysql', tables: LARGE })), []);
  assert.deepEqual(unbatchedBackfill.check(ctx('CREATE TABLE t (a int); UPDATE t SET a = 1;')), []);
});

test('every SQL rule: documented, linked to a long-running-migration step that exists', () => {
  const runbook = readFileSync(join(REPO, 'runbooks/long-running-migration.yaml'), 'utf8');
  assert.deepEqual(sqlRules.map((r) => r.id).sort(), ['blocking-ddl-large-table', 'index-without-concurrently', 'missing-lock-timeout', 'mysql-online-ddl', 'unbatched-backfill']);
  for (const r of sqlRules) {
    assert.equal(r.runbook?.runbookId, 'long-running-migration');
    assert.ok(runbook.includes(`- id: ${r.runbook?.stepId}\n`), `${r.id}: step ${r.runbook?.stepId}`);
    assert.deepEqual(r.fileKinds, ['sql']);
    const doc = readFileSync(join(REPO, 'docs/rules', `${r.id}.md`), 'utf8');
    assert.ok(doc.includes(`runbook-lint-disable-next-line ${r.id}`), `${r.id} doc explains how to silence it`);
  }
});

// ---------------------------------------------------------------- fixtures (until the engine's runner exists)

interface FixtureConfig {
  dialect?: SqlDialect;
  tables: Record<string, number>;
  largeTableRows?: number;
}

/** The nearest `.runbooklint.yaml` from the file's folder up to the fixtures root (nearest wins). */
function fixtureConfig(file: string, root: string): FixtureConfig {
  for (let dir = dirname(file); dir.startsWith(root); dir = dirname(dir)) {
    const p = join(dir, '.runbooklint.yaml');
    if (!existsSync(p)) continue;
    const y = parseYaml(readFileSync(p, 'utf8')) as { sql?: { dialect?: SqlDialect }; tables?: Record<string, number>; largeTableRows?: number };
    const tables: Record<string, number> = {};
    for (const [k, v] of Object.entries(y.tables ?? {})) tables[k.toLowerCase()] = v;
    return { dialect: y.sql?.dialect, tables, largeTableRows: y.largeTableRows };
  }
  return { tables: {} };
}

function sqlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sqlFiles(p) : f.endsWith('.sql') ? [p] : [];
  });
}

function lineOfOffset(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

for (const rule of sqlRules as readonly Rule[]) {
  test(`fixtures: ${rule.id}`, () => {
    const root = join(REPO, 'test/fixtures/rules', rule.id);
    const files = sqlFiles(root);
    assert.ok(files.some((f) => /bad/.test(f)) && files.some((f) => /good/.test(f)), 'bad and good fixtures');
    for (const file of files) {
      const name = relative(root, file);
      const text = readFileSync(file, 'utf8');
      const cfg = fixtureConfig(file, root);
      const c = ctx(text, { dialect: cfg.dialect ?? 'postgresql', tables: cfg.tables, largeTableRows: cfg.largeTableRows });
      const expected: number[] = [];
      text.split('\n').forEach((line, i) => {
        const m = /--\s*expect:\s*([\w-, ]+)/.exec(line);
        if (m && m[1].split(',').map((s) => s.trim()).includes(rule.id)) expected.push(i + 2);
      });
      const findings = rule.check(c);
      assert.deepEqual(findings.map((f) => lineOfOffset(text, f.start)), expected, `${name}: finding lines`);
      if (/good/.test(name)) assert.equal(findings.length, 0, `${name} has no findings`);
      // Other SQL rules stay quiet on this folder's fixtures, so any runner can use them.
      for (const other of sqlRules) {
        if (other !== rule) assert.deepEqual(other.check(c).map((f) => `${other.id}:${lineOfOffset(text, f.start)}`), [], `${name}: ${other.id}`);
      }
      // Fixes applied, then re-linted: only the findings without a fix remain.
      const edits = findings.flatMap((f) => f.fix?.edits ?? []);
      if (edits.length) {
        const relinted = rule.check({ ...c, text: applyEdits(text, edits) });
        assert.equal(relinted.length, findings.filter((f) => !f.fix).length, `${name}: clean after fixes`);
        assert.ok(relinted.every((f) => !f.fix));
      }
    }
  });
}

test('analysis results keep no reused tokens: a kept token still points at its own statement', () => {
  const text = "SET lock_timeout = '2';\nCREATE INDEX idx_a ON orders (a);\nUPDATE orders SET b = 1 WHERE c = 'x';\nALTER TABLE orders ADD COLUMN d int;\n";
  const a = analyzeSql(text, 'postgresql');
  const set = a.statements[0].info;
  assert.ok(set.type === 'set-lock-timeout' && set.value);
  assert.equal(text.slice(set.value.start, set.value.end), "'2'");
  assert.equal(set.value.kind, 'string');
  assert.deepEqual(
    a.statements.map((s) => s.info.type),
    ['set-lock-timeout', 'create-index', 'update', 'alter-table'],
  );
  // Public tokenizers still hand out fresh tokens that later tokenizing does not change.
  const toks = tokenizeSql(text, 0, 22, 'postgresql');
  const before = toks.map((t) => ({ ...t }));
  analyzeSql(`${text}-- changed\n`, 'postgresql');
  assert.deepEqual(toks, before);
});

test("each SQL rule's declared statement types: the rule finds the same with every statement handed to it", () => {
  // The engine hands a statement only to the passes whose `types` name its type; a rule that
  // left a type out would miss findings on it. Each rule, with `types` dropped, must agree.
  const everything = (rule: Rule, c: LintContext): RuleFinding[] => {
    const pass = rule.sqlPass?.(c);
    return checkWithPass(c, pass && { statement: (s, a) => pass.statement(s, a), get findings() { return pass.findings; } });
  };
  const texts: { name: string; text: string; dialect: SqlDialect; tables?: Record<string, number> }[] = [];
  for (const file of [...sqlFiles(join(REPO, 'test/fixtures')), ...sqlFiles(join(REPO, 'examples'))]) {
    const text = readFileSync(file, 'utf8');
    const dialect: SqlDialect = /mysql/.test(file) || /\bENGINE\s*=|AUTO_INCREMENT/i.test(text) ? 'mysql' : 'postgresql';
    texts.push({ name: file, text, dialect });
    texts.push({ name: `${file} (tables large)`, text, dialect, tables: Object.fromEntries([...text.matchAll(/\b(?:TABLE|ON|UPDATE|FROM|INTO)\s+(?:ONLY\s+)?([A-Za-z_][\w.]*)/gi)].map((m) => [m[1].toLowerCase(), 900_000_000])) });
  }
  let compared = 0;
  for (const rule of sqlRules as readonly Rule[]) {
    assert.ok(rule.sqlPass?.(ctx('SELECT 1;'))?.types ?? rule.sqlPass?.(ctx('SELECT 1;', { dialect: 'mysql' }))?.types, `${rule.id} declares its statement types`);
    for (const t of texts) {
      const c = ctx(t.text, { dialect: t.dialect, tables: t.tables });
      const strip = (fs: RuleFinding[]): unknown => fs.map((f) => ({ start: f.start, end: f.end, message: f.message, severity: f.severity }));
      assert.deepStrictEqual(strip(everything(rule, c)), strip(rule.check(c)), `${rule.id}: ${t.name}`);
      compared++;
    }
  }
  assert.ok(compared > 100, `${compared} comparisons`);
});
