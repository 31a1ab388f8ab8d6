import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { isInsideFolder, readRegularFile, realPathOf } from '../../src/core/regularFile';

const root = mkdtempSync(path.join(tmpdir(), 'regular-file-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('readRegularFile', () => {
  it('reads a regular file whole, with its stats', async () => {
    const file = path.join(root, 'plain.yaml');
    writeFileSync(file, 'id: plain\n');
    const read = await readRegularFile(file, 1024);
    assert.ok('bytes' in read);
    assert.equal(Buffer.from(read.bytes).toString('utf8'), 'id: plain\n');
    assert.equal(read.stats.size, 10);
  });

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = path.join(root, 'pipe.yaml');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
    // Without O_NONBLOCK the open would wait for a writer and this test would time out.
    assert.deepEqual(await readRegularFile(fifo, 1024), { notRegular: 'a named pipe (FIFO)' });
  });

  it('refuses a link to /dev/zero (endless) and a folder', async () => {
    const zero = path.join(root, 'zero.yaml');
    symlinkSync('/dev/zero', zero);
    assert.deepEqual(await readRegularFile(zero, 1024), { notRegular: 'a device' });
    const folder = path.join(root, 'folder.yaml');
    mkdirSync(folder);
    assert.deepEqual(await readRegularFile(folder, 1024), { notRegular: 'a folder' });
  });

  it('refuses a file over the cap without reading it, and reads one exactly at the cap', async () => {
    const big = path.join(root, 'big.yaml');
    writeFileSync(big, 'x'.repeat(2049));
    assert.deepEqual(await readRegularFile(big, 2048), { tooLargeBytes: 2049 });
    const exact = path.join(root, 'exact.yaml');
    writeFileSync(exact, 'y'.repeat(200_000));
    const read = await readRegularFile(exact, 200_000);
    assert.ok('bytes' in read);
    assert.equal(read.bytes.length, 200_000);
  });

  it('a missing file is an error for the caller (ENOENT), not a hang', async () => {
    await assert.rejects(readRegularFile(path.join(root, 'missing.yaml'), 1024), /ENOENT/);
  });
});

describe('isInsideFolder and realPathOf', () => {
  it('tells inside from outside, a sibling with a common prefix and a "..name" child included', () => {
    assert.equal(isInsideFolder('/work/repo/.runbooks/a.yaml', '/work/repo'), true);
    assert.equal(isInsideFolder('/work/repo', '/work/repo'), true);
    assert.equal(isInsideFolder('/work/repo/..hidden/a.yaml', '/work/repo'), true);
    assert.equal(isInsideFolder('/work/repo-other/a.yaml', '/work/repo'), false);
    assert.equal(isInsideFolder('/etc/passwd', '/work/repo'), false);
    assert.equal(isInsideFolder('/work', '/work/repo'), false);
  });

  it('resolves links, and a dangling one leads nowhere', async () => {
    const target = path.join(root, 'target.yaml');
    writeFileSync(target, 'x');
    const link = path.join(root, 'link.yaml');
    symlinkSync(target, link);
    assert.equal(await realPathOf(link), await realPathOf(target));
    const dangling = path.join(root, 'dangling.yaml');
    symlinkSync(path.join(root, 'nothing-here'), dangling);
    assert.equal(await realPathOf(dangling), undefined);
  });
});
