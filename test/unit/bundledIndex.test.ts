import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundledIndex, bundledResult, readBundledIndex } from '../../src/core/runbook/bundledIndex';
import { parseRunbookText } from '../../src/core/runbook/parseRunbookFile';
import { bundledRunbooksDir, loadRunbookHeaders, loadRunbooks } from '../../src/core/runbook/loader';
import { runbookTemplate } from '../../src/core/runbook/template';

const dir = bundledRunbooksDir();
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
const index = readBundledIndex(JSON.stringify(buildBundledIndex(files, (text, name) => parseRunbookText(text, name, 'bundled'))));

test('an indexed bundled runbook loads as its parse would, with absolute paths', () => {
  assert.ok(index);
  for (const { name, text } of files) {
    const file = join(dir, name);
    assert.deepEqual(bundledResult(index, name, text, file), parseRunbookText(text, file, 'bundled'), name);
  }
});

test('an edited file is not taken from the index: the caller parses it', () => {
  const { name, text } = files[0];
  assert.equal(bundledResult(index, name, `${text}\n# edited`, join(dir, name)), undefined);
  assert.equal(bundledResult(index, 'not-indexed.yaml', text, '/x/not-indexed.yaml'), undefined);
});

test('a missing, damaged or foreign index is no index', () => {
  assert.equal(readBundledIndex(undefined), undefined);
  assert.equal(readBundledIndex('{"format":'), undefined);
  assert.equal(readBundledIndex('{"format":"an-older-parser","files":{}}'), undefined);
  assert.equal(readBundledIndex('null'), undefined);
  const { name, text } = files[0];
  const broken = readBundledIndex(JSON.stringify({ ...index, files: { [name]: { hash: 'x', result: null } } }));
  assert.equal(bundledResult(broken, name, text, '/x'), undefined);
});

test('loadRunbookHeaders lists what loadRunbooks loads; a broken file is parsed and reported, the others still listed', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'runbook-headers-'));
  for (let i = 0; i < 5; i++) writeFileSync(join(folder, `rb-${i}.yaml`), runbookTemplate(`rb-${i}`, `Runbook ${i}`));
  writeFileSync(join(folder, 'broken.yaml'), 'id: broken\ntitle: [unclosed\nsymptom: x\n');
  const headers = await loadRunbookHeaders([{ path: folder, kind: 'workspace' }]);
  const full = await loadRunbooks([{ path: folder, kind: 'workspace' }]);
  assert.deepEqual(
    headers.summaries.map((s) => [s.id, s.title, s.source.file, s.source.line]),
    full.runbooks.map((r) => [r.id, r.title, r.source.file, r.source.line]),
  );
  assert.equal(headers.parsedFiles, 1);
  const broken = headers.problems.find((p) => p.file.endsWith('broken.yaml'));
  assert.ok(broken && broken.line >= 1 && broken.column >= 1 && broken.severity === 'error', JSON.stringify(headers.problems));
});
