// The checklist state machine: an incident's state is a fold of its events (`replay`), one
// transition at a time (`applyEvent`). A person's change is validated first (`actionToEvent`), so
// only valid events are appended; `applyEvent` still checks every event, because a record may
// have been edited by hand or come from someone else's repository.
import type { Runbook } from '../runbook/runbookModel';
import { parseCauseResolution, verdictLabel } from './causes';
import { INCIDENT_SEVERITIES, type CauseResolution, type CommandRun, type IncidentAction, type IncidentSeverity, IncidentEvent, IncidentState, PhaseState, StepState } from './incidentModel';
import { isValidPlaceholderName, maskedVariables, validateVariableValue } from './placeholders';
import { snapshotRunbook } from './snapshot';

// The clocks live apart (clock.ts) so the webview can bundle them without the snapshot's hashing.
export { dueNudges, elapsedMs, formatDuration, phaseClocks } from './clock';

export type StartedEvent = Extract<IncidentEvent, { type: 'started' }>;

export const INCIDENT_ID = /^[a-z0-9][a-z0-9-]{0,79}$/;
export const MAX_TITLE = 200;
export const MAX_OWNER = 200;
export const MAX_REASON = 500;
export const MAX_NOTE = 4000;
export const MAX_RESOLUTION = 500;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `2026-11-24-1432-session-logout-30s`: the UTC start minute, then the runbook id (cut to fit 80 characters). */
export function newIncidentId(startedAt: Date, runbookId: string): string {
  const d = startedAt;
  const stamp = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}`;
  const room = 80 - stamp.length - 1;
  const slug =
    runbookId
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/-+/g, '-')
      .slice(0, room)
      .replace(/^-+|-+$/g, '') || 'incident';
  return `${stamp}-${slug}`;
}

/**
 * The 'started' event of a new incident. Secret-looking variables are stored masked (the caller
 * keeps the real values). Throws on input the caller should have validated (a variable value
 * with a line break or control character: see validateVariableValue); an invalid `incidentId`
 * is replaced by a generated one.
 */
export function startIncident(o: {
  runbook: Runbook;
  owner: string;
  now: Date;
  title?: string;
  variables?: Record<string, string>;
  origin?: string;
  incidentId?: string;
  /** Defaults to the runbook's severity mapped to SEV1–SEV4, else none. */
  severity?: IncidentSeverity;
  /** Defaults to the owner. */
  commander?: string;
}): StartedEvent {
  const owner = oneLine(o.owner).slice(0, MAX_OWNER) || 'unknown';
  const title = oneLine(o.title ?? '').slice(0, MAX_TITLE) || oneLine(o.runbook.title).slice(0, MAX_TITLE) || o.runbook.id;
  for (const [name, value] of Object.entries(o.variables ?? {})) {
    // The record reader refuses what this would let through, so the record would not read back.
    if (!isValidPlaceholderName(name) || name === '__proto__') throw new RangeError(`"${name.slice(0, 40)}" is not a placeholder name`);
    const problem = validateVariableValue(value);
    if (problem !== undefined) throw new RangeError(`{{${name}}}: ${problem}`);
  }
  const { variables } = maskedVariables(o.variables ?? {});
  const event: StartedEvent = {
    type: 'started',
    at: o.now.toISOString(),
    by: owner,
    incidentId: o.incidentId !== undefined && INCIDENT_ID.test(o.incidentId) ? o.incidentId : newIncidentId(o.now, o.runbook.id),
    title,
    owner,
    runbook: snapshotRunbook(o.runbook),
    variables,
  };
  if (o.origin !== undefined) event.origin = oneLine(o.origin).slice(0, 100);
  const severity = o.severity ?? defaultSeverity(o.runbook.severity);
  if (severity !== undefined) event.severity = severity;
  event.commander = oneLine(o.commander ?? '').slice(0, MAX_OWNER) || owner;
  return event;
}

const FROM_RUNBOOK: Record<string, IncidentSeverity> = { critical: 'SEV1', high: 'SEV2', medium: 'SEV3', low: 'SEV4' };

/** The incident severity a runbook's `severity:` suggests (critical → SEV1 … low → SEV4). */
export function defaultSeverity(runbookSeverity: string | undefined): IncidentSeverity | undefined {
  return runbookSeverity === undefined ? undefined : FROM_RUNBOOK[runbookSeverity];
}

export function isIncidentSeverity(v: unknown): v is IncidentSeverity {
  return typeof v === 'string' && (INCIDENT_SEVERITIES as readonly string[]).includes(v);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The state right after the 'started' event. */
export function initialState(e: StartedEvent): IncidentState {
  const steps: Record<string, StepState> = Object.create(null) as Record<string, StepState>;
  const phases: PhaseState[] = e.runbook.phases.map((p, index) => {
    const stepIds: string[] = [];
    for (const s of p.steps) {
      if (s.id in steps) continue; // a duplicate id counts once, in its first phase
      steps[s.id] = { id: s.id, phaseIndex: index, title: s.title, status: 'open', notes: [], runs: [] };
      if (s.kind !== undefined) steps[s.id].kind = s.kind;
      stepIds.push(s.id);
    }
    return {
      index,
      name: p.name,
      timebox: p.timebox ? { ...p.timebox } : null,
      stepIds,
      done: 0,
      skipped: 0,
      open: stepIds.length,
      progress: stepIds.length === 0 ? 1 : 0,
      currentMs: 0,
      nudged: false,
    };
  });
  const { secretNames } = maskedVariables(e.variables);
  const state: IncidentState = {
    id: e.incidentId,
    title: e.title,
    owner: e.owner,
    ...(e.severity !== undefined ? { severity: e.severity } : {}),
    ...(e.commander !== undefined ? { commander: e.commander } : {}),
    startedAt: e.at,
    runbook: e.runbook,
    variables: { ...e.variables },
    secretVariables: secretNames,
    steps,
    phases,
    notes: [],
    runs: [],
    totals: { steps: 0, done: 0, skipped: 0, open: 0, progress: 1 },
    events: [e],
  };
  state.totals = totalsOf(phases);
  // Before any step is worked on, the first phase with steps is current: the clock counts from the start.
  const first = phases.find((p) => p.stepIds.length > 0);
  if (first) state.current = { phaseIndex: first.index, since: e.at };
  return state;
}

function totalsOf(phases: PhaseState[]): IncidentState['totals'] {
  let done = 0;
  let skipped = 0;
  let open = 0;
  for (const p of phases) {
    done += p.done;
    skipped += p.skipped;
    open += p.open;
  }
  const steps = done + skipped + open;
  return { steps, done, skipped, open, progress: steps === 0 ? 1 : (done + skipped) / steps };
}

/**
 * Checks one event against the state; returns an error for a person, or undefined when it may
 * be applied.
 */
function transitionError(state: IncidentState, e: IncidentEvent): string | undefined {
  if (e.type === 'started') return 'The incident has already started; a second "started" event is ignored.';
  // What a shell ran is a fact whenever it happened (a check after resolving, a command that
  // outlived the incident): it is recorded, and changes nothing else.
  const factOnly = e.type === 'command-ran' || e.type === 'shell-integration-unavailable';
  if (state.resolvedAt !== undefined && e.type !== 'reopened' && !factOnly) return `The incident is resolved; "${e.type}" is only possible after reopening it.`;
  const step = 'stepId' in e && e.stepId !== undefined ? state.steps[e.stepId] : undefined;
  if ('stepId' in e && e.stepId !== undefined && step === undefined) return `No step "${e.stepId}" in this incident's checklist.`;
  switch (e.type) {
    case 'title-changed':
      return e.title.trim() === '' ? 'The title is empty.' : undefined;
    case 'owner-changed':
      return e.owner.trim() === '' ? 'The owner is empty.' : undefined;
    case 'severity-set':
      return isIncidentSeverity(e.severity) ? undefined : 'The severity must be SEV1, SEV2, SEV3 or SEV4.';
    case 'commander-set':
      return e.commander.trim() === '' ? 'The commander is empty.' : undefined;
    case 'step-done':
      if (step!.kind === 'cause') return notDoneMessage(step!);
      return step!.status === 'done' ? `"${step!.title}" is already done.` : undefined;
    case 'step-skipped':
      if (step!.kind === 'cause') return notDoneMessage(step!);
      if (step!.status === 'skipped') return `"${step!.title}" is already skipped.`;
      return e.reason.trim() === '' ? 'A skipped step needs a reason.' : undefined;
    case 'cause-resolved':
      return causeResolutionError(step!, e.resolution);
    case 'step-reopened':
      return step!.status === 'open' ? `"${step!.title}" is already open.` : undefined;
    case 'note':
      return e.text.trim() === '' ? 'The note is empty.' : undefined;
    case 'variable-set':
      return e.name === '' ? 'The variable has no name.' : undefined;
    case 'command-copied':
    case 'command-inserted':
    case 'command-executed': {
      const count = state.runbook.phases[step!.phaseIndex]?.steps.find((s) => s.id === e.stepId)?.commands ?? 0;
      return e.commandIndex >= count ? `Step "${step!.title}" has no command ${e.commandIndex + 1}.` : undefined;
    }
    case 'command-ran': {
      if (e.stepId === undefined) return e.commandIndex === undefined ? undefined : 'A run names a command but not its step.';
      if (e.commandIndex === undefined) return 'A run names a step but not which of its commands.';
      const count = state.runbook.phases[step!.phaseIndex]?.steps.find((s) => s.id === e.stepId)?.commands ?? 0;
      return e.commandIndex >= count ? `Step "${step!.title}" has no command ${e.commandIndex + 1}.` : undefined;
    }
    case 'shell-integration-unavailable':
      return undefined;
    case 'phase-overdue':
      return state.phases[e.phaseIndex] === undefined ? `No phase ${e.phaseIndex + 1} in this incident.` : undefined;
    case 'resolved':
      return e.resolution.trim() === '' ? 'The resolution is empty.' : undefined;
    case 'reopened':
      return state.resolvedAt === undefined ? 'The incident is not resolved, so it cannot be reopened.' : undefined;
  }
}

/**
 * Applies a valid event to `state` in place, replacing (never mutating) the step and phase
 * objects it changes, so a shallow copy of `state` taken before stays intact.
 */
function applyInPlace(state: IncidentState, e: IncidentEvent): void {
  state.events.push(e);
  switch (e.type) {
    case 'started':
      return;
    case 'title-changed':
      state.title = e.title;
      return;
    case 'owner-changed':
      state.owner = e.owner;
      return;
    case 'severity-set':
      state.severity = e.severity;
      return;
    case 'commander-set':
      state.commander = e.commander;
      return;
    case 'step-done':
    case 'step-skipped':
    case 'step-reopened':
    case 'cause-resolved': {
      const old = state.steps[e.stepId];
      // A verdict closes its cause: 'done' for the counts and clocks, the verdict beside it.
      const status = e.type === 'step-skipped' ? 'skipped' : e.type === 'step-reopened' ? 'open' : 'done';
      const next: StepState = { ...old, status, changedAt: e.at, changedBy: e.by };
      if (e.type === 'step-skipped') next.skipReason = e.reason;
      else delete next.skipReason;
      if (e.type === 'cause-resolved') next.cause = e.resolution;
      else delete next.cause;
      state.steps[e.stepId] = next;
      updatePhase(state, old.phaseIndex, e.at);
      state.totals = totalsOf(state.phases);
      return;
    }
    case 'note': {
      const note = { at: e.at, by: e.by, text: e.text };
      if (e.stepId === undefined) state.notes = [...state.notes, note];
      else {
        const old = state.steps[e.stepId];
        state.steps[e.stepId] = { ...old, notes: [...old.notes, note] };
        markActivity(state, old.phaseIndex, e.at);
      }
      return;
    }
    case 'variable-set':
      state.variables = { ...state.variables, [e.name]: e.value };
      if (e.secret && !state.secretVariables.includes(e.name)) state.secretVariables = [...state.secretVariables, e.name];
      return;
    case 'command-copied':
    case 'command-inserted':
    case 'command-executed':
      markActivity(state, state.steps[e.stepId].phaseIndex, e.at);
      return;
    case 'command-ran': {
      const run: CommandRun = { at: e.at, startedAt: e.startedAt, by: e.by, commandLine: e.commandLine, durationMs: e.durationMs, terminal: e.terminal };
      if (e.stepId !== undefined && e.commandIndex !== undefined) {
        run.stepId = e.stepId;
        run.commandIndex = e.commandIndex;
      }
      if (e.cwd !== undefined) run.cwd = e.cwd;
      if (e.exitCode !== undefined) run.exitCode = e.exitCode;
      if (e.output !== undefined) run.output = e.output;
      if (e.outputTruncated !== undefined) run.outputTruncated = e.outputTruncated;
      // Pushed: `runs` is the fold's private copy (shallowCopy), like `events`.
      state.runs.push(run);
      if (run.stepId !== undefined) {
        const old = state.steps[run.stepId];
        state.steps[run.stepId] = { ...old, runs: [...old.runs, run] };
        if (state.resolvedAt === undefined) markActivity(state, old.phaseIndex, e.at);
      }
      return;
    }
    case 'shell-integration-unavailable':
      return;
    case 'phase-overdue':
      if (!state.phases[e.phaseIndex].nudged) replacePhase(state, e.phaseIndex, { nudged: true });
      return;
    case 'resolved':
      state.resolvedAt = e.at;
      state.resolution = e.resolution;
      if (state.current) state.current = { phaseIndex: endCurrentSpan(state, e.at) };
      return;
    case 'reopened':
      delete state.resolvedAt;
      delete state.resolution;
      if (state.current) state.current = { phaseIndex: state.current.phaseIndex, since: e.at };
      return;
  }
}

function replacePhase(state: IncidentState, index: number, changes: Partial<PhaseState>): void {
  const phases = state.phases.slice();
  phases[index] = { ...phases[index], ...changes };
  state.phases = phases;
}

/** Work on a step (a note, a command used) makes its phase current, like a status change does. */
function markActivity(state: IncidentState, index: number, at: string): void {
  if (state.phases[index].firstActivityAt === undefined) replacePhase(state, index, { firstActivityAt: at });
  makeCurrent(state, index, at);
}

/**
 * Phase `index` becomes current at `at`: the span of the phase that was current ends there and is
 * added to its `currentMs`. Spans never run backwards: an event stamped before the current
 * span's start (another window's clock) switches the phase at that start instead.
 */
function makeCurrent(state: IncidentState, index: number, at: string): void {
  const cur = state.current;
  if (cur === undefined || cur.since === undefined || cur.phaseIndex === index) return;
  const since = Date.parse(cur.since) >= Date.parse(at) ? cur.since : at;
  endCurrentSpan(state, at);
  state.current = { phaseIndex: index, since };
}

/** Adds the running span of the current phase, up to `at`, to its `currentMs`; returns the phase's index. */
function endCurrentSpan(state: IncidentState, at: string): number {
  const cur = state.current!;
  if (cur.since !== undefined) {
    const ms = Math.max(0, Date.parse(at) - Date.parse(cur.since));
    if (ms > 0 && Number.isFinite(ms)) replacePhase(state, cur.phaseIndex, { currentMs: state.phases[cur.phaseIndex].currentMs + ms });
  }
  return cur.phaseIndex;
}

function updatePhase(state: IncidentState, index: number, at: string): void {
  const p = state.phases[index];
  let done = 0;
  let skipped = 0;
  for (const id of p.stepIds) {
    const s = state.steps[id].status;
    if (s === 'done') done++;
    else if (s === 'skipped') skipped++;
  }
  const total = p.stepIds.length;
  const open = total - done - skipped;
  const changes: Partial<PhaseState> = {
    done,
    skipped,
    open,
    progress: total === 0 ? 1 : (done + skipped) / total,
    firstActivityAt: p.firstActivityAt ?? at,
  };
  // The phase completes when its last open step closes; reopening one makes it incomplete again.
  if (open === 0) changes.completedAt = p.open === 0 && p.completedAt !== undefined ? p.completedAt : at;
  const next = { ...p, ...changes };
  if (open > 0) delete next.completedAt;
  const phases = state.phases.slice();
  phases[index] = next;
  state.phases = phases;
  makeCurrent(state, index, at);
  // Closing a phase's last open step moves on: the next phase with open steps becomes current.
  if (open === 0) {
    const after = phases.find((q) => q.index > index && q.open > 0) ?? phases.find((q) => q.open > 0);
    if (after) makeCurrent(state, after.index, at);
  }
}

function shallowCopy(state: IncidentState): IncidentState {
  return {
    ...state,
    steps: Object.assign(Object.create(null) as Record<string, StepState>, state.steps),
    events: state.events.slice(),
    runs: state.runs.slice(),
  };
}

/** One transition: a new state (sharing unchanged parts with `state`), or why the event does not apply. */
export function applyEvent(state: IncidentState, event: IncidentEvent): IncidentState | { error: string } {
  const error = transitionError(state, event);
  if (error !== undefined) return { error };
  const next = shallowCopy(state);
  applyInPlace(next, event);
  return next;
}

/**
 * The state after every event, from the first 'started' one. An event that is not a valid
 * transition stays in `events` but is not applied, and is reported with its index. Linear in
 * the number of events: the fold works on one private copy instead of copying per event.
 */
export function replay(events: IncidentEvent[]): { state?: IncidentState; problems: { index: number; message: string }[] } {
  const problems: { index: number; message: string }[] = [];
  const first = events.findIndex((e) => e.type === 'started');
  if (first < 0) {
    problems.push({ index: 0, message: events.length === 0 ? 'The record has no events.' : 'The record has no "started" event.' });
    return { problems };
  }
  for (let i = 0; i < first; i++) problems.push({ index: i, message: `A "${events[i].type}" event before the incident started is ignored.` });
  const state = initialState(events[first] as StartedEvent);
  for (let i = first + 1; i < events.length; i++) {
    const e = events[i];
    const error = transitionError(state, e);
    if (error === undefined) applyInPlace(state, e);
    else {
      state.events.push(e);
      problems.push({ index: i, message: error });
    }
  }
  return { state, problems };
}

function notDoneMessage(step: StepState): string {
  return `"${step.title}" is a cause: confirm it or rule it out, with evidence, instead of ticking or skipping it.`;
}

/** Why this verdict cannot be given to this step, or undefined. */
function causeResolutionError(step: StepState, resolution: CauseResolution): string | undefined {
  if (step.kind !== 'cause') return `"${step.title}" is not a cause, so it cannot be confirmed or ruled out.`;
  if (step.cause?.verdict === resolution.verdict) return `"${step.title}" is already ${verdictLabel(resolution.verdict)}.`;
  return resolution.evidence.trim() === '' ? 'A verdict on a cause needs evidence.' : undefined;
}

function requireStep(state: IncidentState, stepId: string): StepState | string {
  return state.steps[stepId] ?? `This incident's checklist has no step "${stepId}".`;
}

/** Validates a person's change against the state; returns the event to append, or why not (a sentence for a person). */
export function actionToEvent(state: IncidentState, action: IncidentAction, by: string, now: Date): { event: IncidentEvent } | { error: string } {
  const base = { at: now.toISOString(), by };
  const resolved = state.resolvedAt !== undefined;
  if (resolved && action.type !== 'reopen') {
    return { error: action.type === 'resolve' ? 'The incident is already resolved.' : 'The incident is resolved; reopen it to change anything.' };
  }
  switch (action.type) {
    case 'check': {
      const step = requireStep(state, action.stepId);
      if (typeof step === 'string') return { error: step };
      if (step.kind === 'cause') return { error: notDoneMessage(step) };
      if (step.status === 'done') return { error: `"${step.title}" is already done.` };
      return { event: { type: 'step-done', ...base, stepId: step.id } };
    }
    case 'skip': {
      const step = requireStep(state, action.stepId);
      if (typeof step === 'string') return { error: step };
      if (step.kind === 'cause') return { error: notDoneMessage(step) };
      if (step.status === 'skipped') return { error: `"${step.title}" is already skipped.` };
      const reason = oneLine(action.reason);
      if (reason === '') return { error: 'Say why the step is skipped.' };
      if (reason.length > MAX_REASON) return { error: `The reason is too long (${reason.length} characters; at most ${MAX_REASON}).` };
      return { event: { type: 'step-skipped', ...base, stepId: step.id, reason } };
    }
    case 'resolve-cause': {
      const step = requireStep(state, action.stepId);
      if (typeof step === 'string') return { error: step };
      const resolution = parseCauseResolution(action.resolution);
      if (typeof resolution === 'string') return { error: resolution };
      const error = causeResolutionError(step, resolution);
      if (error !== undefined) return { error };
      return { event: { type: 'cause-resolved', ...base, stepId: step.id, resolution } };
    }
    case 'reopen-step': {
      const step = requireStep(state, action.stepId);
      if (typeof step === 'string') return { error: step };
      if (step.status === 'open') return { error: `"${step.title}" is already open.` };
      return { event: { type: 'step-reopened', ...base, stepId: step.id } };
    }
    case 'note': {
      const text = action.text.trim();
      if (text === '') return { error: 'The note is empty.' };
      if (text.length > MAX_NOTE) return { error: `The note is too long (${text.length} characters; at most ${MAX_NOTE}).` };
      if (action.stepId === undefined) return { event: { type: 'note', ...base, text } };
      const step = requireStep(state, action.stepId);
      if (typeof step === 'string') return { error: step };
      return { event: { type: 'note', ...base, stepId: step.id, text } };
    }
    case 'rename': {
      const title = oneLine(action.title);
      if (title === '') return { error: 'The title is empty.' };
      if (title.length > MAX_TITLE) return { error: `The title is too long (${title.length} characters; at most ${MAX_TITLE}).` };
      if (title === state.title) return { error: 'The title is unchanged.' };
      return { event: { type: 'title-changed', ...base, title } };
    }
    case 'set-owner': {
      const owner = oneLine(action.owner);
      if (owner === '') return { error: 'The owner is empty.' };
      if (owner.length > MAX_OWNER) return { error: `The owner's name is too long (${owner.length} characters; at most ${MAX_OWNER}).` };
      if (owner === state.owner) return { error: `${owner} already owns the incident.` };
      return { event: { type: 'owner-changed', ...base, owner } };
    }
    case 'set-severity':
      if (!isIncidentSeverity(action.severity)) return { error: 'The severity must be SEV1, SEV2, SEV3 or SEV4.' };
      if (action.severity === state.severity) return { error: `The incident is already ${action.severity}.` };
      return { event: { type: 'severity-set', ...base, severity: action.severity } };
    case 'set-commander': {
      const commander = oneLine(action.commander);
      if (commander === '') return { error: 'The commander is empty.' };
      if (commander.length > MAX_OWNER) return { error: `The commander's name is too long (${commander.length} characters; at most ${MAX_OWNER}).` };
      if (commander === state.commander) return { error: `${commander} is already the incident commander.` };
      return { event: { type: 'commander-set', ...base, commander } };
    }
    case 'resolve': {
      const resolution = action.resolution.trim();
      if (resolution === '') return { error: 'Say in one line how the incident was resolved.' };
      if (/[\r\n]/.test(resolution)) return { error: 'The resolution must be one line.' };
      if (resolution.length > MAX_RESOLUTION) return { error: `The resolution is too long (${resolution.length} characters; at most ${MAX_RESOLUTION}).` };
      return { event: { type: 'resolved', ...base, resolution } };
    }
    case 'reopen':
      if (!resolved) return { error: 'The incident is not resolved.' };
      return { event: { type: 'reopened', ...base } };
    default:
      return { error: 'Unknown action.' };
  }
}
