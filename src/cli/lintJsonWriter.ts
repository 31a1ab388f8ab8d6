// `runbook lint --format json`, written fast: the report as bytes, straight into a buffer, with
// the strings that repeat quoted once. The output is byte for byte JSON.stringify(jsonReport(...),
// null, 2) with the control characters JSON.stringify leaves raw (DEL, C1, bidi overrides) escaped
// by visibleText, as in all CLI output (test/unit/lint-json-writer.test.ts checks it).
import type { Finding, RunbookLink } from '../core/lint/types';
import { jsonReport, runbookRef, type ReportedFinding, type ReportedSqlFile } from './lintReport';
import { visibleText } from './visibleText';

/** Where `runbook lint` writes. */
export interface LintIo {
  /** One piece of output, whole lines. */
  out: (s: string) => void;
  /** Output as UTF-8 bytes, whole lines with their line breaks (a JSON report); without it, `out` gets them as text. */
  outBytes?: (bytes: Uint8Array) => void;
  err: (s: string) => void;
}

/**
 * Prints `JSON.stringify(jsonReport(...), null, 2)` exactly, in pieces of whole lines, written as
 * bytes: no report object per finding, and the strings that repeat (the path, the rule id, the
 * severity, the runbook, and messages that rules repeat word for word) are quoted once.
 * test/unit/lint-json-writer.test.ts checks the bytes against JSON.stringify's.
 */
export function writeJsonReport(reported: readonly ReportedFinding[], filesChecked: number, io: LintIo, sqlFiles: readonly ReportedSqlFile[] = []): void {
  if (reported.length === 0) {
    io.out(visibleText(JSON.stringify(jsonReport(reported, filesChecked, sqlFiles), null, 2)));
    return;
  }
  const quoted = new Map<string, string>();
  const q = (s: string): string => {
    let v = quoted.get(s);
    if (v === undefined) quoted.set(s, (v = visibleText(JSON.stringify(s))));
    return v;
  };
  const runbooks = new Map<RunbookLink, string>();
  const runbookJson = (link: RunbookLink | undefined): string => {
    if (!link) return 'null';
    let v = runbooks.get(link);
    if (v === undefined) runbooks.set(link, (v = q(runbookRef(link) as string)));
    return v;
  };
  // What follows the positions ("rule" to the closing brace) is the same text for every finding
  // with the same rule, severity, message and runbook: made once per combination, keyed by message.
  const tails = new Map<string, { ruleId: string; severity: string; runbook: RunbookLink | undefined; bytes: Uint8Array }[]>();
  const tailOf = (f: Finding): { bytes: Uint8Array } => {
    let list = tails.get(f.message);
    if (list === undefined) tails.set(f.message, (list = []));
    for (let k = 0; k < list.length; k++) {
      const t = list[k];
      if (t.ruleId === f.ruleId && t.severity === f.severity && t.runbook === f.runbook) return t;
    }
    const text = `,\n      "rule": ${q(f.ruleId)},\n      "severity": ${q(f.severity)},\n      "message": ${q(f.message)},\n      "runbook": ${runbookJson(f.runbook)}\n    }`;
    const tail = { ruleId: f.ruleId, severity: f.severity, runbook: f.runbook, bytes: utf8(text) };
    list.push(tail);
    return tail;
  };
  let lastPath: string | undefined;
  let head: Uint8Array = new Uint8Array(0);
  const bytes = new ReportBytes(io);
  bytes.add('{\n  "findings": [\n', true);
  for (let i = 0; i < reported.length; i++) {
    const { path: file, finding: f } = reported[i];
    if (file !== lastPath) {
      head = utf8(`    {\n      "file": ${q(file)},\n      "line": `);
      lastPath = file;
    }
    bytes.addBytes(head);
    bytes.addNumber(f.line);
    bytes.addBytes(COLUMN);
    bytes.addNumber(f.column);
    bytes.addBytes(END_LINE);
    bytes.addNumber(f.endLine);
    bytes.addBytes(END_COLUMN);
    bytes.addNumber(f.endColumn);
    bytes.addBytes(tailOf(f).bytes);
    bytes.addBytes(i === reported.length - 1 ? LINE_BREAK : COMMA_LINE_BREAK);
    bytes.flush(false);
  }
  bytes.add('  ],\n  "filesChecked": ', true);
  bytes.addNumber(filesChecked);
  // One short line per SQL file: JSON.stringify's own text for the list (a run checks far fewer files than it has findings).
  const files = JSON.stringify(jsonReport([], 0, sqlFiles).sqlFiles, null, 2).replace(/\n/g, '\n  ');
  bytes.add(`,\n  "sqlFiles": ${visibleText(files)}`, false);
  bytes.add('\n}\n', true);
  bytes.flush(true);
}

const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');
// The report's fixed pieces between a finding's numbers, as bytes.
const COLUMN = utf8(',\n      "column": ');
const END_LINE = utf8(',\n      "endLine": ');
const END_COLUMN = utf8(',\n      "endColumn": ');
const LINE_BREAK = utf8('\n');
const COMMA_LINE_BREAK = utf8(',\n');

/** Bytes handed on once they pass this size (always at the end of a line). */
const REPORT_FLUSH_BYTES = 1 << 20;

/**
 * A report's bytes, copied straight into a buffer piece by piece and handed on in pieces of whole
 * lines of about a megabyte: a 5 MB report is then copied once, not joined from thousands of
 * strings and converted again (which cost 15-20 ms and several garbage collections).
 */
class ReportBytes {
  private buf = Buffer.allocUnsafe(REPORT_FLUSH_BYTES + 65536);
  private len = 0;
  constructor(private readonly io: LintIo) {}

  /** Appends `s`; `ascii` when it is known to be all ASCII (then its UTF-8 is its Latin-1). */
  add(s: string, ascii: boolean): void {
    const room = ascii ? s.length : s.length * 3;
    if (this.len + room > this.buf.length) this.grow(room);
    this.len += this.buf.write(s, this.len, ascii ? 'latin1' : 'utf8');
  }

  /** Appends bytes made once (the pieces every finding shares): a copy, no encoding. */
  addBytes(b: Uint8Array): void {
    if (this.len + b.length > this.buf.length) this.grow(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** Appends a number as JSON.stringify writes it: digits written directly for the usual non-negative integers. */
  addNumber(n: number): void {
    if (!(Number.isInteger(n) && n >= 0 && n < 0x80000000)) {
      this.add(Number.isFinite(n) ? String(n) : 'null', true);
      return;
    }
    let digits = 1;
    for (let m = n; m >= 10; m = (m / 10) | 0) digits++;
    if (this.len + digits > this.buf.length) this.grow(digits);
    const buf = this.buf;
    let at = this.len + digits;
    this.len = at;
    do {
      buf[--at] = 48 + (n % 10);
      n = (n / 10) | 0;
    } while (n > 0);
  }

  private grow(room: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + room));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  /** Call at the end of a line: hands the bytes on if they are over the flush size, or `always`. */
  flush(always: boolean): void {
    if (this.len === 0 || (!always && this.len < REPORT_FLUSH_BYTES)) return;
    const piece = this.buf.subarray(0, this.len);
    // A new buffer for what follows: the writer may hold on to this one until it is written.
    this.buf = Buffer.allocUnsafe(this.buf.length);
    this.len = 0;
    if (this.io.outBytes) this.io.outBytes(piece);
    else this.io.out(piece.toString('utf8', 0, piece.length - 1)); // out() adds the line break
  }
}
