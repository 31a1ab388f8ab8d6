// The runbooks' search terms ride with the parse (ParseResult.searchTerms): computed once, kept in
// the parse cache and the bundled index, and used by the search index instead of the text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bundledResult, buildBundledIndex, readBundledIndex } from '../../src/core/runbook/bundledIndex';
import { JsonParseCache, cachedParse, parseWithCache } from '../../src/core/runbook/parseCache';
import { parseRunbookText } from '../../src/core/runbook/parseRunbookFile';
import type { ParseResult, Runbook } from '../../src/core/runbook/runbookModel';
import { runbookTemplate } from '../../src/core/runbook/template';
import { RunbookSearchIndex } from '../../src/core/search/runbookSearch';
import { rememberSearchTerms, rememberedSearchTerms } from '../../src/core/search/runbookTerms';
import { computeSearchTerms, normaliseTerm, searchTermsOf } from '../../src/core/search/searchTerms';

const FILE = '/ws/.runbooks/checkout.yaml';
const TEXT = runbookTemplate('checkout-latency', 'Checkout latency high').replace(
  'What is probably going on, in two sentences, for the person who was just paged.',
  'The payment gateway times out under load; the connection pool is exhausted.',
);

function parse(text = TEXT): ParseResult {
  const result = parseRunbookText(text, FILE, 'workspace');
  assert.deepEqual(result.problems.filter((p) => p.severity === 'error'), []);
  return result;
}

function ids(runbooks: readonly Runbook[], query: string): string[] {
  return new RunbookSearchIndex(runbooks).search(query).map((h) => h.runbook.id);
}

describe('search terms carried by the parse', () => {
  it('a parse carries one term list per runbook, the ones the index would compute from the text', () => {
    const result = parse();
    assert.equal(result.searchTerms?.length, 1);
    assert.deepEqual(result.searchTerms?.[0], computeSearchTerms(result.runbooks[0]));
    assert.ok(result.searchTerms?.[0].summary.includes(normaliseTerm('gateway')[0]));
    assert.equal(rememberedSearchTerms(result.runbooks[0]), result.searchTerms?.[0]);
  });

  it('survive the parse cache JSON round trip, and the index uses them instead of the text', async () => {
    const cache = new JsonParseCache('1');
    await parseWithCache(TEXT, FILE, 'workspace', cache, () => parse());
    const reloaded = JsonParseCache.fromJson(cache.toJson(), '1');
    const hit = cachedParse(TEXT, FILE, 'workspace', reloaded);
    assert.ok(hit);
    const rb = hit.runbooks[0];
    assert.deepEqual(searchTermsOf(rb), computeSearchTerms(rb));
    // Proof that the carried terms are what is indexed: change them and the search follows them.
    const terms = rememberedSearchTerms(rb);
    assert.ok(terms);
    terms.summary.push('zyzzyva');
    assert.deepEqual(ids(hit.runbooks, 'zyzzyva'), ['checkout-latency']);
    assert.deepEqual(ids(parse().runbooks, 'zyzzyva'), []);
  });

  it('damaged terms from a cache are ignored: the runbook is searched by its text', () => {
    for (const searchTerms of [[{ summary: 'gateway', steps: [], commands: [] }], [null], [], 'x', [{ summary: [] }]]) {
      const { runbooks } = parse();
      const damaged = rememberSearchTerms({ runbooks: runbooks.map((rb) => ({ ...rb })), problems: [], searchTerms } as unknown as ParseResult);
      assert.equal(rememberedSearchTerms(damaged.runbooks[0]), undefined, JSON.stringify(searchTerms));
      assert.deepEqual(ids(damaged.runbooks, 'payment gateway'), ['checkout-latency']);
    }
  });

  it('a copied runbook has no remembered terms and is computed from its (changed) text', () => {
    const [rb] = parse().runbooks;
    const copy = { ...rb, summary: 'Kafka consumer lag grows.' };
    assert.equal(rememberedSearchTerms(copy), undefined);
    assert.deepEqual(ids([copy], 'kafka'), ['checkout-latency']);
    assert.deepEqual(ids([copy], 'gateway'), []);
  });

  it('the bundled index keeps them, with the paths made absolute', () => {
    const index = readBundledIndex(JSON.stringify(buildBundledIndex([{ name: 'checkout.yaml', text: TEXT }], () => parse())));
    const result = bundledResult(index, 'checkout.yaml', TEXT, '/ext/runbooks/checkout.yaml');
    assert.ok(result);
    assert.equal(result.runbooks[0].source.file, '/ext/runbooks/checkout.yaml');
    assert.deepEqual(rememberedSearchTerms(result.runbooks[0]), computeSearchTerms(result.runbooks[0]));
  });
});
