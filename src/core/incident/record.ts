// The incident record file: plain Markdown, committed with the code, appended to as the incident
// goes. A header is written once; then one line per event, readable by a person and by a
// machine at once: the human part first, then the event as JSON in a trailing HTML comment.
// The format is described in docs/incident-record.md.
//
// Record files may come from a stranger's repository: the reader validates every field, skips and
// reports bad or duplicated lines, refuses huge texts, and never throws.
import { INCIDENT_ID, isIncidentSeverity, MAX_NOTE, MAX_OWNER, MAX_REASON, MAX_RESOLUTION, MAX_TITLE, replay, type StartedEvent } from './incidentState';
import { INCIDENT_RECORD_VERSION, type IncidentEvent, type IncidentSeverity, type IncidentState, type ReadRecordResult, type RunbookSnapshot } from './incidentModel';
import { MAX_VARIABLE_VALUE } from './placeholders';
import { parseCauseResolution, verdictLabel } from './causes';
import { STEP_KINDS, type StepKind } from '../runbook/runbookModel';
import { formatRunDuration } from './runs';

export const MAX_RECORD_CHARS = 10 * 1024 * 1024;
export const TIMELINE_HEADING = '## Timeline';
const MARKER = `<!-- rb${INCIDENT_RECORD_VERSION} `;
const MARKER_END = ' -->';
// How much of a command the human part shows; the JSON part always has all of it.
const HUMAN_COMMAND_CHARS = 300;

/** `2026-11-24-1432-session-logout-30s.md`: the incident id and `.md`. */
export function recordFileName(started: StartedEvent): string {
  return `${started.incidentId}.md`;
}

/** "2026-11-24 14:32:05 UTC" from an ISO time. */
export function humanTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** Markdown text on one line that renders as written: line breaks folded, markup characters escaped. */
function mdText(s: string): string {
  return oneLine(s).replace(/[\\`*_[\]<>#~]/g, (c) => `\\${c}`);
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]/g;

function oneLine(s: string): string {
  return s.replace(/\r\n|\r|\n/g, ' ⏎ ').replace(/\t/g, ' ').replace(CONTROL, '�');
}

/** Inline code that survives any text: a fence longer than the longest backtick run inside. */
function mdCode(s: string): string {
  let text = oneLine(s);
  if (text.length > HUMAN_COMMAND_CHARS) text = `${text.slice(0, HUMAN_COMMAND_CHARS - 1)}…`;
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** JSON that cannot end an HTML comment or break a line: `<`, `>`, `&` and line separators escaped. */
function commentJson(event: IncidentEvent): string {
  return JSON.stringify(event).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function stepLabel(stepId: string, state: IncidentState | undefined): string {
  const step = state?.steps[stepId];
  if (!step) return mdText(stepId);
  const phase = state!.phases[step.phaseIndex]?.name;
  return phase ? `${mdText(step.title)} (${mdText(phase)})` : mdText(step.title);
}

function describe(e: IncidentEvent, state: IncidentState | undefined): string {
  switch (e.type) {
    case 'started': {
      const steps = e.runbook.phases.reduce((n, p) => n + p.steps.length, 0);
      return `Incident started: ${mdText(e.title)}, from runbook ${mdText(e.runbook.title)} (${mdCode(e.runbook.id)}, ${steps} steps), owner ${mdText(e.owner)}`;
    }
    case 'title-changed':
      return `Title changed to: ${mdText(e.title)}`;
    case 'owner-changed':
      return `Owner changed to ${mdText(e.owner)}`;
    case 'severity-set':
      return `Severity set to ${e.severity}`;
    case 'commander-set':
      return `Incident commander set to ${mdText(e.commander)}`;
    case 'step-done':
      return `Step done: ${stepLabel(e.stepId, state)}`;
    case 'step-skipped':
      return `Step skipped: ${stepLabel(e.stepId, state)}; reason: ${mdText(e.reason)}`;
    case 'step-reopened':
      return `Step reopened: ${stepLabel(e.stepId, state)}`;
    case 'cause-resolved': {
      const r = e.resolution;
      const cited = r.finding ? ` (${mdCode(`${r.finding.file}:${r.finding.line}`)}, ${mdCode(r.finding.ruleId)}: ${mdText(r.finding.text)})` : '';
      return `Cause ${verdictLabel(r.verdict)}: ${stepLabel(e.stepId, state)}; evidence: ${mdText(r.evidence)}${cited}`;
    }
    case 'note':
      return e.stepId === undefined ? `Note: ${mdText(e.text)}` : `Note on ${stepLabel(e.stepId, state)}: ${mdText(e.text)}`;
    case 'variable-set':
      return `Placeholder set: ${mdCode(e.name)} = ${e.secret ? '•••• (secret)' : mdCode(e.value)}`;
    case 'command-copied':
    case 'command-inserted':
    case 'command-executed': {
      const verb = e.type === 'command-copied' ? 'copied' : e.type === 'command-inserted' ? `inserted into terminal${e.terminal ? ` ${mdText(e.terminal)}` : ''}` : `executed in terminal${e.terminal ? ` ${mdText(e.terminal)}` : ''}`;
      return `${e.destructive ? '⚠ Destructive command' : 'Command'} ${verb} (${stepLabel(e.stepId, state)}, command ${e.commandIndex + 1}): ${mdCode(e.text)}`;
    }
    case 'command-ran': {
      const where = e.stepId !== undefined && e.commandIndex !== undefined ? ` (${stepLabel(e.stepId, state)}, command ${e.commandIndex + 1})` : '';
      const exit = e.exitCode === undefined ? 'exit code unknown' : `exit ${e.exitCode}`;
      return `Command ran in terminal ${mdText(e.terminal)}${where}: ${mdCode(e.commandLine)}, ${exit}, ${formatRunDuration(e.durationMs)}`;
    }
    case 'shell-integration-unavailable':
      return `No shell integration in terminal ${mdText(e.terminal)}: only insertions are recorded there, not what ran`;
    case 'phase-overdue':
      return `Phase overdue: ${mdText(e.phaseName)} (${e.openSteps} ${e.openSteps === 1 ? 'step' : 'steps'} open)`;
    case 'resolved':
      return `Resolved: ${mdText(e.resolution)}`;
    case 'reopened':
      return 'Reopened';
  }
}

/** One timeline line for the event, ending with "\n". `state` (before or after the event) names steps and phases. */
export function eventLine(event: IncidentEvent, state?: IncidentState): string {
  return `- ${humanTime(event.at)} · ${mdText(event.by)} · ${describe(event, state)} ${MARKER}${commentJson(event)}${MARKER_END}\n`;
}

function humanDate(iso: string): string {
  const d = new Date(iso);
  const day = d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return `${day}, ${iso.slice(11, 16)} UTC`;
}

/** The header written once at creation, the timeline heading and the 'started' line; ends with "\n". */
export function recordHeader(started: StartedEvent): string {
  const rb = started.runbook;
  return [
    `# Incident: ${mdText(started.title)}`,
    '',
    `- Id: ${mdCode(started.incidentId)}`,
    `- Runbook: ${mdText(rb.title)} (${mdCode(rb.id)}, content hash ${mdCode(rb.hash.slice(0, 12))})`,
    `- Started: ${started.at} (${humanDate(started.at)})`,
    `- Owner: ${mdText(started.owner)}`,
    ...(started.severity !== undefined ? [`- Severity: ${started.severity}`] : []),
    ...(started.commander !== undefined ? [`- Incident commander: ${mdText(started.commander)}`] : []),
    `- Record format: ${INCIDENT_RECORD_VERSION}`,
    '',
    'Written by Runbook Assistant as the incident goes: one line per event, newest last. The part in',
    '`<!-- -->` is the event itself; keep it when editing. Text added between lines is kept and ignored.',
    '',
    TIMELINE_HEADING,
    '',
    eventLine(started),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Reading

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;
const EVENT_TYPES = new Set<string>([
  'started', 'title-changed', 'owner-changed', 'severity-set', 'commander-set', 'step-done', 'step-skipped', 'step-reopened', 'cause-resolved', 'note',
  'variable-set', 'command-copied', 'command-inserted', 'command-executed', 'command-ran', 'shell-integration-unavailable',
  'phase-overdue', 'resolved', 'reopened',
]);
const MAX_COMMAND_TEXT = 100_000;
/** An output excerpt is capped at a few thousand characters when written (runs.ts); this bounds a hand-edited one. */
const MAX_RUN_OUTPUT = 64 * 1024;
const MAX_PATH = 4096;
const MAX_TERMINAL_NAME = 200;
/** 30 days: a longer "duration" is a broken clock, not a command. */
const MAX_RUN_MS = 30 * 24 * 3600 * 1000;
const MAX_PHASES = 100;
const MAX_STEPS = 5_000;
/** The schema allows 50 `checks:` or `fixes:` per step. */
const MAX_LINKS = 50;

class Invalid extends Error {}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Json, key: string, max: number, opts: { empty?: boolean } = {}): string {
  const v = o[key];
  if (typeof v !== 'string') throw new Invalid(`"${key}" must be a string`);
  if (v.length > max) throw new Invalid(`"${key}" is longer than ${max} characters`);
  if (!opts.empty && v.trim() === '') throw new Invalid(`"${key}" is empty`);
  return v;
}

function int(o: Json, key: string, min: number, max: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new Invalid(`"${key}" must be a whole number from ${min} to ${max}`);
  return v;
}

function bool(o: Json, key: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new Invalid(`"${key}" must be true or false`);
  return v;
}

function time(o: Json, key: string): string {
  const v = str(o, key, 40);
  if (!ISO_TIME.test(v) || !Number.isFinite(Date.parse(v))) throw new Invalid(`"${key}" is not an ISO 8601 UTC time`);
  return v;
}

function snapshot(v: unknown): RunbookSnapshot {
  if (!isObject(v)) throw new Invalid('"runbook" must be an object');
  if (!Array.isArray(v.phases) || v.phases.length > MAX_PHASES) throw new Invalid(`"runbook.phases" must be a list of at most ${MAX_PHASES}`);
  let steps = 0;
  const phases = v.phases.map((p: unknown, i: number) => {
    if (!isObject(p)) throw new Invalid(`phase ${i + 1} must be an object`);
    let timebox: RunbookSnapshot['phases'][number]['timebox'] = null;
    if (p.timebox !== null) {
      if (!isObject(p.timebox)) throw new Invalid(`phase ${i + 1}: "timebox" must be an object or null`);
      const fromMinutes = int(p.timebox, 'fromMinutes', 0, 100_000);
      const toMinutes = int(p.timebox, 'toMinutes', 0, 100_000);
      if (toMinutes < fromMinutes) throw new Invalid(`phase ${i + 1}: the timebox ends before it starts`);
      timebox = { fromMinutes, toMinutes };
    }
    if (!Array.isArray(p.steps)) throw new Invalid(`phase ${i + 1}: "steps" must be a list`);
    steps += p.steps.length;
    if (steps > MAX_STEPS) throw new Invalid(`the runbook has more than ${MAX_STEPS} steps`);
    return {
      name: str(p, 'name', 200),
      timebox,
      steps: p.steps.map((s: unknown) => {
        if (!isObject(s)) throw new Invalid(`phase ${i + 1}: every step must be an object`);
        return snapshotStep(s);
      }),
    };
  });
  const hash = str(v, 'hash', 128);
  if (!/^[0-9a-f]+$/.test(hash)) throw new Invalid('"runbook.hash" must be hexadecimal');
  return { id: str(v, 'id', 200), title: str(v, 'title', 500), hash, phases };
}

type SnapshotStep = RunbookSnapshot['phases'][number]['steps'][number];

/** A step of the snapshot; kind and links are optional (absent in records written before they were kept). */
function snapshotStep(s: Json): SnapshotStep {
  const step: SnapshotStep = { id: str(s, 'id', 200), title: str(s, 'title', 500, { empty: true }), commands: int(s, 'commands', 0, 1000) };
  if (s.kind !== undefined) {
    if (!(STEP_KINDS as readonly unknown[]).includes(s.kind)) throw new Invalid(`step "${step.id}": "kind" must be one of ${STEP_KINDS.join(', ')}`);
    step.kind = s.kind as StepKind;
  }
  for (const key of ['checks', 'fixes'] as const) {
    const list = s[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length > MAX_LINKS || !list.every((id) => typeof id === 'string' && id.length <= 200)) {
      throw new Invalid(`step "${step.id}": "${key}" must be a list of at most ${MAX_LINKS} step ids`);
    }
    step[key] = list as string[];
  }
  return step;
}

function variables(v: unknown): Record<string, string> {
  if (!isObject(v)) throw new Invalid('"variables" must be an object');
  const entries = Object.entries(v);
  if (entries.length > 200) throw new Invalid('more than 200 variables');
  const out: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (!VARIABLE_NAME.test(name) || name === '__proto__') throw new Invalid(`variable name "${name.slice(0, 40)}" is not valid`);
    if (typeof value !== 'string' || value.length > MAX_VARIABLE_VALUE) throw new Invalid(`variable "${name}" must be a string of at most ${MAX_VARIABLE_VALUE} characters`);
    out[name] = value;
  }
  return out;
}

function severity(o: Json): IncidentSeverity {
  const v = o.severity;
  if (!isIncidentSeverity(v)) throw new Invalid('"severity" must be SEV1, SEV2, SEV3 or SEV4');
  return v;
}

/** The event in `v` with only its known fields, every one checked; throws Invalid with what is wrong. */
export function validateEvent(v: unknown): IncidentEvent {
  if (!isObject(v)) throw new Invalid('the event is not a JSON object');
  const type = v.type;
  if (typeof type !== 'string') throw new Invalid('the event has no "type"');
  if (!EVENT_TYPES.has(type)) throw new Invalid(`unknown event type "${type.slice(0, 40)}"`);
  const base = { at: time(v, 'at'), by: str(v, 'by', MAX_OWNER) };
  switch (type) {
    case 'started': {
      const incidentId = str(v, 'incidentId', 80);
      if (!INCIDENT_ID.test(incidentId)) throw new Invalid('"incidentId" may only have a-z, 0-9 and -');
      const e: StartedEvent = { type, ...base, incidentId, title: str(v, 'title', MAX_TITLE), owner: str(v, 'owner', MAX_OWNER), runbook: snapshot(v.runbook), variables: variables(v.variables) };
      if (v.origin !== undefined) e.origin = str(v, 'origin', 100, { empty: true });
      if (v.severity !== undefined) e.severity = severity(v);
      if (v.commander !== undefined) e.commander = str(v, 'commander', MAX_OWNER);
      return e;
    }
    case 'title-changed':
      return { type, ...base, title: str(v, 'title', MAX_TITLE) };
    case 'owner-changed':
      return { type, ...base, owner: str(v, 'owner', MAX_OWNER) };
    case 'severity-set':
      return { type, ...base, severity: severity(v) };
    case 'commander-set':
      return { type, ...base, commander: str(v, 'commander', MAX_OWNER) };
    case 'step-done':
    case 'step-reopened':
      return { type, ...base, stepId: str(v, 'stepId', 200) };
    case 'step-skipped':
      return { type, ...base, stepId: str(v, 'stepId', 200), reason: str(v, 'reason', MAX_REASON) };
    case 'cause-resolved': {
      const resolution = parseCauseResolution(v.resolution);
      if (typeof resolution === 'string') throw new Invalid(`"resolution": ${resolution}`);
      return { type, ...base, stepId: str(v, 'stepId', 200), resolution };
    }
    case 'note': {
      const e: IncidentEvent = { type, ...base, text: str(v, 'text', MAX_NOTE) };
      if (v.stepId !== undefined) e.stepId = str(v, 'stepId', 200);
      return e;
    }
    case 'variable-set': {
      const name = str(v, 'name', 100);
      if (!VARIABLE_NAME.test(name) || name === '__proto__') throw new Invalid(`"name" is not a valid placeholder name`);
      return { type, ...base, name, value: str(v, 'value', MAX_VARIABLE_VALUE, { empty: true }), secret: bool(v, 'secret') };
    }
    case 'command-copied':
    case 'command-inserted':
    case 'command-executed': {
      const e: IncidentEvent = { type, ...base, stepId: str(v, 'stepId', 200), commandIndex: int(v, 'commandIndex', 0, 1000), text: str(v, 'text', MAX_COMMAND_TEXT, { empty: true }), destructive: bool(v, 'destructive') };
      if (v.terminal !== undefined) e.terminal = str(v, 'terminal', 200, { empty: true });
      return e;
    }
    case 'command-ran': {
      const e: Extract<IncidentEvent, { type: 'command-ran' }> = {
        type,
        ...base,
        commandLine: str(v, 'commandLine', MAX_COMMAND_TEXT, { empty: true }),
        startedAt: time(v, 'startedAt'),
        durationMs: int(v, 'durationMs', 0, MAX_RUN_MS),
        terminal: str(v, 'terminal', MAX_TERMINAL_NAME, { empty: true }),
      };
      if ((v.stepId === undefined) !== (v.commandIndex === undefined)) throw new Invalid('"stepId" and "commandIndex" go together');
      if (v.stepId !== undefined) {
        e.stepId = str(v, 'stepId', 200);
        e.commandIndex = int(v, 'commandIndex', 0, 1000);
      }
      if (v.cwd !== undefined) e.cwd = str(v, 'cwd', MAX_PATH, { empty: true });
      // Wider than 0-255: PowerShell and Windows report 32-bit codes, signed or not.
      if (v.exitCode !== undefined) e.exitCode = int(v, 'exitCode', -2_147_483_648, 4_294_967_295);
      if (v.output !== undefined) e.output = str(v, 'output', MAX_RUN_OUTPUT, { empty: true });
      if (v.outputTruncated !== undefined) e.outputTruncated = bool(v, 'outputTruncated');
      return e;
    }
    case 'shell-integration-unavailable':
      return { type, ...base, terminal: str(v, 'terminal', MAX_TERMINAL_NAME, { empty: true }) };
    case 'phase-overdue':
      return { type, ...base, phaseIndex: int(v, 'phaseIndex', 0, MAX_PHASES), phaseName: str(v, 'phaseName', 200), openSteps: int(v, 'openSteps', 0, MAX_STEPS) };
    case 'resolved':
      return { type, ...base, resolution: str(v, 'resolution', MAX_RESOLUTION) };
    default:
      return { type: 'reopened', ...base };
  }
}

/** The event on one timeline line, or what is wrong with it. */
function parseEventLine(line: string): IncidentEvent | { error: string; newer?: number } {
  const at = line.lastIndexOf('<!-- rb');
  if (at < 0) return { error: 'no event data (the <!-- rb… --> comment is missing)' };
  const version = /^<!-- rb(\d+) /.exec(line.slice(at, at + 20));
  if (!version) return { error: 'the event data is malformed' };
  if (Number(version[1]) > INCIDENT_RECORD_VERSION) return { error: '', newer: Number(version[1]) };
  if (Number(version[1]) !== INCIDENT_RECORD_VERSION) return { error: `unknown record version ${version[1]}` };
  const end = line.trimEnd();
  if (!end.endsWith(MARKER_END)) return { error: 'the event data is not closed with -->' };
  let json: unknown;
  try {
    json = JSON.parse(end.slice(at + MARKER.length, end.length - MARKER_END.length));
  } catch {
    return { error: 'the event data is not valid JSON' };
  }
  try {
    return validateEvent(json);
  } catch (e) {
    if (e instanceof Invalid) return { error: e.message };
    throw e;
  }
}

/** Past this many, bad lines are counted, not each reported: a garbage file gives one short list. */
const MAX_LINE_PROBLEMS = 20;

/**
 * Reads every event line of a record, in order, and replays them. Lines before the `## Timeline`
 * heading, blank lines and lines not starting with "-" are ignored (a person may add paragraphs);
 * every line starting with "-" after the heading must be an event. A bad line (cut by a crash and
 * closed later, or hand-edited) is reported and skipped, and the reading goes on: events appended
 * after it are read back, so what the view showed after an append is what a re-read gives. A line
 * repeating an earlier event exactly is reported and counted once.
 */
export function parseRecord(text: string): ReadRecordResult {
  const events: IncidentEvent[] = [];
  const problems: ReadRecordResult['problems'] = [];
  if (typeof text !== 'string') return { events, problems: [{ line: 1, message: 'the record is not text' }] };
  if (text.length > MAX_RECORD_CHARS) {
    return { events, problems: [{ line: 1, message: `the record is larger than ${MAX_RECORD_CHARS / 1024 / 1024} MB and was not read` }] };
  }
  const lineOf: number[] = [];
  /** The JSON of each event read, to the line it was on: an exact repeat is a duplicated line. */
  const seen = new Map<string, number>();
  let badLines = 0;
  let inTimeline = false;
  let pos = 0;
  let lineNo = 0;
  const complete = text.endsWith('\n');
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl < 0 ? text.length : nl;
    const line = text.slice(pos, lineEnd).replace(/\r$/, '');
    pos = lineEnd + 1;
    lineNo++;
    if (!inTimeline) {
      if (line.trimEnd() === TIMELINE_HEADING) inTimeline = true;
      else {
        const format = /^- Record format: (\d+)\s*$/.exec(line);
        if (format && Number(format[1]) > INCIDENT_RECORD_VERSION) {
          return { events, problems: [{ line: lineNo, message: newerMessage(Number(format[1])) }] };
        }
      }
      continue;
    }
    if (!/^-(?:\s|$)/.test(line)) continue;
    const parsed = parseEventLine(line);
    if ('type' in parsed) {
      const key = JSON.stringify(parsed);
      const first = seen.get(key);
      if (first !== undefined) {
        if (++badLines <= MAX_LINE_PROBLEMS) problems.push({ line: lineNo, message: `line ${lineNo}: the same event as line ${first} (a duplicated line); it is counted once` });
        continue;
      }
      seen.set(key, lineNo);
      events.push(parsed);
      lineOf.push(lineNo);
      continue;
    }
    if (parsed.newer !== undefined) return { events: [], problems: [{ line: lineNo, message: newerMessage(parsed.newer) }] };
    const last = pos >= text.length && !complete;
    if (last) {
      problems.push({ line: lineNo, message: `line ${lineNo}: the last line is incomplete (the editor stopped while writing it); ${plural(events.length, 'event')} read` });
    } else if (++badLines <= MAX_LINE_PROBLEMS) {
      problems.push({ line: lineNo, message: `line ${lineNo}: ${parsed.error}; the line is skipped and the rest of the record is read` });
    }
  }
  if (badLines > MAX_LINE_PROBLEMS) problems.push({ line: lineNo, message: `${badLines - MAX_LINE_PROBLEMS} more bad or duplicated lines are not listed` });
  if (!inTimeline && events.length === 0) {
    problems.push({ line: 1, message: `no "${TIMELINE_HEADING}" heading: this is not an incident record` });
    return { events, problems };
  }
  const replayed = replay(events);
  for (const p of replayed.problems) {
    const line = lineOf[p.index] ?? 1;
    problems.push({ line, message: `line ${line}: ${p.message}` });
  }
  problems.sort((a, b) => a.line - b.line);
  return replayed.state ? { state: replayed.state, events, problems } : { events, problems };
}

function newerMessage(version: number): string {
  return `the record was written in format ${version}, newer than this version of Runbook Assistant reads (${INCIDENT_RECORD_VERSION}); update the extension`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The whole record text for these events (header from the first, which must be 'started'): what appending each line gives. */
export function recordText(events: IncidentEvent[]): string {
  const started = events[0];
  if (started === undefined || started.type !== 'started') throw new Error('a record starts with a "started" event');
  const replayed = replay(events);
  let out = recordHeader(started);
  for (let i = 1; i < events.length; i++) out += eventLine(events[i], replayed.state);
  return out;
}
