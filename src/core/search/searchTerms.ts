// How runbook text and alert text become search terms: the same steps for both, so a word
// matches itself whatever its form ("sessions expired" finds "session expiry").
//  1. tokenize: split on anything that is not a letter or a digit, and inside a token on
//     camelCase and letter/digit boundaries, keeping the joined form too ("KubePodCrashLooping"
//     gives kube, pod, crash, looping and kubepodcrashlooping; "EAI_AGAIN" gives eai, again).
//  2. normalise: lower-case, drop stop words, expand the abbreviations alerts use ("db",
//     "k8s", "oom"), and stem with Porter's algorithm (the `stemmer` package) so plural and verb
//     endings meet: expired/expires/expiration → expir, replicas → replica, lagging → lag.
// Synonyms of whole phrases ("kicked out", "session expired") belong in each runbook's
// `aliases:`, where the author knows what the responders say; only abbreviations are global.
import { stemmer } from 'stemmer';
import type { Runbook, RunbookSearchTerms } from '../runbook/runbookModel';
import { rememberedSearchTerms } from './runbookTerms';

/** Longer queries are cut: nobody pastes more than this, and a huge paste must stay fast. */
export const MAX_QUERY_CHARS = 2000;
/** Terms kept from a query; the rest are ignored. */
export const MAX_QUERY_TERMS = 64;
/** Longer tokens are not words (hashes, base64): dropped. */
const MAX_TERM_CHARS = 40;

const STOP_WORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does doing for from had has have having he her his how i if in ' +
    'into is it its just me my no nor not of on once only or our ours she should so some such than that the their them then ' +
    'there these they this those through to too us very was we were what when where which while who whom why will with would ' +
    'you your yours again also am any each few more most other own same both all about after before above below ' +
    // Words every alert and runbook says: they carry no information about which runbook fits.
    'please hi hey anyone someone know getting get got keep keeps seeing seems since right'
  ).split(' '),
);

/**
 * Abbreviations in pages and chat, each with the word the runbooks use. Both are indexed and
 * searched, so either form finds the other. Kept to abbreviations on purpose: see the top.
 */
const ABBREVIATIONS: Record<string, string[]> = {
  db: ['database'],
  dbs: ['database'],
  k8s: ['kubernetes'],
  kube: ['kubernetes'],
  pg: ['postgresql'],
  postgres: ['postgresql'],
  psql: ['postgresql'],
  oom: ['memory'],
  oomkilled: ['oom', 'memory', 'killed'],
  mem: ['memory'],
  cert: ['certificate'],
  certs: ['certificate'],
  ssl: ['tls'],
  conn: ['connection'],
  conns: ['connection'],
  repl: ['replication'],
  tx: ['transaction'],
  txn: ['transaction'],
  cfg: ['config'],
  config: ['configuration'],
  env: ['environment'],
  msg: ['message'],
  msgs: ['message'],
  mq: ['queue'],
  '500': ['5xx'],
  '502': ['5xx'],
  '503': ['5xx'],
  '504': ['5xx'],
};

// Inside a token: an acronym (OOM in OOMKilled), a capitalised or lower-case word, a number
// with its unit letters (30s, 5xx, 137).
const TOKEN_PART = /\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{N}+\p{L}*/gu;
// Not a letter or a digit: ASCII's punctuation and spaces, Latin-1's, and the General Punctuation
// and CJK punctuation blocks (dashes, curly quotes, ellipsis). Written without Unicode property
// classes, which cost three to four times as much on the megabytes of a large library.
const NOT_WORD = /[^A-Za-z0-9\u00AA\u00B2\u00B3\u00B5\u00B9\u00BA\u00BC-\u00BE\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u1FFF\u2070-\u2DFF\u2E80-\u2FFF\u3040-\uFFEF]+/;

/** Lower-case words and plain numbers, most tokens by far, have no parts: no regex for them. */
const SIMPLE_TOKEN = /^(?:[a-z]+|[0-9]+)$/;

/** A token and, when it has several, its parts: KubePodCrashLooping, Kube, Pod, Crash, Looping. */
function withParts(token: string): string[] {
  if (SIMPLE_TOKEN.test(token)) return [token];
  const parts = token.match(TOKEN_PART);
  return parts && parts.length > 1 ? [token, ...parts] : [token];
}

/** Splits text into raw tokens (not yet lower-cased or stemmed). */
export function tokenize(text: string): string[] {
  return text.split(NOT_WORD).flatMap((token) => (token === '' ? [] : withParts(token)));
}

/**
 * Normalised terms by raw token. A library's vocabulary is small next to its text (the bundled
 * runbooks: 22,000 tokens, 3,000 distinct), and stemming is the costly part of indexing: each
 * distinct token is stemmed once. Emptied when it grows past the bound, so it cannot grow forever.
 */
const termCache = new Map<string, readonly string[]>();
const MAX_CACHED_TERMS = 50_000;

/** The search terms of one raw token: [] for a stop word, several for an abbreviation (its own stem first). Do not modify: shared. */
export function normaliseTerm(raw: string): string[] {
  let terms = termCache.get(raw);
  if (terms === undefined) {
    if (termCache.size >= MAX_CACHED_TERMS) termCache.clear();
    terms = computeTerms(raw);
    termCache.set(raw, terms);
  }
  return terms as string[];
}

/**
 * The distinct terms of a text, normalised: for the long fields (step text, commands) where how
 * often a word comes back says little, and indexing each occurrence would double the index's
 * build time.
 */
export function distinctTerms(text: string): string[] {
  const terms = new Set<string>();
  // Distinct tokens first: most come back many times, and a set is cheaper than their parts and terms.
  for (const token of new Set(text.split(NOT_WORD))) {
    if (token === '') continue;
    for (const raw of withParts(token)) for (const t of normaliseTerm(raw)) terms.add(t);
  }
  return [...terms];
}

/** The distinct terms of a runbook's long fields: what the search index reads of its text. */
export function computeSearchTerms(rb: Runbook): RunbookSearchTerms {
  const steps = rb.phases.flatMap((p) => p.steps);
  return {
    summary: distinctTerms(rb.insight ? `${rb.summary}\n${rb.insight}` : rb.summary),
    steps: distinctTerms(steps.map((s) => s.text).join('\n')),
    commands: distinctTerms(steps.flatMap((s) => s.commands.map((c) => c.code)).join('\n')),
  };
}

/** The runbook's terms: the ones its parse carried (parse cache, bundled index), else computed now. */
export function searchTermsOf(rb: Runbook): RunbookSearchTerms {
  return rememberedSearchTerms(rb) ?? computeSearchTerms(rb);
}

function computeTerms(raw: string): string[] {
  const word = raw.toLowerCase();
  // A lone digit (from an IP address, a version, "lag is 0") says nothing about the problem.
  if (word.length > MAX_TERM_CHARS || STOP_WORDS.has(word) || /^\p{N}$/u.test(word)) return [];
  const words = [word, ...(ABBREVIATIONS[word] ?? [])];
  return [...new Set(words.map(stem))];
}

function stem(word: string): string {
  // Numbers and mixed tokens (30s, 5xx, x509) are kept as they are: stemming "30s" to "30" would
  // make it match every other number.
  return /^\p{L}+$/u.test(word) ? stemmer(word) : word;
}

/**
 * Text as a sequence of stemmed words, stop words kept: how an alias is found as a phrase in a
 * pasted alert ("no such host" is telling; its words alone are not).
 */
export function phraseTokens(text: string): string[] {
  const out: string[] = [];
  for (const token of text.slice(0, MAX_QUERY_CHARS).split(NOT_WORD)) {
    if (token !== '' && token.length <= MAX_TERM_CHARS) out.push(stem(token.toLowerCase()));
  }
  return out;
}

/** A query as the words a person typed, each with its search terms; stop words left out. */
export interface QueryWord {
  /** As typed, lower-cased: "x509", "orders", "kubepodcrashlooping". */
  word: string;
  /** Its terms and its parts' terms, then what its abbreviations stand for. */
  terms: string[];
  /** The terms that only stand for an abbreviation ("databas" for "db"): they count less. */
  expansions: string[];
}

export function queryWords(query: string): QueryWord[] {
  const words: QueryWord[] = [];
  let termCount = 0;
  for (const token of query.slice(0, MAX_QUERY_CHARS).split(NOT_WORD)) {
    if (token === '') continue;
    const own = new Set<string>();
    const expanded = new Set<string>();
    for (const raw of withParts(token)) {
      const [first, ...rest] = normaliseTerm(raw);
      if (first !== undefined) own.add(first);
      for (const t of rest) expanded.add(t);
    }
    const expansions = [...expanded].filter((t) => !own.has(t));
    const terms = [...own, ...expansions];
    if (terms.length === 0) continue;
    if (termCount + terms.length > MAX_QUERY_TERMS) break;
    termCount += terms.length;
    words.push({ word: token.toLowerCase(), terms, expansions });
  }
  return words;
}
