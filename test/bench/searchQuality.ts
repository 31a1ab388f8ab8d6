// The alert evaluation set (test/fixtures/search/alerts.yaml) and how a ranking is scored on it:
// shared by the unit test that keeps the figures from falling and by `npm run bench`.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { Runbook } from '../../src/core/runbook/runbookModel';

export interface AlertCase {
  query: string;
  expect: string;
}

/**
 * The evaluation set in the repository at `root`: `alerts`, the set the search was tuned on, and
 * `heldOut`, written afterwards and never tuned on.
 */
export function loadAlerts(root: string): { alerts: AlertCase[]; heldOut: AlertCase[] } {
  const doc = parse(readFileSync(path.join(root, 'test', 'fixtures', 'search', 'alerts.yaml'), 'utf8')) as { alerts: AlertCase[]; heldOut: AlertCase[] };
  return { alerts: doc.alerts, heldOut: doc.heldOut };
}

/** A ranking: runbook ids, best first. */
export type Ranker = (query: string) => string[];

export interface Quality {
  total: number;
  top1: number;
  top3: number;
  /** The cases whose runbook was not first: query, expected id, what came first. */
  misses: { query: string; expect: string; got: string[] }[];
}

export function measure(alerts: readonly AlertCase[], rank: Ranker): Quality {
  const q: Quality = { total: alerts.length, top1: 0, top3: 0, misses: [] };
  for (const a of alerts) {
    const ids = rank(a.query);
    if (ids[0] === a.expect) q.top1++;
    else q.misses.push({ query: a.query, expect: a.expect, got: ids.slice(0, 3) });
    if (ids.slice(0, 3).includes(a.expect)) q.top3++;
  }
  return q;
}

/**
 * The peer: the Runbooks view's filter before the search engine (src/extension/runbookTree.ts at
 * 654ab8f): every word of the query a substring of id, title, symptom, summary or tags, shown in
 * title order.
 */
export function substringRanker(runbooks: readonly Runbook[]): Ranker {
  return (query) => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return runbooks
      .filter((rb) => {
        const haystack = [rb.id, rb.title, rb.symptom, rb.summary, ...rb.tags].join('\n').toLowerCase();
        return words.every((w) => haystack.includes(w));
      })
      .sort((a, b) => a.title.localeCompare(b.title))
      .map((rb) => rb.id);
  };
}

export function percent(n: number, total: number): string {
  return `${((100 * n) / total).toFixed(0)}%`;
}
