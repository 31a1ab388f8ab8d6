// A session lifetime under a few minutes, whatever unit it is written in: users are logged out
// while they read a page. No fix: the right lifetime is a product decision.
//
// A bare number that duration-without-unit already reports (`server.servlet.session.timeout=30`,
// read as 30 seconds) is left to that rule while it is on: the mistake is the missing unit, and
// that finding carries the fix (`30m`). Two warnings on one value would be noise.
import { entries } from '../formats/index';
import { durationMs, findDurationSetting, formatMs } from '../knowledgeBase';
import { durationWithoutUnit, reportsBareDuration } from './duration-without-unit';
import type { LintContext, Rule, RuleFinding } from '../types';

const DEFAULT_MINIMUM_MINUTES = 5;

function minimumMinutes(options: Record<string, unknown>): number {
  const v = options.minimumMinutes;
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : DEFAULT_MINIMUM_MINUTES;
}

export const sessionTimeoutTooShort: Rule = {
  id: 'session-timeout-too-short',
  description: 'A session timeout that resolves to under 5 minutes (option minimumMinutes).',
  fileKinds: ['properties', 'yaml', 'env', 'toml', 'json', 'web-xml'],
  defaultSeverity: 'warning',
  fixable: false,
  runbook: { runbookId: 'session-logout-30s', stepId: 'fix-app-session-timeout' },
  options: {
    minimumMinutes: { type: 'number', exclusiveMinimum: 0, description: `A session shorter than this many minutes is reported (default ${DEFAULT_MINIMUM_MINUTES}). Shorthand: session.minimumMinutes.` },
  },
  check(ctx: LintContext): RuleFinding[] {
    const minutes = minimumMinutes(ctx.options);
    const out: RuleFinding[] = [];
    const seen = new Set<number>();
    for (const entry of entries(ctx)) {
      const s = findDurationSetting(entry.key, ctx.kind, ctx.file);
      if (!s?.session || seen.has(entry.valueStart)) continue;
      const written = entry.value.trim();
      const ms = durationMs(written, s.unit);
      // 0 or less means "never expires" for these settings.
      if (ms === undefined || ms <= 0 || ms >= minutes * 60_000) continue;
      if (ctx.config.rules[durationWithoutUnit.id] !== 'off' && reportsBareDuration(entry, s)) continue;
      seen.add(entry.valueStart);
      const cookie = /cookie/i.test(entry.key);
      const what = cookie
        ? `The session cookie expires ${formatMs(ms)} after it is set: users are logged out that soon, however active they are`
        : `Sessions expire after ${formatMs(ms)} of inactivity: users are logged out while they read a page or fill in a form`;
      out.push({
        start: entry.valueStart,
        end: entry.valueEnd,
        message: `${what} (${s.product} reads ${written} as ${formatMs(ms)}; the minimum here is ${minutes} min).`,
      });
    }
    return out;
  },
};
