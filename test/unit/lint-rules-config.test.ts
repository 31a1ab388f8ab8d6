import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConf } from '../../src/core/lint/formats/conf';
import { shortestIntervalMinutes } from '../../src/core/lint/formats/crontab';
import { parseEnv } from '../../src/core/lint/formats/env';
import { parseProperties } from '../../src/core/lint/formats/properties';
import { parseWebXml } from '../../src/core/lint/formats/webXml';
import { parseYamlConfig } from '../../src/core/lint/formats/yamlConfig';
import { durationMs, findDurationSetting, keyNamesUnit } from '../../src/core/lint/knowledgeBase';
import { configRules } from '../../src/core/lint/rules/configRules';
import { cronOverlap, wrapWithFlock } from '../../src/core/lint/rules/cron-overlap';
import { durationWithoutUnit } from '../../src/core/lint/rules/duration-without-unit';
import { redisEvictionPolicy } from '../../src/core/lint/rules/redis-eviction-policy';
import { sessionTimeoutTooShort } from '../../src/core/lint/rules/session-timeout-too-short';
import { staleAfterFailover } from '../../src/core/lint/rules/stale-after-failover';
import type { FileKind, Fix, LintContext, Rule, RuleFinding } from '../../src/core/lint/types';

function ctx(text: string, file: string, kind: FileKind, options: Record<string, unknown> = {}): LintContext {
  return {
    text,
    file,
    kind,
    dialect: 'postgresql',
    options,
    config: { rules: {}, ruleOptions: {}, largeTableRows: 1_000_000, tables: {} },
  };
}

function run(rule: Rule, text: string, file: string, kind: FileKind, options: Record<string, unknown> = {}): RuleFinding[] {
  return rule.check(ctx(text, file, kind, options));
}

/** The text each finding covers. */
function covered(text: string, findings: RuleFinding[]): string[] {
  return findings.map((f) => text.slice(f.start, f.end));
}

function apply(text: string, fix: Fix | undefined): string {
  assert.ok(fix, 'expected a fix');
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

describe('config readers', () => {
  it('properties: separators, continuations, escapes and comments, with exact offsets', () => {
    const text = '# c=1\n! also a comment\nserver.port = 8080\nkey\\ with\\ space:va\\\n    lue\na.b 30\nempty=\n  indented=x  \n';
    const e = parseProperties(text);
    assert.deepEqual(
      e.map((x) => [x.key, x.value, text.slice(x.keyStart, x.keyEnd), text.slice(x.valueStart, x.valueEnd), x.verbatim]),
      [
        ['server.port', '8080', 'server.port', '8080', true],
        ['key with space', 'value', 'key\\ with\\ space', 'va\\\n    lue', false],
        ['a.b', '30', 'a.b', '30', true],
        ['empty', '', 'empty', '', true],
        ['indented', 'x', 'indented', 'x', true],
      ],
    );
  });

  it('properties: CRLF line endings and \\u escapes', () => {
    const text = 'a=1\r\nb=\\u0041\r\n';
    assert.deepEqual(parseProperties(text).map((x) => [x.key, x.value]), [['a', '1'], ['b', 'A']]);
  });

  it('env: export, quotes, trailing comments, multi-line double quotes', () => {
    const text = 'export A=1\nB="two words" # c\nC=\'x#y\'\nD=plain # note\nE="line1\nline2"\nF=3\n# G=4\n';
    const e = parseEnv(text);
    assert.deepEqual(e.map((x) => [x.key, x.value, text.slice(x.valueStart, x.valueEnd)]), [
      ['A', '1', '1'],
      ['B', 'two words', 'two words'],
      ['C', 'x#y', 'x#y'],
      ['D', 'plain', 'plain'],
      ['E', 'line1\nline2', 'line1\nline2'],
      ['F', '3', '3'],
    ]);
  });

  it('conf: redis, nginx, my.cnf, postgresql.conf and CONFIG SET', () => {
    const text = '[mysqld]\nlock_wait_timeout = 50\nmaxmemory-policy volatile-lru\n  proxy_read_timeout 30s; send_timeout 5;\nlock_timeout = \'5s\'   # c\nCONFIG SET maxmemory 2gb\nlocation / {\n; comment = 1\n';
    const e = parseConf(text);
    assert.deepEqual(e.map((x) => [x.key, x.value, text.slice(x.valueStart, x.valueEnd)]), [
      ['lock_wait_timeout', '50', '50'],
      ['maxmemory-policy', 'volatile-lru', 'volatile-lru'],
      ['proxy_read_timeout', '30s', '30s'],
      ['send_timeout', '5', '5'],
      ['lock_timeout', '5s', '5s'],
      ['maxmemory', '2gb', '2gb'],
    ]);
    assert.equal(e[0].section, 'mysqld');
  });

  it('yaml: flattens nested keys, Kubernetes env and compose environment; broken YAML gives nothing', () => {
    const text = 'server:\n  servlet:\n    session:\n      timeout: 30 # c\nenv:\n  - name: HTTP_TIMEOUT\n    value: "45"\nenvironment:\n  - CACHE_TTL=60\n';
    const e = parseYamlConfig(text).entries;
    const byKey = new Map(e.map((x) => [x.key, text.slice(x.valueStart, x.valueEnd)]));
    assert.equal(byKey.get('server.servlet.session.timeout'), '30');
    assert.equal(byKey.get('HTTP_TIMEOUT'), '45');
    assert.equal(byKey.get('CACHE_TTL'), '60');
    assert.deepEqual(parseYamlConfig('a: [1, 2\nb: {').entries, []);
    assert.deepEqual(parseYamlConfig('a: '.repeat(0) + '['.repeat(500)).entries, []);
  });

  it('web.xml: session-timeout outside comments only', () => {
    const text = '<web-app>\n<!-- <session-config><session-timeout>1</session-timeout></session-config> -->\n<session-config>\n  <session-timeout> 2 </session-timeout>\n</session-config>\n</web-app>';
    const e = parseWebXml(text);
    assert.equal(e.length, 1);
    assert.equal(text.slice(e[0].valueStart, e[0].valueEnd), '2');
  });

  it('cron: the shortest interval between runs', () => {
    assert.equal(shortestIntervalMinutes('*/5 * * * *'), 5);
    assert.equal(shortestIntervalMinutes('* * * * *'), 1);
    assert.equal(shortestIntervalMinutes('0,15,30,45 * * * *'), 15);
    assert.equal(shortestIntervalMinutes('0,30 * * * *'), 30);
    assert.equal(shortestIntervalMinutes('0 * * * *'), 60);
    assert.equal(shortestIntervalMinutes('0 3 * * *'), 1440);
    assert.equal(shortestIntervalMinutes('0 3,4 * * *'), 60);
    assert.equal(shortestIntervalMinutes('10-20/5 9-17 * * 1-5'), 5);
    assert.equal(shortestIntervalMinutes('@hourly'), 60);
    assert.equal(shortestIntervalMinutes('CRON_TZ=UTC */2 * * * *'), 2);
    assert.equal(shortestIntervalMinutes('@reboot'), undefined);
    assert.equal(shortestIntervalMinutes('H/5 * * * *'), undefined);
  });
});

describe('knowledge base', () => {
  it('finds settings by relaxed key, environment form and file name', () => {
    assert.equal(findDurationSetting('server.servlet.session.timeout', 'properties', 'application.properties')?.unit, 's');
    assert.equal(findDurationSetting('SERVER_SERVLET_SESSION_TIMEOUT', 'env', '.env')?.name, 'server.servlet.session.timeout');
    assert.equal(findDurationSetting('spring.datasource.hikari.connectionTimeout', 'yaml', 'application.yml')?.minimumMs, 250);
    assert.equal(findDurationSetting('app.datasource.orders.hikari.connection-timeout', 'properties', 'a.properties')?.product, 'HikariCP');
    assert.equal(findDurationSetting('timeout', 'ini', '/etc/redis/redis.conf')?.product, 'redis.conf');
    assert.equal(findDurationSetting('timeout', 'ini', 'nginx.conf'), undefined);
    assert.equal(findDurationSetting('lock-wait-timeout', 'ini', 'my.cnf')?.product, 'MySQL');
  });

  it('recognises keys that name their unit', () => {
    for (const k of ['timeoutSeconds', 'RETRY_BACKOFF_MS', 'CACHE_TTL_SECONDS', 'connectTimeoutMs', 'keepAliveSec', 'REQUEST_TIMEOUT_MILLIS']) assert.ok(keyNamesUnit(k), k);
    for (const k of ['HTTP_TIMEOUT', 'connection-timeout', 'timeout', 'SMS_TIMEOUT']) assert.ok(!keyNamesUnit(k), k);
  });

  it('reads written durations', () => {
    assert.equal(durationMs('30', 's'), 30_000);
    assert.equal(durationMs('30m', 's'), 1_800_000);
    assert.equal(durationMs('1h30m', 's'), 5_400_000);
    assert.equal(durationMs('PT2M', 's'), 120_000);
    assert.equal(durationMs('250ms', 's'), 250);
    assert.equal(durationMs('5 s', 'ms'), 5000);
    assert.equal(durationMs('soon', 's'), undefined);
  });
});

describe('duration-without-unit', () => {
  it('server.servlet.session.timeout=30: seconds, fixed to 30m', () => {
    const text = '# server.servlet.session.timeout=30\nserver.servlet.session.timeout=30\n';
    const f = run(durationWithoutUnit, text, 'application.properties', 'properties');
    assert.equal(f.length, 1);
    assert.equal(f[0].start, text.lastIndexOf('30'));
    assert.equal(f[0].end, text.lastIndexOf('30') + 2);
    assert.equal(f[0].message, 'Spring Boot reads 30 as 30 seconds: users are logged out after 30 s idle. 30 minutes meant? Write 30m.');
    assert.equal(f[0].fix?.title, 'Change 30 to 30m');
    const fixed = apply(text, f[0].fix);
    assert.equal(fixed, '# server.servlet.session.timeout=30\nserver.servlet.session.timeout=30m\n');
    assert.deepEqual(run(durationWithoutUnit, fixed, 'application.properties', 'properties'), []);
    assert.deepEqual(f[0].suggestions?.map((s) => s.edits[0].newText), ['30s']);
    assert.deepEqual(f[0].runbook, { runbookId: 'session-logout-30s', stepId: 'check-app-session-config' });
  });

  it('nested YAML spring.session.timeout and the environment form', () => {
    const yml = 'spring:\n  session:\n    timeout: 30\n';
    assert.deepEqual(covered(yml, run(durationWithoutUnit, yml, 'application.yml', 'yaml')), ['30']);
    const env = 'SERVER_SERVLET_SESSION_TIMEOUT=20\n';
    assert.deepEqual(covered(env, run(durationWithoutUnit, env, '.env', 'env')), ['20']);
  });

  it('leaves plausible values, explicit units and unit-named keys alone', () => {
    const text = 'server.servlet.session.timeout=1800\nspring.session.timeout=30m\nspring.datasource.hikari.connection-timeout=30000\nhttp.client.timeoutSeconds=30\nserver.servlet.session.timeout=0\n';
    assert.deepEqual(run(durationWithoutUnit, text, 'application.properties', 'properties'), []);
    const env = 'RETRY_BACKOFF_MS=30\nHTTP_TIMEOUT_SECONDS=30\nHTTP_TIMEOUT=0\nWORKERS=30\n';
    assert.deepEqual(run(durationWithoutUnit, env, '.env', 'env'), []);
  });

  it('HikariCP connection-timeout=30 is 30 ms, under its minimum: an error with a suggestion', () => {
    const text = 'spring.datasource.hikari.connection-timeout=30\n';
    const [f] = run(durationWithoutUnit, text, 'application.properties', 'properties');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /^HikariCP reads connectionTimeout in milliseconds: 30 is 30 ms, below its 250 ms minimum/);
    assert.equal(f.fix, undefined);
    assert.equal(apply(text, f.suggestions?.[0]), 'spring.datasource.hikari.connection-timeout=30000\n');
  });

  it('HTTP_TIMEOUT=30: the unit is unknown', () => {
    const text = 'export HTTP_TIMEOUT=30 # upstream\n';
    const f = run(durationWithoutUnit, text, '.env', 'env');
    assert.deepEqual(covered(text, f), ['30']);
    assert.match(f[0].message, /^HTTP_TIMEOUT=30 does not say its unit: as seconds it is 30 s, as milliseconds 30 ms\./);
    assert.equal(f[0].fix, undefined);
    assert.deepEqual(f[0].runbook, { runbookId: 'high-5xx-after-deploy', stepId: 'cause-config-or-secret' });
    const [ttl] = run(durationWithoutUnit, 'CACHE_TTL=300\n', '.env', 'env');
    assert.match(ttl.message, /If the code reads milliseconds, entries expire almost as soon as they are written\./);
  });

  it('surprising in the other direction: nginx 30000 s, web.xml 1800 min; PostgreSQL 5 ms', () => {
    const nginx = 'location / {\n  proxy_read_timeout 30000;\n  proxy_send_timeout 3600;\n}\n';
    const f = run(durationWithoutUnit, nginx, 'nginx.conf', 'ini');
    assert.deepEqual(covered(nginx, f), ['30000']);
    assert.equal(f[0].suggestions?.[0].edits[0].newText, '30s');
    const xml = '<web-app><session-config><session-timeout>1800</session-timeout></session-config></web-app>';
    const w = run(durationWithoutUnit, xml, 'web.xml', 'web-xml');
    assert.deepEqual(covered(xml, w), ['1800']);
    assert.match(w[0].message, /1800 as 1800 minutes \(1 d 6 h\)/);
    assert.equal(w[0].suggestions?.[0].edits[0].newText, '30');
    const pg = "lock_timeout = 5\nstatement_timeout = '30s'\n";
    const p = run(durationWithoutUnit, pg, 'postgresql.conf', 'ini');
    assert.deepEqual(covered(pg, p), ['5']);
    assert.match(p[0].message, /^PostgreSQL reads 5 as 5 milliseconds/);
  });

  it('takes a Kubernetes env value once, not twice', () => {
    const text = 'env:\n  - name: HTTP_TIMEOUT\n    value: "30"\n';
    assert.deepEqual(covered(text, run(durationWithoutUnit, text, 'deploy.yaml', 'yaml')), ['30']);
  });
});

describe('session-timeout-too-short', () => {
  it('states the resolved duration for every unit style', () => {
    const text = 'server.servlet.session.timeout=30s\nspring.session.timeout=2m\nserver.servlet.session.timeout=120\nspring.session.timeout=PT10M\nserver.servlet.session.cookie.max-age=60\n';
    const f = run(sessionTimeoutTooShort, text, 'application.properties', 'properties');
    // The bare numbers (120, 60) are duration-without-unit's: one finding per mistake, with its fix.
    assert.deepEqual(covered(text, f), ['30s', '2m']);
    assert.equal(
      f[0].message,
      'Sessions expire after 30 s of inactivity: users are logged out while they read a page or fill in a form (Spring Boot reads 30s as 30 s; the minimum here is 5 min).',
    );
    assert.ok(f.every((x) => x.fix === undefined));
    assert.deepEqual(covered(text, run(durationWithoutUnit, text, 'application.properties', 'properties')), ['120', '60']);
  });

  it('reports bare numbers itself when duration-without-unit is off, or does not flag them', () => {
    const text = 'server.servlet.session.timeout=120\nserver.servlet.session.cookie.max-age=60\nspring.session.timeout=400\n';
    const off: LintContext = { ...ctx(text, 'application.properties', 'properties'), config: { rules: { 'duration-without-unit': 'off' }, ruleOptions: {}, largeTableRows: 1_000_000, tables: {} } };
    const f = sessionTimeoutTooShort.check(off);
    assert.deepEqual(covered(text, f), ['120', '60']);
    assert.match(f[1].message, /^The session cookie expires 1 min after it is set/);
    // 400 s is plausible for duration-without-unit but under a 10-minute minimum: this rule's alone.
    assert.deepEqual(covered(text, run(sessionTimeoutTooShort, text, 'application.properties', 'properties', { minimumMinutes: 10 })), ['400']);
  });

  it('web.xml minutes, express-session maxAge, and the minimumMinutes option', () => {
    const xml = '<web-app>\n  <session-config>\n    <session-timeout>2</session-timeout>\n  </session-config>\n</web-app>\n';
    assert.deepEqual(covered(xml, run(sessionTimeoutTooShort, xml, 'WEB-INF/web.xml', 'web-xml')), ['2']);
    assert.deepEqual(run(sessionTimeoutTooShort, xml, 'WEB-INF/web.xml', 'web-xml', { minimumMinutes: 1 }), []);
    const json = '{ "session": { "cookie": { "maxAge": 60000 } } }';
    assert.deepEqual(covered(json, run(sessionTimeoutTooShort, json, 'config/default.json', 'json')), ['60000']);
    const ok = 'server.servlet.session.timeout=30m\nserver.servlet.session.timeout=0\nserver.servlet.session.timeout=-1\n';
    assert.deepEqual(run(sessionTimeoutTooShort, ok, 'application.properties', 'properties'), []);
    const tenMin = 'spring.session.timeout=8m\n';
    assert.equal(run(sessionTimeoutTooShort, tenMin, 'application.properties', 'properties', { minimumMinutes: 10 }).length, 1);
  });
});

describe('redis-eviction-policy', () => {
  it('volatile-* policies, with two suggestions and no automatic fix', () => {
    const text = '# maxmemory-policy volatile-lru\nmaxmemory 2gb\nmaxmemory-policy volatile-lru\n';
    const f = run(redisEvictionPolicy, text, 'redis.conf', 'ini');
    assert.deepEqual(covered(text, f), ['volatile-lru']);
    assert.match(f[0].message, /^volatile-lru evicts only keys that have a TTL\. Session keys have one/);
    assert.equal(f[0].fix, undefined);
    assert.deepEqual(f[0].suggestions?.map((s) => s.edits[0].newText), ['noeviction', 'allkeys-lru']);
  });

  it('maxmemory without a policy on a session store, as info on the key', () => {
    const text = '# sessions for the web app\nmaxmemory 512mb\n';
    const [f] = run(redisEvictionPolicy, text, 'redis.conf', 'ini');
    assert.equal(text.slice(f.start, f.end), 'maxmemory');
    assert.equal(f.severity, 'info');
    assert.equal(apply(text, f.suggestions?.[0]), '# sessions for the web app\nmaxmemory 512mb\nmaxmemory-policy noeviction\n');
    assert.deepEqual(run(redisEvictionPolicy, 'maxmemory 512mb\n', 'redis-cache.conf', 'ini'), []);
    assert.deepEqual(run(redisEvictionPolicy, 'maxmemory 512mb\nmaxmemory-policy allkeys-lru\n', 'redis-session.conf', 'ini'), []);
  });

  it('Helm values: a key, and redis.conf lines in a block scalar', () => {
    const text = 'master:\n  maxmemory-policy: volatile-ttl\ncommonConfiguration: |-\n  # maxmemory-policy volatile-lru\n  maxmemory-policy volatile-lfu\n';
    assert.deepEqual(covered(text, run(redisEvictionPolicy, text, 'values.yaml', 'yaml')), ['volatile-ttl', 'volatile-lfu']);
  });
});

describe('cron-overlap', () => {
  it('crontab: frequent lines without a lock; the suggestion wraps the command in flock', () => {
    const text = 'MAILTO=ops@example.com\n*/5 * * * * /opt/jobs/sync-orders.sh >> /var/log/sync.log 2>&1\n0 3 * * * /opt/jobs/nightly.sh\n* * * * * flock -n /var/lock/q.lock /opt/jobs/queue.sh\n# */1 * * * * /opt/x\n';
    const f = run(cronOverlap, text, 'app.crontab', 'crontab');
    assert.deepEqual(covered(text, f), ['*/5 * * * *']);
    assert.match(f[0].message, /^This job starts every 5 minutes and nothing stops a second copy/);
    assert.equal(f[0].fix, undefined);
    assert.equal(
      apply(text, f[0].suggestions?.[0]).split('\n')[1],
      '*/5 * * * * flock -n /var/lock/sync-orders.lock /opt/jobs/sync-orders.sh >> /var/log/sync.log 2>&1',
    );
  });

  it('system crontab user column, and shell lists wrapped in sh -c', () => {
    const text = '*/10 * * * * root cd /srv/app && ./bin/report\n';
    const [f] = run(cronOverlap, text, '/etc/cron.d/report', 'crontab');
    assert.equal(apply(text, f.suggestions?.[0]), "*/10 * * * * root flock -n /var/lock/report.lock sh -c 'cd /srv/app && ./bin/report'\n");
    assert.equal(wrapWithFlock("echo 'hi'; run"), "flock -n /var/lock/echo.lock sh -c 'echo '\\''hi'\\''; run'");
  });

  it('CronJob without concurrencyPolicy: finding on schedule, fix inserts Forbid at the right indent', () => {
    const text = 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: sync\nspec:\n  schedule: "*/5 * * * *"\n  jobTemplate:\n    spec: {}\n';
    const [f] = run(cronOverlap, text, 'cronjob.yaml', 'yaml');
    assert.equal(text.slice(f.start, f.end), 'schedule');
    assert.match(f.message, /has no concurrencyPolicy, so Kubernetes uses Allow/);
    const fixed = apply(text, f.fix);
    assert.equal(fixed, text.replace('"*/5 * * * *"\n', '"*/5 * * * *"\n  concurrencyPolicy: Forbid\n'));
    assert.deepEqual(run(cronOverlap, fixed, 'cronjob.yaml', 'yaml'), []);
  });

  it('CronJob with Allow, a second document, Replace/hourly left alone, broken YAML skipped', () => {
    const text = 'apiVersion: batch/v1\nkind: CronJob\nspec:\n  schedule: "@hourly"\n---\napiVersion: batch/v1\nkind: CronJob\nspec:\n    concurrencyPolicy: Allow\n    schedule: "* * * * *"\n---\napiVersion: batch/v1\nkind: CronJob\nspec:\n  concurrencyPolicy: Replace\n  schedule: "*/1 * * * *"\n';
    const f = run(cronOverlap, text, 'cronjobs.yaml', 'yaml');
    assert.deepEqual(covered(text, f), ['Allow']);
    assert.equal(apply(text, f[0].fix).includes('concurrencyPolicy: Forbid\n    schedule: "* * * * *"'), true);
    assert.deepEqual(run(cronOverlap, 'kind: CronJob\nspec: {schedule: [\n', 'x.yaml', 'yaml'), []);
  });
});

describe('stale-after-failover', () => {
  it('java.security networkaddress.cache.ttl=-1, suggestion 60', () => {
    const text = '#networkaddress.cache.ttl=-1\nnetworkaddress.cache.ttl=-1\nnetworkaddress.cache.negative.ttl=10\n';
    const f = run(staleAfterFailover, text, 'java.security', 'java-security');
    assert.equal(f.length, 1);
    assert.equal(f[0].start, text.indexOf('-1', 30));
    assert.match(f[0].message, /^networkaddress\.cache\.ttl=-1 makes the JVM cache DNS answers forever/);
    assert.equal(f[0].suggestions?.[0].edits[0].newText, '60');
    assert.deepEqual(f[0].runbook, { runbookId: 'stale-data-after-failover', stepId: 'check-jvm-dns-cache' });
  });

  it('-D flags in JAVA_OPTS, in .env and in a Kubernetes env list (reported once)', () => {
    const env = 'JAVA_OPTS="-Xmx1g -Dsun.net.inetaddr.ttl=-1 -Dfoo=1"\n';
    const f = run(staleAfterFailover, env, '.env', 'env');
    assert.equal(f.length, 1);
    assert.equal(f[0].start, env.indexOf('=-1') + 1);
    assert.equal(f[0].end, env.indexOf('=-1') + 3);
    const yml = 'env:\n  - name: JAVA_TOOL_OPTIONS\n    value: "-Dnetworkaddress.cache.ttl=-1"\n';
    assert.equal(run(staleAfterFailover, yml, 'deploy.yaml', 'yaml').length, 1);
  });

  it('multi-host JDBC URL without targetServerType: fix appends with ? or &', () => {
    const a = 'spring.datasource.url=jdbc:postgresql://db1:5432,db2:5432/orders\n';
    const [fa] = run(staleAfterFailover, a, 'application.properties', 'properties');
    assert.equal(a.slice(fa.start, fa.end), 'jdbc:postgresql://db1:5432,db2:5432/orders');
    const fixedA = apply(a, fa.fix);
    assert.equal(fixedA, 'spring.datasource.url=jdbc:postgresql://db1:5432,db2:5432/orders?targetServerType=primary\n');
    assert.deepEqual(run(staleAfterFailover, fixedA, 'application.properties', 'properties'), []);
    const b = 'spring:\n  datasource:\n    url: "jdbc:postgresql://db1,db2/orders?ssl=true"\n';
    const [fb] = run(staleAfterFailover, b, 'application.yml', 'yaml');
    assert.equal(apply(b, fb.fix), b.replace('ssl=true', 'ssl=true&targetServerType=primary'));
    const ok = 'a=jdbc:postgresql://db1/orders\nb=jdbc:postgresql://db1,db2/orders?targetServerType=master\n';
    assert.deepEqual(run(staleAfterFailover, ok, 'application.properties', 'properties'), []);
  });

  it('HikariCP maxLifetime=0', () => {
    const text = 'spring.datasource.hikari.max-lifetime=0\nspring.datasource.hikari.idle-timeout=0\n';
    const f = run(staleAfterFailover, text, 'application.properties', 'properties');
    assert.deepEqual(covered(text, f), ['0']);
    assert.equal(f[0].start, text.indexOf('=0') + 1);
    assert.match(f[0].message, /^maxLifetime=0 keeps every pooled connection forever/);
  });
});

describe('config rules together', () => {
  it('are registered with the ids, docs and fixtures the issue names', () => {
    assert.deepEqual(configRules.map((r) => r.id), ['duration-without-unit', 'session-timeout-too-short', 'redis-eviction-policy', 'cron-overlap', 'stale-after-failover']);
  });

  it('never throw, and find nothing, on garbage', () => {
    const garbage = ['', '\u0000\uffff', '=\n:\n\\', '[[[', 'key: "unterminated', '<session-timeout>', '* * *', 'a'.repeat(10_000)];
    const kinds: FileKind[] = ['properties', 'yaml', 'env', 'ini', 'toml', 'json', 'crontab', 'java-security', 'web-xml'];
    for (const rule of configRules) for (const kind of kinds) for (const g of garbage) assert.deepEqual(rule.check(ctx(g, 'x', kind)), [], `${rule.id} ${kind}`);
  });
  // Speed is measured by `npm run bench` (in-editor cost of a 2,000-line properties file), not here.
});
