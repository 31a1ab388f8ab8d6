import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonParseCache, parseCacheKey, parseWithCache } from '../../src/core/runbook/parseCache';
import { loadRunbooks } from '../../src/core/runbook/loader';
import { runbookTemplate } from '../../src/core/runbook/template';
import type { ParseResult } from '../../src/core/runbook/runbookModel';

const empty: ParseResult = { runbooks: [], problems: [] };

test('the key changes with the text, the file and the kind', () => {
  const base = parseCacheKey('id: a', '/x.yaml', 'workspace');
  assert.equal(parseCacheKey('id: a', '/x.yaml', 'workspace'), base);
  assert.notEqual(parseCacheKey('id: b', '/x.yaml', 'workspace'), base);
  assert.notEqual(parseCacheKey('id: a', '/y.yaml', 'workspace'), base);
  assert.notEqual(parseCacheKey('id: a', '/x.yaml', 'bundled'), base);
});

test('a hit does not call the parser; a miss calls it once and stores the result', async () => {
  const cache = new JsonParseCache('v1');
  let calls = 0;
  const parse = (): ParseResult => {
    calls++;
    return empty;
  };
  await parseWithCache('text', '/f.yaml', 'cli', cache, parse);
  await parseWithCache('text', '/f.yaml', 'cli', cache, parse);
  assert.equal(calls, 1);
  await parseWithCache('changed', '/f.yaml', 'cli', cache, parse);
  assert.equal(calls, 2);
});

test('round-trips through JSON, and keeps only the entries used since loading', async () => {
  const first = new JsonParseCache('v1');
  await parseWithCache('a', '/a.yaml', 'cli', first, () => empty);
  await parseWithCache('b', '/b.yaml', 'cli', first, () => empty);
  const second = JsonParseCache.fromJson(first.toJson(), 'v1');
  assert.equal(second.dirty, true, 'nothing used yet: saving would drop both entries');
  let calls = 0;
  await parseWithCache('a', '/a.yaml', 'cli', second, () => (calls++, empty));
  assert.equal(calls, 0, 'served from the loaded cache');
  const third = JsonParseCache.fromJson(second.toJson(), 'v1');
  assert.ok(third.get(parseCacheKey('a', '/a.yaml', 'cli')));
  assert.equal(third.get(parseCacheKey('b', '/b.yaml', 'cli')), undefined, 'b was not used, so it was pruned');
});

test('a cache from another version, a corrupted file or foreign JSON gives an empty cache', () => {
  const saved = new JsonParseCache('v1');
  saved.set('k', empty);
  const json = saved.toJson();
  assert.equal(JsonParseCache.fromJson(json, 'v2').get('k'), undefined);
  assert.equal(JsonParseCache.fromJson(json.slice(0, json.length / 2), 'v1').get('k'), undefined);
  assert.equal(JsonParseCache.fromJson('{"version":"v1","entries":{"k":{"runbooks":"nope"}}}', 'v1').get('k'), undefined);
  assert.equal(JsonParseCache.fromJson('null', 'v1').get('k'), undefined);
  assert.equal(JsonParseCache.fromJson(undefined, 'v1').get('k'), undefined);
});

test('loadRunbooks gives the same result from a warm cache as from a cold parse', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-cache-'));
  for (let i = 0; i < 5; i++) writeFileSync(join(dir, `r${i}.yaml`), runbookTemplate(`cached-${i}`, `Cached ${i}`));
  writeFileSync(join(dir, 'broken.yaml'), 'id: broken\ntitel: x\n');
  const cold = await loadRunbooks([{ path: dir, kind: 'cli' }]);
  const cache = new JsonParseCache('v1');
  await loadRunbooks([{ path: dir, kind: 'cli' }], { cache });
  const warm = await loadRunbooks([{ path: dir, kind: 'cli' }], { cache: JsonParseCache.fromJson(cache.toJson(), 'v1') });
  assert.deepEqual(warm, cold);
  assert.equal(warm.runbooks.length, 5);
  assert.ok(warm.problems.some((p) => p.code === 'unknown-field'));
});
