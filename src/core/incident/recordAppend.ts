// Appending to an incident record without ever appending blindly. The file is the truth: the
// events are checked against the state read from the file as it is now (not a copy in memory),
// a last line cut by a crash is closed and reported before anything is added after it, the new
// lines go out in one write that is undone on failure (a full disk leaves no partial line), and
// the state handed back is the file read back, so the view never shows what the file does not hold.
import { open } from 'node:fs/promises';
import { applyEvent } from './incidentState';
import type { IncidentEvent, ReadRecordResult } from './incidentModel';
import { eventLine, MAX_RECORD_CHARS, parseRecord, validateEvent } from './record';

/** What the append needs of an open file: node's FileHandle has it; tests pass a fake to simulate ENOSPC. */
export interface RecordFileHandle {
  stat(): Promise<{ size: number; mtimeMs: number; isFile(): boolean }>;
  readFile(): Promise<Buffer>;
  write(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

export type OpenRecordFile = (path: string) => Promise<RecordFileHandle>;

const openForUpdate: OpenRecordFile = (path) => open(path, 'r+');

export interface AppendPlan {
  /** The bytes to add at the end: a closing newline for a cut last line, then one line per event. */
  text: string;
  /** The 1-based line that was cut and is closed by this append. */
  closedLine?: number;
  /** The record as it reads after the append. */
  after: ReadRecordResult;
}

/** What appending `events` to a record holding `current` writes, or why nothing may be written. Pure. */
export function planAppend(current: string, events: IncidentEvent[]): AppendPlan | { error: string } {
  const before = parseRecord(current);
  if (!before.state) return { error: `the record cannot be read (${before.problems[0]?.message ?? 'no incident in it'}), so nothing is added to it` };
  let closedLine: number | undefined;
  let text = '';
  if (current.length > 0 && !current.endsWith('\n')) {
    // Appending now would glue the new line to the cut one, and the reader would take the joined
    // line for the new event: the cut event would vanish without a word. Close it first.
    closedLine = countLines(current);
    text = '\n';
  }
  let state = before.state;
  for (const event of events) {
    const next = applyEvent(state, event);
    if ('error' in next) return { error: next.error };
    text += eventLine(event, state);
    state = next;
  }
  const after = parseRecord(current + text);
  // The same rules the reader applies decide: an event the file would not read back (a duplicate,
  // an invalid transition) is refused rather than shown and then lost on the next read.
  const added = after.events.slice(after.events.length - events.length);
  const lostAt = events.findIndex((e, i) => canonical(e) !== JSON.stringify(added[i]));
  if (after.events.length !== before.events.length + events.length || lostAt >= 0) {
    const p = after.problems[after.problems.length - 1];
    return { error: `the event would not read back from the record${p ? ` (${p.message})` : ''}, so it is not written` };
  }
  return closedLine === undefined ? { text, after } : { text, closedLine, after };
}

/** The event as the reader gives it back (known fields, in the reader's order), or undefined if it would not read. */
function canonical(event: IncidentEvent): string | undefined {
  try {
    return JSON.stringify(validateEvent(event));
  } catch {
    return undefined;
  }
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export type AppendOutcome =
  | { ok: true; after: ReadRecordResult; closedLine?: number; size: number; mtimeMs: number }
  | { ok: false; message: string };

/**
 * Appends `events` to the record at `path` (see planAppend). On a failed or short write the file
 * is truncated back to its length before, so it holds exactly what it held; the message says so.
 */
export async function appendToRecord(path: string, events: IncidentEvent[], openFile: OpenRecordFile = openForUpdate): Promise<AppendOutcome> {
  let handle: RecordFileHandle;
  try {
    handle = await openFile(path);
  } catch (err) {
    return { ok: false, message: `cannot open the record: ${errorText(err)}; nothing was written` };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, message: 'the record is not a regular file; nothing was written' };
    if (info.size > MAX_RECORD_CHARS) return { ok: false, message: `the record is over ${MAX_RECORD_CHARS / 1048576} MB; nothing was written` };
    const current = (await handle.readFile()).toString('utf8');
    const plan = planAppend(current, events);
    if ('error' in plan) return { ok: false, message: plan.error };
    const bytes = Buffer.from(plan.text, 'utf8');
    const size = Buffer.byteLength(current, 'utf8');
    let written = 0;
    try {
      written = (await handle.write(bytes, 0, bytes.length, size)).bytesWritten;
    } catch (err) {
      return { ok: false, message: await undo(handle, size, errorText(err)) };
    }
    if (written !== bytes.length) return { ok: false, message: await undo(handle, size, `only ${written} of ${bytes.length} bytes were written`) };
    const now = await handle.stat();
    return { ok: true, after: plan.after, ...(plan.closedLine !== undefined ? { closedLine: plan.closedLine } : {}), size: now.size, mtimeMs: now.mtimeMs };
  } catch (err) {
    return { ok: false, message: `cannot read the record: ${errorText(err)}; nothing was written` };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function undo(handle: RecordFileHandle, size: number, why: string): Promise<string> {
  try {
    await handle.truncate(size);
    return `the write failed (${why}); the record is as it was, nothing of this change is in it`;
  } catch (err) {
    return `the write failed (${why}) and the partial line could not be removed (${errorText(err)}); it will be closed and reported before the next change`;
  }
}

function errorText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const hint = code === 'ENOSPC' ? 'the disk is full' : code === 'EDQUOT' ? 'the disk quota is used up' : code === 'EIO' ? 'an input/output error' : undefined;
  const message = err instanceof Error ? err.message : String(err);
  return hint ? `${hint}: ${message}` : message;
}
