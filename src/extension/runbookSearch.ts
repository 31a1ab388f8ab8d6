// The search over the library's runbooks, shared by "Runbook: Find Runbook for Alert…" and the
// Runbooks view's filter. The engine (src/core/search) lives in the lazily loaded bundle; its
// index is built on the first search and again only when the set of runbooks has changed.
import type { Runbook } from '../core/runbook/runbookModel';
import type { RunbookSearchIndex, SearchHit, SearchOptions } from '../core/search/runbookSearch';
import { loadLazyBundle } from './loadLazyBundle';

export type { SearchHit } from '../core/search/runbookSearch';

export class LibrarySearch {
  private index: RunbookSearchIndex | undefined;
  private indexed: readonly Runbook[] = [];

  constructor(private readonly runbooks: () => Runbook[]) {}

  search(query: string, options?: SearchOptions): SearchHit[] {
    return this.current().search(query, options);
  }

  /** One line saying why a hit matched: `alias: session, expired · title: logged`. */
  describe(hit: SearchHit): string {
    return loadLazyBundle().search.describeMatch(hit.matched);
  }

  private current(): RunbookSearchIndex {
    const runbooks = this.runbooks();
    // The store hands out a new array each time, of the same objects until a file changes.
    const same = this.index && runbooks.length === this.indexed.length && runbooks.every((rb, i) => rb === this.indexed[i]);
    if (!same || !this.index) {
      this.index = new (loadLazyBundle().search.RunbookSearchIndex)(runbooks);
      this.indexed = runbooks;
    }
    return this.index;
  }
}
