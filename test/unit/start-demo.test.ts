// `npm start` opens a fresh copy of demo-workspace/ each run, never the tracked folder itself.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';

function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'scripts', 'start.mjs'))) return dir;
    if (path.dirname(dir) === dir) throw new Error('repository root not found');
  }
}

const ROOT = repoRoot();
const DEMO = path.join(ROOT, 'demo-workspace');

type Fresh = (source: string) => { workspace: string; remove: () => void };

function files(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

describe('npm start: the demo workspace', () => {
  it('is a fresh copy outside the repository, each run; what the demo changes stays in the copy', async () => {
    const { freshDemoWorkspace } = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'demoWorkspace.mjs')).href)) as { freshDemoWorkspace: Fresh };
    const first = freshDemoWorkspace(DEMO);
    const second = freshDemoWorkspace(DEMO);
    try {
      assert.notEqual(first.workspace, second.workspace);
      for (const copy of [first.workspace, second.workspace]) {
        assert.ok(!path.relative(ROOT, copy).split(path.sep).every((part) => part !== '..'), `${copy} is inside the repository`);
        assert.deepEqual(files(copy).sort(), files(DEMO).sort());
      }
      // The quick fix the demo shows, applied in the copy: the tracked file keeps its warning.
      const properties = files(DEMO).find((f) => f.endsWith('.properties'))!;
      const tracked = readFileSync(path.join(DEMO, properties), 'utf8');
      writeFileSync(path.join(first.workspace, properties), 'server.servlet.session.timeout=30m\n');
      assert.equal(readFileSync(path.join(DEMO, properties), 'utf8'), tracked);
      assert.equal(readFileSync(path.join(second.workspace, properties), 'utf8'), tracked);
    } finally {
      first.remove();
      second.remove();
    }
    assert.ok(!existsSync(first.workspace));
  });

  it('start.mjs opens the copy, not demo-workspace/ itself, and the README names --port', () => {
    const start = readFileSync(path.join(ROOT, 'scripts', 'start.mjs'), 'utf8');
    assert.match(start, /= freshDemoWorkspace\(join\(REPO, 'demo-workspace'\)\)/);
    // The only mention of the tracked folder is the copy's source.
    assert.equal(start.match(/'demo-workspace'/g)?.length, 1);
    assert.match(readFileSync(path.join(ROOT, 'README.md'), 'utf8'), /npm start -- --port \d+/);
  });
});
