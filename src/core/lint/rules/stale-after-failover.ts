// Settings that keep an application on the old primary after a database failover: a JVM that
// caches DNS forever, a multi-host pgJDBC URL that may pick a standby or stay on the old primary,
// a pool whose connections never expire (runbook stale-data-after-failover).
import { dedupe, entries, findInValue, type ConfigEntry } from '../formats/index';
import { canonicalKey, findDurationSetting } from '../knowledgeBase';
import type { LintContext, Rule, RuleFinding, RunbookLink } from '../types';

const DNS_RUNBOOK: RunbookLink = { runbookId: 'stale-data-after-failover', stepId: 'check-jvm-dns-cache' };
const POOL_RUNBOOK: RunbookLink = { runbookId: 'stale-data-after-failover', stepId: 'fix-root-pool-failover-detection' };

const TTL_KEYS = new Set([canonicalKey('networkaddress.cache.ttl'), canonicalKey('sun.net.inetaddr.ttl')]);
const TTL_FLAG = /-D(networkaddress\.cache\.ttl|sun\.net\.inetaddr\.ttl)=(-1)(?![\w.])/;
const JDBC = /jdbc:postgresql:\/\/([^/\s?"'#,]+(?:,[^/\s?"'#,]+)+)(\/[^\s?"'#]*)?(\?[^\s"'#]*)?/;
const TARGET = /(?:^|[?&])targetServerType=/i;
const SUGGESTED_TTL = '60';

function ttlFinding(start: number, end: number, name: string): RuleFinding {
  return {
    start,
    end,
    message:
      `${name}=-1 makes the JVM cache DNS answers forever: after a database failover the application keeps ` +
      `connecting to the old primary's address until it restarts.`,
    suggestions: [{ title: `Cache DNS for ${SUGGESTED_TTL} seconds`, edits: [{ start, end, newText: SUGGESTED_TTL }] }],
    runbook: DNS_RUNBOOK,
  };
}

const JDBC_MESSAGE =
  'This multi-host PostgreSQL URL has no targetServerType=primary: the driver connects to the first host that answers, ' +
  'which after a failover can be the old primary (now a read-only standby) or a replica, so writes fail or reads are stale.';

function jdbcFindings(text: string, entry: ConfigEntry): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const { start, end, match } of findInValue(text, entry, JDBC)) {
    const query = match[3];
    if (query && TARGET.test(query)) continue;
    const sep = !query ? '?' : query.endsWith('&') || query === '?' ? '' : '&';
    out.push({
      start,
      end,
      message: JDBC_MESSAGE,
      fix: { title: 'Add targetServerType=primary', edits: [{ start: end, end, newText: `${sep}targetServerType=primary` }] },
      runbook: POOL_RUNBOOK,
    });
  }
  if (out.length > 0 || entry.verbatim) return out;
  // Escaped values (`jdbc\:postgresql\://...` as Java writes them): report the whole value.
  const m = JDBC.exec(entry.value);
  if (!m || (m[3] && TARGET.test(m[3]))) return out;
  const atEnd = m.index + m[0].length === entry.value.length;
  const sep = !m[3] ? '?' : m[3].endsWith('&') ? '' : '&';
  out.push({
    start: entry.valueStart,
    end: entry.valueEnd,
    message: JDBC_MESSAGE,
    fix: atEnd ? { title: 'Add targetServerType=primary', edits: [{ start: entry.valueEnd, end: entry.valueEnd, newText: `${sep}targetServerType=primary` }] } : undefined,
    runbook: POOL_RUNBOOK,
  });
  return out;
}

export const staleAfterFailover: Rule = {
  id: 'stale-after-failover',
  description: 'Settings that keep talking to the old primary after a failover: DNS cached forever, multi-host JDBC without targetServerType=primary, maxLifetime=0.',
  fileKinds: ['java-security', 'properties', 'env', 'yaml', 'toml', 'json', 'ini'],
  defaultSeverity: 'warning',
  fixable: true,
  runbook: POOL_RUNBOOK,
  check(ctx: LintContext): RuleFinding[] {
    const out: RuleFinding[] = [];
    const text = ctx.text;
    for (const entry of entries(ctx)) {
      const v = entry.value.trim();
      if (TTL_KEYS.has(canonicalKey(entry.key)) && v === '-1') {
        out.push(ttlFinding(entry.valueStart, entry.valueStart + entry.value.indexOf('-1') + 2, entry.key));
        continue;
      }
      if (v.includes('ttl=-1')) {
        for (const { start, match } of findInValue(text, entry, TTL_FLAG)) {
          const at = start + match[0].length - 2;
          out.push(ttlFinding(at, at + 2, `-D${match[1]}`));
        }
      }
      if (v.includes('jdbc:postgresql:') || v.includes('jdbc\\:postgresql')) for (const f of jdbcFindings(text, entry)) out.push(f);
      if (v === '0' && findDurationSetting(entry.key, ctx.kind, ctx.file)?.name === 'maxLifetime') {
        out.push({
          start: entry.valueStart,
          end: entry.valueEnd,
          message:
            'maxLifetime=0 keeps every pooled connection forever: after a failover, connections to the old primary ' +
            'are never replaced while it still answers, so the application reads stale data or fails its writes.',
          suggestions: [{ title: "Use HikariCP's default of 30 minutes (1800000 ms)", edits: [{ start: entry.valueStart, end: entry.valueEnd, newText: '1800000' }] }],
        });
      }
    }
    return dedupe(out);
  },
};
