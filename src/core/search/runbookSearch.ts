// The one search over runbooks, behind "Runbook: Find Runbook for Alert…", the Runbooks view's
// filter and `runbook search`. MiniSearch indexes and ranks the short fields that name the
// problem (aliases, title, tags, symptom, id: BM25 with field boosts, prefix and fuzzy matching);
// the long ones (summary, step text, commands) add what they mention (mentionIndex.ts); an alias
// found whole in the query lifts its runbook. searchTerms.ts turns text into terms (tokens, stop
// words, abbreviations, Porter stems). A query is an alert title, an error message or a chat
// line: its words are OR-ed, so the runbook sharing the most telling words ranks first.
import MiniSearch from 'minisearch';
import type { Runbook } from '../runbook/runbookModel';
import { MentionIndex } from './mentionIndex';
import { normaliseTerm, phraseTokens, queryWords, searchTermsOf, tokenize, type QueryWord } from './searchTerms';

export const SEARCH_FIELDS = ['aliases', 'title', 'tags', 'symptom', 'id', 'summary', 'steps', 'commands'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/**
 * How much a match in each field counts. Aliases are what pages and people say, written for
 * search; the title and symptom describe the problem; steps and commands mention many things
 * in passing (a runbook on disk space may say "replication slot"), so they count least.
 * (Summary, steps and commands count once per term they mention: see MENTION_FIELDS.)
 */
export const FIELD_BOOSTS: Record<SearchField, number> = {
  aliases: 3,
  title: 3,
  tags: 2,
  symptom: 2,
  id: 1.5,
  summary: 1,
  steps: 0.4,
  commands: 0.2,
};

/** Which query words matched in one field. */
export interface MatchReason {
  field: SearchField;
  /** The query's words (lower-case, as typed), in query order. */
  words: string[];
}

export interface SearchHit<R extends Runbook = Runbook> {
  runbook: R;
  /** Relevance (BM25 with the boosts above); only comparable within one search. */
  score: number;
  /** The fields that matched, most telling first. */
  matched: MatchReason[];
}

export interface SearchOptions {
  /** At most this many hits (default: all). */
  limit?: number;
  /** Leave out hits scoring below this share of the best hit's score (0 to 1; default 0: keep all). */
  minRelativeScore?: number;
}

interface SearchDocument {
  key: number;
  id: string;
  title: string;
  symptom: string;
  tags: string;
  aliases: string;
}

/** The short fields that name the problem: MiniSearch, with term frequency, prefix and fuzzy matching. */
const NAMING_FIELDS = ['aliases', 'title', 'tags', 'symptom', 'id'] as const;
/** The long fields: indexed by the terms they mention (mentionIndex.ts), exact terms only. */
const MENTION_FIELDS = ['summary', 'steps', 'commands'] as const;
type MentionField = (typeof MENTION_FIELDS)[number];

/**
 * A mention scores its field's boost times its idf, times this: about what MiniSearch's BM25
 * gives one occurrence of a term in a field of average length.
 */
const MENTION_SCALE = 1.5;

/** Results under this share of the best one's score are noise for a pasted alert (the CLI and the pick leave them out). */
export const DEFAULT_MIN_RELATIVE_SCORE = 0.1;

/** Fuzzy matching only for words of 5 letters or more: 1 edit up to 9 letters, 2 beyond. */
const FUZZY_SHARE = 0.2;
const MIN_FUZZY_LENGTH = 5;
/** A query word of at least 4 letters also finds longer words it starts ("replic" → replica). */
const MIN_PREFIX_LENGTH = 4;
/**
 * What the word an abbreviation stands for counts, against the abbreviation itself: "orders-db"
 * should find runbooks saying "database", without every title with "database" outranking the
 * runbook that matches the rest of the alert.
 */
const EXPANSION_WEIGHT = 0.5;
/**
 * An alias of two words or more found whole in the query (an error message, "no such host",
 * "kicked out") raises the runbook's score by this share, per alias, up to PHRASE_BONUS_MAX:
 * the words of such a phrase are often too common to tell runbooks apart one by one.
 */
const PHRASE_BONUS = 0.5;
const PHRASE_BONUS_MAX = 1;

interface AliasPhrase {
  key: number;
  alias: string;
  tokens: string[];
}

function fuzziness(term: string): number | false {
  return term.length >= MIN_FUZZY_LENGTH ? FUZZY_SHARE : false;
}

function namingDocument(rb: Runbook, key: number): SearchDocument {
  return { key, id: rb.id, title: rb.title, symptom: rb.symptom, tags: rb.tags.join(' '), aliases: (rb.aliases ?? []).join('\n') };
}

/** A runbook's score so far and the terms it matched in each long field. */
interface Candidate {
  score: number;
  match: Record<string, string[]>;
  mentioned: Map<MentionField, Set<string>>;
}

/** An index over a set of runbooks; build it again when the set changes. */
export class RunbookSearchIndex<R extends Runbook = Runbook> {
  private readonly mini: MiniSearch<SearchDocument>;
  private readonly mentions: Record<MentionField, MentionIndex> = { summary: new MentionIndex(), steps: new MentionIndex(), commands: new MentionIndex() };
  /** Aliases of two words or more, by their first word. */
  private readonly phrases = new Map<string, AliasPhrase[]>();

  constructor(private readonly runbooks: readonly R[]) {
    this.mini = new MiniSearch<SearchDocument>({
      idField: 'key',
      fields: [...NAMING_FIELDS],
      tokenize: (text) => tokenize(text),
      processTerm: (term) => normaliseTerm(term),
    });
    this.mini.addAll(runbooks.map(namingDocument));
    runbooks.forEach((rb, key) => {
      const terms = searchTermsOf(rb);
      for (const field of MENTION_FIELDS) this.mentions[field].add(key, terms[field]);
      for (const alias of rb.aliases ?? []) {
        const tokens = phraseTokens(alias);
        if (tokens.length < 2) continue;
        const list = this.phrases.get(tokens[0]) ?? [];
        list.push({ key, alias, tokens });
        this.phrases.set(tokens[0], list);
      }
    });
  }

  get size(): number {
    return this.runbooks.length;
  }

  /** The runbooks matching `query`, best first; [] when the query has no searchable word. */
  search(query: string, options: SearchOptions = {}): SearchHit<R>[] {
    const words = queryWords(query);
    if (words.length === 0 || this.runbooks.length === 0) return [];
    const weights = new Map<string, number>();
    for (const w of words) {
      for (const t of w.terms) weights.set(t, Math.max(weights.get(t) ?? 0, w.expansions.includes(t) ? EXPANSION_WEIGHT : 1));
    }
    const candidates = new Map<number, Candidate>();
    const candidate = (key: number): Candidate => {
      let c = candidates.get(key);
      if (!c) candidates.set(key, (c = { score: 0, match: {}, mentioned: new Map() }));
      return c;
    };
    // The terms are already normalised: MiniSearch must not tokenize or stem them again.
    const results = this.mini.search([...weights.keys()].join(' '), {
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term,
      boost: FIELD_BOOSTS,
      combineWith: 'OR',
      prefix: (term) => term.length >= MIN_PREFIX_LENGTH,
      fuzzy: fuzziness,
      boostTerm: (term) => weights.get(term) ?? 1,
    });
    for (const r of results) {
      const c = candidate(r.id as number);
      c.score += r.score;
      c.match = r.match;
    }
    for (const [term, weight] of weights) {
      for (const field of MENTION_FIELDS) {
        const found = this.mentions[field].lookup(term);
        if (!found) continue;
        for (const key of found.keys) {
          const c = candidate(key);
          c.score += FIELD_BOOSTS[field] * found.idf * weight * MENTION_SCALE;
          const terms = c.mentioned.get(field) ?? new Set<string>();
          c.mentioned.set(field, terms.add(term));
        }
      }
    }
    const phrases = this.phrasesIn(query);
    const hits = [...candidates].map(([key, c]) => {
      const aliases = phrases.get(key) ?? [];
      const matched = matchReasons(c.match, c.mentioned, words);
      if (aliases.length > 0) {
        const quoted = aliases.map((a) => `“${a}”`);
        const own = matched.find((m) => m.field === 'aliases');
        if (own) own.words.unshift(...quoted);
        else matched.unshift({ field: 'aliases', words: quoted });
      }
      return { runbook: this.runbooks[key], score: c.score * (1 + Math.min(PHRASE_BONUS * aliases.length, PHRASE_BONUS_MAX)), matched };
    });
    hits.sort((a, b) => b.score - a.score);
    const floor = (hits[0]?.score ?? 0) * Math.min(Math.max(options.minRelativeScore ?? 0, 0), 1);
    return hits.filter((h) => h.score >= floor).slice(0, options.limit ?? hits.length);
  }

  /** The aliases found whole in the query, by runbook key. */
  private phrasesIn(query: string): Map<number, string[]> {
    const found = new Map<number, string[]>();
    const q = phraseTokens(query);
    q.forEach((first, start) => {
      for (const phrase of this.phrases.get(first) ?? []) {
        if (!phrase.tokens.every((t, k) => q[start + k] === t)) continue;
        const list = found.get(phrase.key) ?? [];
        if (!list.includes(phrase.alias)) list.push(phrase.alias);
        found.set(phrase.key, list);
      }
    });
    return found;
  }
}

/** Builds the index and searches it once: for the CLI and one-off callers. */
export function searchRunbooks<R extends Runbook>(runbooks: readonly R[], query: string, options: SearchOptions = {}): SearchHit<R>[] {
  return new RunbookSearchIndex(runbooks).search(query, options);
}

/** MiniSearch's match (document term → fields) and the long fields' terms, in the query's own words, by field boost. */
function matchReasons(match: Record<string, string[]>, mentioned: Map<MentionField, Set<string>>, words: QueryWord[]): MatchReason[] {
  const byField = new Map<SearchField, Set<string>>();
  for (const [docTerm, fields] of Object.entries(match)) {
    const matching = words.filter((w) => w.terms.some((t) => termMatches(t, docTerm))).map((w) => w.word);
    for (const field of fields as SearchField[]) {
      const set = byField.get(field) ?? new Set<string>();
      for (const w of matching) set.add(w);
      byField.set(field, set);
    }
  }
  for (const [field, terms] of mentioned) {
    byField.set(field, new Set(words.filter((w) => w.terms.some((t) => terms.has(t))).map((w) => w.word)));
  }
  const order = words.map((w) => w.word);
  return [...byField.entries()]
    .filter(([, set]) => set.size > 0)
    .sort(([a], [b]) => FIELD_BOOSTS[b] - FIELD_BOOSTS[a] || SEARCH_FIELDS.indexOf(a) - SEARCH_FIELDS.indexOf(b))
    .map(([field, set]) => ({ field, words: [...set].sort((a, b) => order.indexOf(a) - order.indexOf(b)) }));
}

/** Whether a query term found this document term: the same, a prefix of it, or within the fuzzy distance. */
function termMatches(queryTerm: string, docTerm: string): boolean {
  if (queryTerm === docTerm) return true;
  if (queryTerm.length >= MIN_PREFIX_LENGTH && docTerm.startsWith(queryTerm)) return true;
  const fuzzy = fuzziness(queryTerm);
  return fuzzy !== false && editDistanceWithin(queryTerm, docTerm, Math.round(queryTerm.length * fuzzy));
}

/** Levenshtein distance of a and b is at most `max` (cheap: one row, early exit). */
export function editDistanceWithin(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + cost);
      rowMin = Math.min(rowMin, next[j]);
    }
    if (rowMin > max) return false;
    row = next;
  }
  return row[b.length] <= max;
}

const FIELD_LABELS: Record<SearchField, string> = {
  aliases: 'alias',
  title: 'title',
  tags: 'tags',
  symptom: 'symptom',
  id: 'id',
  summary: 'summary',
  steps: 'steps',
  commands: 'commands',
};

/** One line saying why a hit matched: `alias: session, expired · title: logged`. */
export function describeMatch(matched: readonly MatchReason[], maxFields = 3): string {
  return matched
    .slice(0, maxFields)
    .map((m) => `${FIELD_LABELS[m.field]}: ${m.words.join(', ')}`)
    .join(' · ');
}
