// `npm run bench` section 6 (BENCH_ONLY=search): the search's quality on the alert evaluation set
// beside the old substring filter, and what building the index and searching cost.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadRunbooks } from '../../src/core/runbook/loader';
import { JsonParseCache } from '../../src/core/runbook/parseCache';
import { parseRunbookText } from '../../src/core/runbook/parseRunbookFile';
import type { Runbook } from '../../src/core/runbook/runbookModel';
import { runbookTemplate } from '../../src/core/runbook/template';
import { RunbookSearchIndex } from '../../src/core/search/runbookSearch';
import { computeSearchTerms } from '../../src/core/search/searchTerms';
import { loadAlerts, measure, substringRanker, type Quality } from './searchQuality';

function timeMs(runs: number, fn: () => void): { medianMs: number; minMs: number } {
  fn(); // warm-up: V8 compiles the code once
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(runs / 2)], minMs: times[0] };
}

/**
 * `count` runbook files made from the bundled ones (10 KB each), each with its own id, loaded as the
 * library loads them after a reload: parsed once (which computes their search terms), then read back
 * from the parse cache's JSON, so the terms come from the cache as they do in the editor.
 */
async function loadedFromFiles(root: string, count: number): Promise<Runbook[]> {
  const sources = readdirSync(path.join(root, 'runbooks')).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(path.join(root, 'runbooks', f), 'utf8'));
  const dir = mkdtempSync(path.join(tmpdir(), 'runbook-search-bench-'));
  try {
    for (let i = 0; i < count; i++) {
      const text = sources[i % sources.length].replace(/^id: ([a-z0-9-]+)$/m, `id: $1-${i}`);
      writeFileSync(path.join(dir, `rb-${i}.yaml`), text);
    }
    const cache = new JsonParseCache('bench');
    await loadRunbooks([{ path: dir, kind: 'workspace' }], { cache });
    const { runbooks } = await loadRunbooks([{ path: dir, kind: 'workspace' }], { cache: JsonParseCache.fromJson(cache.toJson(), 'bench') });
    return runbooks;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `count` runbooks made from the bundled ones, each with its own id: copies, so no search terms ride with them. */
function generated(bundled: readonly Runbook[], count: number): Runbook[] {
  return Array.from({ length: count }, (_, i) => {
    const rb = bundled[i % bundled.length];
    return { ...rb, id: `${rb.id}-${i}`, title: `${rb.title} (${i})` };
  });
}

/** `count` runbooks the size of the New Runbook template (a team's first runbooks: about 1.5 KB each). */
function templateSized(count: number): Runbook[] {
  const words = ['checkout', 'payments', 'search', 'login', 'billing', 'orders', 'inventory', 'email', 'gateway', 'reports'];
  const problems = ['latency high', 'errors after deploy', 'queue stuck', 'disk filling', 'pods restarting', 'timeouts to the database', 'certificate expiring'];
  return Array.from({ length: count }, (_, i) => {
    const title = `${words[i % words.length]} ${problems[i % problems.length]} ${i}`;
    return parseRunbookText(runbookTemplate(`rb-${i}`, title), `/bench/rb-${i}.yaml`, 'workspace').runbooks[0];
  });
}

export interface SearchBench {
  runbooks: number;
  alerts: number;
  heldOut: number;
  ours: Quality;
  withoutAliases: Quality;
  substring: Quality;
  oursHeldOut: Quality;
  substringHeldOut: Quality;
  buildBundled: { medianMs: number; minMs: number };
  /** 1,000 ten-KB runbooks as the library loads them (search terms from the parse cache). */
  build1000: { medianMs: number; minMs: number };
  /** The same runbooks as copies without terms: the index reads their text. */
  build1000FromText: { medianMs: number; minMs: number };
  /** What computing the 1,000 runbooks' terms costs: once per parse, in the background load. */
  terms1000: { medianMs: number; minMs: number };
  build1000Small: { medianMs: number; minMs: number };
  query1000: { medianMs: number; minMs: number };
}

export async function benchSearch(root: string, runs: number): Promise<SearchBench> {
  const { runbooks } = await loadRunbooks([{ path: path.join(root, 'runbooks'), kind: 'bundled' }]);
  const { alerts, heldOut } = loadAlerts(root);
  const index = new RunbookSearchIndex(runbooks);
  const ours = (q: string): string[] => index.search(q).map((h) => h.runbook.id);
  const bare = new RunbookSearchIndex(runbooks.map((rb) => ({ ...rb, aliases: [] })));
  const thousand = generated(runbooks, 1000);
  const small = templateSized(1000);
  const loaded = await loadedFromFiles(root, 1000);
  const big = new RunbookSearchIndex(thousand);
  let next = 0;
  return {
    runbooks: runbooks.length,
    alerts: alerts.length,
    heldOut: heldOut.length,
    ours: measure(alerts, ours),
    withoutAliases: measure(alerts, (q) => bare.search(q).map((h) => h.runbook.id)),
    substring: measure(alerts, substringRanker(runbooks)),
    oursHeldOut: measure(heldOut, ours),
    substringHeldOut: measure(heldOut, substringRanker(runbooks)),
    buildBundled: timeMs(runs, () => new RunbookSearchIndex(runbooks)),
    build1000: timeMs(runs, () => new RunbookSearchIndex(loaded)),
    build1000FromText: timeMs(runs, () => new RunbookSearchIndex(thousand)),
    terms1000: timeMs(runs, () => thousand.forEach(computeSearchTerms)),
    build1000Small: timeMs(runs, () => new RunbookSearchIndex(small)),
    query1000: timeMs(runs * 5, () => big.search(alerts[next++ % alerts.length].query)),
  };
}
