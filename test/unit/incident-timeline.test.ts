import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionToEvent, defaultSeverity, replay, startIncident } from '../../src/core/incident/incidentState';
import type { IncidentEvent } from '../../src/core/incident/incidentModel';
import { postmortemMarkdown } from '../../src/core/incident/postmortem';
import { eventLine, parseRecord, recordHeader, recordText } from '../../src/core/incident/record';
import { buildTimeline, MAX_TIMELINE_ENTRIES } from '../../src/core/incident/timeline';
import { MIN, T0, run, scriptedEvents, started, testRunbook } from './incidentFixtures';

const at = (minutes: number): string => new Date(T0 + minutes * MIN).toISOString();

describe('incident severity and commander', () => {
  it('start: the commander defaults to the owner, the severity to the runbook\'s', () => {
    const e = startIncident({ runbook: { ...testRunbook(), severity: 'high' }, owner: 'alice', now: new Date(T0) });
    assert.equal(e.severity, 'SEV2');
    assert.equal(e.commander, 'alice');
    const s = replay([e]).state!;
    assert.equal(s.severity, 'SEV2');
    assert.equal(s.commander, 'alice');
    assert.equal(started().severity, undefined, 'a runbook without severity gives none');
    const chosen = startIncident({ runbook: testRunbook(), owner: 'alice', now: new Date(T0), severity: 'SEV1', commander: ' carol\n ' });
    assert.deepEqual([chosen.severity, chosen.commander], ['SEV1', 'carol']);
    assert.deepEqual(['critical', 'high', 'medium', 'low', undefined, 'bogus'].map(defaultSeverity), ['SEV1', 'SEV2', 'SEV3', 'SEV4', undefined, undefined]);
  });

  it('changes by action, validated, and replays', () => {
    const s = run([
      [1, { type: 'set-severity', severity: 'SEV3' }],
      [2, { type: 'set-commander', commander: 'bob' }],
    ]);
    assert.equal(s.severity, 'SEV3');
    assert.equal(s.commander, 'bob');
    assert.deepEqual(s.events.slice(1).map((e) => e.type), ['severity-set', 'commander-set']);
    const refuse = (action: Parameters<typeof actionToEvent>[1]): string => {
      const r = actionToEvent(s, action, 'alice', new Date(T0 + 3 * MIN));
      assert.ok('error' in r, JSON.stringify(action));
      return r.error;
    };
    assert.match(refuse({ type: 'set-severity', severity: 'SEV3' }), /already SEV3/);
    assert.match(refuse({ type: 'set-severity', severity: 'SEV9' as never }), /SEV1, SEV2, SEV3 or SEV4/);
    assert.match(refuse({ type: 'set-commander', commander: '  ' }), /empty/);
    assert.match(refuse({ type: 'set-commander', commander: 'bob' }), /already/);
    assert.match(refuse({ type: 'set-commander', commander: 'x'.repeat(201) }), /too long/);
    const replayed = replay(s.events);
    assert.deepEqual(replayed.problems, []);
    assert.deepEqual([replayed.state!.severity, replayed.state!.commander], ['SEV3', 'bob']);
  });

  it('writes and reads back through the record, header included', () => {
    const first = startIncident({ runbook: { ...testRunbook(), severity: 'critical' }, owner: 'alice', now: new Date(T0) });
    const header = recordHeader(first);
    assert.match(header, /^- Severity: SEV1$/m);
    assert.match(header, /^- Incident commander: alice$/m);
    const events: IncidentEvent[] = [first, { type: 'severity-set', at: at(1), by: 'alice', severity: 'SEV2' }, { type: 'commander-set', at: at(2), by: 'alice', commander: 'bob <b>' }];
    const text = recordText(events);
    assert.match(text, /· alice · Severity set to SEV2 <!-- rb1 /);
    assert.match(text, /· alice · Incident commander set to bob \\<b\\> <!-- rb1 /);
    const read = parseRecord(text);
    assert.deepEqual(read.problems, []);
    assert.deepEqual([read.state!.severity, read.state!.commander], ['SEV2', 'bob <b>']);
  });

  it('refuses a bad severity or commander line and reads the rest', () => {
    const base = recordText([started()]);
    const bad = (json: string): string => `- x · y · z <!-- rb1 ${json} -->\n`;
    const text =
      base +
      bad(`{"type":"severity-set","at":"${at(1)}","by":"a","severity":"SEV0"}`) +
      bad(`{"type":"commander-set","at":"${at(2)}","by":"a","commander":""}`) +
      bad(`{"type":"commander-set","at":"${at(3)}","by":"a","commander":"${'x'.repeat(300)}"}`) +
      eventLine({ type: 'severity-set', at: at(4), by: 'a', severity: 'SEV4' });
    const read = parseRecord(text);
    assert.equal(read.problems.length, 3);
    assert.match(read.problems[0].message, /"severity" must be SEV1, SEV2, SEV3 or SEV4/);
    assert.match(read.problems[1].message, /"commander" is empty/);
    assert.match(read.problems[2].message, /"commander" is longer than 200/);
    assert.equal(read.state!.severity, 'SEV4');
  });

  it('reads an old record without severity or commander, shown as "—" in the postmortem', () => {
    const old = started();
    delete old.commander;
    const text = recordText([old]);
    assert.doesNotMatch(text, /Severity|commander/);
    const read = parseRecord(text);
    assert.deepEqual(read.problems, []);
    assert.equal(read.state!.severity, undefined);
    assert.equal(read.state!.commander, undefined);
    const md = postmortemMarkdown(read.state!, T0 + 10 * MIN);
    assert.match(md, /- \*\*Severity:\*\* —\n/);
    assert.match(md, /- \*\*Incident commander:\*\* —\n/);
  });

  it('puts severity and commander in the postmortem header', () => {
    const s = run([[1, { type: 'set-severity', severity: 'SEV2' }], [2, { type: 'set-commander', commander: 'bob' }]]);
    const md = postmortemMarkdown(s, T0 + 10 * MIN);
    assert.match(md, /- \*\*Owner:\*\* alice\n- \*\*Severity:\*\* SEV2\n- \*\*Incident commander:\*\* bob\n/);
  });
});

describe('incident timeline entries', () => {
  it('lists every event newest first, with time, who, kind and step', () => {
    const events = scriptedEvents();
    events.splice(1, 0, { type: 'severity-set', at: at(0.5), by: 'alice', severity: 'SEV2' });
    events.push({ type: 'command-ran', at: at(31), by: 'bob', startedAt: at(30.9), durationMs: 1200, commandLine: 'redis-cli TTL x', exitCode: 1, terminal: 'Incident' });
    const state = replay(events).state!;
    const t = buildTimeline(state);
    assert.equal(t.length, events.length);
    const times = t.map((e) => e.at);
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
    assert.deepEqual(t[0], { at: at(31), by: 'bob', kind: 'commands', text: 'Ran: redis-cli TTL x (exit 1, 1.2 s)' });
    assert.deepEqual(t[1], { at: at(30), by: 'bob', kind: 'incident', text: 'Resolved: Session timeout set to 30m' });
    assert.deepEqual(t[2], { at: at(29), by: 'bob', kind: 'notes', text: 'Note: Rolled out the fix' }, 'an incident-level note is shown');
    const byKind = (k: string): string[] => t.filter((e) => e.kind === k).map((e) => e.text);
    assert.deepEqual(byKind('steps'), ['Step done: Check the TTL', 'Step skipped: Check the SESSION cookie with curl (No browser access from the bastion)', 'Step done: Check user reports: all users?']);
    assert.deepEqual(byKind('people'), ['Severity set to SEV2']);
    assert.ok(byKind('notes').includes('Note on "Check the TTL": TTL is 30 → "seconds" | not minutes <!-- -->'));
    assert.ok(byKind('commands').includes('Command copied: redis-cli -a •••• TTL `sess:1`'));
    assert.equal(t.find((e) => e.text.startsWith('Step done: Check the TTL'))?.stepId, 'check-ttl');
    assert.equal(t[t.length - 1].text, 'Incident started from runbook "Users logged out every 30 seconds"');
  });

  it('keeps record order for events at the same time (later first) and folds line breaks', () => {
    const s = started();
    const same = at(1);
    const state = replay([s, { type: 'note', at: same, by: 'a', text: 'first\nline' }, { type: 'note', at: same, by: 'a', text: 'second' }]).state!;
    assert.deepEqual(buildTimeline(state).slice(0, 2).map((e) => e.text), ['Note: second', 'Note: first line']);
  });

  it('caps a huge record to the newest entries and cuts long texts', () => {
    const events: IncidentEvent[] = [started()];
    for (let i = 0; i < MAX_TIMELINE_ENTRIES + 50; i++) events.push({ type: 'note', at: new Date(T0 + i * 1000).toISOString(), by: 'a', text: `n${i} ${'y'.repeat(1000)}` });
    const t = buildTimeline(replay(events).state!);
    assert.equal(t.length, MAX_TIMELINE_ENTRIES);
    assert.match(t[0].text, /^Note: n549 y+…$/);
    assert.ok(t[0].text.length <= 'Note: '.length + 300);
  });
});
