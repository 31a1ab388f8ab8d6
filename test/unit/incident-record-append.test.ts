import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { IncidentEvent } from '../../src/core/incident/incidentModel';
import { eventLine, parseRecord, recordText } from '../../src/core/incident/record';
import { appendToRecord, planAppend, type RecordFileHandle } from '../../src/core/incident/recordAppend';
import { MIN, T0, scriptedEvents } from './incidentFixtures';

const dir = mkdtempSync(path.join(tmpdir(), 'rb-append-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The scripted incident up to (not including) its resolution: still open, so events can be added. */
const openRecord = (): string => recordText(scriptedEvents().slice(0, -1));
const at = (minutes: number): string => new Date(T0 + minutes * MIN).toISOString();
const note = (text: string, minutes = 40): IncidentEvent => ({ type: 'note', at: at(minutes), by: 'carol', text });
let fileNo = 0;
function recordFile(text: string): string {
  const file = path.join(dir, `r${fileNo++}.md`);
  writeFileSync(file, text);
  return file;
}

describe('appending to a record: a cut last line', () => {
  const cut = `${openRecord()}- 2026-11-24 15:00:00 UTC · bob · Step done <!-- rb1 {"type":"step-do`;

  it('closes the cut line and reports it before adding the new event; the new event reads back', async () => {
    const file = recordFile(cut);
    const outcome = await appendToRecord(file, [note('after the crash')]);
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const cutLine = cut.split('\n').length;
    assert.equal(outcome.closedLine, cutLine);
    const text = readFileSync(file, 'utf8');
    assert.ok(text.startsWith(`${cut}\n- `), 'the cut line is kept, closed, and the new line starts on its own');
    const reread = parseRecord(text);
    assert.deepEqual(reread.state, outcome.after.state, 'the state handed back is the file read back');
    assert.equal(reread.state?.events.at(-1)?.type, 'note');
    assert.match(reread.problems.map((p) => p.message).join('\n'), new RegExp(`^line ${cutLine}: .*skipped`, 'm'), 'the cut line is reported');
  });

  it('before the fix, a blind append glued the new line to the cut one and the cut event vanished without a word', () => {
    const blind = parseRecord(cut + eventLine(note('x')));
    assert.deepEqual(blind.problems, [], 'the joined line reads as the new event alone: what the closing newline prevents');
    const plan = planAppend(cut, [note('x')]);
    assert.ok(!('error' in plan) && plan.text.startsWith('\n- '));
  });
});

describe('appending to a record: the view equals the file', () => {
  it('after a bad middle line, an appended tick reads back as done', async () => {
    const lines = openRecord().split('\n');
    const k = lines.findIndex((l) => l.includes('"type":"note"'));
    lines[k] = lines[k].replace(' -->', '');
    const file = recordFile(lines.join('\n'));
    const tick: IncidentEvent = { type: 'step-reopened', at: at(41), by: 'carol', stepId: 'check-scope' };
    const outcome = await appendToRecord(file, [tick]);
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(outcome.after.state?.steps['check-scope'].status, 'open');
    const reread = parseRecord(readFileSync(file, 'utf8'));
    assert.equal(reread.state?.steps['check-scope'].status, 'open', 'a re-read shows what the view showed');
    assert.deepEqual(reread.state, outcome.after.state);
    assert.match(reread.problems[0].message, new RegExp(`^line ${k + 1}: `));
  });

  it('checks the event against the file, not a copy in memory: an event the file would refuse is not written', async () => {
    const base = openRecord();
    const file = recordFile(base);
    // The record already has check-scope done: ticking it again is not a valid transition.
    const outcome = await appendToRecord(file, [{ type: 'step-done', at: at(42), by: 'carol', stepId: 'check-scope' }]);
    assert.equal(outcome.ok, false);
    assert.equal(readFileSync(file, 'utf8'), base);
  });

  it('refuses a duplicated event (the same note, time and author twice) and writes nothing', async () => {
    const file = recordFile(openRecord());
    const first = await appendToRecord(file, [note('same')]);
    assert.ok(first.ok);
    const before = readFileSync(file, 'utf8');
    const second = await appendToRecord(file, [note('same')]);
    assert.equal(second.ok, false);
    assert.match(second.ok ? '' : second.message, /duplicated line/);
    assert.equal(readFileSync(file, 'utf8'), before);
  });

  it('refuses to append to a record that cannot be read, or to something that is not a file', async () => {
    const garbage = recordFile('# notes\n');
    const r = await appendToRecord(garbage, [note('x')]);
    assert.equal(r.ok, false);
    assert.equal(readFileSync(garbage, 'utf8'), '# notes\n');
    assert.equal((await appendToRecord(dir, [note('x')])).ok, false);
    assert.equal((await appendToRecord(path.join(dir, 'missing.md'), [note('x')])).ok, false);
  });
});

/** An in-memory file whose writes can fail like a full disk: part of the bytes land, then ENOSPC. */
function fakeFile(initial: string, fail: { partialThenThrow?: boolean; short?: boolean; truncateFails?: boolean }): { bytes: () => string; open: () => Promise<RecordFileHandle> } {
  let data = Buffer.from(initial, 'utf8');
  const handle: RecordFileHandle = {
    stat: async () => ({ size: data.length, mtimeMs: 1, isFile: () => true }),
    readFile: async () => Buffer.from(data),
    write: async (buffer, offset, length, position) => {
      const half = Math.floor(length / 2);
      const landed = fail.partialThenThrow || fail.short ? half : length;
      data = Buffer.concat([data.subarray(0, position), buffer.subarray(offset, offset + landed)]);
      if (fail.partialThenThrow) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return { bytesWritten: landed };
    },
    truncate: async (length) => {
      if (fail.truncateFails) throw Object.assign(new Error('EIO: i/o error, ftruncate'), { code: 'EIO' });
      data = data.subarray(0, length);
    },
    close: async () => undefined,
  };
  return { bytes: () => data.toString('utf8'), open: async () => handle };
}

describe('appending to a record: a failed write', () => {
  it('a full disk (ENOSPC mid-write) leaves no partial line and says so', async () => {
    const base = openRecord();
    const file = fakeFile(base, { partialThenThrow: true });
    const outcome = await appendToRecord('record.md', [note('lost?')], file.open);
    assert.equal(outcome.ok, false);
    assert.match(outcome.ok ? '' : outcome.message, /the disk is full.*the record is as it was/);
    assert.equal(file.bytes(), base, 'no partial line left behind');
  });

  it('a short write is undone the same way', async () => {
    const base = openRecord();
    const file = fakeFile(base, { short: true });
    const outcome = await appendToRecord('record.md', [note('short')], file.open);
    assert.equal(outcome.ok, false);
    assert.equal(file.bytes(), base);
  });

  it('when even the undo fails, the partial line is closed and reported by the next append, and nothing after it is swallowed', async () => {
    const base = openRecord();
    const broken = fakeFile(base, { partialThenThrow: true, truncateFails: true });
    const failed = await appendToRecord('record.md', [note('first try')], broken.open);
    assert.match(failed.ok ? '' : failed.message, /could not be removed/);
    assert.notEqual(broken.bytes(), base, 'the partial line is there');
    const healthy = fakeFile(broken.bytes(), {});
    const retry = await appendToRecord('record.md', [note('second try', 41)], healthy.open);
    assert.ok(retry.ok, JSON.stringify(retry));
    assert.equal(retry.closedLine, base.split('\n').length);
    const reread = parseRecord(healthy.bytes());
    assert.equal(reread.state?.events.at(-1)?.type === 'note' && (reread.state.events.at(-1) as { text: string }).text, 'second try');
    assert.deepEqual(reread.state, retry.after.state);
  });
});
