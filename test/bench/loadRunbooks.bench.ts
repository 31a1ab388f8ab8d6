// Bundled by scripts/bench.mjs. Loads N runbook files with the core loader (read, parse with
// positions, schema-validate, duplicate check) and, as the peer, reads the same files and runs
// a bare `yaml.parse` on each: the floor any YAML runbook loader pays. And the list the library
// shows first: every file's header (loadRunbookHeaders), with no parse cache.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadRunbookHeaders, loadRunbooks } from '../../src/core/runbook/loader';
import { JsonParseCache } from '../../src/core/runbook/parseCache';
import { runbookTemplate } from '../../src/core/runbook/template';

/** The New Runbook template with a unique id: the size of a team's first runbooks. */
export function templateRunbook(i: number): string {
  return runbookTemplate(`bench-runbook-${i}`, `Bench runbook ${i}`);
}

async function timeIt(fn: () => Promise<unknown>, runs: number): Promise<{ medianMs: number; minMs: number; firstMs: number }> {
  const t = performance.now();
  await fn(); // warm-up: JIT and file cache
  const firstMs = performance.now() - t;
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { medianMs: samples[Math.floor(samples.length / 2)], minMs: samples[0], firstMs };
}

export async function benchLoad(dir: string, runs: number): Promise<object> {
  // First, while this process has not parsed anything: what a window's first load pays.
  let listed = 0;
  let headerParsedFiles = 0;
  const headers = await timeIt(async () => {
    const result = await loadRunbookHeaders([{ path: dir, kind: 'cli' }]);
    listed = result.summaries.length;
    headerParsedFiles = result.parsedFiles;
  }, runs);
  let loaded = 0;
  let problems = 0;
  const ours = await timeIt(async () => {
    const result = await loadRunbooks([{ path: dir, kind: 'cli' }]);
    loaded = result.runbooks.length;
    problems = result.problems.length;
  }, runs);
  // A warm start: the cache saved by the previous run is read back (JSON.parse included).
  const primed = new JsonParseCache('bench');
  await loadRunbooks([{ path: dir, kind: 'cli' }], { cache: primed });
  const saved = primed.toJson();
  let warmLoaded = 0;
  const warm = await timeIt(async () => {
    const result = await loadRunbooks([{ path: dir, kind: 'cli' }], { cache: JsonParseCache.fromJson(saved, 'bench') });
    warmLoaded = result.runbooks.length;
  }, runs);
  const peer = await timeIt(async () => {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml'));
    await Promise.all(files.map(async (f) => parse(await readFile(join(dir, f), 'utf8'))));
  }, runs);
  return { loaded, problems, ours, warm, warmLoaded, peer, headers, listed, headerParsedFiles };
}
