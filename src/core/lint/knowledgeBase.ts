// What a bare number means, setting by setting. Every entry names its source; the rules only
// trust what is written here. See also /docs/rules/duration-without-unit.md.
import type { FileKind } from './types';

export type DurationUnit = 'ms' | 's' | 'min';

/** How the format lets you state a unit, for the fixes: `30m` (Spring), `30s;` (nginx), `'5s'` (PostgreSQL). */
export type UnitSyntax = 'spring' | 'nginx' | 'postgresql' | 'none';

export interface DurationSetting {
  /** As shown in messages. */
  name: string;
  product: string;
  /** Canonical keys (see `canonicalKey`). */
  keys: readonly string[];
  /** `suffix`: also matches `<anything>.<key>` (e.g. `app.datasource.hikari.connection-timeout`). */
  match: 'exact' | 'suffix';
  kinds: readonly FileKind[];
  /** Only in files whose base name matches (e.g. `timeout` means something only in redis.conf). */
  fileName?: RegExp;
  unit: DurationUnit;
  syntax: UnitSyntax;
  /** The product refuses or overrides values below this. */
  minimumMs?: number;
  /** Below this a bare number is surprising: a bigger unit was probably meant. */
  plausibleMinMs?: number;
  /** Above this a bare number is surprising: a smaller unit was probably meant. */
  plausibleMaxMs?: number;
  /** A session lifetime: too short logs users out. */
  session?: boolean;
  source: string;
}

export const UNIT_MS: Record<DurationUnit, number> = { ms: 1, s: 1000, min: 60_000 };
const SPRING_KINDS: readonly FileKind[] = ['properties', 'yaml', 'env', 'toml', 'json'];
const SPRING_BOOT = 'https://docs.spring.io/spring-boot/appendix/application-properties/index.html';
const HIKARI = 'https://github.com/brettwooldridge/HikariCP#gear-configuration-knobs-baby';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Spring Boot's session lifetimes: @DurationUnit(SECONDS), and under 5 minutes users are logged out. */
const SPRING_SESSION_SECONDS = {
  product: 'Spring Boot',
  match: 'exact',
  kinds: SPRING_KINDS,
  unit: 's',
  syntax: 'spring',
  plausibleMinMs: 5 * MINUTE,
  session: true,
} as const;

export const DURATION_SETTINGS: readonly DurationSetting[] = [
  {
    name: 'server.servlet.session.timeout',
    ...SPRING_SESSION_SECONDS,
    keys: ['server.servlet.session.timeout'],
    source: `${SPRING_BOOT} (Session.timeout is @DurationUnit(SECONDS), default 30m)`,
  },
  {
    name: 'spring.session.timeout',
    ...SPRING_SESSION_SECONDS,
    keys: ['spring.session.timeout'],
    source: `${SPRING_BOOT} (SessionProperties.timeout, @DurationUnit(SECONDS); falls back to server.servlet.session.timeout)`,
  },
  {
    name: 'server.servlet.session.cookie.max-age',
    ...SPRING_SESSION_SECONDS,
    keys: ['server.servlet.session.cookie.maxage'],
    source: `${SPRING_BOOT} (Cookie.maxAge, @DurationUnit(SECONDS))`,
  },
  {
    name: 'spring.data.redis.timeout',
    product: 'Spring Boot',
    keys: ['spring.redis.timeout', 'spring.data.redis.timeout', 'spring.redis.connecttimeout', 'spring.data.redis.connecttimeout'],
    match: 'exact',
    kinds: SPRING_KINDS,
    unit: 'ms',
    syntax: 'spring',
    plausibleMinMs: 100,
    source: `${SPRING_BOOT} (a Duration without @DurationUnit: milliseconds; Boot 3.x name unverified)`,
  },
  {
    name: 'server.tomcat.connection-timeout',
    product: 'Spring Boot (Tomcat)',
    keys: ['server.tomcat.connectiontimeout', 'server.tomcat.keepalivetimeout'],
    match: 'exact',
    kinds: SPRING_KINDS,
    unit: 'ms',
    syntax: 'spring',
    plausibleMinMs: 1000,
    source: `${SPRING_BOOT}; https://tomcat.apache.org/tomcat-10.1-doc/config/http.html (connectionTimeout in milliseconds)`,
  },
  {
    name: 'connectionTimeout',
    product: 'HikariCP',
    keys: ['hikari.connectiontimeout', 'spring.datasource.hikari.connectiontimeout'],
    match: 'suffix',
    kinds: SPRING_KINDS,
    unit: 'ms',
    syntax: 'none',
    minimumMs: 250,
    source: `${HIKARI} (connectionTimeout: milliseconds, lowest 250, default 30000)`,
  },
  {
    // hikari.properties and Tomcat's connector both read a bare `connectionTimeout` in milliseconds.
    name: 'connectionTimeout',
    product: 'HikariCP',
    keys: ['connectiontimeout'],
    match: 'exact',
    kinds: ['properties'],
    unit: 'ms',
    syntax: 'none',
    minimumMs: 250,
    source: `${HIKARI}; https://tomcat.apache.org/tomcat-10.1-doc/config/http.html`,
  },
  {
    name: 'idleTimeout',
    product: 'HikariCP',
    keys: ['hikari.idletimeout'],
    match: 'suffix',
    kinds: SPRING_KINDS,
    unit: 'ms',
    syntax: 'none',
    minimumMs: 10_000,
    source: `${HIKARI} (idleTimeout: milliseconds, lowest 10000, 0 = never)`,
  },
  {
    name: 'maxLifetime',
    product: 'HikariCP',
    keys: ['hikari.maxlifetime'],
    match: 'suffix',
    kinds: SPRING_KINDS,
    unit: 'ms',
    syntax: 'none',
    minimumMs: 30_000,
    source: `${HIKARI} (maxLifetime: milliseconds, lowest 30000, 0 = infinite, default 1800000)`,
  },
  {
    name: 'validationTimeout',
    product: 'HikariCP',
    keys: ['hikari.validationtimeout'],
    match: 'suffix',
    kinds: SPRING_KINDS,
    unit: 'ms',
    syntax: 'none',
    minimumMs: 250,
    source: `${HIKARI} (validationTimeout: milliseconds, lowest 250)`,
  },
  // hikari.properties spells the keys without a prefix.
  {
    name: 'idleTimeout',
    product: 'HikariCP',
    keys: ['idletimeout'],
    match: 'exact',
    kinds: ['properties'],
    fileName: /hikari/i,
    unit: 'ms',
    syntax: 'none',
    minimumMs: 10_000,
    source: HIKARI,
  },
  {
    name: 'maxLifetime',
    product: 'HikariCP',
    keys: ['maxlifetime'],
    match: 'exact',
    kinds: ['properties'],
    fileName: /hikari/i,
    unit: 'ms',
    syntax: 'none',
    minimumMs: 30_000,
    source: HIKARI,
  },
  {
    name: '<session-timeout>',
    product: 'web.xml',
    keys: ['session-config.session-timeout'],
    match: 'exact',
    kinds: ['web-xml'],
    unit: 'min',
    syntax: 'none',
    plausibleMaxMs: 24 * HOUR,
    session: true,
    source: 'Jakarta Servlet specification, web.xml <session-timeout>: whole minutes; 0 or less = never',
  },
  {
    name: 'timeout',
    product: 'redis.conf',
    keys: ['timeout'],
    match: 'exact',
    kinds: ['ini'],
    fileName: /redis/i,
    unit: 's',
    syntax: 'none',
    plausibleMaxMs: 24 * HOUR,
    source: 'https://redis.io/docs/latest/operate/oss_and_stack/management/config-file/ (close idle clients after N seconds, 0 = never)',
  },
  {
    name: 'nginx timeout',
    product: 'nginx',
    keys: [
      'proxyreadtimeout',
      'proxyconnecttimeout',
      'proxysendtimeout',
      'keepalivetimeout',
      'clientbodytimeout',
      'clientheadertimeout',
      'sendtimeout',
      'fastcgireadtimeout',
      'uwsgireadtimeout',
      'grpcreadtimeout',
      'resolvertimeout',
    ],
    match: 'exact',
    kinds: ['ini'],
    unit: 's',
    syntax: 'nginx',
    plausibleMaxMs: HOUR,
    source: 'https://nginx.org/en/docs/syntax.html (time intervals: a bare number is seconds; ms s m h d w M y)',
  },
  {
    name: 'gunicorn timeout',
    product: 'gunicorn',
    keys: ['timeout', 'gracefultimeout', 'keepalive'],
    match: 'exact',
    kinds: ['ini'],
    fileName: /gunicorn/i,
    unit: 's',
    syntax: 'none',
    plausibleMaxMs: HOUR,
    source: 'https://docs.gunicorn.org/en/stable/settings.html#timeout (seconds)',
  },
  {
    name: 'PostgreSQL timeout',
    product: 'PostgreSQL',
    keys: ['locktimeout', 'statementtimeout', 'idleintransactionsessiontimeout', 'idlesessiontimeout', 'transactiontimeout'],
    match: 'exact',
    kinds: ['ini'],
    unit: 'ms',
    syntax: 'postgresql',
    plausibleMinMs: 100,
    source: 'https://www.postgresql.org/docs/current/runtime-config-client.html (milliseconds if no unit; 0 = off)',
  },
  {
    name: 'MySQL timeout (seconds)',
    product: 'MySQL',
    keys: ['lockwaittimeout', 'innodblockwaittimeout', 'waittimeout', 'interactivetimeout', 'netreadtimeout', 'netwritetimeout'],
    match: 'exact',
    kinds: ['ini'],
    unit: 's',
    syntax: 'none',
    source: 'https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html (seconds)',
  },
  {
    name: 'max_execution_time',
    product: 'MySQL',
    keys: ['maxexecutiontime'],
    match: 'exact',
    kinds: ['ini'],
    unit: 'ms',
    syntax: 'none',
    plausibleMinMs: 100,
    source: 'https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_max_execution_time (milliseconds, 0 = off)',
  },
  {
    name: 'cookie.maxAge',
    product: 'express-session',
    keys: ['cookie.maxage'],
    match: 'suffix',
    kinds: ['json', 'yaml'],
    unit: 'ms',
    syntax: 'none',
    plausibleMinMs: MINUTE,
    session: true,
    source: 'https://github.com/expressjs/session#cookiemaxage (milliseconds)',
  },
  {
    name: 'networkaddress.cache.ttl',
    product: 'the JVM',
    keys: ['networkaddress.cache.ttl', 'networkaddress.cache.negative.ttl', 'sun.net.inetaddr.ttl'],
    match: 'exact',
    kinds: ['java-security', 'properties'],
    unit: 's',
    syntax: 'none',
    source: 'https://docs.oracle.com/en/java/javase/21/core/java-networking.html (seconds; -1 = forever)',
  },
];

/** Lower case without `-` and `_`: Spring's relaxed binding, and MySQL's `-`/`_` equivalence. */
export function canonicalKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

const EXACT = new Map<string, DurationSetting[]>();
const SUFFIX: { key: string; setting: DurationSetting }[] = [];
for (const s of DURATION_SETTINGS) {
  for (const k of s.keys) {
    const c = canonicalKey(k);
    EXACT.set(c, [...(EXACT.get(c) ?? []), s]);
    if (s.match === 'suffix') SUFFIX.push({ key: '.' + c, setting: s });
  }
}

function fits(s: DurationSetting, kind: FileKind, file: string): boolean {
  if (!s.kinds.includes(kind)) return false;
  return !s.fileName || s.fileName.test(file.replace(/\\/g, '/').split('/').pop() ?? '');
}

/** The setting a key names in this file, if the knowledge base knows it. */
export function findDurationSetting(key: string, kind: FileKind, file: string): DurationSetting | undefined {
  const candidates = [canonicalKey(key)];
  // SERVER_SERVLET_SESSION_TIMEOUT is Spring's environment form of server.servlet.session.timeout.
  if (/^[A-Z][A-Z0-9_]*$/.test(key) && key.includes('_')) candidates.push(canonicalKey(key.replace(/_/g, '.')));
  for (const c of candidates) {
    const exact = EXACT.get(c)?.find((s) => fits(s, kind, file));
    if (exact) return exact;
    const suffix = SUFFIX.find((x) => c.endsWith(x.key) && fits(x.setting, kind, file));
    if (suffix) return suffix.setting;
  }
  return undefined;
}

/** The words of a key's last segment: `connectTimeoutMs` -> connect, timeout, ms. */
function lastWords(key: string): string[] {
  const last = key.split('.').pop() ?? key;
  return last
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_\-\s]+/)
    .filter(Boolean);
}

const UNIT_WORDS = new Set([
  'ms', 'msec', 'msecs', 'milli', 'millis', 'millisecond', 'milliseconds',
  's', 'sec', 'secs', 'second', 'seconds',
  'min', 'mins', 'minute', 'minutes',
  'hr', 'hrs', 'hour', 'hours',
  'day', 'days',
  'us', 'micros', 'microseconds', 'ns', 'nanos', 'nanoseconds',
]);

/** `timeoutSeconds`, `RETRY_BACKOFF_MS`, `keepAliveSec`: the name states its unit. */
export function keyNamesUnit(key: string): boolean {
  return lastWords(key).some((w) => UNIT_WORDS.has(w));
}

const DURATION_WORDS = new Set(['timeout', 'ttl', 'interval', 'delay', 'backoff', 'expiry', 'expiration', 'lifetime', 'duration', 'keepalive', 'period']);

/** An environment-style name for a duration (`HTTP_TIMEOUT`, `CACHE_TTL`) that does not say its unit. */
export function isAmbiguousDurationName(key: string): boolean {
  const last = key.split('.').pop() ?? key;
  if (!/^[A-Z][A-Z0-9_]*$/.test(last)) return false;
  const words = lastWords(last);
  const w = words[words.length - 1];
  const durationLike = DURATION_WORDS.has(w) || (w === 'age' && words[words.length - 2] === 'max');
  return durationLike && !words.some((x) => UNIT_WORDS.has(x));
}

const UNIT_SUFFIX: Record<string, number> = {
  ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1,
  s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000, w: 604_800_000,
};

export const BARE_INTEGER = /^[+-]?\d+$/;

/**
 * A written duration in milliseconds: `30` (in the setting's unit), `30s`, `2m`, `1h30m`, `'5 s'`,
 * ISO-8601 `PT30S`. Undefined when not understood.
 */
export function durationMs(value: string, unit: DurationUnit): number | undefined {
  const v = value.trim();
  if (BARE_INTEGER.test(v)) return Number(v) * UNIT_MS[unit];
  const iso = /^([+-]?)P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(v);
  if (iso && v.length > 2 && !/T$/i.test(v)) {
    const ms = (Number(iso[2] ?? 0) * 86400 + Number(iso[3] ?? 0) * 3600 + Number(iso[4] ?? 0) * 60 + Number(iso[5] ?? 0)) * 1000;
    return iso[1] === '-' ? -ms : ms;
  }
  const parts = /^(?:\d+(?:\.\d+)?\s*[a-zµ]+\s*)+$/i.test(v) ? v.match(/\d+(?:\.\d+)?\s*[a-zµ]+/gi) : null;
  if (!parts) return undefined;
  let total = 0;
  for (const p of parts) {
    const m = /^(\d+(?:\.\d+)?)\s*([a-zµ]+)$/i.exec(p);
    const factor = m ? UNIT_SUFFIX[m[2] === 'M' ? 'M' : m[2].toLowerCase()] : undefined;
    if (!m || factor === undefined) return undefined;
    total += Number(m[1]) * factor;
  }
  return total;
}

/** `30 s`, `4 min`, `1 h 30 min`, `250 ms`: for messages. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms * 1000) / 1000} ms`;
  const totalSeconds = ms / 1000;
  if (!Number.isInteger(totalSeconds)) return `${totalSeconds} s`;
  const d = Math.floor(totalSeconds / 86400);
  const h = Math.floor((totalSeconds % 86400) / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const out: string[] = [];
  if (d) out.push(`${d} d`);
  if (h) out.push(`${h} h`);
  if (m) out.push(`${m} min`);
  if (s) out.push(`${s} s`);
  return out.join(' ');
}

export const UNIT_WORD: Record<DurationUnit, [string, string]> = { ms: ['millisecond', 'milliseconds'], s: ['second', 'seconds'], min: ['minute', 'minutes'] };

export function unitWord(unit: DurationUnit, n: number): string {
  return UNIT_WORD[unit][Math.abs(n) === 1 ? 0 : 1];
}
