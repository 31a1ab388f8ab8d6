import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { writeJsonReport } from '../../src/cli/lintJsonWriter';
import { jsonReport as rawJsonReport, type ReportedFinding, type ReportedSqlFile } from '../../src/cli/lintReport';
import { visibleText } from '../../src/cli/visibleText';
import type { Finding } from '../../src/core/lint/types';

function finding(i: number, message: string, runbook?: Finding['runbook']): Finding {
  return { ruleId: i % 3 ? 'rule-a' : 'rule-"b"', severity: i % 2 ? 'warning' : 'info', message, file: 'x', line: i + 1, column: 2, endLine: i + 2, endColumn: 30, start: 0, end: 0, runbook };
}

/** The report as JSON.stringify writes it, with the controls it leaves raw (DEL, C1, bidi) escaped as in all CLI output. */
const expectedJson = (reported: ReportedFinding[], filesChecked: number, sqlFiles: ReportedSqlFile[] = []): string =>
  visibleText(JSON.stringify(rawJsonReport(reported, filesChecked, sqlFiles), null, 2));
const SQL_FILES: ReportedSqlFile[] = [
  { file: 'db/mysql/V1__init.sql', dialect: { name: 'mysql', from: 'path' } },
  { file: 'C:\\ünïcode "dir"\\x\u202e.sql', dialect: { name: 'postgresql', from: 'default' } },
];

describe('runbook lint: the JSON report writer', () => {
  it('writes the bytes of JSON.stringify(report, null, 2), DEL, C1 and bidi controls escaped, for any message, path and runbook', () => {
    const messages = ['plain', 'quote " backslash \\ slash /', 'tab\tnewline\ncr\r', 'control \u0000\u001f\u007f \u009b \u202e', 'é ü → 日本', 'lone \ud800 surrogate \udfff', '\u2028\u2029', ''];
    const links: Finding['runbook'][] = [undefined, { runbookId: 'session-logout-30s', stepId: 'fix-timeout' }, { runbookId: 'cron-job-pileup' }];
    for (const n of [0, 1, 255, 256, 257, 700]) {
      const reported: ReportedFinding[] = Array.from({ length: n }, (_, i) => ({
        path: i % 5 ? 'db/V1__init.sql' : 'C:\\ünïcode "dir"\\app.properties',
        finding: finding(i, messages[i % messages.length], links[i % links.length]),
      }));
      const out: string[] = [];
      writeJsonReport(reported, n + 3, { out: (s) => out.push(s), err: () => undefined });
      assert.equal(out.join('\n'), expectedJson(reported, n + 3), `${n} findings`);
      for (const sqlFiles of [SQL_FILES.slice(0, 1), SQL_FILES]) {
        const withFiles: string[] = [];
        writeJsonReport(reported, n + 3, { out: (s) => withFiles.push(s), err: () => undefined }, sqlFiles);
        assert.equal(withFiles.join('\n'), expectedJson(reported, n + 3, sqlFiles), `${n} findings, ${sqlFiles.length} SQL files`);
      }
      const bytes: Uint8Array[] = [];
      // (An empty report is one short line of text.)
      writeJsonReport(reported, n + 3, { out: (s) => (n === 0 ? bytes.push(Buffer.from(`${s}\n`)) : assert.fail('bytes expected')), outBytes: (b) => bytes.push(b), err: () => undefined });
      assert.equal(Buffer.concat(bytes).toString('utf8'), `${expectedJson(reported, n + 3)}\n`, `${n} findings, as bytes`);
    }
  });

  it('writes every number as JSON.stringify does', () => {
    const numbers = [0, 1, 9, 10, 99, 100, 12345, 2147483647, 2147483648, 1e21, -1, -0, 1.5, NaN, Infinity, -Infinity];
    const reported: ReportedFinding[] = numbers.map((n, i) => ({ path: 'a.sql', finding: { ...finding(i, 'm'), line: n, column: n, endLine: i, endColumn: n } }));
    const bytes: Uint8Array[] = [];
    writeJsonReport(reported, 1, { out: () => assert.fail('bytes expected'), outBytes: (b) => bytes.push(b), err: () => undefined });
    assert.equal(Buffer.concat(bytes).toString('utf8'), `${expectedJson(reported, 1)}\n`);
  });

  it('hands a multi-megabyte report on in pieces of whole lines, each piece its own buffer', () => {
    const long = `${'x'.repeat(900)} é → ${'y'.repeat(300)}`;
    const reported: ReportedFinding[] = Array.from({ length: 4000 }, (_, i) => ({ path: 'db/V1__init.sql', finding: finding(i, `${i % 7} ${long}`) }));
    const pieces: Uint8Array[] = [];
    writeJsonReport(reported, 1, { out: () => assert.fail('bytes expected'), outBytes: (b) => pieces.push(b), err: () => undefined });
    assert.ok(pieces.length >= 4, `${pieces.length} pieces`);
    for (const p of pieces) assert.equal(p[p.length - 1], 10, 'each piece ends with a line break');
    // Pieces are not views of one reused buffer: each keeps its bytes after the next is written.
    assert.equal(new Set(pieces.map((p) => p.buffer)).size, pieces.length);
    assert.equal(Buffer.concat(pieces).toString('utf8'), `${expectedJson(reported, 1)}\n`);
  });
});
