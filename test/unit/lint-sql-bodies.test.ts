// The scanner sees every statement that runs (issue 12, part 3): those of DO blocks, of
// procedures the same file CALLs (MySQL with and without DELIMITER, PostgreSQL), through
// templated names, and after COPY ... FROM stdin data. Fixtures: test/fixtures/statements/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintText } from '../../src/core/lint/engine';
import { defaultLintConfig } from '../../src/core/lint/lintConfig';
import type { Finding } from '../../src/core/lint/types';
import { analyzeSql } from '../../src/core/sql/analysis';
import { classifyStatement } from '../../src/core/sql/classify';
import { scanSql, splitSql, tokenizeSql, tokenText } from '../../src/core/sql/scanner';
import type { SqlDialect } from '../../src/core/sql/types';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'statements');
const fixture = (rel: string): { file: string; text: string } => {
  const file = path.join(FIXTURES, rel);
  return { file, text: readFileSync(file, 'utf8') };
};
const statements = (text: string, dialect: SqlDialect = 'postgresql'): string[] => scanSql(text, dialect).statements.map((s) => text.slice(s.start, s.end));
const lintFixture = (rel: string): Finding[] => {
  const { file, text } = fixture(rel);
  return lintText(text, file, defaultLintConfig()).findings;
};
const rulesByLine = (findings: Finding[]): string[] => findings.map((f) => `${f.line} ${f.ruleId}`);
/** Milliseconds `f` takes (the best of three runs: this machine is shared). */
function ms(f: () => void): number {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

describe('DO blocks: their statements run at once and are linted', () => {
  it('finds the ALTER TABLE and CREATE INDEX inside a Flyway-style DO block', () => {
    const findings = lintFixture('flyway/V12__tenant_column.sql');
    assert.deepEqual(rulesByLine(findings), ['13 missing-lock-timeout', '14 index-without-concurrently']);
    // The block is one transaction: CONCURRENTLY cannot be added there, so the edit is only suggested.
    const index = findings[1];
    assert.equal(index.fix, undefined);
    assert.equal(index.suggestions?.length, 1);
  });

  it('strips PL/pgSQL control words, keeps declarations and END out, reads nested dollar quotes and labels', () => {
    const text = [
      'DO LANGUAGE plpgsql $body$',
      'DECLARE r record; n int := 0;',
      'BEGIN',
      '  <<outer>>',
      '  FOR r IN SELECT id FROM t LOOP',
      "    EXECUTE format($f$UPDATE %I SET a = 1$f$, 't' || r.id);",
      '    UPDATE t SET seen = true WHERE id = r.id;',
      '  END LOOP outer;',
      '  IF n > 0 THEN ALTER TABLE t ADD COLUMN x int; ELSIF n < 0 THEN DROP INDEX t_idx; ELSE TRUNCATE t; END IF;',
      '  WHILE n < 3 LOOP n := n + 1; END LOOP;',
      'EXCEPTION WHEN others THEN NULL;',
      'END $body$;',
      'SELECT 1;',
    ].join('\n');
    assert.deepEqual(statements(text).slice(1), [
      "EXECUTE format($f$UPDATE %I SET a = 1$f$, 't' || r.id)",
      'UPDATE t SET seen = true WHERE id = r.id',
      'ALTER TABLE t ADD COLUMN x int',
      'DROP INDEX t_idx',
      'TRUNCATE t',
      'n := n + 1',
      'NULL',
      'SELECT 1',
    ]);
    assert.ok(statements(text)[0].startsWith('DO LANGUAGE plpgsql $body$'));
    // Classified as inside the block's transaction.
    const alter = analyzeSql(text, 'postgresql').statements.find((s) => s.info.type === 'alter-table');
    assert.equal(alter?.inTransaction, 0);
  });

  it('does not read a function body (created, not run) or a DO block in another dialect', () => {
    const fn = "CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN UPDATE t SET a = 1; RETURN NEW; END $$ LANGUAGE plpgsql;";
    assert.equal(statements(fn).length, 1);
    assert.deepEqual(statements('SELECT $$x; y$$; DO 1;'), ['SELECT $$x; y$$', 'DO 1']);
  });

  it('an ignore comment inside the block applies to the statement after it', () => {
    const text = "DO $$\nBEGIN\n  -- runbook-lint-disable-next-line missing-lock-timeout\n  ALTER TABLE accounts ADD COLUMN a int;\nEND $$;\n";
    assert.deepEqual(rulesByLine(lintText(text, 'V1.sql', defaultLintConfig()).findings), []);
  });

  it('a DO block whose $$ never closes reads to the end of the file, in linear time', () => {
    const body = 'ALTER TABLE t ADD COLUMN c int;\n'.repeat(50_000);
    const text = `DO $$ BEGIN\n${body}`;
    assert.equal(statements(text).length, 50_001);
    const t = ms(() => analyzeSql(`${text} `, 'postgresql'));
    assert.ok(t < 1500, `${t} ms`);
  });

  it('hostile bodies on one line: comments and dollar quotes that never close inside their block stay linear', () => {
    for (const block of [(i: number) => `DO $$ -- x${i} $$;`, (i: number) => `DO $$ /* x${i} $$;`, (i: number) => `DO $$ BEGIN PERFORM $t${i}$ x; $$;`]) {
      const text = Array.from({ length: 50_000 }, (_, i) => block(i)).join(' ');
      const t = ms(() => analyzeSql(`${text} `, 'postgresql'));
      assert.ok(t < 1000, `${block(0)}: ${t} ms`);
    }
  });

  it('a huge DO block costs about what the same statements outside one cost', () => {
    const stmts = 'UPDATE t SET a = 1 WHERE id = 5;\n'.repeat(40_000);
    const inside = ms(() => splitSql(`DO $$ BEGIN\n${stmts}END $$;\n`, 'postgresql', true, true));
    const outside = ms(() => splitSql(stmts, 'postgresql', false, true));
    assert.ok(inside < outside * 6 + 50, `inside ${inside} ms, outside ${outside} ms`);
  });
});

describe('procedures the file CALLs: their statements are linted', () => {
  it('with DELIMITER (Temporal-style schema update)', () => {
    const { text } = fixture('mysql/with_delimiter.sql');
    const stmts = statements(text, 'mysql');
    assert.ok(stmts.includes('ALTER TABLE executions MODIFY COLUMN data MEDIUMBLOB'), stmts.join('\n'));
    assert.ok(stmts.includes('CALL add_history_size_bytes()'));
    assert.ok(stmts.includes('DROP PROCEDURE add_history_size_bytes'));
    assert.deepEqual(rulesByLine(lintFixture('mysql/with_delimiter.sql')), ['11 mysql-online-ddl']);
  });

  it('without DELIMITER the procedure is one statement to the ; after its END, not split at its inner semicolons', () => {
    const { text } = fixture('mysql/without_delimiter.sql');
    const stmts = statements(text, 'mysql');
    assert.ok(stmts[0].startsWith('CREATE PROCEDURE widen_task_data()') && stmts[0].endsWith('END IF;\nEND'), stmts[0]);
    assert.deepEqual(stmts.slice(1), [
      "SELECT COUNT(*) INTO n FROM information_schema.COLUMNS\n    WHERE TABLE_NAME = 'tasks' AND COLUMN_NAME = 'data' AND DATA_TYPE = 'blob'",
      'ALTER TABLE tasks MODIFY COLUMN data MEDIUMBLOB',
      'CALL widen_task_data()',
      'DROP PROCEDURE widen_task_data',
      'ALTER TABLE tasks ADD COLUMN note VARCHAR(64), ALGORITHM=INSTANT',
    ]);
    assert.deepEqual(rulesByLine(lintFixture('mysql/without_delimiter.sql')), ['7 mysql-online-ddl']);
  });

  it('a procedure the file does not CALL is not linted, and what follows it is', () => {
    const { text } = fixture('mysql/not_called.sql');
    assert.deepEqual(statements(text, 'mysql').slice(1), ['ALTER TABLE tasks ADD COLUMN note2 VARCHAR(64), ALGORITHM=INSTANT']);
    assert.deepEqual(rulesByLine(lintFixture('mysql/not_called.sql')), []);
  });

  it('counts BEGIN and CASE against END; END IF/LOOP/WHILE/REPEAT close nothing they opened; CALL may qualify or quote the name', () => {
    const text = [
      'CREATE DEFINER=`admin`@`%` PROCEDURE `app`.`fix`(IN lim INT)',
      'lbl: BEGIN',
      '  DECLARE i INT DEFAULT 0;',
      '  SET i = CASE WHEN lim > 0 THEN lim ELSE 1 END;',
      '  CASE i WHEN 1 THEN DELETE FROM jobs; ELSE BEGIN UPDATE jobs SET a = 1; END; END CASE;',
      '  WHILE i > 0 DO SET i = i - 1; END WHILE;',
      '  REPEAT SET i = i + 1; UNTIL i > 3 END REPEAT;',
      '  l2: LOOP LEAVE l2; END LOOP l2;',
      'END lbl;',
      'CALL app.`FIX`(10);',
      'SELECT 2;',
    ].join('\n');
    const stmts = statements(text, 'mysql');
    assert.ok(stmts[0].endsWith('END lbl'), stmts[0]);
    assert.deepEqual(stmts.slice(1), [
      'SET i = CASE WHEN lim > 0 THEN lim ELSE 1 END',
      'DELETE FROM jobs',
      'UPDATE jobs SET a = 1',
      'SET i = i - 1',
      'SET i = i + 1',
      'UNTIL i > 3 END REPEAT',
      'LEAVE l2',
      'CALL app.`FIX`(10)',
      'SELECT 2',
    ]);
  });

  it('functions, triggers and events are read whole but not linted (they run later, if at all)', () => {
    const text = 'CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN SET NEW.x = 1; DELETE FROM b; END;\nCREATE FUNCTION f() RETURNS INT DETERMINISTIC RETURN 1;\nSELECT 3;';
    assert.deepEqual(statements(text, 'mysql').map((s) => s.slice(0, 14)), ['CREATE TRIGGER', 'CREATE FUNCTIO', 'SELECT 3']);
  });

  it('PostgreSQL: a procedure CALLed in the same file is linted; one only created is not', () => {
    const text = 'CREATE PROCEDURE backfill() LANGUAGE plpgsql AS $$\nBEGIN\n  ALTER TABLE orders ADD COLUMN paid boolean;\nEND $$;\n';
    assert.equal(statements(text).length, 1);
    assert.deepEqual(statements(`${text}CALL backfill();\n`).slice(1), ['ALTER TABLE orders ADD COLUMN paid boolean', 'CALL backfill()']);
  });

  it('a routine whose END never comes: the file is read as before, split at every ;', () => {
    const text = 'CREATE PROCEDURE p()\nBEGIN\n  ALTER TABLE t ADD COLUMN a INT;\nCALL p();\nALTER TABLE u ADD COLUMN b INT;\n';
    assert.deepEqual(statements(text, 'mysql'), ['CREATE PROCEDURE p()\nBEGIN\n  ALTER TABLE t ADD COLUMN a INT', 'CALL p()', 'ALTER TABLE u ADD COLUMN b INT']);
  });

  it('10,000 DELIMITER lines and 10,000 unclosed routines stay linear', () => {
    const delimiters = Array.from({ length: 10_000 }, (_, i) => `DELIMITER ${['//', '$$', ';;', ';'][i % 4]}\nSELECT ${i}${['//', '$$', ';;', ';'][i % 4]}\n`).join('');
    assert.equal(statements(delimiters, 'mysql').length, 10_000);
    assert.ok(ms(() => splitSql(delimiters, 'mysql', true, true)) < 300);
    const unclosed = 'CREATE PROCEDURE p() BEGIN SELECT 1;\n'.repeat(10_000);
    assert.equal(statements(unclosed, 'mysql').length, 10_000);
    assert.ok(ms(() => splitSql(unclosed, 'mysql', true, true)) < 300);
    const called = 'CREATE PROCEDURE p() BEGIN ALTER TABLE t ADD c INT; END;\nCALL p();\n'.repeat(10_000);
    assert.equal(statements(called, 'mysql').length, 30_000);
    assert.ok(ms(() => splitSql(called, 'mysql', true, true)) < 500);
  });
});

describe('templated names are opaque identifiers', () => {
  const classify = (sql: string, dialect: SqlDialect = 'postgresql') => classifyStatement(sql, scanSql(sql, dialect).statements[0], dialect);

  it('one token each: Go templates, Flyway and Liquibase placeholders, psql variables', () => {
    const tok = (sql: string, d: SqlDialect = 'postgresql'): string[] => tokenizeSql(sql, 0, sql.length, d).map((t) => tokenText(sql, t));
    assert.deepEqual(tok('ALTER TABLE {{ index .Options "Namespace" }}.users'), ['ALTER', 'TABLE', '{{ index .Options "Namespace" }}', '.', 'users']);
    assert.deepEqual(tok('${flyway:defaultSchema}.orders'), ['${flyway:defaultSchema}', '.', 'orders']);
    assert.deepEqual(tok('${schema}.orders', 'mysql'), ['${schema}', '.', 'orders']);
    assert.deepEqual(tok("t_{{ .Suffix }}_x :schema.a :'v' :\"s\".b"), ['t_{{ .Suffix }}_x', ':schema', '.', 'a', ":'v'", ':"s"', '.', 'b']);
    // Not templates: a cast, a positional parameter, an unclosed brace.
    assert.deepEqual(tok('x::int $1 ${ a'), ['x', ':', ':', 'int', '$1', '$', '{', 'a']);
  });

  it('ALTER TABLE through a templated schema is classified and names its table', () => {
    for (const [sql, bare] of [
      ['ALTER TABLE {{ index .Options "Namespace" }}.users ADD COLUMN status text NOT NULL DEFAULT \'active\';', 'users'],
      ['ALTER TABLE ${flyway:defaultSchema}.orders ALTER COLUMN total TYPE numeric(14,2);', 'orders'],
      ['ALTER TABLE :schema.orders ALTER COLUMN status SET NOT NULL;', 'orders'],
    ]) {
      const info = classify(sql);
      assert.ok(info.type === 'alter-table' && info.table?.bare === bare, `${sql}: ${JSON.stringify(info)}`);
    }
  });

  it('the fixtures are linted like their plain-named versions', () => {
    assert.deepEqual(rulesByLine(lintFixture('templates/000042_add_users_status.up.sql')), ['1 missing-lock-timeout', '2 index-without-concurrently']);
    assert.deepEqual(rulesByLine(lintFixture('templates/V3__orders_placeholders.sql')), ['1 missing-lock-timeout', '1 blocking-ddl-large-table']);
    assert.deepEqual(rulesByLine(lintFixture('templates/psql_variables.sql')), ['2 missing-lock-timeout', '2 blocking-ddl-large-table']);
    // A known size applies through the template: the table is looked up by its name.
    const { file, text } = fixture('templates/V3__orders_placeholders.sql');
    const big = lintText(text, file, { ...defaultLintConfig(), tables: { orders: 50_000_000 } }).findings.find((f) => f.ruleId === 'blocking-ddl-large-table');
    assert.equal(big?.severity, 'error');
  });

  it('an unclosed {{ in a long statement costs linear time', () => {
    for (const open of ['{{ x ', '${ x ', ":'x ", ':"x ']) {
      const sql = `ALTER TABLE t ADD COLUMN a int DEFAULT ${open.repeat(100_000)};`;
      const t = ms(() => tokenizeSql(sql, 0, sql.length, 'postgresql'));
      assert.ok(t < 300, `${open}: ${t} ms`);
    }
  });
});

describe('COPY ... FROM stdin: the data is skipped up to \\.', () => {
  it('pg_dump output: data rows with ; and quotes are not statements, the ALTER after \\. is kept', () => {
    const { text } = fixture('pg_dump/dump.sql');
    const stmts = statements(text);
    assert.deepEqual(stmts.slice(-2), ['COPY public.notes (id, body) FROM stdin', 'ALTER TABLE public.notes ALTER COLUMN body SET NOT NULL']);
    assert.ok(!stmts.some((s) => s.includes('DROP TABLE notes') || s.startsWith('UPDATE')));
    // The data's `--` is not a comment either.
    assert.ok(!scanSql(text, 'postgresql').comments.some((c) => text.slice(c.start, c.end).includes('not a comment')));
    assert.ok(!lintFixture('pg_dump/dump.sql').some((f) => f.ruleId === 'unbatched-backfill'));
  });

  it('with options, CSV, CRLF, several blocks; COPY TO stdout and FROM a file read no data', () => {
    const text = "COPY t FROM STDIN WITH (FORMAT csv);\r\na,'b;\r\n\\.\r\nCOPY u (x) FROM stdin;\n1\n\\.\nCOPY t TO STDOUT;\nCOPY t FROM '/tmp/x.csv';\nDELETE FROM t;\n";
    assert.deepEqual(statements(text), ['COPY t FROM STDIN WITH (FORMAT csv)', 'COPY u (x) FROM stdin', 'COPY t TO STDOUT', "COPY t FROM '/tmp/x.csv'", 'DELETE FROM t']);
    // `\.` only ends the data alone on its line.
    assert.deepEqual(statements('COPY t FROM stdin;\na\\.b\n \\.\n\\.\nSELECT 1;'), ['COPY t FROM stdin', 'SELECT 1']);
  });

  it('data without \\. runs to the end of the file, and a million rows are skipped in linear time', () => {
    assert.deepEqual(statements('COPY t FROM stdin;\n1;2\nSELECT 1;\n'), ['COPY t FROM stdin']);
    const rows = '1\tx; y\t\\.z\n'.repeat(1_000_000);
    const text = `COPY t FROM stdin;\n${rows}\\.\nSELECT 1;\n`;
    assert.deepEqual(statements(text), ['COPY t FROM stdin', 'SELECT 1']);
    assert.ok(ms(() => splitSql(text, 'postgresql', true, true)) < 300);
  });
});

describe('the plain-statement fast path agrees with splitting character by character', () => {
  it('on every fixture here and on a mix of bodies, COPY data and templates', () => {
    const texts = ['flyway/V12__tenant_column.sql', 'pg_dump/dump.sql', 'templates/V3__orders_placeholders.sql', 'templates/psql_variables.sql'].map((f) => fixture(f).text);
    texts.push('COPY t (a) FROM stdin;\n1;2\n\\.\nSELECT 1;\nDO $$ BEGIN UPDATE t SET a = 1; END $$;\nCREATE PROCEDURE p() AS $$ DELETE FROM t $$;\nCALL p();\nALTER TABLE ${s}.t ADD COLUMN b int;\n');
    const rows = (text: string, plain: boolean): number[][] => {
      const sp = splitSql(text, 'postgresql', plain, true);
      return [sp.starts, sp.terminators, sp.containers, sp.commentFrom, sp.commentTo, sp.commentStarts, sp.commentEnds].map((a) => Array.from(a));
    };
    for (const text of texts) assert.deepEqual(rows(text, true), rows(text, false));
  });
});
