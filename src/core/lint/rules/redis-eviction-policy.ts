// Redis eviction that deletes sessions: a `volatile-*` policy evicts only keys with a TTL, and
// session keys always have one. `maxmemory` without a policy on a session store is noeviction:
// a full store fails every write (no logins). Both need a human to choose, so suggestions only.
import { baseName, entries, type ConfigEntry } from '../formats/index';
import { canonicalKey } from '../knowledgeBase';
import type { Fix, LintContext, Rule, RuleFinding } from '../types';

const VOLATILE = /^volatile-(?:lru|lfu|random|ttl)$/i;
// Inside a YAML block scalar holding redis.conf (Helm values `commonConfiguration: |`).
const EMBEDDED = /^[ \t]*maxmemory-policy[ \t]+(volatile-(?:lru|lfu|random|ttl))\b/gim;

function message(policy: string): string {
  return (
    `${policy} evicts only keys that have a TTL. Session keys have one, so when Redis reaches maxmemory ` +
    `it deletes sessions first and users are logged out.`
  );
}

function policyFixes(start: number, end: number): Fix[] {
  return [
    { title: 'Use noeviction (a dedicated session store: refuse writes, never drop sessions)', edits: [{ start, end, newText: 'noeviction' }] },
    { title: 'Use allkeys-lru (a shared cache: any cold key may go, not only sessions)', edits: [{ start, end, newText: 'allkeys-lru' }] },
  ];
}

function finding(start: number, end: number, policy: string): RuleFinding {
  return { start, end, message: message(policy), suggestions: policyFixes(start, end) };
}

function lastKey(entry: ConfigEntry): string {
  return canonicalKey(entry.key.split('.').pop() ?? entry.key);
}

function looksLikeSessionStore(ctx: LintContext): boolean {
  return /session/i.test(baseName(ctx.file)) || /session/i.test(ctx.text);
}

export const redisEvictionPolicy: Rule = {
  id: 'redis-eviction-policy',
  description: 'A volatile-* maxmemory-policy (evicts sessions first), or maxmemory without a policy on a session store.',
  fileKinds: ['ini', 'yaml'],
  defaultSeverity: 'warning',
  fixable: false,
  runbook: { runbookId: 'session-logout-30s', stepId: 'fix-redis-eviction' },
  check(ctx: LintContext): RuleFinding[] {
    const out: RuleFinding[] = [];
    let hasPolicy = false;
    let maxmemory: ConfigEntry | undefined;
    for (const entry of entries(ctx)) {
      const key = lastKey(entry);
      if (key === 'maxmemorypolicy') {
        hasPolicy = true;
        const v = entry.value.trim();
        if (VOLATILE.test(v)) out.push(finding(entry.valueStart, entry.valueStart + v.length, v));
      } else if (key === 'maxmemory' && ctx.kind === 'ini') {
        const v = entry.value.trim();
        if (v !== '' && v !== '0' && !maxmemory) maxmemory = entry;
      } else if (ctx.kind === 'yaml' && entry.valueEnd - entry.valueStart > 20) {
        // Block scalars are not verbatim values, but their source text is where the lines are.
        const raw = ctx.text.slice(entry.valueStart, entry.valueEnd);
        if (!raw.includes('maxmemory-policy')) continue;
        EMBEDDED.lastIndex = 0;
        for (let m = EMBEDDED.exec(raw); m; m = EMBEDDED.exec(raw)) {
          const start = entry.valueStart + m.index + m[0].length - m[1].length;
          out.push(finding(start, start + m[1].length, m[1]));
        }
      }
    }
    if (maxmemory && !hasPolicy && looksLikeSessionStore(ctx)) {
      const eol = ctx.text.slice(maxmemory.valueEnd).search(/\r?\n|$/) + maxmemory.valueEnd;
      const nl = ctx.text.slice(eol, eol + 2).startsWith('\r\n') ? '\r\n' : '\n';
      const add = (policy: string, why: string): Fix => ({
        title: `Add maxmemory-policy ${policy} (${why})`,
        edits: [{ start: eol, end: eol, newText: `${nl}maxmemory-policy ${policy}` }],
      });
      out.push({
        start: maxmemory.keyStart,
        end: maxmemory.keyEnd,
        severity: 'info',
        message:
          'maxmemory is set but maxmemory-policy is not, so Redis uses noeviction: when this session store is full, ' +
          'every write fails and users cannot log in or keep their session. Choose the policy on purpose.',
        suggestions: [add('noeviction', 'say it on purpose, and size maxmemory for every session'), add('allkeys-lru', 'drop the coldest keys, sessions included')],
      });
    }
    return out;
  },
};
