import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { causeSummary, fixesBroughtForward, parseCauseResolution, stepOutlooks } from '../../src/core/incident/causes';
import { actionToEvent, applyEvent, replay, startIncident } from '../../src/core/incident/incidentState';
import type { IncidentAction, IncidentEvent, IncidentState } from '../../src/core/incident/incidentModel';
import { eventLine, parseRecord, recordText } from '../../src/core/incident/record';
import { postmortemHtml, postmortemMarkdown } from '../../src/core/incident/postmortem';
import { buildTimeline } from '../../src/core/incident/timeline';
import { runbookContentHash } from '../../src/core/incident/snapshot';
import type { Runbook } from '../../src/core/runbook/runbookModel';
import { MIN, T0, testRunbook } from './incidentFixtures';

/** Two causes sharing a fix; each with its own check and fix. */
export function causeRunbook(): Runbook {
  return {
    ...testRunbook(),
    id: 'cause-runbook',
    phases: [
      {
        name: 'Diagnose',
        timebox: { fromMinutes: 0, toMinutes: 10 },
        steps: [
          { id: 'cause-timeout', kind: 'cause', text: 'The session timeout is 30 s', commands: [], checks: ['check-timeout'], fixes: ['fix-timeout', 'restart-app'] },
          { id: 'cause-redis', kind: 'cause', text: 'Redis evicts sessions', commands: [], checks: ['check-redis'], fixes: ['fix-redis', 'restart-app'] },
          { id: 'check-timeout', kind: 'check', text: 'Read server.servlet.session.timeout', commands: [] },
          { id: 'check-redis', kind: 'check', text: 'Check evicted_keys', commands: [] },
        ],
      },
      {
        name: 'Fix',
        timebox: { fromMinutes: 10, toMinutes: 20 },
        steps: [
          { id: 'fix-timeout', kind: 'fix', text: 'Set the timeout to 30m', commands: [] },
          { id: 'fix-redis', kind: 'fix', text: 'Raise maxmemory', commands: [] },
          { id: 'restart-app', kind: 'action', text: 'Restart the app', commands: [] },
        ],
      },
    ],
  };
}

function start(runbook = causeRunbook()): IncidentState {
  return replay([startIncident({ runbook, owner: 'alice', now: new Date(T0) })]).state!;
}

function act(state: IncidentState, action: IncidentAction, minutes = 1): IncidentState {
  const r = actionToEvent(state, action, 'bob', new Date(T0 + minutes * MIN));
  if ('error' in r) throw new Error(r.error);
  const next = applyEvent(state, r.event);
  if ('error' in next) throw new Error(next.error);
  return next;
}

function refusal(state: IncidentState, action: IncidentAction): string {
  const r = actionToEvent(state, action, 'bob', new Date(T0 + MIN));
  assert.ok('error' in r, `expected ${JSON.stringify(action)} to be refused`);
  return r.error;
}

const confirm = (stepId: string, evidence = 'timeout=30 in application.properties'): IncidentAction => ({ type: 'resolve-cause', stepId, resolution: { verdict: 'confirmed', evidence } });
const ruleOut = (stepId: string, evidence = 'evicted_keys is 0'): IncidentAction => ({ type: 'resolve-cause', stepId, resolution: { verdict: 'ruled-out', evidence } });
const finding = { file: 'src/main/resources/application.properties', line: 7, text: 'server.servlet.session.timeout=30', ruleId: 'session-timeout-seconds' };

describe('causes: verdicts', () => {
  it('keeps the kind and links in the snapshot, and the hash of a runbook without links unchanged', () => {
    const s = start();
    assert.deepEqual(s.runbook.phases[0].steps[0], { id: 'cause-timeout', title: 'The session timeout is 30 s', commands: 0, kind: 'cause', checks: ['check-timeout'], fixes: ['fix-timeout', 'restart-app'] });
    assert.equal(s.steps['cause-timeout'].kind, 'cause');
    // A plain runbook's hash is what it was before links existed (old records do not show "changed").
    const rb = testRunbook();
    const canonical = JSON.stringify([rb.id, rb.title, rb.phases.map((p) => [p.name, p.timebox ? [p.timebox.fromMinutes, p.timebox.toMinutes] : null, p.steps.map((st) => [st.id, st.text, st.kind ?? null, st.commands.map((c) => [c.language, c.code])])])]);
    assert.equal(runbookContentHash(rb), createHash('sha256').update(canonical).digest('hex'));
    const linked = causeRunbook();
    const unlinked = causeRunbook();
    delete unlinked.phases[0].steps[0].fixes;
    assert.notEqual(runbookContentHash(linked), runbookContentHash(unlinked));
  });

  it('confirms and rules out causes with evidence; they close like done steps and reopen clears the verdict', () => {
    let s = act(start(), confirm('cause-timeout'));
    assert.deepEqual(s.steps['cause-timeout'].cause, { verdict: 'confirmed', evidence: 'timeout=30 in application.properties' });
    assert.equal(s.steps['cause-timeout'].status, 'done');
    assert.equal(s.steps['cause-timeout'].changedBy, 'bob');
    assert.equal(s.totals.done, 1);
    s = act(s, ruleOut('cause-redis'), 2);
    assert.equal(s.steps['cause-redis'].cause?.verdict, 'ruled-out');
    s = act(s, { type: 'reopen-step', stepId: 'cause-redis' }, 3);
    assert.equal(s.steps['cause-redis'].status, 'open');
    assert.equal(s.steps['cause-redis'].cause, undefined);
  });

  it('changes a verdict to the other one, but refuses the same verdict twice', () => {
    let s = act(start(), confirm('cause-timeout'));
    assert.match(refusal(s, confirm('cause-timeout')), /already confirmed/);
    s = act(s, ruleOut('cause-timeout', 'the timeout was 30 min after all'), 2);
    assert.deepEqual(s.steps['cause-timeout'].cause, { verdict: 'ruled-out', evidence: 'the timeout was 30 min after all' });
  });

  it('refuses to tick or skip a cause, to give a verdict to a step that is not a cause, and a verdict without evidence', () => {
    const s = start();
    assert.match(refusal(s, { type: 'check', stepId: 'cause-timeout' }), /is a cause: confirm it or rule it out/);
    assert.match(refusal(s, { type: 'skip', stepId: 'cause-timeout', reason: 'x' }), /is a cause/);
    assert.match(refusal(s, confirm('fix-timeout')), /is not a cause/);
    assert.match(refusal(s, confirm('cause-timeout', '   ')), /Say what confirms the cause/);
    assert.match(refusal(s, ruleOut('cause-timeout', '')), /Say what rules the cause out/);
    assert.match(refusal(s, confirm('no-such-step')), /no step "no-such-step"/);
  });

  it('keeps a cited workspace finding with the verdict', () => {
    const s = act(start(), { type: 'resolve-cause', stepId: 'cause-timeout', resolution: { verdict: 'confirmed', evidence: 'It is 30 s', finding } });
    assert.deepEqual(s.steps['cause-timeout'].cause?.finding, finding);
  });
});

describe('causes: fixes forward and not applicable', () => {
  it('brings a confirmed cause\'s fixes forward, in runbook order', () => {
    const s = act(start(), confirm('cause-timeout'));
    assert.deepEqual(fixesBroughtForward(s), ['fix-timeout', 'restart-app']);
    const o = stepOutlooks(s);
    assert.deepEqual(o.get('fix-timeout'), { fixesConfirmed: ['cause-timeout'], notApplicableBecause: [], checksCauses: [] });
    assert.deepEqual(o.get('check-redis')?.checksCauses, ['cause-redis']);
    assert.equal(o.get('check-scope'), undefined);
  });

  it('marks a fix not applicable only when every cause naming it is ruled out', () => {
    let s = act(start(), ruleOut('cause-redis'));
    let o = stepOutlooks(s);
    assert.deepEqual(o.get('fix-redis')?.notApplicableBecause, ['cause-redis']);
    // restart-app also fixes cause-timeout, still open: it may still apply.
    assert.deepEqual(o.get('restart-app')?.notApplicableBecause, []);
    s = act(s, ruleOut('cause-timeout', 'timeout is 30m'), 2);
    o = stepOutlooks(s);
    assert.deepEqual(o.get('restart-app')?.notApplicableBecause, ['cause-timeout', 'cause-redis']);
    assert.deepEqual(fixesBroughtForward(s), []);
    // Reopening a cause takes its fixes back out of "not applicable".
    s = act(s, { type: 'reopen-step', stepId: 'cause-redis' }, 3);
    assert.deepEqual(stepOutlooks(s).get('fix-redis')?.notApplicableBecause, []);
  });

  it('ignores links to steps the snapshot does not have, and links on steps that are not causes', () => {
    const rb = causeRunbook();
    rb.phases[0].steps[0].fixes = ['fix-timeout', 'gone', 'cause-timeout'];
    rb.phases[0].steps[2].fixes = ['fix-redis'];
    const s = act(start(rb), ruleOut('cause-redis'));
    const o = stepOutlooks(s);
    assert.equal(o.has('gone'), false);
    assert.equal(o.has('cause-timeout'), false);
    assert.deepEqual(o.get('fix-redis')?.notApplicableBecause, ['cause-redis']);
  });

  it('summarises the causes in runbook order', () => {
    const s = act(start(), ruleOut('cause-redis'));
    assert.deepEqual(
      causeSummary(s).map((c) => [c.id, c.resolution?.verdict]),
      [['cause-timeout', undefined], ['cause-redis', 'ruled-out']],
    );
  });

  it('stays linear on a runbook with thousands of causes and links', () => {
    const rb = causeRunbook();
    const steps = rb.phases[1].steps;
    for (let i = 0; i < 3000; i++) steps.push({ id: `fix-${i}`, kind: 'fix', text: 'x', commands: [] });
    for (let i = 0; i < 1500; i++) rb.phases[0].steps.push({ id: `cause-${i}`, kind: 'cause', text: 'c', commands: [], fixes: Array.from({ length: 50 }, (_, k) => `fix-${(i + k) % 3000}`) });
    let s = start(rb);
    const began = performance.now();
    s = act(s, confirm('cause-7'));
    assert.equal(fixesBroughtForward(s).length, 50);
    assert.ok(performance.now() - began < 2000);
  });
});

describe('causes: untrusted resolutions', () => {
  it('accepts the agreed shape and folds the evidence onto one line', () => {
    assert.deepEqual(parseCauseResolution({ verdict: 'confirmed', evidence: ' a\n b ', finding }), { verdict: 'confirmed', evidence: 'a b', finding });
  });

  it('refuses anything else with a sentence', () => {
    const bad: unknown[] = [
      null,
      'confirmed',
      { verdict: 'maybe', evidence: 'x' },
      { verdict: 'confirmed' },
      { verdict: 'confirmed', evidence: 'x', extra: 1 },
      { verdict: 'confirmed', evidence: 'x\u0000' },
      { verdict: 'confirmed', evidence: 'x\u202e' },
      { verdict: 'confirmed', evidence: 'x'.repeat(1001) },
      { verdict: 'confirmed', evidence: 'x', finding: { ...finding, file: '/etc/passwd' } },
      { verdict: 'confirmed', evidence: 'x', finding: { ...finding, file: '../secret' } },
      { verdict: 'confirmed', evidence: 'x', finding: { ...finding, file: 'C:/x' } },
      { verdict: 'confirmed', evidence: 'x', finding: { ...finding, line: 0 } },
      { verdict: 'confirmed', evidence: 'x', finding: { ...finding, line: 1.5 } },
      { verdict: 'confirmed', evidence: 'x', finding: { ...finding, ruleId: 'Bad Rule' } },
      { verdict: 'confirmed', evidence: 'x', finding: { ...finding, more: true } },
      { verdict: 'confirmed', evidence: 'x', finding: [] },
    ];
    for (const v of bad) assert.equal(typeof parseCauseResolution(v), 'string', JSON.stringify(v));
  });
});

describe('causes: the record, timeline and postmortem', () => {
  function incident(): IncidentEvent[] {
    const first = startIncident({ runbook: causeRunbook(), owner: 'alice', now: new Date(T0) });
    let s = replay([first]).state!;
    const events: IncidentEvent[] = [first];
    const actions: IncidentAction[] = [
      { type: 'resolve-cause', stepId: 'cause-timeout', resolution: { verdict: 'confirmed', evidence: 'It is 30 s, not 30 min', finding } },
      ruleOut('cause-redis', 'evicted_keys is 0 <script>'),
    ];
    actions.forEach((a, i) => {
      const r = actionToEvent(s, a, 'bob', new Date(T0 + (i + 1) * MIN));
      if ('error' in r) throw new Error(r.error);
      events.push(r.event);
      s = applyEvent(s, r.event) as IncidentState;
    });
    return events;
  }

  it('writes verdicts to the record and reads them back', () => {
    const events = incident();
    const text = recordText(events);
    assert.match(text, /Cause confirmed: The session timeout is 30 s \(Diagnose\); evidence: It is 30 s, not 30 min \(`src\/main\/resources\/application.properties:7`/);
    assert.match(text, /Cause ruled out: Redis evicts sessions/);
    const read = parseRecord(text);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.events, events);
    assert.deepEqual(read.state!.steps['cause-timeout'].cause, { verdict: 'confirmed', evidence: 'It is 30 s, not 30 min', finding });
  });

  it('reads a record written before kinds and links were kept (no cause, nothing breaks)', () => {
    const events = incident();
    const old = JSON.parse(JSON.stringify(events[0])) as Extract<IncidentEvent, { type: 'started' }>;
    for (const p of old.runbook.phases) for (const st of p.steps) {
      delete st.kind;
      delete st.checks;
      delete st.fixes;
    }
    const read = parseRecord(recordText([old]) + eventLine({ type: 'step-done', at: new Date(T0 + MIN).toISOString(), by: 'bob', stepId: 'cause-timeout' }));
    assert.deepEqual(read.problems, []);
    assert.equal(read.state!.steps['cause-timeout'].status, 'done');
    assert.equal(read.state!.steps['cause-timeout'].kind, undefined);
  });

  it('skips a corrupted verdict line with a problem, never throwing, and reads on', () => {
    const events = incident();
    const good = recordText(events);
    const lines = good.split('\n');
    const at = lines.findIndex((l) => l.includes('"cause-resolved"'));
    const variants = [
      lines[at].replace('"verdict":"confirmed"', '"verdict":"probably"'),
      lines[at].replace('"evidence":"It is 30 s, not 30 min"', '"evidence":""'),
      lines[at].replace('"line":7', '"line":-7'),
      lines[at].replace('"file":"src/main', '"file":"/src/main'),
      lines[at].replace(/"resolution":\{.*\}\} -->/, '"resolution":[]} -->'),
    ];
    for (const bad of variants) {
      const text = [...lines.slice(0, at), bad, ...lines.slice(at + 1)].join('\n');
      const read = parseRecord(text);
      assert.equal(read.problems.length, 1, bad);
      assert.match(read.problems[0].message, /resolution/);
      assert.equal(read.state!.steps['cause-timeout'].cause, undefined);
      assert.equal(read.state!.steps['cause-redis'].cause?.verdict, 'ruled-out');
    }
    // A verdict on a step that is not a cause (hand-edited) is reported by the replay.
    const wrong = good.replace('"stepId":"cause-redis"', '"stepId":"fix-redis"');
    const read = parseRecord(wrong);
    assert.equal(read.problems.length, 1);
    assert.match(read.problems[0].message, /not a cause/);
    // A snapshot with a garbage kind or links refuses the started line, with a problem.
    const badKind = parseRecord(good.replace('"kind":"cause"', '"kind":"culprit"'));
    assert.equal(badKind.state, undefined);
    assert.ok(badKind.problems.some((p) => /"kind" must be one of/.test(p.message)));
    const badLinks = parseRecord(good.replace('"checks":["check-timeout"]', '"checks":"check-timeout"'));
    assert.ok(badLinks.problems.some((p) => /"checks" must be a list/.test(p.message)));
  });

  it('shows verdicts in the timeline', () => {
    const s = replay(incident()).state!;
    const texts = buildTimeline(s).map((e) => e.text);
    assert.ok(texts.includes('Cause confirmed: The session timeout is 30 s; evidence: It is 30 s, not 30 min (src/main/resources/application.properties:7)'));
    // A step written as a sentence loses its closing period there, not its words.
    const titled = { ...s, steps: { ...s.steps, 'cause-timeout': { ...s.steps['cause-timeout'], title: 'The session timeout is 30 s.' } } };
    assert.ok(buildTimeline(titled).some((e) => e.text.startsWith('Cause confirmed: The session timeout is 30 s; evidence: ')));
  });

  it('gives the postmortem a Root cause section with the verdicts and their evidence', () => {
    const s = replay(incident()).state!;
    const md = postmortemMarkdown(s, T0 + 10 * MIN);
    const section = md.slice(md.indexOf('## Root cause'), md.indexOf('## Timeline'));
    assert.match(section, /Confirmed:\n\n- \*\*The session timeout is 30 s\*\* \(Diagnose\), confirmed by bob at 2026-11-24 14:33:05 UTC: It is 30 s, not 30 min/);
    assert.match(section, /Evidence in the workspace: src/);
    assert.match(section, /application\.properties:7 \(session-timeout-seconds\): server\.servlet\.session\.timeout=30/);
    assert.match(section, /Ruled out:\n\n- \*\*Redis evicts sessions\*\* \(Diagnose\), ruled out by bob/);
    assert.doesNotMatch(section, /Not decided/);
    assert.match(md, /\*\*Progress:\*\* 2 of 7 steps closed \(0 done, 0 skipped, 2 causes decided, 5 open\)/);
    const html = postmortemHtml(s, T0 + 10 * MIN);
    assert.match(html, /<h2>Root cause<\/h2>\n<h3>Confirmed<\/h3>\n<ul>\n<li><strong>The session timeout is 30 s<\/strong>/);
    assert.match(html, /evicted_keys is 0 &lt;script&gt;/);
    assert.doesNotMatch(html, /<script>/);
  });

  it('lists undecided causes, and says when the runbook names none', () => {
    const first = startIncident({ runbook: causeRunbook(), owner: 'alice', now: new Date(T0) });
    const md = postmortemMarkdown(replay([first]).state!, T0);
    assert.match(md, /- None confirmed\.[\s\S]*- None ruled out\.\n\nNot decided: The session timeout is 30 s; Redis evicts sessions\./);
    const plain = startIncident({ runbook: testRunbook(), owner: 'alice', now: new Date(T0) });
    assert.match(postmortemMarkdown(replay([plain]).state!, T0), /## Root cause\n\nThe runbook names no causes/);
  });
});
