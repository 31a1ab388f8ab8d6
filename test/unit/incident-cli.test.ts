import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { incidentCommand } from '../../src/cli/incident';
import { runCli } from '../../src/cli/main';
import { recordText } from '../../src/core/incident/record';
import { MIN, T0, scriptedEvents } from './incidentFixtures';

interface Run {
  code: number;
  out: string[];
  err: string[];
}

const NOW = T0 + 120 * MIN;

async function run(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await incidentCommand(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, NOW);
  return { code, out, err };
}

const ID = '2026-11-24-1432-session-logout-30s';
const HINT = "Run 'runbook --help' for usage.";
let previousCwd = '';
let dir = '';

// A workspace with .runbooks/incidents/: a resolved record, an open one cut mid-line, and a
// Markdown file that is not a record.
before(() => {
  previousCwd = process.cwd();
  dir = mkdtempSync(path.join(tmpdir(), 'runbook-incident-cli-'));
  const incidents = path.join(dir, '.runbooks', 'incidents');
  mkdirSync(incidents, { recursive: true });
  writeFileSync(path.join(incidents, `${ID}.md`), recordText(scriptedEvents()));
  const open = scriptedEvents().slice(0, 4);
  (open[0] as { incidentId: string }).incidentId = 'open-one';
  const text = recordText(open);
  writeFileSync(path.join(incidents, 'open-one.md'), text.slice(0, text.length - 20));
  writeFileSync(path.join(incidents, 'README.md'), '# Our incidents\n\nOne file per incident.\n');
  process.chdir(dir);
});
after(() => {
  process.chdir(previousCwd);
  rmSync(dir, { recursive: true, force: true });
});

const OPEN_PROBLEM = /^\.runbooks\/incidents\/open-one\.md:\d+: the last line is incomplete \(the editor stopped while writing it\); 3 events read$/;

describe('runbook incident list', () => {
  it('lists the records in .runbooks/incidents, problems on stderr, exit 1', async () => {
    const r = await run('list');
    assert.equal(r.code, 1);
    assert.deepEqual(r.out, [
      'ID                                  STATUS    STEPS     ELAPSED  TITLE',
      `${ID}  resolved    3/4      30 min  Users logged out every 30 seconds`,
      'open-one                            open        2/4  2 h 00 min  Users logged out every 30 seconds',
    ]);
    assert.equal(r.err.length, 1);
    assert.match(r.err[0], OPEN_PROBLEM);
  });

  it('prints JSON', async () => {
    const r = await run('list', '--format', 'json', path.join('.runbooks', 'incidents', `${ID}.md`));
    assert.equal(r.code, 0);
    assert.deepEqual(r.err, []);
    const json = JSON.parse(r.out.join('\n')) as { incidents: Record<string, unknown>[] };
    assert.equal(json.incidents.length, 1);
    assert.deepEqual(json.incidents[0], {
      id: ID,
      title: 'Users logged out every 30 seconds',
      file: `.runbooks/incidents/${ID}.md`,
      status: 'resolved',
      owner: 'alice',
      startedAt: '2026-11-24T14:32:05.000Z',
      resolvedAt: '2026-11-24T15:02:05.000Z',
      elapsedMs: 30 * MIN,
      runbook: { id: 'session-logout-30s', title: 'Users logged out every 30 seconds', hash: (scriptedEvents()[0] as { runbook: { hash: string } }).runbook.hash },
      steps: { total: 4, done: 2, skipped: 1, open: 1 },
      problems: 0,
    });
  });

  it('exits 2 for an unreadable path and for usage errors', async () => {
    const missing = await run('list', 'nowhere');
    assert.equal(missing.code, 2);
    assert.deepEqual(missing.err, ['runbook: cannot read nowhere: no such file or folder']);
    assert.deepEqual(await run('list', '--format', 'yaml'), { code: 2, out: [], err: ['runbook: unknown format "yaml" for \'runbook incident list\' (use text or json)', HINT] });
    assert.deepEqual(await run('frob'), { code: 2, out: [], err: ["runbook: unknown subcommand 'incident frob' (use list, show or export)", HINT] });
    assert.deepEqual(await run('show'), { code: 2, out: [], err: ["runbook: 'runbook incident show' needs a record file or an incident id", HINT] });
  });

  it('an empty folder lists nothing and says so', async () => {
    const empty = path.join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    const r = await run('list', empty);
    assert.equal(r.code, 0);
    assert.deepEqual(r.out, []);
    assert.match(r.err[0], /no incident records/);
  });
});

describe('runbook incident show', () => {
  it('prints the checklist by id', async () => {
    const r = await run('show', ID);
    assert.equal(r.code, 0, r.err.join('\n'));
    const text = r.out.join('\n');
    assert.match(text, /^# Incident: Users logged out every 30 seconds\n/);
    assert.match(text, /- Status: resolved at 2026-11-24T15:02:05.000Z: Session timeout set to 30m/);
    assert.match(text, /## Triage \(0–10 min\): complete, 3 min spent, 2\/2 closed/);
    assert.match(text, /- \[x\] Check user reports: all users\? \(2026-11-24T14:33:05.000Z, alice\)/);
    assert.match(text, /- \[-\] Check the SESSION cookie with curl: skipped, No browser access from the bastion/);
    assert.match(text, /- \[ \] Write it up/);
    assert.match(text, /  - Note \(2026-11-24T14:44:05.000Z, alice\): TTL is 30/);
  });

  it('prints JSON of a truncated record by file, with its problem and exit 1', async () => {
    const r = await run('show', '.runbooks/incidents/open-one.md', '--format', 'json');
    assert.equal(r.code, 1);
    assert.match(r.err[0], OPEN_PROBLEM);
    const json = JSON.parse(r.out.join('\n')) as { id: string; events: unknown[]; clocks: { status: string }[]; steps: Record<string, { status: string }> };
    assert.equal(json.id, 'open-one');
    assert.equal(json.events.length, 3);
    assert.equal(json.steps['check-cookie'].status, 'skipped');
    assert.deepEqual(json.clocks.map((c) => c.status), ['complete', 'overdue', 'complete', 'untimed']);
  });

  it('an unknown id exits 2', async () => {
    const r = await run('show', 'no-such-incident');
    assert.equal(r.code, 2);
    assert.match(r.err.join('\n'), /no incident with id "no-such-incident"/);
  });
});

describe('runbook incident export', () => {
  it('prints the postmortem draft in Markdown, HTML and JSON', async () => {
    const md = await run('export', ID);
    assert.equal(md.code, 0);
    assert.match(md.out.join('\n'), /^# Postmortem \(draft\): Users logged out every 30 seconds\n[\s\S]*## Time per phase[\s\S]*## Action items/);
    const html = await run('export', ID, '--format=html');
    assert.equal(html.code, 0);
    assert.match(html.out.join('\n'), /^<!DOCTYPE html>[\s\S]*<\/html>$/);
    const json = await run('export', `.runbooks/incidents/${ID}.md`, '--format', 'json');
    const data = JSON.parse(json.out.join('\n')) as { durationMs: number; phases: { name: string; spentMs: number }[]; events: unknown[] };
    assert.equal(data.durationMs, 30 * MIN);
    // Time each phase was current: they add up to the 30 min the incident lasted.
    assert.deepEqual(data.phases.map((p) => [p.name, p.spentMs / MIN]), [['Triage', 3], ['Isolate', 25], ['Empty', 0], ['Follow-up', 2]]);
    assert.equal(data.events.length, scriptedEvents().length);
  });

  it('a file that is not a record exits 1 with its problem', async () => {
    const r = await run('export', '.runbooks/incidents/README.md');
    assert.equal(r.code, 1);
    assert.match(r.err[0], /README\.md:1: no "## Timeline" heading/);
  });

  it('is wired into runbook and its help', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['incident', 'list', '--format', 'json', `.runbooks/incidents/${ID}.md`], { out: (s) => out.push(s), err: (s) => err.push(s) });
    assert.equal(code, 0);
    assert.equal((JSON.parse(out.join('\n')) as { incidents: unknown[] }).incidents.length, 1);
    const help: string[] = [];
    await runCli(['--help'], { out: (s) => help.push(s), err: () => undefined });
    assert.match(help.join('\n'), /runbook incident export FILE\|ID \[--format markdown\|html\|json\]/);
  });
});
