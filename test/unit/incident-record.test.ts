import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replay } from '../../src/core/incident/incidentState';
import type { IncidentEvent } from '../../src/core/incident/incidentModel';
import { postmortemHtml, postmortemMarkdown } from '../../src/core/incident/postmortem';
import { eventLine, parseRecord, recordFileName, recordHeader, recordText } from '../../src/core/incident/record';
import { MIN, T0, scriptedEvents, started } from './incidentFixtures';

const text = (): string => recordText(scriptedEvents());

describe('incident record: writing', () => {
  it('names the file after the incident id', () => {
    assert.equal(recordFileName(started()), '2026-11-24-1432-session-logout-30s.md');
  });

  it('writes a header once, then one line per event that reads as Markdown', () => {
    const header = recordHeader(started());
    assert.match(header, /^# Incident: Users logged out every 30 seconds\n/);
    assert.match(header, /^- Id: `2026-11-24-1432-session-logout-30s`$/m);
    assert.match(header, /^- Record format: 1$/m);
    assert.match(header, /\n## Timeline\n\n- 2026-11-24 14:32:05 UTC · alice · Incident started: .* <!-- rb1 \{"type":"started".* -->\n$/);
    const lines = text().split('\n').filter((l) => l.startsWith('- 2026'));
    assert.equal(lines.length, scriptedEvents().length);
    assert.match(lines[1], /^- 2026-11-24 14:33:05 UTC · alice · Step done: Check user reports: all users\? \(Triage\) <!-- rb1 /);
    assert.match(lines[2], /Step skipped: .*; reason: No browser access/);
    assert.match(lines[4], /Command copied \(Check the TTL \(Isolate\), command 1\): `` redis-cli -a •••• TTL `sess:1` `` <!-- rb1/);
  });

  it('keeps the machine part inside its comment whatever the text holds', () => {
    const e: IncidentEvent = { type: 'note', at: new Date(T0).toISOString(), by: 'm', text: 'a --> b\nc <!-- d\u2028 & `x`' };
    const line = eventLine(e);
    assert.equal(line.split('\n').length, 2, 'one line');
    assert.equal(line.indexOf('-->'), line.length - 4, 'the only --> closes the comment');
    assert.deepEqual(parseRecord(recordHeader(started()) + line).events[1], e);
  });
});

describe('incident record: reading', () => {
  it('round-trips: the events read back equal the events written', () => {
    const r = parseRecord(text());
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.events, scriptedEvents());
    assert.deepEqual(r.state, replay(scriptedEvents()).state);
  });

  it('ignores prose a person added and CRLF line ends', () => {
    const t = text().replace('## Timeline\n', '## Timeline\n\nPaged at 14:30 by the EU on-call.\n\n').replace(/\n/g, '\r\n');
    const r = parseRecord(t);
    assert.deepEqual(r.problems, []);
    assert.equal(r.events.length, scriptedEvents().length);
  });

  it('a record truncated at any byte of its last line reads every complete event, with one clear problem', () => {
    const full = text();
    const lastStart = full.lastIndexOf('\n', full.length - 2) + 1;
    const bytes = Buffer.from(full, 'utf8');
    const lastByteStart = Buffer.byteLength(full.slice(0, lastStart), 'utf8');
    const n = scriptedEvents().length;
    for (let cut = lastByteStart + 1; cut < bytes.length - 1; cut++) {
      const r = parseRecord(bytes.subarray(0, cut).toString('utf8'));
      assert.equal(r.events.length, n - 1, `cut at ${cut}`);
      assert.equal(r.problems.length, 1, `cut at ${cut}`);
      assert.match(r.problems[0].message, new RegExp(`last line is incomplete \\(the editor stopped while writing it\\); ${n - 1} events read`));
      assert.equal(r.problems[0].line, full.slice(0, lastStart).split('\n').length);
      assert.ok(r.state && r.state.resolvedAt === undefined, 'the resolved line was the one cut');
    }
    // Cut just before the final newline: the line is complete.
    const r = parseRecord(full.slice(0, -1));
    assert.deepEqual(r.problems, []);
    assert.equal(r.events.length, n);
  });

  it('a corrupted middle line is reported and skipped; the events after it are still read', () => {
    const lines = text().split('\n');
    const k = lines.findIndex((l) => l.includes('"type":"note"'));
    for (const bad of [lines[k].replace('"text":', '"text":1,"x":'), lines[k].replace(' -->', ''), lines[k].replace(/<!--.*/, ''), lines[k].replace('"type":"note"', '"type":"party"'), lines[k].replace(/"at":"[^"]*"/, '"at":"yesterday"'), '- a bullet someone added']) {
      const copy = lines.slice();
      copy[k] = bad;
      const r = parseRecord(copy.join('\n'));
      assert.equal(r.problems.length, 1, bad);
      assert.equal(r.problems[0].line, k + 1);
      assert.match(r.problems[0].message, new RegExp(`^line ${k + 1}: .*; the line is skipped and the rest of the record is read$`));
      assert.equal(r.events.length, scriptedEvents().length - 1, 'every event but the bad line');
      assert.ok(r.state?.resolvedAt, 'the last event, after the bad line, is read');
    }
  });

  it('a duplicated event line is reported and counted once', () => {
    const lines = text().split('\n');
    const k = lines.findIndex((l) => l.includes('"type":"note"'));
    const copy = [...lines.slice(0, k + 1), lines[k], ...lines.slice(k + 1)];
    const r = parseRecord(copy.join('\n'));
    assert.deepEqual(r.events, scriptedEvents());
    assert.deepEqual(r.problems.map((p) => p.message), [`line ${k + 2}: the same event as line ${k + 1} (a duplicated line); it is counted once`]);
    assert.deepEqual(r.state, replay(scriptedEvents()).state);
  });

  it('lists at most 20 bad lines and counts the rest', () => {
    const r = parseRecord(`${text()}${'- garbage\n'.repeat(500)}`);
    assert.equal(r.problems.length, 21);
    assert.match(r.problems[20].message, /^480 more bad or duplicated lines are not listed$/);
    assert.equal(r.events.length, scriptedEvents().length);
  });

  it('reports an invalid transition by its line and still reads on', () => {
    const t = text().replace('"stepId":"check-scope"}', '"stepId":"ghost"}');
    const r = parseRecord(t);
    assert.equal(r.events.length, scriptedEvents().length);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0].message, /^line \d+: No step "ghost"/);
  });

  it('refuses a newer format, a file without a started event, and huge input', () => {
    const newer = parseRecord(text().replace(/<!-- rb1 /g, '<!-- rb2 '));
    assert.equal(newer.state, undefined);
    assert.match(newer.problems[0].message, /newer/);
    const newerHeader = parseRecord(text().replace('- Record format: 1', '- Record format: 3'));
    assert.equal(newerHeader.state, undefined);
    const noStart = parseRecord(text().split('\n').filter((l) => !l.includes('"type":"started"')).join('\n'));
    assert.equal(noStart.state, undefined);
    assert.ok(noStart.problems.some((p) => /no "started" event/.test(p.message)));
    assert.match(parseRecord('# notes\n\nnothing here\n').problems[0].message, /not an incident record/);
    const huge = parseRecord('x'.repeat(10 * 1024 * 1024 + 1));
    assert.match(huge.problems[0].message, /larger than 10 MB/);
  });

  it('never throws on garbage or hostile records', () => {
    const hostile = [
      '',
      '\u0000\uffff\ud800',
      '## Timeline\n- ',
      '## Timeline\n-',
      '## Timeline\n- <!-- rb1 null -->\n',
      '## Timeline\n- <!-- rb1 [] -->\n',
      '## Timeline\n- <!-- rb1 {"type":"started","at":"2026-01-01T00:00:00Z","by":"x","incidentId":"a","title":"t","owner":"o","runbook":{"id":"r","title":"t","hash":"ab","phases":[{"name":"p","timebox":{"fromMinutes":5,"toMinutes":1},"steps":[]}]},"variables":{}} -->\n',
      '## Timeline\n- <!-- rb1 {"type":"started","at":"2026-01-01T00:00:00Z","by":"x","incidentId":"a","title":"t","owner":"o","runbook":{"id":"r","title":"t","hash":"ab","phases":[]},"variables":{"__proto__":"x"}} -->\n',
      `## Timeline\n- <!-- rb1 ${'['.repeat(100_000)} -->\n`,
      `## Timeline\n- ${'<!-- rb1 '.repeat(50_000)}\n`,
      `## Timeline\n${'- x\n'.repeat(10_000)}`,
    ];
    let seed = 7;
    for (let k = 0; k < 50; k++) {
      let s = '## Timeline\n';
      for (let i = 0; i < 500; i++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        s += String.fromCharCode(seed % 200);
      }
      hostile.push(s);
    }
    for (const h of hostile) {
      const r = parseRecord(h);
      assert.ok(Array.isArray(r.problems));
      if (h.length > 0) assert.ok(r.problems.length > 0 || r.state !== undefined);
    }
  });
});

describe('postmortem draft', () => {
  const state = replay(scriptedEvents()).state!;
  const md = postmortemMarkdown(state, T0 + 120 * MIN, { runbookChanges: ['Step added: Look at eviction (Isolate)'] });

  it('has every section', () => {
    for (const heading of ['# Postmortem (draft): Users logged out every 30 seconds', '## Summary', '## Timeline', '## Time per phase', '## Skipped steps', '## Commands used', '## Notes', '## What went well', '## What went wrong', '## Action items']) {
      assert.ok(md.includes(`\n${heading}\n`) || md.startsWith(`${heading}\n`), heading);
    }
  });

  it('has the right figures', () => {
    assert.match(md, /- \*\*Resolved:\*\* 2026-11-24 15:02:05 UTC/);
    assert.match(md, /- \*\*Duration:\*\* 30 min\n/);
    assert.match(md, /- \*\*Resolution:\*\* Session timeout set to 30m/);
    assert.match(md, /- \*\*Progress:\*\* 3 of 4 steps closed \(2 done, 1 skipped, 1 open\)/);
    // Time per phase is the time it was current: Triage from the start until its last step
    // closed at 3; Isolate from then until done at 28 (25 min in a 15 min timebox); Follow-up
    // from 28 until the resolve at 30. 3 + 25 + 2 = the 30 min the incident lasted.
    assert.match(md, /\| Triage \| 0–10 min \| 3 min \| 2\/2 \| on time \|/);
    assert.match(md, /\| Isolate \| 10–25 min \| 25 min \| 1\/1 \| over by 10 min \|/);
    assert.match(md, /\| Follow-up \| — \| 2 min \| 0\/1 \| no timebox \|/);
    assert.match(md, /\*\*Check the SESSION cookie with curl\*\* \(Triage\), skipped by alice at 2026-11-24 14:35:05 UTC: No browser access from the bastion/);
    assert.match(md, /- 2026-11-24 14:45:05 UTC, copied: Check the TTL\n\n {2}```\n {2}redis-cli -a •••• TTL `sess:1`\n {2}```/);
    assert.match(md, /2026-11-24 14:44:05 UTC, alice on Check the TTL: TTL is 30 → "seconds" \\\| not minutes \\<!-- --\\>/);
    assert.match(md, /\| 2026-11-24 14:58:05 \| alice \| Phase overdue: Isolate \(1 open\) \|/);
    assert.match(md, /\| Empty \| 25–30 min \| 0 s \| 0\/0 \| no steps \|/);
    assert.match(md, /Step added: Look at eviction/);
    assert.equal(md.split('\n').filter((l) => /^\| 2026-11-24 /.test(l)).length, scriptedEvents().length);
  });

  it('time per phase adds up to the duration: commands copied across phases do not count twice', () => {
    // The reported case: 24 min of phase time in a 10 min incident.
    const events: IncidentEvent[] = [started()];
    const copy = (minutes: number, stepId: string): IncidentEvent => ({ type: 'command-copied', at: new Date(T0 + minutes * MIN).toISOString(), by: 'alice', stepId, commandIndex: 0, text: 'x', destructive: false });
    events.push(copy(1, 'check-ttl'), copy(2, 'check-cookie'), copy(4, 'check-ttl'));
    events.push({ type: 'step-done', at: new Date(T0 + 6 * MIN).toISOString(), by: 'alice', stepId: 'check-ttl' });
    events.push({ type: 'resolved', at: new Date(T0 + 10 * MIN).toISOString(), by: 'alice', resolution: 'fixed' });
    const draft = postmortemMarkdown(replay(events).state!, T0 + 60 * MIN);
    const table = draft.slice(draft.indexOf('## Time per phase'), draft.indexOf('## Skipped steps'));
    const minutes = [...table.matchAll(/^\| [^|]+ \| [^|]+ \| (\d+) (min|s) \|/gm)].map((m) => (m[2] === 'min' ? Number(m[1]) : Number(m[1]) / 60));
    assert.equal(minutes.length, 4);
    assert.equal(minutes.reduce((a, b) => a + b, 0), 10);
    // Triage 0–1 and 2–4, Isolate 1–2 and 4–6 (done), then Follow-up until the resolve at 10.
    assert.match(draft, /\| Triage \| 0–10 min \| 3 min \| 0\/2 \| on time \(2 open\) \|/);
    assert.match(draft, /\| Isolate \| 10–25 min \| 3 min \| 1\/1 \| on time \|/);
    assert.match(draft, /\| Follow-up \| — \| 4 min \| 0\/1 \| no timebox \|/);
  });

  it('says "still open" and counts the duration so far for an open incident', () => {
    const open = replay(scriptedEvents().slice(0, -1)).state!;
    const draft = postmortemMarkdown(open, T0 + 95 * MIN);
    assert.match(draft, /\*\*Resolved:\*\* still open/);
    assert.match(draft, /\*\*Duration:\*\* 1 h 35 min so far/);
  });

  it('HTML: a standalone page with every string escaped', () => {
    const events = scriptedEvents();
    (events[0] as { title: string }).title = '<script>alert(1)</script>';
    const html = postmortemHtml(replay(events).state!, T0 + 120 * MIN);
    assert.match(html, /^<!DOCTYPE html>/);
    assert.ok(!html.includes('<script>'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!html.includes('<!-- -->'), 'note text escaped');
    assert.match(html, /prefers-color-scheme: dark/);
    assert.match(html, /<h2>Time per phase<\/h2>/);
    assert.match(html, /<pre><code>redis-cli -a •••• TTL `sess:1`<\/code><\/pre>/);
  });
});

describe('commands run (shell integration)', () => {
  const ran = (minutes: number, extra: Partial<Extract<IncidentEvent, { type: 'command-ran' }>> = {}): Extract<IncidentEvent, { type: 'command-ran' }> => ({
    type: 'command-ran',
    at: new Date(T0 + minutes * MIN).toISOString(),
    by: 'alice',
    commandLine: 'redis-cli -a •••• TTL sess:1',
    startedAt: new Date(T0 + minutes * MIN - 1234).toISOString(),
    durationMs: 1234,
    terminal: 'zsh',
    ...extra,
  });
  const withRuns = (...runs: IncidentEvent[]): IncidentEvent[] => {
    const events = scriptedEvents();
    const resolved = events.pop()!;
    return [...events, ...runs, resolved];
  };
  const matched = ran(27, { stepId: 'check-ttl', commandIndex: 0, cwd: '/srv/app', exitCode: 0, output: '(integer) 30\n```\n</code></pre><script>x</script>', outputTruncated: false });
  const failed = ran(27.5, { commandLine: 'kubectl get pods | grep `whoami`', exitCode: 1, output: 'error: no context', outputTruncated: true });
  const unknownExit = ran(27.7, { commandLine: 'tail -f log' });

  it('round-trips every field, matched or not, and writes a line a person can read', () => {
    const unavailable: IncidentEvent = { type: 'shell-integration-unavailable', at: new Date(T0 + 27.8 * MIN).toISOString(), by: 'alice', terminal: 'ssh prod' };
    const events = withRuns(matched, failed, unknownExit, unavailable);
    const written = recordText(events);
    const r = parseRecord(written);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.events, events);
    const lines = written.split('\n');
    assert.ok(lines.some((l) => /· alice · Command ran in terminal zsh \(Check the TTL \(Isolate\), command 1\): `redis-cli -a •••• TTL sess:1`, exit 0, 1\.2 s <!-- rb1 /.test(l)));
    assert.ok(lines.some((l) => /Command ran in terminal zsh: `` kubectl get pods \| grep `whoami` ``, exit 1, 1\.2 s <!-- rb1/.test(l)));
    assert.ok(lines.some((l) => /Command ran in terminal zsh: `tail -f log`, exit code unknown/.test(l)));
    assert.ok(lines.some((l) => /No shell integration in terminal ssh prod: only insertions are recorded there/.test(l)));
    // The output stays in the machine part only, and cannot close the comment.
    assert.equal(lines.filter((l) => l.includes('integer')).length, 1);
    assert.ok(!written.includes('</code></pre><script>'));
  });

  it('replay: every run in order on the incident, matched ones on their step too', () => {
    const state = replay(withRuns(matched, failed, unknownExit)).state!;
    assert.deepEqual(state.runs.map((r) => r.commandLine), [matched.commandLine, failed.commandLine, unknownExit.commandLine]);
    assert.equal(state.steps['check-ttl'].runs.length, 1);
    assert.deepEqual(state.steps['check-ttl'].runs[0], {
      at: matched.at, startedAt: matched.startedAt, by: 'alice', stepId: 'check-ttl', commandIndex: 0, commandLine: matched.commandLine,
      cwd: '/srv/app', exitCode: 0, durationMs: 1234, output: matched.output, outputTruncated: false, terminal: 'zsh',
    });
    assert.equal(state.steps['check-cookie'].runs.length, 0);
    assert.equal(state.runs[2].exitCode, undefined);
  });

  it('a run is recorded after the incident is resolved too, and changes nothing else', () => {
    const events = [...scriptedEvents(), ran(40, { stepId: 'check-ttl', commandIndex: 1, exitCode: 0 })];
    const r = replay(events);
    assert.deepEqual(r.problems, []);
    assert.equal(r.state!.runs.length, 1);
    assert.equal(r.state!.steps['check-ttl'].runs.length, 1);
    assert.ok(r.state!.resolvedAt);
  });

  it('a run on a step or command the checklist does not have is reported by its line', () => {
    for (const bad of [ran(27, { stepId: 'nope', commandIndex: 0 }), ran(27, { stepId: 'check-ttl', commandIndex: 2 }), ran(27, { stepId: 'check-scope', commandIndex: 0 })]) {
      const r = parseRecord(recordText(withRuns(bad)));
      assert.equal(r.problems.length, 1, JSON.stringify(r.problems));
      assert.match(r.problems[0].message, /^line \d+: (No step "nope"|Step "Check (the TTL|user reports: all users\?)" has no command)/);
      assert.equal(r.state!.runs.length, 0);
    }
  });

  it('reads defensively: every field checked, the bad line named', () => {
    const good = JSON.parse(JSON.stringify(matched)) as Record<string, unknown>;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...good, commandLine: 5 }, /"commandLine" must be a string/],
      [{ ...good, commandLine: 'x'.repeat(100_001) }, /"commandLine" is longer/],
      [{ ...good, startedAt: 'yesterday' }, /"startedAt" is not an ISO 8601 UTC time/],
      [{ ...good, durationMs: -1 }, /"durationMs" must be a whole number/],
      [{ ...good, durationMs: 1.5 }, /"durationMs" must be a whole number/],
      [{ ...good, durationMs: 31 * 24 * 3600 * 1000 }, /"durationMs" must be a whole number/],
      [{ ...good, exitCode: '0' }, /"exitCode" must be a whole number/],
      [{ ...good, exitCode: 2 ** 40 }, /"exitCode" must be a whole number/],
      [{ ...good, output: ['x'] }, /"output" must be a string/],
      [{ ...good, output: 'x'.repeat(64 * 1024 + 1) }, /"output" is longer/],
      [{ ...good, outputTruncated: 'yes' }, /"outputTruncated" must be true or false/],
      [{ ...good, cwd: 'x'.repeat(4097) }, /"cwd" is longer/],
      [{ ...good, terminal: null }, /"terminal" must be a string/],
      [{ ...good, stepId: undefined }, /"stepId" and "commandIndex" go together/],
      [{ ...good, commandIndex: undefined }, /"stepId" and "commandIndex" go together/],
      [{ ...good, commandIndex: 1001 }, /"commandIndex" must be a whole number/],
    ];
    const base = recordText(scriptedEvents().slice(0, -1));
    const lineNo = base.split('\n').length;
    for (const [event, message] of cases) {
      const json = JSON.stringify(event).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
      const r = parseRecord(`${base}- x <!-- rb1 ${json} -->\n- after\n`);
      assert.equal(r.problems.length, 2, String(message));
      assert.match(r.problems[0].message, message);
      assert.match(r.problems[0].message, new RegExp(`^line ${lineNo}: .*the line is skipped`));
      assert.match(r.problems[1].message, new RegExp(`^line ${lineNo + 1}: no event data`), 'the line after it is read too');
      assert.equal(r.events.length, scriptedEvents().length - 1);
    }
    // Unknown fields are dropped, not kept.
    const extra = parseRecord(`${base}- x <!-- rb1 ${JSON.stringify({ ...good, evil: 'x' }).replace(/</g, '\\u003c').replace(/>/g, '\\u003e')} -->\n`);
    assert.deepEqual(extra.problems, []);
    assert.ok(!('evil' in extra.events.at(-1)!));
  });

  it('postmortem: a "Commands run" section with time, step, command, exit code, duration and output', () => {
    const unavailable: IncidentEvent = { type: 'shell-integration-unavailable', at: new Date(T0 + 27.8 * MIN).toISOString(), by: 'alice', terminal: 'ssh prod' };
    const state = replay(withRuns(matched, failed, unknownExit, unavailable)).state!;
    const md = postmortemMarkdown(state, T0 + 120 * MIN);
    const section = md.slice(md.indexOf('\n## Commands run\n'), md.indexOf('\n## Notes\n'));
    assert.match(section, /- 2026-11-24 14:59:03 UTC, Check the TTL \(Isolate\), command 1, terminal zsh: exit 0, 1\.2 s\n\n {2}```\n {2}redis-cli -a •••• TTL sess:1\n {2}```\n\n {2}Output:\n\n {2}````\n {2}\(integer\) 30\n {2}```\n {2}<\/code><\/pre><script>x<\/script>\n {2}````/);
    assert.match(section, /- 2026-11-24 14:59:33 UTC, terminal zsh: \*\*exit 1\*\*, 1\.2 s\n\n {2}```\n {2}kubectl get pods \| grep `whoami`\n {2}```\n\n {2}Output \(excerpt\):/);
    assert.match(section, /terminal zsh: exit code unknown, 1\.2 s\n\n {2}```\n {2}tail -f log\n {2}```\n/);
    assert.match(section, /Not seen: ssh prod had no shell integration/);
    assert.ok(md.includes('| Command ran (Check the TTL (Isolate)) in terminal zsh: redis-cli -a •••• TTL sess:1; exit 0, 1.2 s |'));
    assert.match(postmortemMarkdown(replay(scriptedEvents()).state!, T0), /## Commands run\n\nNone recorded\.\n/);

    const html = postmortemHtml(state, T0 + 120 * MIN);
    assert.ok(!html.includes('<script>'));
    assert.match(html, /<h2>Commands run<\/h2>\n<ul class="runs">/);
    assert.ok(html.includes('<details><summary>Output</summary><pre><code>(integer) 30\n```\n&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;x&lt;/script&gt;</code></pre></details>'));
    assert.ok(html.includes('<span class="failed">✗ exit 1</span>'));
    assert.ok(html.includes('<details><summary>Output (excerpt)</summary>'));
  });

  it('postmortem: control characters from a hand-edited record are shown, not passed on', () => {
    const state = replay(withRuns(ran(27, { commandLine: 'echo \u001b[2J', output: 'a\u001b]0;pwned\u0007b\u202e' }))).state!;
    const md = postmortemMarkdown(state, T0 + 120 * MIN);
    assert.ok(!/[\u001b\u0007\u202e]/.test(md));
    assert.ok(md.includes('echo \ufffd[2J'));
  });
});
