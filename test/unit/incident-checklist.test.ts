import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  actionToEvent,
  applyEvent,
  dueNudges,
  elapsedMs,
  formatDuration,
  newIncidentId,
  phaseClocks,
  replay,
  startIncident,
} from '../../src/core/incident/incidentState';
import type { IncidentEvent, IncidentState } from '../../src/core/incident/incidentModel';
import { diffRunbook, runbookContentHash, snapshotRunbook } from '../../src/core/incident/snapshot';
import { MIN, T0, run, scriptedEvents, started, testRunbook } from './incidentFixtures';

const at = (minutes: number): string => new Date(T0 + minutes * MIN).toISOString();
const fresh = (): IncidentState => replay([started()]).state!;

function refused(state: IncidentState, action: Parameters<typeof actionToEvent>[1]): string {
  const r = actionToEvent(state, action, 'alice', new Date(T0 + MIN));
  assert.ok('error' in r, `expected ${JSON.stringify(action)} to be refused`);
  return r.error;
}

describe('incident ids and the started event', () => {
  it('makes the id from the UTC start minute and the runbook id', () => {
    assert.equal(newIncidentId(new Date('2026-11-24T14:32:59.999Z'), 'session-logout-30s'), '2026-11-24-1432-session-logout-30s');
    assert.equal(newIncidentId(new Date('2026-01-02T03:04:00Z'), 'Weird ID!!'), '2026-01-02-0304-weird-id');
    const long = newIncidentId(new Date(T0), 'a'.repeat(200));
    assert.equal(long.length, 80);
    assert.match(long, /^[a-z0-9][a-z0-9-]{0,79}$/);
    assert.equal(newIncidentId(new Date(T0), '---'), '2026-11-24-1432-incident');
  });

  it('records the snapshot, owner, title default, origin and masks secret variables', () => {
    const e = startIncident({ runbook: testRunbook(), owner: ' alice ', now: new Date(T0), origin: 'uri', variables: { host: 'h1', db_password: 'pw123', apiKey: 'k-1234' } });
    assert.equal(e.type, 'started');
    assert.equal(e.at, '2026-11-24T14:32:05.000Z');
    assert.equal(e.incidentId, '2026-11-24-1432-session-logout-30s');
    assert.equal(e.title, 'Users logged out every 30 seconds');
    assert.equal(e.owner, 'alice');
    assert.equal(e.origin, 'uri');
    assert.deepEqual(e.variables, { host: 'h1', db_password: '••••', apiKey: '••••' });
    assert.equal(e.runbook.hash, runbookContentHash(testRunbook()));
    assert.equal(startIncident({ runbook: testRunbook(), owner: 'a', now: new Date(T0), title: 'Checkout down', incidentId: 'BAD ID' }).incidentId, '2026-11-24-1432-session-logout-30s');
    assert.equal(startIncident({ runbook: testRunbook(), owner: 'a', now: new Date(T0), title: 'Checkout down', incidentId: 'inc-7' }).title, 'Checkout down');
    assert.equal(replay([e]).state!.secretVariables.sort().join(), 'apiKey,db_password');
  });

  it('refuses variables the record could not read back', () => {
    const start = (variables: Record<string, string>) => () => startIncident({ runbook: testRunbook(), owner: 'a', now: new Date(T0), variables });
    assert.throws(start({ host: 'a\nrm -rf /' }), /line break/);
    assert.throws(start({ host: 'x'.repeat(1001) }), /too long/);
    assert.throws(start({ 'bad name': 'x' }), /not a placeholder name/);
    assert.doesNotThrow(start({ host: 'x'.repeat(1000) }));
  });
});

describe('runbook snapshot and diff', () => {
  it('keeps step titles as plain first lines, commands counted', () => {
    const snap = snapshotRunbook(testRunbook());
    assert.deepEqual(snap.phases[0].steps, [
      { id: 'check-scope', title: 'Check user reports: all users?', commands: 0 },
      { id: 'check-cookie', title: 'Check the SESSION cookie with curl', commands: 1 },
    ]);
    const rb = testRunbook();
    rb.phases[0].steps[0].text = 'x'.repeat(500);
    assert.equal(snapshotRunbook(rb).phases[0].steps[0].title.length, 200);
  });

  it('hashes content, not the source file', () => {
    const a = testRunbook();
    const b = testRunbook();
    b.source = { kind: 'workspace', file: '/elsewhere.yaml', line: 9 };
    assert.equal(runbookContentHash(a), runbookContentHash(b));
    assert.match(runbookContentHash(a), /^[0-9a-f]{64}$/);
    b.phases[1].steps[0].commands[0].code = 'redis-cli TTL x';
    assert.notEqual(runbookContentHash(a), runbookContentHash(b));
  });

  it('says what changed: steps added, removed, text, timebox', () => {
    const recorded = snapshotRunbook(testRunbook());
    assert.deepEqual(diffRunbook(recorded, testRunbook()), { changed: false, summary: [] });
    const rb = testRunbook();
    rb.phases[1].timebox = { fromMinutes: 10, toMinutes: 30 };
    rb.phases[0].steps.splice(0, 1);
    rb.phases[0].steps[0].text = 'Check the cookie';
    rb.phases[1].steps.push({ id: 'new-step', text: 'Look at **eviction**', commands: [] });
    const d = diffRunbook(recorded, rb);
    assert.equal(d.changed, true);
    assert.deepEqual(d.summary.sort(), [
      'Phase timebox changed: Isolate 10–25 min → 10–30 min',
      'Step added: Look at eviction (Isolate)',
      'Step removed: Check user reports: all users? (still shown from the record)',
      'Step text changed: Check the SESSION cookie with curl → Check the cookie',
    ]);
    const onlyCode = testRunbook();
    onlyCode.phases[1].steps[0].commands[1].code = 'FLUSHDB';
    assert.equal(diffRunbook(recorded, onlyCode).summary.length, 1);
  });
});

describe('step transitions', () => {
  it('checks, skips with a reason, reopens, with time and who', () => {
    let s = run([[2, { type: 'check', stepId: 'check-scope' }]]);
    assert.equal(s.steps['check-scope'].status, 'done');
    assert.equal(s.steps['check-scope'].changedAt, at(2));
    assert.equal(s.steps['check-scope'].changedBy, 'alice');
    s = run([[3, { type: 'skip', stepId: 'check-scope', reason: '  not needed  ' }]], s);
    assert.equal(s.steps['check-scope'].status, 'skipped');
    assert.equal(s.steps['check-scope'].skipReason, 'not needed');
    s = run([[4, { type: 'reopen-step', stepId: 'check-scope' }]], s);
    assert.equal(s.steps['check-scope'].status, 'open');
    assert.equal(s.steps['check-scope'].skipReason, undefined);
    s = run([[5, { type: 'skip', stepId: 'check-scope', reason: 'r' }], [6, { type: 'check', stepId: 'check-scope' }]], s);
    assert.equal(s.steps['check-scope'].status, 'done');
    assert.equal(s.steps['check-scope'].skipReason, undefined);
  });

  it('refuses invalid actions with a sentence', () => {
    const s = run([[1, { type: 'check', stepId: 'check-scope' }]]);
    assert.match(refused(s, { type: 'check', stepId: 'check-scope' }), /already done/);
    assert.match(refused(s, { type: 'check', stepId: 'nope' }), /no step "nope"/);
    assert.match(refused(s, { type: 'reopen-step', stepId: 'check-cookie' }), /already open/);
    assert.match(refused(s, { type: 'skip', stepId: 'check-cookie', reason: '   ' }), /why/);
    assert.match(refused(s, { type: 'skip', stepId: 'check-cookie', reason: 'x'.repeat(501) }), /too long/);
    assert.match(refused(s, { type: 'note', text: ' ' }), /empty/);
    assert.match(refused(s, { type: 'note', text: 'x'.repeat(4001) }), /too long/);
    assert.match(refused(s, { type: 'note', stepId: 'nope', text: 'hi' }), /no step/);
    assert.match(refused(s, { type: 'rename', title: '' }), /empty/);
    assert.match(refused(s, { type: 'rename', title: 'x'.repeat(201) }), /too long/);
    assert.match(refused(s, { type: 'set-owner', owner: ' ' }), /empty/);
    assert.match(refused(s, { type: 'resolve', resolution: '' }), /one line/);
    assert.match(refused(s, { type: 'resolve', resolution: 'a\nb' }), /one line/);
    assert.match(refused(s, { type: 'reopen' }), /not resolved/);
    assert.ok('event' in actionToEvent(s, { type: 'skip', stepId: 'check-scope', reason: 'x'.repeat(500) }, 'a', new Date(T0)));
  });

  it('notes go to the step or the incident; rename and owner change', () => {
    const s = run([
      [1, { type: 'note', text: 'paged by SRE' }],
      [2, { type: 'note', stepId: 'check-ttl', text: ' ttl=30 ' }],
      [3, { type: 'rename', title: 'Logouts in EU' }],
      [4, { type: 'set-owner', owner: 'bob' }],
    ]);
    assert.deepEqual(s.notes, [{ at: at(1), by: 'alice', text: 'paged by SRE' }]);
    assert.deepEqual(s.steps['check-ttl'].notes, [{ at: at(2), by: 'alice', text: 'ttl=30' }]);
    assert.equal(s.title, 'Logouts in EU');
    assert.equal(s.owner, 'bob');
    assert.equal(s.phases[1].firstActivityAt, at(2));
  });

  it('nothing but reopen while resolved; reopen clears the resolution', () => {
    const s = run([[5, { type: 'resolve', resolution: ' rolled back ' }]]);
    assert.equal(s.resolvedAt, at(5));
    assert.equal(s.resolution, 'rolled back');
    for (const a of [
      { type: 'check', stepId: 'check-scope' },
      { type: 'note', text: 'x' },
      { type: 'rename', title: 'y' },
      { type: 'skip', stepId: 'check-scope', reason: 'r' },
    ] as const) {
      assert.match(refused(s, a), /resolved/);
    }
    assert.match(refused(s, { type: 'resolve', resolution: 'again' }), /already resolved/);
    const reopened = run([[6, { type: 'reopen' }]], s);
    assert.equal(reopened.resolvedAt, undefined);
    assert.equal(reopened.resolution, undefined);
    assert.equal(run([[7, { type: 'check', stepId: 'check-scope' }]], reopened).totals.done, 1);
  });

  it('applyEvent is pure: the old state is unchanged', () => {
    const s = fresh();
    const before = JSON.stringify(s);
    const r = applyEvent(s, { type: 'step-done', at: at(1), by: 'a', stepId: 'check-scope' });
    assert.ok(!('error' in r));
    assert.equal(JSON.stringify(s), before);
    assert.equal(r.steps['check-scope'].status, 'done');
    assert.equal(r.steps['check-ttl'], s.steps['check-ttl'], 'unchanged steps are shared');
  });

  it('a command run: applyEvent leaves the old state\'s runs alone, starts the phase clock, and checks the command exists', () => {
    const s = fresh();
    const before = JSON.stringify(s);
    const ran = { type: 'command-ran', at: at(12), by: 'a', startedAt: at(11.5), durationMs: 30_000, commandLine: 'redis-cli TTL k', terminal: 'bash' } as const;
    const r = applyEvent(s, { ...ran, stepId: 'check-ttl', commandIndex: 1, exitCode: 0 }) as IncidentState;
    assert.equal(JSON.stringify(s), before);
    assert.equal(r.runs.length, 1);
    assert.equal(r.steps['check-ttl'].runs.length, 1);
    assert.equal(r.phases[1].firstActivityAt, at(12));
    const unmatched = applyEvent(r, ran) as IncidentState;
    assert.equal(unmatched.runs.length, 2);
    assert.equal(unmatched.steps['check-ttl'].runs.length, 1);
    assert.equal(r.runs.length, 1, 'the earlier state keeps its list');
    assert.deepEqual(applyEvent(s, { ...ran, stepId: 'check-ttl', commandIndex: 2 }), { error: 'Step "Check the TTL" has no command 3.' });
    assert.match((applyEvent(s, { ...ran, stepId: 'check-ttl' }) as { error: string }).error, /not which of its commands/);
    assert.match((applyEvent(s, { ...ran, commandIndex: 0 }) as { error: string }).error, /not its step/);
  });
});

describe('progress and totals', () => {
  it('counts per phase and overall; a phase without steps is complete', () => {
    const s = run([
      [1, { type: 'check', stepId: 'check-scope' }],
      [2, { type: 'skip', stepId: 'check-cookie', reason: 'n/a' }],
    ]);
    assert.deepEqual(
      s.phases.map((p) => [p.done, p.skipped, p.open, p.progress]),
      [[1, 1, 0, 1], [0, 0, 1, 0], [0, 0, 0, 1], [0, 0, 1, 0]],
    );
    assert.equal(s.phases[0].completedAt, at(2));
    assert.deepEqual(s.totals, { steps: 4, done: 1, skipped: 1, open: 2, progress: 0.5 });
    const reopened = run([[3, { type: 'reopen-step', stepId: 'check-scope' }]], s);
    assert.equal(reopened.phases[0].completedAt, undefined);
    assert.equal(reopened.phases[0].progress, 0.5);
  });
});

describe('replay', () => {
  it('folds the events and keeps invalid ones without applying them', () => {
    const events: IncidentEvent[] = [
      { type: 'note', at: at(0), by: 'x', text: 'before start' },
      started(),
      { type: 'step-done', at: at(1), by: 'a', stepId: 'check-scope' },
      { type: 'step-done', at: at(2), by: 'a', stepId: 'ghost' },
      { type: 'step-done', at: at(3), by: 'a', stepId: 'check-scope' },
      { type: 'command-copied', at: at(3), by: 'a', stepId: 'check-scope', commandIndex: 0, text: 'x', destructive: false },
      { type: 'resolved', at: at(4), by: 'a', resolution: 'done' },
      { type: 'step-reopened', at: at(5), by: 'a', stepId: 'check-scope' },
      started(),
      { type: 'reopened', at: at(6), by: 'a' },
    ];
    const r = replay(events);
    assert.deepEqual(r.problems.map((p) => p.index), [0, 3, 4, 5, 7, 8]);
    assert.match(r.problems[1].message, /No step "ghost"/);
    assert.match(r.problems[4].message, /resolved/);
    const s = r.state!;
    assert.equal(s.events.length, events.length - 1, 'every event from the first started one is kept');
    assert.equal(s.steps['check-scope'].status, 'done');
    assert.equal(s.resolvedAt, undefined);
  });

  it('reports a record without a started event', () => {
    assert.equal(replay([]).state, undefined);
    assert.match(replay([{ type: 'reopened', at: at(0), by: 'a' }]).problems[0].message, /no "started" event/);
  });

  it('replays 2,000 events in linear time (same result as applying one by one)', () => {
    const events: IncidentEvent[] = [started()];
    for (let i = 0; i < 2000; i++) {
      events.push(i % 2 === 0 ? { type: 'step-done', at: at(i / 100), by: 'a', stepId: 'check-scope' } : { type: 'step-reopened', at: at(i / 100), by: 'a', stepId: 'check-scope' });
    }
    const r = replay(events);
    assert.deepEqual(r.problems, []);
    assert.equal(r.state!.events.length, 2001);
    let s = fresh();
    for (const e of events.slice(1)) s = applyEvent(s, e) as IncidentState;
    assert.equal(JSON.stringify(s), JSON.stringify(r.state));
  });

  it('replays 5,000 command runs quickly, each on the incident and its step', () => {
    const events: IncidentEvent[] = [started()];
    for (let i = 0; i < 5000; i++) {
      events.push({ type: 'command-ran', at: at(i / 100), by: 'a', startedAt: at(i / 100), durationMs: 5, commandLine: `echo ${i}`, terminal: 'bash', stepId: 'check-ttl', commandIndex: i % 2, output: 'x'.repeat(100) });
    }
    const started_ = performance.now();
    const r = replay(events);
    assert.ok(performance.now() - started_ < 1000, `${performance.now() - started_} ms`);
    assert.deepEqual(r.problems, []);
    assert.equal(r.state!.runs.length, 5000);
    assert.equal(r.state!.steps['check-ttl'].runs.length, 5000);
    assert.equal(r.state!.runs[4999].commandLine, 'echo 4999');
  });
});

describe('phase clocks', () => {
  it('statuses across time: upcoming, active, overdue, complete, untimed', () => {
    const s = fresh();
    assert.deepEqual(phaseClocks(s, T0 + 5 * MIN).map((c) => c.status), ['active', 'upcoming', 'complete', 'untimed']);
    assert.deepEqual(phaseClocks(s, T0 + 11 * MIN).map((c) => c.status), ['overdue', 'active', 'complete', 'untimed']);
    const c = phaseClocks(s, T0 + 5 * MIN)[1];
    assert.equal(c.windowStart, T0 + 10 * MIN);
    assert.equal(c.windowEnd, T0 + 25 * MIN);
    assert.equal(c.remainingMs, 20 * MIN);
    assert.equal(phaseClocks(s, T0 + 30 * MIN)[0].remainingMs, 0);
    assert.equal(phaseClocks(s, T0 + 30 * MIN)[3].remainingMs, undefined);
  });

  it('spent time is the time the phase was current: the phases add up to the elapsed time, never more', () => {
    // Triage is current from the start; a note on an Isolate step at 4 makes Isolate current;
    // a tick back in Triage at 6 makes Triage current again; closing Triage's last step at 12
    // moves on to the next phase with open steps (Isolate; "Empty" has none).
    const s = run([
      [1, { type: 'check', stepId: 'check-scope' }],
      [4, { type: 'note', stepId: 'check-ttl', text: 'early look' }],
      [6, { type: 'note', stepId: 'check-cookie', text: 'back to it' }],
      [12, { type: 'check', stepId: 'check-cookie' }],
    ]);
    const clocks = phaseClocks(s, T0 + 20 * MIN);
    assert.deepEqual(clocks.map((c) => c.spentMs / MIN), [4 + 6, 2 + 8, 0, 0]);
    assert.equal(clocks[0].status, 'complete');
    assert.equal(sum(clocks.map((c) => c.spentMs)), elapsedMs(s, T0 + 20 * MIN));
    // Before any activity the first phase with steps is current, whatever the timeboxes say.
    assert.deepEqual(phaseClocks(fresh(), T0 + 5 * MIN).map((c) => c.spentMs / MIN), [5, 0, 0, 0]);
  });

  it('a command copied from another phase moves the clock there, it does not count twice (the 24 min in a 10 min incident)', () => {
    const s = run([[2, { type: 'check', stepId: 'check-scope' }]]);
    const copied = (minutes: number, stepId: string): IncidentEvent => ({ type: 'command-copied', at: at(minutes), by: 'alice', stepId, commandIndex: 0, text: 'x', destructive: false });
    let state = s;
    for (const e of [copied(3, 'check-ttl'), copied(5, 'check-cookie'), copied(7, 'check-ttl')]) state = applyEvent(state, e) as IncidentState;
    state = run([[10, { type: 'resolve', resolution: 'done' }]], state);
    const clocks = phaseClocks(state, T0 + 60 * MIN);
    assert.deepEqual(clocks.map((c) => c.spentMs / MIN), [3 + 2, 2 + 3, 0, 0]);
    assert.equal(sum(clocks.map((c) => c.spentMs)), 10 * MIN);
  });

  it('never more than the incident, for any order of events (clock skew included), resolved or not', () => {
    let seed = 7;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const steps = ['check-scope', 'check-cookie', 'check-ttl', 'write-up'];
    let checked = 0;
    for (let round = 0; round < 300; round++) {
      let state = fresh();
      for (let i = 0; i < 12; i++) {
        // Times go mostly forward, sometimes back (another window's clock).
        const minutes = rnd(40) - 5;
        const stepId = steps[rnd(steps.length)];
        const kind = rnd(5);
        const event: IncidentEvent =
          kind === 0
            ? { type: 'step-done', at: at(minutes), by: 'a', stepId }
            : kind === 1
              ? { type: 'note', at: at(minutes), by: 'a', stepId, text: 'n' }
              : kind === 2
                ? { type: state.resolvedAt ? 'reopened' : 'resolved', at: at(minutes), by: 'a', resolution: 'r' } as IncidentEvent
                : { type: 'step-reopened', at: at(minutes), by: 'a', stepId };
        const next = applyEvent(state, event);
        if (!('error' in next)) state = next;
      }
      for (const now of [T0, T0 + 20 * MIN, T0 + 200 * MIN]) {
        const clocks = phaseClocks(state, now);
        const total = sum(clocks.map((c) => c.spentMs));
        assert.ok(clocks.every((c) => c.spentMs >= 0 && Number.isFinite(c.spentMs)));
        // With times in order (one clock), the phases never add up to more than the incident.
        if (state.events.every((e, i, all) => i === 0 || Date.parse(e.at) >= Date.parse(all[i - 1].at)) && Date.parse(state.events.at(-1)!.at) <= now) {
          assert.ok(total <= elapsedMs(state, now), `round ${round}: ${total / MIN} min in ${elapsedMs(state, now) / MIN} min`);
          checked++;
        }
      }
    }
    assert.ok(checked > 30, `only ${checked} in-order cases`);
  });

  it('freezes at resolve, and a resolved incident counts nothing down', () => {
    const s = run([[20, { type: 'resolve', resolution: 'fixed' }]]);
    assert.deepEqual(phaseClocks(s, T0 + 90 * MIN), phaseClocks(s, T0 + 20 * MIN));
    assert.equal(phaseClocks(s, T0 + 90 * MIN)[0].spentMs, 20 * MIN);
    assert.equal(elapsedMs(s, T0 + 90 * MIN), 20 * MIN);
    assert.equal(elapsedMs(fresh(), T0 + 90 * MIN), 90 * MIN);
    // Resolved at 5: Isolate (10–25) was "upcoming", Triage "active": neither counts down now.
    const early = run([[5, { type: 'resolve', resolution: 'false alarm' }]]);
    const clocks = phaseClocks(early, T0 + 5 * MIN + 1);
    assert.deepEqual(clocks.map((c) => c.status), ['stopped', 'stopped', 'complete', 'stopped']);
    assert.ok(clocks.every((c) => c.remainingMs === undefined));
    // Reopened at 30: Triage is current again from then on; the resolved gap is not counted.
    const reopened = run([[30, { type: 'reopen' }]], early);
    assert.equal(phaseClocks(reopened, T0 + 32 * MIN)[0].spentMs, 7 * MIN);
    assert.equal(phaseClocks(reopened, T0 + 32 * MIN)[0].status, 'overdue');
  });
});

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

describe('overdue nudges', () => {
  it('nudges an overdue phase with open steps once, even after replaying the record', () => {
    const s = fresh();
    assert.deepEqual(dueNudges(s, T0 + 9 * MIN, 'alice'), []);
    const nudges = dueNudges(s, T0 + 11 * MIN, 'alice');
    assert.deepEqual(nudges, [{ type: 'phase-overdue', at: at(11), by: 'alice', phaseIndex: 0, phaseName: 'Triage', openSteps: 2 }]);
    const after = applyEvent(s, nudges[0]) as IncidentState;
    assert.equal(after.phases[0].nudged, true);
    assert.deepEqual(dueNudges(after, T0 + 12 * MIN, 'alice'), []);
    const reloaded = replay(after.events).state!;
    assert.deepEqual(dueNudges(reloaded, T0 + 12 * MIN, 'alice'), []);
    assert.deepEqual(dueNudges(reloaded, T0 + 26 * MIN, 'alice').map((e) => (e as { phaseName: string }).phaseName), ['Isolate']);
  });

  it('no nudge for complete phases, untimed phases or a resolved incident', () => {
    const done = run([[1, { type: 'check', stepId: 'check-scope' }], [2, { type: 'check', stepId: 'check-cookie' }]]);
    assert.deepEqual(dueNudges(done, T0 + 11 * MIN, 'a'), []);
    const resolved = run([[1, { type: 'resolve', resolution: 'false alarm' }]]);
    assert.deepEqual(dueNudges(resolved, T0 + 60 * MIN, 'a'), []);
  });
});

describe('formatDuration', () => {
  const cases: [number, string][] = [[0, '0 s'], [45_000, '45 s'], [59_999, '59 s'], [60_000, '1 min'], [12 * MIN + 59_000, '12 min'], [60 * MIN, '1 h 00 min'], [65 * MIN, '1 h 05 min'], [25 * 60 * MIN, '25 h 00 min'], [-5, '0 s']];
  for (const [ms, text] of cases) it(`${ms} ms → ${text}`, () => assert.equal(formatDuration(ms), text));
});

describe('the scripted incident', () => {
  it('replays without problems', () => {
    const r = replay(scriptedEvents());
    assert.deepEqual(r.problems, []);
    assert.equal(r.state!.resolution, 'Session timeout set to 30m');
    assert.equal(r.state!.phases[1].nudged, true);
  });
});
