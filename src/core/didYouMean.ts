// The one "did you mean" of the project: unknown runbook fields and enum values, unknown keys,
// rules and options in .runbooklint.yaml, and runbook ids the CLI cannot find.

/** Edit distance (insertions, deletions, substitutions) between two strings. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

// Longer words get no guess: the distance costs length², and nobody mistypes 200 characters.
const MAX_WORD = 100;

export interface ClosestMatchOptions {
  /** Most edits a guess may be away. Default: 2, or a third of the word's length when longer. */
  maxDistance?: number;
  /** A candidate that contains the word ("session-logout" for a runbook id) counts as 1.5 edits away. */
  partial?: boolean;
}

/**
 * The candidate closest to `word`, ignoring case, if one is near enough to be a likely typo; the
 * first of equally close candidates wins.
 */
export function closestMatch(word: string, candidates: Iterable<string>, options: ClosestMatchOptions = {}): string | undefined {
  if (word.length > MAX_WORD) return undefined;
  const wanted = word.toLowerCase();
  const maxDistance = options.maxDistance ?? Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    if (candidate.length > MAX_WORD) continue;
    const lower = candidate.toLowerCase();
    const distance = levenshtein(wanted, lower);
    const score = options.partial && wanted !== '' && lower.includes(wanted) ? Math.min(distance, 1.5) : distance;
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return bestScore <= maxDistance ? best : undefined;
}

/** ` (did you mean "x"?)`, or '' when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>, options?: ClosestMatchOptions): string {
  const guess = closestMatch(word, candidates, options);
  return guess === undefined ? '' : ` (did you mean "${guess}"?)`;
}
