// The long fields of a runbook (summary, step text, commands: nine tenths of its words) indexed by
// the terms they mention, in plain maps. What counts there is whether a runbook mentions a word,
// not how often or how near a typo; and a map is ten times cheaper to build than MiniSearch's
// radix tree, which keeps 1,000 runbooks' index within the library's load budget.

/** Which runbooks (by key) mention each term, for one field. */
export class MentionIndex {
  private readonly postings = new Map<string, number[]>();
  private count = 0;

  /** Adds runbook `key`'s distinct terms; keys must be added in increasing order. */
  add(key: number, terms: Iterable<string>): void {
    this.count = Math.max(this.count, key + 1);
    for (const term of terms) {
      const keys = this.postings.get(term);
      if (keys === undefined) this.postings.set(term, [key]);
      else if (keys[keys.length - 1] !== key) keys.push(key);
    }
  }

  /** The runbooks mentioning `term`, and how telling it is (BM25's idf: rarer is higher). */
  lookup(term: string): { keys: readonly number[]; idf: number } | undefined {
    const keys = this.postings.get(term);
    if (keys === undefined) return undefined;
    const n = this.count;
    return { keys, idf: Math.log(1 + (n - keys.length + 0.5) / (keys.length + 0.5)) };
  }
}
