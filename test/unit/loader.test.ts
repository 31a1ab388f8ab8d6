import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  bundledRunbooksDir,
  collectRunbookFiles,
  findDuplicateIds,
  loadRunbooks,
  MAX_RUNBOOK_FILES,
} from '../../src/core/runbook/loader';
import type { Runbook } from '../../src/core/runbook/runbookModel';
import { isRunbookFileName, MAX_RUNBOOK_FILE_BYTES, parseRunbookText } from '../../src/core/runbook/parseRunbookFile';
import { isIncidentRecordPath } from '../../src/core/runbook/runbookFiles';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'runbooks');
const fx = (rel: string): string => path.join(FIXTURES, rel);

const MINIMAL = 'id: minimal\ntitle: Minimal\nsymptom: s\nphases:\n  - name: Triage\n    steps:\n      - id: one\n        text: Step one.\n';

let tmp = '';
before(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'runbook-loader-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const file = path.join(tmp, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function fakeRunbook(id: string, file: string, line: number): Runbook {
  return { id, title: id, symptom: '', summary: '', tags: [], aliases: [], phases: [], lintRules: [], variables: [], source: { kind: 'cli', file, line } };
}

describe('collectRunbookFiles', () => {
  it('finds runbook files recursively, sorted, skipping node_modules and dot-folders except .runbooks', async () => {
    const root = path.join(tmp, 'walk');
    for (const rel of ['b.yaml', 'a.md', 'sub/c.yml', 'sub/d.markdown', '.runbooks/e.yaml', 'notes.txt', 'node_modules/pkg/x.yaml', '.git/y.yaml', '.vscode/z.yaml', 'UPPER.YAML']) {
      write(path.join('walk', rel), MINIMAL);
    }
    const files = await collectRunbookFiles(root);
    assert.deepEqual(
      files.map((f) => path.relative(root, f).split(path.sep).join('/')),
      ['.runbooks/e.yaml', 'UPPER.YAML', 'a.md', 'b.yaml', 'sub/c.yml', 'sub/d.markdown'],
    );
    assert.ok(files.every((f) => path.isAbsolute(f)));
  });

  it('skips incident records in .runbooks/incidents (Markdown, but not runbooks)', async () => {
    const root = path.join(tmp, 'with-incidents');
    for (const rel of ['.runbooks/drill.yaml', '.runbooks/incidents/2026-11-24-1432-drill.md', '.runbooks/incidents/postmortems/2026-11-24-1432-drill.md']) {
      write(path.join('with-incidents', rel), MINIMAL);
    }
    const files = await collectRunbookFiles(root);
    assert.deepEqual(files.map((f) => path.relative(root, f).split(path.sep).join('/')), ['.runbooks/drill.yaml']);
    assert.equal(isIncidentRecordPath('/repo/.runbooks/incidents/x.md'), true);
    assert.equal(isIncidentRecordPath('C:\\repo\\.runbooks\\incidents\\x.md'), true);
    assert.equal(isIncidentRecordPath('/repo/.runbooks/incidents-howto.md'), false);
    assert.equal(isIncidentRecordPath('/repo/runbooks/incidents/x.md'), false);
  });

  it('returns a single file as given, and rejects a missing path', async () => {
    assert.deepEqual(await collectRunbookFiles(fx('valid/disk-full.yaml')), [fx('valid/disk-full.yaml')]);
    await assert.rejects(collectRunbookFiles(path.join(tmp, 'nope')), { code: 'ENOENT' });
  });

  it(`stops at ${MAX_RUNBOOK_FILES} files`, async () => {
    const root = path.join(tmp, 'many');
    mkdirSync(root);
    for (let i = 0; i <= MAX_RUNBOOK_FILES; i++) writeFileSync(path.join(root, `${String(i).padStart(5, '0')}.yaml`), '');
    const files = await collectRunbookFiles(root);
    assert.equal(files.length, MAX_RUNBOOK_FILES);
    assert.equal(path.basename(files[files.length - 1]), '04999.yaml');
  });
});

describe('loadRunbooks', () => {
  it('loads folders and files, reporting duplicate ids across files and keeping both', async () => {
    const result = await loadRunbooks([
      { path: fx('valid'), kind: 'workspace' },
      { path: fx('duplicates'), kind: 'cli' },
    ]);
    assert.deepEqual(result.runbooks.map((r) => `${r.id} ${r.source.kind}`), [
      'disk-full workspace',
      'cache-stampede workspace',
      'queue-backlog workspace',
      'same-id cli',
      'same-id cli',
    ]);
    assert.deepEqual(result.files, [fx('valid/disk-full.yaml'), fx('valid/two-runbooks.yaml'), fx('duplicates/a.yaml'), fx('duplicates/b.yaml')]);
    assert.deepEqual(result.unreadable, []);
    assert.deepEqual(result.problems, [
      {
        file: fx('duplicates/a.yaml'),
        line: 1,
        column: 1,
        message: `Duplicate runbook id "same-id": also defined in ${fx('duplicates/b.yaml')}:3`,
        severity: 'error',
        code: 'duplicate-id',
      },
      {
        file: fx('duplicates/b.yaml'),
        line: 3,
        column: 1,
        message: `Duplicate runbook id "same-id": also defined in ${fx('duplicates/a.yaml')}:1`,
        severity: 'error',
        code: 'duplicate-id',
      },
    ]);
  });

  it('does not count a file reached twice as a duplicate', async () => {
    const result = await loadRunbooks([
      { path: fx('valid'), kind: 'cli' },
      { path: fx('valid/disk-full.yaml'), kind: 'cli' },
    ]);
    assert.equal(result.runbooks.length, 3);
    assert.deepEqual(result.problems, []);
  });

  it('reports a missing path as unreadable and still loads the rest', async () => {
    const missing = path.join(tmp, 'missing.yaml');
    const result = await loadRunbooks([
      { path: missing, kind: 'cli' },
      { path: fx('valid/disk-full.yaml'), kind: 'cli' },
    ]);
    assert.deepEqual(result.unreadable, [{ path: missing, message: 'no such file or folder' }]);
    assert.deepEqual(result.runbooks.map((r) => r.id), ['disk-full']);
  });

  it('keeps problems of broken files next to the runbooks of good ones', async () => {
    const result = await loadRunbooks([{ path: fx('hostile'), kind: 'cli' }, { path: fx('invalid'), kind: 'cli' }]);
    assert.deepEqual(
      result.problems.map((p) => `${path.relative(FIXTURES, p.file)}:${p.line}:${p.column} ${p.code}`),
      [
        'hostile/alias-bomb.yaml:2:1 yaml-syntax',
        'hostile/truncated.yaml:9:1 yaml-syntax',
        'invalid/bad-kind.yaml:12:15 schema',
        'invalid/unknown-field.yaml:1:1 schema',
        'invalid/unknown-field.yaml:2:1 unknown-field',
      ],
    );
    assert.deepEqual(result.runbooks.map((r) => r.id), ['bad-kind']);
  });

  it('refuses a file over the size cap', async () => {
    const body = `${MINIMAL}# ${'x'.repeat(MAX_RUNBOOK_FILE_BYTES)}\n`;
    const big = write('big.yaml', body);
    const result = await loadRunbooks([{ path: big, kind: 'cli' }]);
    assert.deepEqual(result.runbooks, []);
    // Just over 1 MB rounds to "1.0 MB", so the message gives bytes instead.
    const bytes = Buffer.byteLength(body).toLocaleString('en-US');
    assert.deepEqual(result.problems, [
      { file: big, line: 1, column: 1, message: `File is ${bytes} bytes; runbook files are capped at 1 MB`, severity: 'error', code: 'too-large' },
    ]);
  });
});

describe('findDuplicateIds', () => {
  it('reports every occurrence, naming all the others', () => {
    const problems = findDuplicateIds([
      fakeRunbook('x', '/a.yaml', 1),
      fakeRunbook('y', '/a.yaml', 20),
      fakeRunbook('x', '/b.yaml', 4),
      fakeRunbook('x', '/b.yaml', 30),
    ]);
    assert.deepEqual(
      problems.map((p) => `${p.file}:${p.line} ${p.message}`),
      [
        '/a.yaml:1 Duplicate runbook id "x": also defined in /b.yaml:4, /b.yaml:30',
        '/b.yaml:4 Duplicate runbook id "x": also defined in /a.yaml:1, /b.yaml:30',
        '/b.yaml:30 Duplicate runbook id "x": also defined in /a.yaml:1, /b.yaml:4',
      ],
    );
    assert.deepEqual(findDuplicateIds([fakeRunbook('x', '/a.yaml', 1), fakeRunbook('y', '/a.yaml', 9)]), []);
  });
});

describe('parseRunbookText', () => {
  it('dispatches on the extension, case-insensitively', () => {
    assert.deepEqual(parseRunbookText(MINIMAL, '/r/a.YML', 'cli').runbooks.map((r) => r.id), ['minimal']);
    const txt = parseRunbookText(MINIMAL, '/r/a.txt', 'cli');
    assert.deepEqual(txt.runbooks, []);
    assert.deepEqual(
      txt.problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.code}`),
      ['1:1 error unsupported-file'],
    );
    // Markdown goes to the Markdown importer: a YAML body is not a Markdown runbook.
    assert.equal(parseRunbookText(MINIMAL, '/r/a.md', 'cli').runbooks.some((r) => r.id === 'minimal'), false);
  });

  it('refuses text over the cap with the size in the message', () => {
    const text = 'x'.repeat(Math.round(3.2 * MAX_RUNBOOK_FILE_BYTES));
    assert.deepEqual(parseRunbookText(text, '/r/big.yaml', 'cli'), {
      runbooks: [],
      problems: [{ file: '/r/big.yaml', line: 1, column: 1, message: 'File is 3.2 MB; runbook files are capped at 1 MB', severity: 'error', code: 'too-large' }],
    });
    // Exactly at the cap is allowed (and counted in UTF-8 bytes, not characters).
    const atCap = parseRunbookText(`# ${'x'.repeat(MAX_RUNBOOK_FILE_BYTES - 2)}`, '/r/ok.yaml', 'cli');
    assert.deepEqual(atCap.problems, []);
    const multibyte = parseRunbookText(`# ${'é'.repeat(MAX_RUNBOOK_FILE_BYTES / 2)}`, '/r/e.yaml', 'cli');
    assert.equal(multibyte.problems[0]?.code, 'too-large');
  });

  it('ignores a byte-order mark when computing positions', () => {
    const text = MINIMAL.replace('title: Minimal', 'title: 42');
    const withBom = parseRunbookText(`\uFEFF${text}`, '/r/a.yaml', 'cli').problems;
    assert.deepEqual(withBom.map((p) => `${p.line}:${p.column}`), ['2:8']);
  });

  it('isRunbookFileName', () => {
    for (const yes of ['a.yaml', 'a.yml', 'A.YAML', 'dir/a.md', 'a.markdown']) assert.equal(isRunbookFileName(yes), true, yes);
    for (const no of ['a.json', 'a.yaml.bak', 'yaml', 'a.mdx']) assert.equal(isRunbookFileName(no), false, no);
  });
});

describe('bundledRunbooksDir', () => {
  it('finds the package runbooks/ folder from the test bundle', () => {
    const dir = bundledRunbooksDir();
    assert.equal(dir, path.join(__dirname, '..', '..', '..', 'runbooks'));
    assert.ok(existsSync(dir));
    assert.ok(readdirSync(dir).some((f) => f.endsWith('.yaml')));
  });
});
