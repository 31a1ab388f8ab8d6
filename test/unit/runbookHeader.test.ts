import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readRunbookHeader } from '../../src/core/runbook/runbookHeader';
import { parseRunbookText } from '../../src/core/runbook/parseRunbookFile';
import { bundledRunbooksDir } from '../../src/core/runbook/loader';
import { runbookTemplate } from '../../src/core/runbook/template';
import type { Runbook } from '../../src/core/runbook/runbookModel';

const PHASES = 'phases:\n  - name: Triage\n    steps:\n      - id: a\n        text: Look.\n';

function summaryOf(rb: Runbook): object {
  const { id, title, symptom, summary, tags, severity, source } = rb;
  return severity ? { id, title, symptom, summary, tags, severity, source } : { id, title, symptom, summary, tags, source };
}

/** The header must say exactly what the full parse says, or nothing. */
function assertAgrees(text: string, file = '/w/rb.yaml'): boolean {
  const header = readRunbookHeader(text, file, 'workspace');
  if (!header) return false;
  const full = parseRunbookText(text, file, 'workspace');
  assert.equal(full.runbooks.length, 1, `the scanner read a header where the parser found ${full.runbooks.length} runbooks:\n${text}`);
  const { aliases: _aliases, ...rest } = header;
  assert.deepEqual(rest, summaryOf(full.runbooks[0]));
  return true;
}

test('every bundled runbook: the header reader agrees with the full parse', () => {
  const dir = bundledRunbooksDir();
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length >= 10);
  for (const f of files) {
    assert.ok(assertAgrees(readFileSync(join(dir, f), 'utf8'), join(dir, f)), `${f}: the header reader gave up`);
  }
});

test('the New Runbook template is read by the header reader', () => {
  assert.ok(assertAgrees(runbookTemplate('my-runbook', 'My runbook')));
});

test('scalar styles: plain over lines, quoted, literal and folded blocks with chomping', () => {
  const cases = [
    `id: a\ntitle: "Quoted \\"title\\" \\u00e9"\nsymptom: 'It''s down'\n${PHASES}`,
    `id: a\ntitle: Plain title # a comment\nsymptom: one\n  two\n\n  three\n${PHASES}`,
    `id: a\ntitle: T\nsymptom: >-\n  folded line one\n  line two\n\n  new paragraph\n    indented kept\n  back\nsummary: |\n  literal\n    kept\n\n  end\n${PHASES}`,
    `id: a\ntitle: T\nsymptom: >\n  folded keeps one break\nsummary: |-\n  x\n${PHASES}`,
    `# yaml-language-server: $schema=x\n---\nid: a\ntitle: T\nsymptom: S\ntags: [a, "b c", 'd']\nseverity: high\n${PHASES}`,
    `id: a\ntitle: T\nsymptom: S\ntags:\n  - one\n  - "two"\n# comment\nseverity: nonsense\n${PHASES}`,
    `id: a\ntitle: T\nsymptom: S\ntags: []\n${PHASES}`,
  ];
  for (const text of cases) assert.ok(assertAgrees(text), `gave up on:\n${text}`);
});

test('aliases are read when present', () => {
  const h = readRunbookHeader(`id: a\ntitle: T\nsymptom: S\naliases:\n  - "HTTP 503"\n  - kicked out\n${PHASES}`, '/x.yaml', 'workspace');
  assert.deepEqual(h?.aliases, ['HTTP 503', 'kicked out']);
});

test('anything unusual is left to the parser: undefined, never a wrong header', () => {
  const unsure = [
    `id: a\ntitle: &t T\nsymptom: *t\n${PHASES}`, // anchors and aliases
    `id: a\ntitle: !!str T\nsymptom: S\n${PHASES}`, // tags
    `id: a\ntitle: "two\n  lines"\nsymptom: S\n${PHASES}`, // multi-line quoted
    `id: 12\ntitle: T\nsymptom: S\n${PHASES}`, // a number, not a string
    `id: a\ntitle: true\nsymptom: S\n${PHASES}`,
    `id: a\ntitle: T\nsymptom: S\n${PHASES}---\nid: b\ntitle: U\nsymptom: S\n${PHASES}`, // two documents
    `- id: a\n  title: T\n`, // a list
    `id: a\ntitle: T\n`, // no symptom
    `id: a\ntitle: T\nsymptom: S\n`, // no phases
    `id: a\nid: b\ntitle: T\nsymptom: S\n${PHASES}`, // duplicate key
    `id: a\ntitle: {x: 1}\nsymptom: S\n${PHASES}`,
    `id: a\ntitle: a: b\nsymptom: S\n${PHASES}`,
    `id: a\ntitle: T\nsymptom: "\\x41"\n${PHASES}`, // a YAML-only escape
    `id: a\ntitle: T\nsymptom: |+\n  kept\n\n${PHASES}`,
    `id: a\ntitle: T\nsymptom: S\ntags: [a, [b]]\n${PHASES}`,
    `id: Bad_Id\ntitle: T\nsymptom: S\n${PHASES}`,
    `\tid: a\n`,
  ];
  for (const text of unsure) assert.equal(readRunbookHeader(text, '/x.yaml', 'workspace'), undefined, text);
});

test('hostile input: control characters, huge and deeply nested text return quickly without throwing', () => {
  const inputs = [
    '\u0000\u0001\u0002id: a',
    `id: a\ntitle: ${'x'.repeat(600_000)}\nsymptom: S\n${PHASES}`,
    `id: a\ntitle: T\nsymptom: S\ntags: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n${PHASES}`,
    `id: a\ntitle: T\nsymptom: S\n${PHASES}${'        - x\n'.repeat(20_000)}`,
    '',
    '\n\n\n',
  ];
  const t0 = performance.now();
  for (const text of inputs) assert.doesNotThrow(() => readRunbookHeader(text, '/x.yaml', 'workspace'));
  assert.ok(performance.now() - t0 < 2000);
});
