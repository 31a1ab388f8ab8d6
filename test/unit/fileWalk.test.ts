// The one folder walker (src/core/fileWalk.ts) and its one skip rule, as every caller sees it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MAX_WALK_DEPTH, nodeWalkFs, skipsFolder, walkFiles } from '../../src/core/fileWalk';
import { collectRunbookFiles } from '../../src/core/runbook/loader';
import { runCli } from '../../src/cli/main';

let dir = '';
const posix = process.platform !== 'win32';

function write(rel: string, text = ''): string {
  const full = path.join(dir, rel);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
  return full;
}

const rel = (files: string[]): string[] => files.map((f) => path.relative(dir, f).split(path.sep).join('/'));
const all = { wants: () => true };

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'runbook-walk-'));
  for (const f of ['b.yaml', 'a/c.yaml', 'a/d.txt', 'node_modules/x.yaml', '.git/y.yaml', '.vscode/z.yaml', '.runbooks/r.yaml', '.runbooks/incidents/i.md']) write(f);
  if (posix) {
    mkdirSync(path.join(dir, 'elsewhere'));
    write('elsewhere/far.yaml');
    symlinkSync(path.join(dir, 'elsewhere'), path.join(dir, 'a', 'linked-folder'));
    symlinkSync(path.join(dir, 'b.yaml'), path.join(dir, 'a', 'linked-file.yaml'));
    symlinkSync(path.join(dir, 'missing.yaml'), path.join(dir, 'a', 'dangling.yaml'));
    assert.equal(spawnSync('mkfifo', [path.join(dir, 'a', 'pipe.yaml')]).status, 0, 'mkfifo');
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('walkFiles', () => {
  it('skips node_modules and dot-folders other than .runbooks', () => {
    assert.deepEqual(['node_modules', '.git', '.vscode', '.idea', '.runbooks', 'src', '.'].map(skipsFolder), [true, true, true, true, false, false, true]);
  });

  it('walks in name order, files of a folder before its subfolders', async () => {
    const r = await walkFiles(nodeWalkFs, path.join(dir, 'a'), { wants: (_f, name) => !name.startsWith('linked') && !name.startsWith('dangling') && !name.startsWith('pipe') });
    assert.deepEqual(rel(r.files), ['a/c.yaml', 'a/d.txt']);
    const top = await walkFiles(nodeWalkFs, dir, { wants: (f, name) => name.endsWith('.yaml') && !f.includes(`${path.sep}a${path.sep}`) });
    assert.deepEqual(rel(top.files), ['b.yaml', '.runbooks/r.yaml', 'elsewhere/far.yaml']);
  });

  it('follows links to files, not links to folders; reports a dangling link; never lists a FIFO', { skip: !posix && 'POSIX links and FIFOs' }, async () => {
    const r = await walkFiles(nodeWalkFs, path.join(dir, 'a'), all);
    assert.deepEqual(rel(r.files), ['a/c.yaml', 'a/d.txt', 'a/linked-file.yaml']);
    assert.deepEqual(
      r.unreadable.map((u) => [rel([u.path])[0], u.message]),
      [['a/dangling.yaml', 'dangling symbolic link']],
    );
    // A FIFO named as a root is refused, not opened (opening it would wait for a writer).
    const pipe = await walkFiles(nodeWalkFs, path.join(dir, 'a', 'pipe.yaml'), all);
    assert.deepEqual([pipe.files, pipe.unreadable.map((u) => u.message)], [[], ['not a regular file or folder']]);
  });

  it('throws for a missing root, returns a file root as given, and stops at the caps', async () => {
    await assert.rejects(walkFiles(nodeWalkFs, path.join(dir, 'nope'), all), { code: 'ENOENT' });
    const file = await walkFiles(nodeWalkFs, path.join(dir, 'a', 'd.txt'), { wants: () => false });
    assert.deepEqual([rel(file.files), file.rootIsFile], [['a/d.txt'], true]);
    const capped = await walkFiles(nodeWalkFs, dir, { wants: (_f, n) => n.endsWith('.yaml'), maxFiles: 2 });
    assert.deepEqual([capped.files.length, capped.truncated], [2, 'stopped after 2 files']);
    const deep = path.join(dir, 'deep', ...Array.from({ length: MAX_WALK_DEPTH + 2 }, (_, i) => `d${i}`));
    mkdirSync(deep, { recursive: true });
    writeFileSync(path.join(deep, 'bottom.yaml'), '');
    const r = await walkFiles(nodeWalkFs, path.join(dir, 'deep'), all);
    assert.deepEqual([r.files, r.truncated], [[], `folders deeper than ${MAX_WALK_DEPTH} levels were not searched`]);
  });
});

describe('the walker behind every command', () => {
  it('gives the loader, lint and incident the same skip rule, and none of them opens the FIFO', { skip: !posix && 'POSIX FIFOs' }, async () => {
    // A hang here (a FIFO opened) fails the test by its timeout.
    const runbooks = await collectRunbookFiles(dir);
    assert.deepEqual(rel(runbooks), ['.runbooks/r.yaml', 'a/c.yaml', 'a/linked-file.yaml', 'b.yaml', 'elsewhere/far.yaml']);
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s) };
    const code = await runCli(['lint', '--format', 'json', dir], io);
    // The dangling link is the one unreadable input (exit 2); .runbooks is not linted.
    assert.equal(code, 2, err.join('\n'));
    assert.match(err.join('\n'), /cannot read .*dangling\.yaml: dangling symbolic link/);
    assert.equal((JSON.parse(out.join('\n')) as { filesChecked: number }).filesChecked, 4);
    const records = await runCli(['incident', 'list', dir], io);
    assert.equal(records, 0);
    // A FIFO named as the input: exit 2, "cannot read", in every command.
    const pipe = path.join(dir, 'a', 'pipe.yaml');
    for (const argv of [['validate', pipe], ['show', pipe], ['lint', pipe], ['incident', 'show', pipe]]) {
      err.length = 0;
      assert.equal(await runCli(argv, io), 2, argv.join(' '));
      assert.match(err.join('\n'), /cannot read .*pipe\.yaml: not a regular file or folder/, argv.join(' '));
    }
  });
});
