// What ran in a terminal during an incident: the excerpt of a command's output kept in the record,
// which checklist command a run came from, and the one-line summary the checklist shows.
// Pure: the webview bundles this file too, so no Node or vscode import.
import type { CommandRun } from './incidentModel';

export interface OutputLimits {
  /** Lines kept from the start (default 20). */
  headLines?: number;
  /** Lines kept from the end (default 20). */
  tailLines?: number;
  /** The excerpt's length cap in characters, omission lines included (default 4000). */
  maxChars?: number;
}

export const OUTPUT_HEAD_LINES = 20;
export const OUTPUT_TAIL_LINES = 20;
export const OUTPUT_MAX_CHARS = 4000;

// Escape sequences, in the order they are tried at an ESC (or its 8-bit C1 form):
// - OSC, DCS, SOS, PM, APC: a string up to BEL or ST (ESC \ or 0x9c); one left open at the end of
//   the output (cut mid-sequence) runs to the next ESC or line end. VS Code's shell integration
//   writes OSC 633 ones ("\u001b]633;C\u0007").
// - CSI: parameters, intermediates and one final byte (colours, cursor moves, erase line).
// - any other ESC sequence: intermediates and one final byte (ESC ( B, ESC =, ESC 7...).
// Each alternative is linear: no nested quantifiers over the same characters.
const ESCAPES =
  // eslint-disable-next-line no-control-regex
  /(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[^\u0007\u001b\u009c\n]*(?:\u0007|\u001b\\|\u009c)?|(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?|\u001b[\u0020-\u002f]*[\u0030-\u007e]?/g;
// C0 and C1 controls other than \n, \t and \r (\r is read as a line rewrite before this runs).
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
// Bidi overrides and isolates could make the excerpt read differently from what ran: shown, not obeyed.
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * What the record keeps of a command's raw terminal output: escape sequences and control
 * characters removed, line ends normalised (a line rewritten with \r, as progress bars do, keeps
 * its last text), the first and last lines with a "… N lines omitted …" line between, at most
 * `maxChars` characters. `truncated` says whether anything but escapes and controls was dropped.
 */
export function outputExcerpt(raw: string, limits: OutputLimits = {}): { text: string; truncated: boolean } {
  const headLines = whole(limits.headLines, OUTPUT_HEAD_LINES);
  const tailLines = whole(limits.tailLines, OUTPUT_TAIL_LINES);
  const maxChars = Math.max(40, whole(limits.maxChars, OUTPUT_MAX_CHARS));
  let kept = cleanLines(raw);
  let truncated = false;
  if (kept.length > headLines + tailLines) {
    const omitted = kept.length - headLines - tailLines;
    kept = [...kept.slice(0, headLines), `… ${omitted} ${omitted === 1 ? 'line' : 'lines'} omitted …`, ...(tailLines > 0 ? kept.slice(-tailLines) : [])];
    truncated = true;
  }
  let text = kept.join('\n');
  if (text.length > maxChars) {
    text = capMiddle(text, maxChars);
    truncated = true;
  }
  return { text, truncated };
}

/**
 * The output as plain text, whole: escapes and controls removed, line ends normalised, blank
 * lines at the ends dropped. Mask secrets in this (an escape inside a secret's echo would hide
 * it from a mask run on the raw text), then cut it with `outputExcerpt`.
 */
export function cleanTerminalOutput(raw: string): string {
  return cleanLines(raw).join('\n');
}

function cleanLines(raw: string): string[] {
  if (typeof raw !== 'string' || raw === '') return [];
  // Split at \n first: "\r\r\n" (a program's \r\n through the tty's ONLCR) ends a line like "\n",
  // because cleanLine keeps the last text before the line end.
  const lines = raw.replace(ESCAPES, '').split('\n').map(cleanLine);
  // Blank lines at either end say nothing (the prompt's newline, a trailing \r\n).
  let first = 0;
  let last = lines.length;
  while (first < last && lines[first] === '') first++;
  while (last > first && lines[last - 1] === '') last--;
  return lines.slice(first, last);
}

/** One line as a terminal would leave it: the text after its last \r, controls dropped, trailing blanks trimmed. */
function cleanLine(line: string): string {
  let text = line;
  if (text.includes('\r')) {
    const segments = text.split('\r');
    // "50%\r100%\r" ends the line with \r: the last segment with text is what stays on screen.
    text = segments.reverse().find((s) => s.trim() !== '') ?? '';
  }
  return text.replace(CONTROLS, '').replace(BIDI, '\ufffd').trimEnd();
}

/** The start and the end of `text` with "… N characters omitted …" between, `max` characters at most in all. */
function capMiddle(text: string, max: number): string {
  const marker = (n: number): string => `\n… ${n} characters omitted …\n`;
  // The marker's length depends on N; size it for the largest N possible.
  const room = max - marker(text.length).length;
  let head = text.slice(0, Math.ceil(room / 2));
  let tail = text.slice(text.length - Math.floor(room / 2));
  // Cut at line ends when one is near, so a kept line is not half a line.
  const headEnd = head.lastIndexOf('\n');
  if (headEnd > head.length * 0.6) head = head.slice(0, headEnd);
  const tailStart = tail.indexOf('\n');
  if (tailStart >= 0 && tailStart < tail.length * 0.4) tail = tail.slice(tailStart + 1);
  // Never leave half of a surrogate pair at a cut.
  if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
  if (/^[\udc00-\udfff]/.test(tail)) tail = tail.slice(1);
  return `${head}${marker(text.length - head.length - tail.length)}${tail}`;
}

function whole(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}

/**
 * Streamed output held in bounded memory: the first and the last `keepChars` characters of
 * everything pushed (a `tail -f` left running must not fill the host's memory). `text()` gives
 * them joined by a line that says how much was dropped, ready for `outputExcerpt`.
 */
export class OutputBuffer {
  private head = '';
  private tail = '';
  private dropped = 0;

  constructor(private readonly keepChars = 64 * 1024) {}

  push(chunk: string): void {
    if (typeof chunk !== 'string' || chunk === '') return;
    let rest = chunk;
    if (this.head.length < this.keepChars) {
      const room = this.keepChars - this.head.length;
      this.head += rest.slice(0, room);
      rest = rest.slice(room);
    }
    if (rest === '') return;
    const tail = this.tail + rest;
    if (tail.length > this.keepChars) {
      this.dropped += tail.length - this.keepChars;
      this.tail = tail.slice(tail.length - this.keepChars);
    } else this.tail = tail;
  }

  /** Whether characters between the head and the tail were dropped. */
  get overflowed(): boolean {
    return this.dropped > 0;
  }

  text(): string {
    if (this.dropped === 0) return this.head + this.tail;
    // On its own line, so an escape sequence cut at either side ends there (see ESCAPES).
    return `${this.head}\n… ${this.dropped} characters not kept …\n${this.tail}`;
  }

  /**
   * The record's excerpt of everything pushed: cleaned, then `mask` (secret values → ••••) run
   * on the clean text, then cut to the limits. `truncated` also says whether the buffer dropped any.
   */
  excerpt(mask: (text: string) => string = (t) => t, limits?: OutputLimits): { text: string; truncated: boolean } {
    const r = outputExcerpt(mask(cleanTerminalOutput(this.text())), limits);
    return { text: r.text, truncated: r.truncated || this.overflowed };
  }
}

/** A command inserted into a terminal and not yet seen running there. */
export interface PendingCommand {
  stepId: string;
  commandIndex: number;
  /** The text inserted (what the shell will read as the command line). */
  text: string;
  /** When a block was inserted as a command that runs a script file: that file. */
  scriptPath?: string;
}

/**
 * The checklist command a run came from: the most recent pending one whose text equals the
 * command line (whitespace runs count as one space), or whose script file the command line
 * names. Quotes and backslashes are ignored in that comparison, so `bash '/tmp/it'\''s.sh'` and
 * `& 'C:\x\b.ps1'` still name their file.
 */
export function matchRun(commandLine: string, pending: readonly PendingCommand[]): { stepId: string; commandIndex: number } | undefined {
  if (typeof commandLine !== 'string' || !Array.isArray(pending)) return undefined;
  const line = squash(commandLine);
  if (line === '') return undefined;
  let bare: string | undefined;
  for (let i = pending.length - 1; i >= 0; i--) {
    const p = pending[i];
    if (typeof p?.text === 'string' && squash(p.text) === line) return { stepId: p.stepId, commandIndex: p.commandIndex };
    if (typeof p?.scriptPath === 'string') {
      const path = unquoted(p.scriptPath.trim());
      bare ??= unquoted(commandLine);
      if (path.length > 0 && bare.includes(path)) return { stepId: p.stepId, commandIndex: p.commandIndex };
    }
  }
  return undefined;
}

function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function unquoted(s: string): string {
  return s.replace(/['"\\`]/g, '');
}

// ---------------------------------------------------------------------------------------------
// What the checklist shows

const pad = (n: number): string => String(n).padStart(2, '0');

/** "14:03:09": local time, 24-hour, the way the checklist shows every time of day. */
export function timeOfDay(d: Date): string {
  if (!Number.isFinite(d.getTime())) return '??:??:??';
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "350 ms", "1.2 s", "12 s", "2 min 5 s", "1 h 4 min": how long a command ran. */
export function formatRunDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) {
    const tenths = Math.floor(ms / 100) / 10;
    return `${tenths.toFixed(1)} s`;
  }
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return s % 60 === 0 ? `${min} min` : `${min} min ${s % 60} s`;
  const h = Math.floor(min / 60);
  return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
}

/**
 * "ran 11:23:45 · exit 0 · 1.2 s": when the run started (local time; with its date when `now` is
 * given and falls on another day), its exit code ("?" when the shell did not say) and duration.
 */
export function formatRunSummary(run: Pick<CommandRun, 'startedAt' | 'exitCode' | 'durationMs'>, now?: Date): string {
  const started = new Date(run.startedAt);
  let when = timeOfDay(started);
  if (now !== undefined && Number.isFinite(started.getTime()) && localDay(started) !== localDay(now)) when = `${localDay(started)} ${when}`;
  const exit = typeof run.exitCode === 'number' && Number.isInteger(run.exitCode) ? String(run.exitCode) : '?';
  return `ran ${when} · exit ${exit} · ${formatRunDuration(run.durationMs)}`;
}

function localDay(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
