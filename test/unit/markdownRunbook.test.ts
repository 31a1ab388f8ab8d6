import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseMarkdownRunbooks } from '../../src/core/runbook/markdownRunbook';
import type { Runbook, Step } from '../../src/core/runbook/runbookModel';

/** The repo root: above the bundled test (out/test/unit) or, failing that, the working directory. */
function repoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'test/fixtures/seed/incident-scenarios.md'))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error(`test/fixtures/seed not found above ${__dirname} or ${process.cwd()}`);
}

const SEED_PATH = join(repoRoot(), 'test/fixtures/seed/incident-scenarios.md');
const SEED = readFileSync(SEED_PATH, 'utf8');
const seed = parseMarkdownRunbooks(SEED, SEED_PATH, 'bundled');

function allSteps(rb: Runbook): Step[] {
  return rb.phases.flatMap((p) => p.steps);
}

function stepWith(rb: Runbook, fragment: string): Step {
  const step = allSteps(rb).find((s) => s.text.includes(fragment));
  assert.ok(step, `no step containing ${JSON.stringify(fragment)} in ${rb.id}`);
  return step;
}

function parse(md: string) {
  return parseMarkdownRunbooks(md, '/ws/runbooks/test.md', 'workspace');
}

// ------------------------------------------------------------------ the seed (acceptance)

test('seed: exactly four runbooks with the four timeboxed phases, no problems', () => {
  assert.deepEqual(seed.problems, []);
  assert.equal(seed.runbooks.length, 4);
  for (const rb of seed.runbooks) {
    assert.deepEqual(
      rb.phases.map((p) => [p.name, p.timebox]),
      [
        ['Triage & Stabilize', { fromMinutes: 0, toMinutes: 10 }],
        ['Isolate', { fromMinutes: 10, toMinutes: 25 }],
        ['Fix', { fromMinutes: 25, toMinutes: 40 }],
        ['Verify', { fromMinutes: 40, toMinutes: 45 }],
      ],
      rb.title,
    );
    assert.deepEqual(rb.lintRules, []);
    assert.ok(rb.phases.every((p) => p.steps.length > 0));
  }
});

test('seed: titles come from the symptoms (the headings are only "🔥 7."), ids are title slugs', () => {
  const [redis, cron, failover, migration] = seed.runbooks;
  assert.equal(redis.title, 'Users logged out every 30 seconds (session data in Redis)');
  assert.match(cron.title, /^Cron job that runs every 5 minutes is now taking 6 minutes/);
  assert.match(failover.title, /database failover.*stale data/);
  assert.match(migration.title, /new column to a 500M-row table/);
  for (const rb of seed.runbooks) {
    assert.doesNotMatch(rb.title, /🔥|^\d|\?$/u, rb.title);
    assert.ok(rb.title.length <= 70, rb.title);
    assert.match(rb.id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    assert.ok(rb.id.length <= 60, rb.id);
  }
  assert.equal(redis.id, 'users-logged-out-every-30-seconds-session-data-in-redis');
  assert.equal(new Set(seed.runbooks.map((r) => r.id)).size, 4);
});

test('seed: source lines point at each runbook heading', () => {
  const lines = SEED.split('\n');
  assert.deepEqual(
    seed.runbooks.map((rb) => lines[rb.source.line - 1].trim()),
    ['## 🔥 7.', '## 🔥 8.', '## 🔥 9.', '## 🔥 10.'],
  );
  for (const rb of seed.runbooks) assert.deepEqual({ ...rb.source, line: 0 }, { kind: 'bundled', file: SEED_PATH, line: 0 });
});

test('seed: symptom without bold markers, the "Strong Answer" quote as summary, the closing quote as insight', () => {
  const [redis, cron, failover, migration] = seed.runbooks;
  assert.equal(
    redis.symptom,
    'Users report they’re being logged out every 30 seconds. Session data is stored in Redis. What do you check?',
  );
  assert.match(redis.summary, /^Session expiration every 30 seconds is way too fast\./);
  assert.ok(redis.summary.includes('**Redis TTLs, app config, and session propagation**'));
  assert.ok(!redis.summary.includes('Strong Answer'));
  assert.equal(redis.insight, 'Most likely: a **config typo** — `30` seconds instead of `30m`. Always validate configs in staging.');
  assert.equal(cron.insight, 'Key: **idempotency + locking**. Never assume jobs are isolated.');
  assert.equal(
    failover.insight,
    'Most likely: **connection pool stuck on old primary**. Fix: restart or evict. Prevent: use cloud-native connection managers.',
  );
  assert.equal(
    migration.insight,
    'Never run blocking DDL on large tables. Use `pt-online-schema-change`, `gh-ost`, or `CREATE INDEX CONCURRENTLY`.',
  );
  // The insight is not also a step.
  assert.ok(!allSteps(redis).some((s) => s.text.includes('config typo')));
});

test('seed: likely causes are cause steps, "Check:" items are check steps, phases give the other kinds', () => {
  const redis = seed.runbooks[0];
  const isolate = redis.phases[1];
  const causes = isolate.steps.filter((s) => s.kind === 'cause');
  assert.equal(causes.length, 6);
  const eviction = stepWith(redis, 'Redis eviction policy');
  assert.equal(eviction.kind, 'cause');
  assert.ok(eviction.text.includes('`volatile-lru`'));
  assert.equal(stepWith(redis, '`TTL session:abc123` in Redis').kind, 'check');
  assert.equal(stepWith(redis, 'Logs: any `Could not serialize session`?').kind, 'check');
  // The label lines are headings of the steps after them, not steps: nothing to tick, nothing lost.
  assert.deepEqual(isolate.steps.filter((s) => s.kind === 'note'), []);
  assert.deepEqual(
    isolate.steps.filter((s) => s.heading !== undefined).map((s) => [s.heading, s.kind]),
    [['Likely causes:', 'cause'], ['Check:', 'check']],
  );
  assert.equal(isolate.steps[0].heading, 'Likely causes:');
  assert.ok(redis.phases[0].steps.every((s) => s.kind === 'check'));
  assert.ok(redis.phases[2].steps.every((s) => s.kind === 'fix'));
  assert.ok(redis.phases[3].steps.every((s) => s.kind === 'verify'));
  assert.deepEqual(
    seed.runbooks.map((rb) => rb.phases[1].steps.filter((s) => s.kind === 'cause').length),
    [6, 5, 5, 0],
  );
});

test('seed: nested sub-items stay in their parent step as a nested list', () => {
  const cookie = stepWith(seed.runbooks[0], 'Check **session cookie** in browser:');
  assert.equal(
    cookie.text,
    'Check **session cookie** in browser:\n- Is `Expires` set to 30s?\n- Is `Secure`, `HttpOnly` correct?',
  );
  const general = stepWith(seed.runbooks[3], '**General**:');
  assert.equal(general.text, '**General**:\n1. Add column as nullable\n2. Backfill in batches\n3. Add index/constraint later');
  // Sub-items are not steps of their own.
  assert.ok(!allSteps(seed.runbooks[0]).some((s) => s.text.startsWith('Is `Expires`')));
});

test('seed: code blocks are commands of the step they are indented under, with their language', () => {
  const [, cron, , migration] = seed.runbooks;
  const lock = stepWith(cron, 'Add **distributed lock**');
  assert.deepEqual(lock.commands, [
    { language: 'java', code: 'if (lock.tryLock()) {\n    try { runJob(); }\n    finally { lock.unlock(); }\n}', line: 95 },
  ]);
  assert.equal(lock.kind, 'fix');

  const progress = stepWith(migration, 'Check progress:');
  assert.deepEqual(progress.commands, [
    { language: 'sql', code: '-- PostgreSQL\nSELECT * FROM pg_stat_progress_create_index;', line: 195 },
  ]);
  assert.equal(progress.kind, 'check');

  const mysql = stepWith(migration, '**MySQL**:');
  assert.deepEqual(mysql.commands, [
    { language: 'bash', code: 'pt-online-schema-change --alter "ADD COLUMN new_col INT" D=db,t=table', line: 214 },
  ]);
  const postgres = stepWith(migration, '**PostgreSQL**:');
  assert.deepEqual(postgres.commands, [
    { language: 'sql', code: 'CREATE COLUMN ... ADD COLUMN IF NOT EXISTS new_col;\n-- Or use `pg_repack`', line: 209 },
  ]);
  // Exactly those four code blocks in the whole seed, none duplicated into step text.
  const commands = seed.runbooks.flatMap((rb) => allSteps(rb).flatMap((s) => s.commands));
  assert.equal(commands.length, 4);
  assert.ok(seed.runbooks.every((rb) => allSteps(rb).every((s) => !s.text.includes('```'))));
});

test('seed: the #### fix options head their own steps', () => {
  const fix = seed.runbooks[3].phases[2];
  assert.deepEqual(
    fix.steps.map((s) => [s.kind, s.text.split('\n')[0], s.heading]),
    [
      ['fix', 'Monitor closely', 'Option A: **Let it finish** (if safe)'],
      ['fix', 'Ensure replication can catch up', undefined],
      ['fix', '**PostgreSQL**:', 'Option B: **Cancel and use online migration**'],
      ['fix', '**MySQL**:', undefined],
      ['fix', '**General**:', undefined],
    ],
  );
});

test('label lines: a label with nothing after it stays a note, two in a row head one step, code after a label is its own step', () => {
  const text = [
    '## Labels',
    '',
    '> Something is off.',
    '',
    '### Isolate (0-10 min)',
    '',
    '#### Option A',
    '',
    'Likely causes:',
    '',
    '- A full disk',
    '',
    'Check:',
    '',
    '```bash',
    'df -h',
    '```',
    '',
    'Afterwards:',
    '',
  ].join('\n');
  const { runbooks } = parseMarkdownRunbooks(text, 'labels.md', 'workspace');
  assert.deepEqual(
    runbooks[0].phases[0].steps.map((s) => [s.kind, s.text, s.heading]),
    [
      ['cause', 'A full disk', 'Option A\nLikely causes:'],
      ['check', 'Run `df -h`', 'Check:'],
      ['note', 'Afterwards:', undefined],
    ],
  );
});

test('seed: step ids are slugs of the step text, unique within each runbook', () => {
  for (const rb of seed.runbooks) {
    const ids = allSteps(rb).map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length, rb.id);
    for (const id of ids) {
      assert.match(id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      assert.ok(id.length <= 40, id);
    }
  }
  assert.equal(stepWith(seed.runbooks[0], 'Redis eviction policy').id, 'redis-eviction-policy-volatile-lru');
  assert.equal(stepWith(seed.runbooks[2], 'pg_is_in_recovery').id, 'select-pg-is-in-recovery-is-it-read-only');
});

test('seed: tags are derived from keywords', () => {
  assert.ok(seed.runbooks[0].tags.includes('redis'));
  assert.ok(seed.runbooks[1].tags.includes('cron'));
  assert.ok(seed.runbooks[2].tags.includes('failover'));
  assert.ok(seed.runbooks[3].tags.includes('migration'));
});

/** A line with its Markdown decoration removed, for "is it still there" checks. */
function normalise(line: string): string {
  return line
    .trim()
    .replace(/^>\s?/, '')
    .replace(/^#{1,6}\s+/, '')
    .replace(/^(?:[-*+]|\d+[.)])\s+/, '')
    .replace(/\*\*|__|`|["“”]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The content lines of the seed's runbook sections, and those that cannot be found in `runbooks`. */
function checkLines(source: string, runbooks: Runbook[]): { checked: number; missing: string[] } {
  const sections = source.split(/^(?=## )/m).filter((s) => s.startsWith('## 🔥'));
  assert.equal(sections.length, runbooks.length);
  const missing: string[] = [];
  let checked = 0;
  sections.forEach((section, i) => {
    const rb = runbooks[i];
    const haystack = [
      rb.title,
      rb.symptom,
      rb.summary,
      rb.insight ?? '',
      ...allSteps(rb).flatMap((s) => [s.heading ?? '', s.text, ...s.commands.map((c) => c.code)]),
    ]
      .join('\n')
      .split('\n')
      .map(normalise)
      .join('\n');
    for (const line of section.split('\n')) {
      // `##`/`###` headings are structure (title, phase name and timebox: asserted above);
      // fences are the command language (asserted above); `---` is ignored by design.
      if (/^#{2,3} /.test(line) || /^\s*```/.test(line) || /^\s*---\s*$/.test(line)) continue;
      const needle = normalise(line);
      if (!needle) continue;
      checked++;
      if (!haystack.includes(needle)) missing.push(needle);
    }
  });
  return { checked, missing };
}

test('seed: nothing is dropped — every content line of every runbook is in the import', () => {
  const { checked, missing } = checkLines(SEED, seed.runbooks);
  assert.deepEqual(missing, []);
  assert.equal(checked, 113); // all content lines of the four sections were looked at
});

test('the completeness check itself notices a dropped sub-item, label or command line', () => {
  const damaged = structuredClone(seed.runbooks);
  const cookie = damaged[0].phases[0].steps[2];
  cookie.text = cookie.text.split('\n').slice(0, 2).join('\n');
  damaged[0].phases[1].steps.shift(); // "Likely causes:"
  const lock = damaged[1].phases[2].steps[0];
  lock.commands = [];
  const { missing } = checkLines(SEED, damaged);
  assert.ok(missing.includes('Is Secure, HttpOnly correct?'), missing.join('\n'));
  assert.ok(missing.includes('Likely causes:'));
  assert.ok(missing.includes('finally { lock.unlock(); }'));
});

test('seed: the "Summary" table and "Pro Insight" sections are not runbooks', () => {
  assert.ok(!seed.runbooks.some((rb) => /summary|pro insight/i.test(rb.title)));
  assert.ok(!seed.runbooks.some((rb) => JSON.stringify(rb).includes('operational maturity')));
});

// ------------------------------------------------------------------ other Markdown

test('headings with words keep them, minus emoji and numbering; timebox spellings', () => {
  const { runbooks, problems } = parse(
    [
      '## 🔥 3. Disk full on db-1',
      '> **Alert: disk 95%**',
      '',
      '### Step 1: Triage (0-10 min)',
      '- Check `df -h`',
      '### Phase 2 — Mitigate (10 – 25 minutes)',
      '- Rotate logs',
      '### 3. Recover (25–40m)',
      '- Restore',
      '### Follow-up',
      '- Write the postmortem',
    ].join('\n'),
  );
  assert.deepEqual(problems, []);
  assert.equal(runbooks.length, 1);
  const rb = runbooks[0];
  assert.equal(rb.title, 'Disk full on db-1');
  assert.equal(rb.id, 'disk-full-on-db-1');
  assert.equal(rb.symptom, 'Alert: disk 95%');
  assert.equal(rb.source.line, 1);
  assert.deepEqual(
    rb.phases.map((p) => [p.name, p.timebox, p.steps[0].kind]),
    [
      ['Triage', { fromMinutes: 0, toMinutes: 10 }, 'check'],
      ['Mitigate', { fromMinutes: 10, toMinutes: 25 }, 'fix'],
      ['Recover', { fromMinutes: 25, toMinutes: 40 }, 'fix'],
      ['Follow-up', null, 'verify'],
    ],
  );
});

test('code at top level joins the previous step; code on the list item line is that step', () => {
  const { runbooks } = parse(
    [
      '## Queue backlog',
      '> Jobs pile up',
      '### Fix (0–5 min)',
      '- Drain the queue',
      '```',
      'drain --all',
      '```',
      '- ```bash',
      '  systemctl restart worker',
      '  ```',
    ].join('\n'),
  );
  const steps = runbooks[0].phases[0].steps;
  assert.equal(steps.length, 2);
  assert.deepEqual(steps[0].commands, [{ language: 'text', code: 'drain --all', line: 6 }]);
  assert.deepEqual(steps[1].commands, [{ language: 'bash', code: 'systemctl restart worker', line: 9 }]);
  assert.equal(steps[1].text, 'Run `systemctl restart worker`');
});

test('duplicate step texts get -2, -3; duplicate titles get distinct runbook ids', () => {
  const one = ['> s', '### Check (0–5 min)', '- Restart', '- Restart', '- **Restart**'].join('\n');
  const { runbooks } = parse(`## Same\n${one}\n\n## Same\n${one}\n`);
  assert.deepEqual(runbooks.map((r) => r.id), ['same', 'same-2']);
  assert.deepEqual(runbooks[0].phases[0].steps.map((s) => s.id), ['restart', 'restart-2', 'restart-3']);
  assert.equal(runbooks[1].source.line, 8);
});

test('sections without phases are skipped silently; `#` ends a runbook', () => {
  const { runbooks, problems } = parse(
    [
      '# Handbook',
      '## About',
      'Just prose.',
      '### Background',
      'More prose.',
      '## Real one',
      '> boom',
      '### Triage (0–10 min)',
      '- look',
      '# Appendix',
      '- not a step',
    ].join('\n'),
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(runbooks.map((r) => r.title), ['Real one']);
  assert.deepEqual(runbooks[0].phases[0].steps.map((s) => s.text), ['look']);
});

test('a ### with steps before any timeboxed phase is a phase; a prose-only one is summary', () => {
  const { runbooks } = parse(
    ['## X', '> s', '### Context', 'It is bad.', '### Checks', '- a', '### Fix (5–10 min)', '- b'].join('\n'),
  );
  const rb = runbooks[0];
  assert.equal(rb.summary, 'It is bad.');
  assert.deepEqual(rb.phases.map((p) => [p.name, p.timebox]), [
    ['Checks', null],
    ['Fix', { fromMinutes: 5, toMinutes: 10 }],
  ]);
});

test('CRLF line endings give the same runbooks and lines', () => {
  const crlf = parseMarkdownRunbooks(SEED.replace(/\n/g, '\r\n'), SEED_PATH, 'bundled');
  assert.deepEqual(crlf, seed);
});

test('problems: reversed timebox, empty timeboxed phase, missing symptom', () => {
  const { runbooks, problems } = parse(
    ['## No symptom here', '', '### Triage (10–5 min)', '- a', '### Fix (5–10 min)', 'Only prose.'].join('\n'),
  );
  assert.equal(runbooks.length, 1);
  assert.deepEqual(runbooks[0].phases.map((p) => [p.name, p.timebox]), [['Triage', null]]);
  assert.deepEqual(
    problems.map((p) => [p.code, p.line, p.severity]),
    [
      ['timebox', 3, 'warning'],
      ['empty-phase', 5, 'warning'],
      ['missing-symptom', 1, 'warning'],
    ],
  );
  assert.ok(problems.every((p) => p.file === '/ws/runbooks/test.md' && p.column === 1));
});

test('raw HTML in a runbook is kept as text for the renderer to sanitize, never dropped silently', () => {
  const { runbooks } = parse(['## H', '> s', '### Fix (0–5 min)', '- <img src=x onerror=alert(1)> restart'].join('\n'));
  assert.equal(runbooks[0].phases[0].steps[0].text, '<img src=x onerror=alert(1)> restart');
});
