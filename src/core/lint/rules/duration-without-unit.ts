// A bare number where the unit is ambiguous (HTTP_TIMEOUT=30) or surprising (Spring's
// server.servlet.session.timeout=30 is 30 seconds; HikariCP's connection-timeout=30 is 30 ms).
import { entries } from '../formats/index';
import type { ConfigEntry } from '../formats/index';
import {
  BARE_INTEGER,
  findDurationSetting,
  formatMs,
  isAmbiguousDurationName,
  keyNamesUnit,
  UNIT_MS,
  unitWord,
  type DurationSetting,
} from '../knowledgeBase';
import type { Fix, LintContext, Rule, RuleFinding, RunbookLink } from '../types';

const SESSION_RUNBOOK: RunbookLink = { runbookId: 'session-logout-30s', stepId: 'check-app-session-config' };
const POOL_RUNBOOK: RunbookLink = { runbookId: 'connection-pool-exhausted' };
const DB_TIMEOUTS_RUNBOOK: RunbookLink = { runbookId: 'connection-pool-exhausted', stepId: 'fix-database-timeouts' };
// An unknown setting with an ambiguous number (HTTP_TIMEOUT=30): the incident is a release whose
// calls all fail, not a session logout.
const CONFIG_RUNBOOK: RunbookLink = { runbookId: 'high-5xx-after-deploy', stepId: 'cause-config-or-secret' };

function change(entry: ConfigEntry, from: string, to: string, why = ''): Fix {
  return { title: `Change ${from} to ${to}${why}`, edits: [{ start: entry.valueStart, end: entry.valueEnd, newText: to }] };
}

function runbookFor(s: DurationSetting): RunbookLink | undefined {
  if (s.product === 'HikariCP') return POOL_RUNBOOK;
  if (s.product === 'PostgreSQL' || s.product === 'MySQL') return DB_TIMEOUTS_RUNBOOK;
  return undefined;
}

/** With the unit a bigger one would give, the way this format writes it (`30m`, `30s`, `30000`). */
function scaledUp(s: DurationSetting, n: number): { text: string; label: string } | undefined {
  if (s.syntax === 'spring') return s.unit === 's' ? { text: `${n}m`, label: `${n} minutes` } : { text: `${n}s`, label: `${n} seconds` };
  if (s.syntax === 'postgresql' || s.syntax === 'nginx') return { text: `${n}s`, label: `${n} seconds` };
  if (s.unit === 'ms') return { text: String(n * 1000), label: `${n} s in milliseconds` };
  return undefined;
}

function tooSmall(entry: ConfigEntry, s: DurationSetting, n: number, ms: number): RuleFinding {
  const reads = `${s.product} reads ${n} as ${n} ${unitWord(s.unit, n)}`;
  const up = scaledUp(s, n);
  const suggestions: Fix[] = [];
  let fix: Fix | undefined;
  if (s.session) {
    const consequence = /cookie/i.test(entry.key)
      ? `the session cookie expires ${formatMs(ms)} after it is set, so users are logged out however active they are`
      : `users are logged out after ${formatMs(ms)} idle`;
    const message = `${reads}: ${consequence}.${up ? ` ${up.label} meant? Write ${up.text}.` : ''}`;
    // Under a minute is almost surely minutes written without their unit: safe to fix.
    if (up && s.syntax === 'spring' && n < 60) fix = change(entry, String(n), up.text);
    else if (up) suggestions.push(change(entry, String(n), up.text));
    if (s.syntax === 'spring') suggestions.push(change(entry, String(n), `${n}s`, ` (keep ${n} seconds, say so)`));
    return { start: entry.valueStart, end: entry.valueEnd, message, fix, suggestions, runbook: SESSION_RUNBOOK };
  }
  if (up) suggestions.push(change(entry, String(n), up.text, ` (${up.label})`));
  return {
    start: entry.valueStart,
    end: entry.valueEnd,
    message: `${reads}: anything slower than ${formatMs(ms)} times out, so it fails under ordinary load.${up ? ` ${up.label} meant? Write ${up.text}.` : ''}`,
    suggestions,
    runbook: runbookFor(s),
  };
}

function known(entry: ConfigEntry, s: DurationSetting, n: number): RuleFinding | undefined {
  if (n <= 0) return undefined; // 0 / -1 mean "off" or "forever" in these products, not a unit mistake
  const ms = n * UNIT_MS[s.unit];
  if (s.minimumMs !== undefined && ms < s.minimumMs) {
    const up = n * 1000;
    return {
      start: entry.valueStart,
      end: entry.valueEnd,
      severity: 'error',
      message:
        `${s.product} reads ${s.name} in milliseconds: ${n} is ${formatMs(ms)}, below its ${s.minimumMs} ms minimum, ` +
        `so ${s.product} does not use it (it refuses to start or falls back to its default). ${n} seconds meant? Write ${up}.`,
      suggestions: [change(entry, String(n), String(up), ` (${n} s in milliseconds)`)],
      runbook: runbookFor(s),
    };
  }
  if (s.plausibleMinMs !== undefined && ms < s.plausibleMinMs) return tooSmall(entry, s, n, ms);
  if (s.plausibleMaxMs !== undefined && ms > s.plausibleMaxMs) {
    // Only the tell-tale shapes of a smaller unit: 30000 s (ms meant), 1800 min (seconds meant).
    const down = s.unit === 'min' ? (n % 60 === 0 ? n / 60 : undefined) : n >= 1000 && n % 1000 === 0 ? n / 1000 : undefined;
    if (down === undefined) return undefined;
    const smaller = s.unit === 'min' ? 'seconds' : 'milliseconds';
    const downText = s.syntax === 'spring' || s.syntax === 'nginx' ? `${down}${s.unit === 'min' ? 'm' : 's'}` : String(down);
    return {
      start: entry.valueStart,
      end: entry.valueEnd,
      message:
        `${s.product} reads ${n} as ${n} ${unitWord(s.unit, n)} (${formatMs(ms)}): ${s.session ? 'sessions stay valid that long' : 'a hung peer holds its connection that long'}. ` +
        `${n} ${smaller} meant? Write ${downText}.`,
      suggestions: [change(entry, String(n), downText, ` (${n} ${smaller})`)],
      runbook: s.session ? SESSION_RUNBOOK : runbookFor(s),
    };
  }
  return undefined;
}

/** What goes wrong when the code reads milliseconds, by the kind of duration the name says. */
function ifMilliseconds(name: string): string {
  const last = name.toLowerCase().split('_').pop() ?? '';
  if (last === 'ttl' || last === 'expiry' || last === 'expiration' || last === 'age' || last === 'lifetime') return 'entries expire almost as soon as they are written';
  if (last === 'interval' || last === 'period' || last === 'delay' || last === 'backoff') return 'it fires almost continuously, hammering whatever it calls';
  if (last === 'timeout') return 'every call times out almost at once';
  return 'it is a thousand times shorter than intended';
}

function ambiguous(entry: ConfigEntry, n: number): RuleFinding {
  const name = entry.key.split('.').pop() ?? entry.key;
  return {
    start: entry.valueStart,
    end: entry.valueEnd,
    message:
      `${name}=${n} does not say its unit: as seconds it is ${formatMs(n * 1000)}, as milliseconds ${formatMs(n)}. ` +
      `If the code reads milliseconds, ${ifMilliseconds(name)}. Put the unit in the name (${name}_SECONDS or ${name}_MS).`,
    runbook: CONFIG_RUNBOOK,
  };
}

/** A unit named in words: `# Request timeout in seconds`, `# (ms)`, `# minutes before the lock expires`. */
const UNIT_WORD = /\b(?:milliseconds?|millis|msecs?|ms|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?)\b/i;
/** How far above a setting its comment is looked for: a few lines, a bounded number of characters. */
const COMMENT_LINES = 3;
const COMMENT_CHARS = 1000;

/**
 * Whether the comment lines right above the line at `offset` name a unit: the convention of
 * .env samples (`# Session lifetime in seconds` above `SESSION_LIFETIME=7200`). Only the block
 * touching the line counts; a blank line ends it.
 */
export function unitStatedAbove(text: string, offset: number): boolean {
  // Bounded from the setting itself: a minified JSON file puts thousands of keys on one long line.
  const floor = Math.max(0, offset - COMMENT_CHARS);
  let lineStart = offset;
  while (lineStart > floor && text.charCodeAt(lineStart - 1) !== 10) lineStart--;
  if (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10) return false;
  for (let n = 0; n < COMMENT_LINES && lineStart > floor; n++) {
    const prevEnd = lineStart - 1; // the newline ending the line above
    let prevStart = prevEnd;
    while (prevStart > floor && text.charCodeAt(prevStart - 1) !== 10) prevStart--;
    const line = text.slice(prevStart, prevEnd).trim();
    if (!/^(?:#|;|!|\/\/)/.test(line)) return false;
    // An ignore comment's reason ("-- legacy client reads seconds") is about the finding, not a unit stated for readers.
    if (UNIT_WORD.test(line) && !line.includes('runbook-lint-')) return true;
    lineStart = prevStart;
  }
  return false;
}

/**
 * Whether this rule reports `entry` (a bare number for `setting`). session-timeout-too-short uses
 * it to stay silent where this rule already says the same value is too short: one finding per
 * mistake, the one that knows the fix (`30` -> `30m`).
 */
export function reportsBareDuration(entry: ConfigEntry, setting: DurationSetting): boolean {
  const v = entry.value.trim();
  if (!BARE_INTEGER.test(v) || keyNamesUnit(entry.key)) return false;
  return known(entry, setting, Number(v)) !== undefined;
}

export const durationWithoutUnit: Rule = {
  id: 'duration-without-unit',
  description: 'A bare number for a duration whose unit is ambiguous or surprising (server.servlet.session.timeout=30 is 30 seconds).',
  fileKinds: ['properties', 'yaml', 'env', 'ini', 'toml', 'json', 'web-xml'],
  defaultSeverity: 'warning',
  fixable: true,
  runbook: SESSION_RUNBOOK,
  check(ctx: LintContext): RuleFinding[] {
    const out: RuleFinding[] = [];
    const seen = new Set<number>();
    for (const entry of entries(ctx)) {
      const v = entry.value.trim();
      if (!BARE_INTEGER.test(v) || seen.has(entry.valueStart)) continue;
      if (keyNamesUnit(entry.key)) continue;
      const n = Number(v);
      const setting = findDurationSetting(entry.key, ctx.kind, ctx.file);
      const finding = setting
        ? known(entry, setting, n)
        : n > 0 && isAmbiguousDurationName(entry.key) && !unitStatedAbove(ctx.text, entry.keyStart)
          ? ambiguous(entry, n)
          : undefined;
      if (finding) {
        seen.add(entry.valueStart);
        out.push(finding);
      }
    }
    return out;
  },
};
