// The incident checklist inside the webview. The host sends the runbook (sanitized HTML, commands
// with their risks) and the incident state derived from its record; this file draws it, keeps the
// clocks ticking from the incident's start time, and sends back step ids and button names only.
import type {
  ChecklistCommand,
  ChecklistPhase,
  ChecklistStep,
  HostMessage,
  IncidentCommandName,
  IncidentSnapshot,
  ShowIncidentMessage,
  TerminalTarget,
  WebviewMessage,
} from '../shared/protocol';
import type { CommandRun, IncidentState, PhaseClock, StepState } from '../core/incident/incidentModel';
import { formatDuration, phaseClocks } from '../core/incident/clock';
import { formatRunSummary, timeOfDay } from '../core/incident/runs';
import { KIND_LABELS, announce, el, keyboardScrollable, phaseHeader, sanitizedHtml, stepHeading } from './dom';
import { timelinePanel, type TimelinePanel } from './timelineView';
import { FOCUS_FALLBACK, KEYBOARD_HELP, checklistKey, focusById, focusedControlId, rovingTabStop } from './checklistKeyboard';
import { stepOutlooks } from '../core/incident/causes';
import { type CauseControls, causeControls, causeStatusText, drawCause, drawForwardPanel, drawOutlook, forwardPanel, openVerdictForm, resetCauseForms, restoreCauseForm, stepLinkList } from './causeView';

export interface ChecklistHost {
  post(message: WebviewMessage): void;
  /** Keeps the incident (and the id of the control that has focus) in the webview's state for a reload. */
  setIncidentState(incidentId: string, focusId?: string): void;
}

interface View {
  message: ShowIncidentMessage;
  incident: IncidentSnapshot;
  /** host clock − this clock, so phase windows match the host's notion of "now". */
  clockOffset: number;
  stepRows: Map<string, StepRow>;
  phaseSections: HTMLElement[];
  chips: HTMLElement[];
  elapsed: HTMLElement;
  progressText: HTMLElement;
  progressBar: HTMLElement;
  actions: HTMLElement;
  resolvedBanner: HTMLElement;
  /** "Commands go to terminal: …" and its Change… button. */
  terminalLine: HTMLElement;
  /** Every Insert button with its command: their labels name the terminal. */
  inserts: { button: HTMLButtonElement; command: ChecklistCommand }[];
  /** Runs that matched no checklist command, listed after the phases. */
  otherRuns: RunList;
  /** Each phase's clock status as last drawn: a change is announced, the first drawing is not. */
  phaseStatus: (string | undefined)[];
  /** "Severity SEV2 · Commander alice" in the header. */
  people: HTMLElement;
  timeline: TimelinePanel;
  /** "Fixes for the confirmed cause": the steps confirmed causes bring forward. */
  forward: HTMLElement;
}

/** A list of runs drawn so far: runs are only ever appended, so new ones are added and open ones stay open. */
interface RunList {
  container: HTMLElement;
  list: HTMLElement;
  drawn: number;
}

interface StepRow {
  li: HTMLElement;
  /** Where ↑/↓ land: the checkbox, or a cause's verdict mark. */
  anchor: HTMLElement;
  /** Absent for a cause: it is confirmed or ruled out, not ticked. */
  checkbox?: HTMLInputElement;
  cause?: CauseControls;
  /** What the causes' verdicts say here (brought forward, not applicable). */
  outlook: HTMLElement;
  number: number;
  status: HTMLElement;
  skip: HTMLButtonElement;
  notes: HTMLElement;
  runs: RunList;
  /** What the row shows now, to patch only rows that changed. */
  signature: string;
}

let view: View | undefined;
let clockTimer: number | undefined;
/** A tick made here and not yet confirmed by the host: when it started, for the toggle measure. */
let pendingToggle: { stepId: string; started: number } | undefined;

/**
 * Draws the whole checklist. Focus goes back to the control that had it (every control has an id
 * that stays the same across drawings), or to `restoreFocusId` after the webview was reloaded.
 */
export function showIncident(host: ChecklistHost, app: HTMLElement, message: ShowIncidentMessage, receivedAt: number, restoreFocusId?: string): void {
  const focusedId = focusedControlId();
  const afterReload = !view && !focusedId ? restoreFocusId : undefined;
  host.setIncidentState(message.incident.id, focusedId ?? afterReload);
  const fragment = document.createDocumentFragment();
  const stepRows = new Map<string, StepRow>();
  const incident = message.incident;

  const header = el('header', 'incident-header');
  const h1 = el('h1', 'incident-title', incident.title);
  header.append(h1);
  const meta = el('div', 'incident-meta');
  const started = new Date(incident.startedAt);
  meta.append(
    el('span', undefined, `Started ${timeOfDay(started)} by ${incident.owner}`),
    el('span', 'sep', '·'),
  );
  const elapsed = el('span', 'elapsed');
  elapsed.setAttribute('role', 'timer');
  elapsed.setAttribute('aria-label', 'Elapsed time');
  meta.append(elapsed, el('span', 'sep', '·'));
  const progressText = el('span', 'progress-text');
  const people = el('span', 'incident-people');
  meta.append(progressText, el('span', 'sep', '·'), people);
  header.append(meta);
  const progressBar = el('div', 'progress');
  progressBar.setAttribute('role', 'progressbar');
  progressBar.setAttribute('aria-label', 'Steps done or skipped');
  progressBar.setAttribute('aria-valuemin', '0');
  progressBar.setAttribute('aria-valuemax', '100');
  progressBar.append(el('div', 'progress-fill'));
  header.append(progressBar);
  const runbookLine = el('div', 'incident-runbook');
  runbookLine.append(el('span', undefined, 'Runbook: '));
  const runbookLink = button('link-button', 'open-runbook', message.runbook.title, `Open the runbook ${message.runbook.title}`, () => command(host, 'openRunbook'));
  runbookLine.append(runbookLink, el('span', 'sep', '·'), el('span', 'record-label', `Record: ${incident.recordLabel}`));
  header.append(runbookLine);
  const terminalLine = el('div', 'incident-terminal');
  header.append(terminalLine);
  const actions = el('div', 'incident-actions');
  actions.setAttribute('role', 'toolbar');
  actions.setAttribute('aria-label', 'Incident actions');
  header.append(actions);
  fragment.append(header);

  if (message.restricted) {
    fragment.append(banner('banner banner-restricted', 'status', 'Restricted Mode: commands can be copied but are not sent to a terminal until you trust this workspace. Ticking steps and the record work as usual.'));
  }
  if (message.runbookChanges.length) {
    const b = banner('banner banner-changed', 'status', 'The runbook changed since this incident started. The checklist keeps the steps the record has:');
    fragment.append(withList(b, message.runbookChanges));
  }
  if (incident.recordProblems.length) {
    const b = banner('banner banner-problems', 'alert', 'The incident record could not be read to its end; what follows is what it holds up to the problem:');
    fragment.append(withList(b, incident.recordProblems));
  }
  // Not a live region: it is hidden until resolved (a region appearing is not reliably read); the announcer says it.
  const resolvedBanner = banner('banner banner-resolved', 'note', '');
  fragment.append(resolvedBanner);

  if (message.runbook.symptomHtml) fragment.append(sanitizedHtml('blockquote', 'symptom', message.runbook.symptomHtml));
  const timeline = timelinePanel();
  fragment.append(timeline.section);
  const forward = forwardPanel();
  fragment.append(forward);

  const overview = el('nav', 'phase-overview');
  overview.setAttribute('aria-label', 'Phases and their timeboxes');
  const chips: HTMLElement[] = [];
  message.runbook.phases.forEach((p, i) => {
    const chip = el('a', 'phase-chip');
    chip.id = `chip-${i}`;
    chip.href = `#phase-${i}`;
    chip.append(el('span', 'chip-name', p.name), el('span', 'chip-time', p.timeboxLabel || 'no timebox'), el('span', 'chip-clock'));
    chips.push(chip);
    overview.append(chip);
  });
  fragment.append(overview);

  // Numbered across phases, as the runbook view does (RenderedStep.number): "step 7" is one step.
  let number = 0;
  const inserts: View['inserts'] = [];
  const openForm = resetCauseForms();
  const phaseSections = message.runbook.phases.map((phase, index) => {
    const section = renderPhase(host, phase, index, message, stepRows, inserts, () => ++number);
    fragment.append(section);
    return section;
  });

  // Commands run in an incident terminal that matched no checklist command (typed by hand, edited before Enter).
  const otherRuns = runList('section', 'other-runs');
  otherRuns.container.setAttribute('aria-labelledby', 'other-runs-heading');
  const otherHeading = el('h2', 'other-runs-heading', 'Other commands run in incident terminals');
  otherHeading.id = 'other-runs-heading';
  otherRuns.container.prepend(otherHeading);
  fragment.append(otherRuns.container);

  const help = el('p', 'keyboard-help', KEYBOARD_HELP);
  fragment.append(help);
  app.replaceChildren(fragment);

  view = {
    message,
    incident,
    clockOffset: message.hostNow - Date.now(),
    stepRows,
    phaseSections,
    chips,
    elapsed,
    progressText,
    progressBar,
    actions,
    resolvedBanner,
    terminalLine,
    inserts,
    otherRuns,
    phaseStatus: [],
    people,
    timeline,
    forward,
  };
  drawTerminal(host, message.terminal);
  patch(host, incident);
  // Before focus is given back: the field focus was in is drawn again, open, with its text.
  if (!incident.resolvedAt) restoreCauseForm(openForm);
  tick();
  if (clockTimer === undefined) clockTimer = window.setInterval(tick, 1000);
  if (focusedId) focusById(focusedId);
  else if (afterReload) {
    // A reloaded view does not take focus from the workbench: it gives it back once it is focused.
    if (document.hasFocus()) focusById(afterReload);
    else window.addEventListener('focus', () => document.activeElement === document.body && focusById(afterReload), { once: true });
  }
  keyboardScrollable(app);
  keepFocusClearOfHeader(header);
  afterPaint(() => measure('incident-first-paint', receivedAt));
}

export function incidentUpdated(host: ChecklistHost, message: Extract<HostMessage, { type: 'incidentUpdated' }>): void {
  if (!view || view.incident.id !== message.incident.id) return;
  view.clockOffset = message.hostNow - Date.now();
  patch(host, message.incident);
  tick();
  if (pendingToggle) {
    const { started } = pendingToggle;
    pendingToggle = undefined;
    afterPaint(() => measure('toggle-confirmed', started));
  }
}

/** The host refused an action: undo the optimistic tick by drawing its state again. */
export function actionFailed(host: ChecklistHost, message: Extract<HostMessage, { type: 'actionFailed' }>): void {
  if (!view) return;
  pendingToggle = undefined;
  if (message.stepId) {
    const row = view.stepRows.get(message.stepId);
    if (row) row.signature = '';
  }
  patch(host, view.incident);
  if (message.message) flash(message.stepId, message.message);
}

export function inserted(message: Extract<HostMessage, { type: 'inserted' }>): void {
  const b = commandButton(message.stepId, message.commandIndex, 'command-insert');
  if (b) pulse(b, 'Inserted', `Insert`);
  const where = view?.message.terminal ? `terminal ${view.message.terminal.name}` : 'the terminal';
  announce(`Inserted into ${where}, not run: press Enter in the terminal to run it.`);
}

/** The terminal commands go to changed: its line in the header and the Insert labels, nothing else. */
export function terminalChanged(host: ChecklistHost, message: Extract<HostMessage, { type: 'terminalChanged' }>): void {
  if (!view) return;
  view.message = { ...view.message, terminal: message.terminal };
  drawTerminal(host, message.terminal);
}

export function incidentMissing(app: HTMLElement, incidentId: string): void {
  view = undefined;
  app.replaceChildren(
    banner('banner banner-problems', 'alert', `The incident "${incidentId}" is no longer available: its record file was deleted, moved, or cannot be read.`),
  );
}

// ---------------------------------------------------------------- rendering

function renderPhase(
  host: ChecklistHost,
  phase: ChecklistPhase,
  index: number,
  message: ShowIncidentMessage,
  rows: Map<string, StepRow>,
  inserts: View['inserts'],
  nextNumber: () => number,
): HTMLElement {
  const section = el('section', 'phase');
  section.id = `phase-${index}`;
  section.dataset.phaseIndex = String(index);
  section.setAttribute('aria-labelledby', `phase-name-${index}`);
  const header = phaseHeader(phase, index, `phase-name-${index}`);
  // Not a live region: it changes every second. Its status changes are announced once (drawClock).
  const clock = el('span', 'phase-clock');
  header.append(clock, el('span', 'phase-progress'));
  const list = el('ol', 'steps');
  for (const step of phase.steps) list.append(renderStep(host, step, nextNumber(), message, rows, inserts));
  section.append(header, list);
  return section;
}

function renderStep(
  host: ChecklistHost,
  step: ChecklistStep,
  number: number,
  message: ShowIncidentMessage,
  rows: Map<string, StepRow>,
  inserts: View['inserts'],
): HTMLElement {
  const li = el('li', 'step');
  li.id = `step-${step.id}`;
  li.dataset.stepId = step.id;
  const heading = stepHeading(step.headingHtml);
  if (heading) li.append(heading);
  const row = el('div', 'step-row');
  // The record says what is a cause (a runbook edited since cannot make one mid-incident).
  const cause = message.incident.steps[step.id]?.kind === 'cause' ? causeControls((m) => host.post(m), step.id) : undefined;
  const checkbox = cause ? undefined : el('input', 'step-check');
  const label = el('label', 'step-label');
  if (checkbox) {
    checkbox.type = 'checkbox';
    checkbox.id = `check-${step.id}`;
    checkbox.dataset.stepId = step.id;
    checkbox.setAttribute('aria-describedby', `status-${step.id}`);
    label.htmlFor = checkbox.id;
  }
  label.append(el('span', 'step-number', `${number}.`));
  if (step.kind) label.append(el('span', `step-kind kind-${step.kind}`, KIND_LABELS[step.kind] ?? step.kind));
  const text = sanitizedHtml('div', 'step-text', step.html);
  text.id = `text-${step.id}`;
  label.id = `label-${step.id}`;
  checkbox?.setAttribute('aria-labelledby', `label-${step.id} text-${step.id}`);
  const anchor = cause?.mark ?? (checkbox as HTMLInputElement);
  row.append(anchor, label, text);
  li.append(row);
  if (step.removedFromRunbook) li.append(el('p', 'step-removed', 'No longer in the runbook: shown from the incident record.'));
  const links = stepLinkList(step, focusStep);
  if (links) li.append(links);
  const outlook = el('div', 'step-outlook');
  outlook.id = `outlook-${step.id}`;
  outlook.setAttribute('role', 'note');
  outlook.hidden = true;
  li.append(outlook);

  const status = el('div', 'step-status');
  status.id = `status-${step.id}`;
  const stepActions = el('div', 'step-actions');
  // For a cause this is its Reopen (a verdict is taken back, never skipped).
  const skip = button('secondary', `skip-${step.id}`, 'Skip…', 'Skip this step, with a reason (S)', () => {
    const current = view?.incident.steps[step.id]?.status;
    host.post(current === 'skipped' || cause ? { type: 'reopenStep', stepId: step.id } : { type: 'skipStep', stepId: step.id });
  });
  const note = button('secondary', `note-${step.id}`, 'Note…', 'Add a note to this step (N)', () => host.post({ type: 'addNote', stepId: step.id }));
  if (cause) stepActions.append(cause.confirm, cause.ruleOut);
  stepActions.append(skip, note);
  const notes = el('ul', 'step-notes');
  li.append(status, stepActions);
  if (cause) li.append(cause.form);
  li.append(notes);
  for (const c of step.commands) li.append(renderCommand(host, step, c, message, inserts));
  const runs = runList('div', 'step-runs');
  runs.container.setAttribute('role', 'group');
  runs.container.setAttribute('aria-label', 'Commands run for this step');
  li.append(runs.container);

  rows.set(step.id, { li, anchor, checkbox, cause, outlook, number, status, skip, notes, runs, signature: '' });
  if (checkbox) listenToTicks(host, checkbox, step.id, rows);
  return li;
}

function listenToTicks(host: ChecklistHost, checkbox: HTMLInputElement, stepId: string, rows: Map<string, StepRow>): void {
  // A resolved incident's steps cannot change, yet stay focusable (aria-disabled, not disabled) so ↑/↓ still move.
  checkbox.addEventListener('click', (event) => {
    if (view?.incident.resolvedAt) event.preventDefault();
  });
  checkbox.addEventListener('change', () => {
    const started = performance.now();
    const state = view?.incident.steps[stepId];
    if (!view || !state) return;
    // Optimistic: the row shows the change at once; the host's answer confirms or undoes it.
    const next = checkbox.checked ? 'done' : 'open';
    pendingToggle = { stepId, started };
    const optimistic: StepState = { ...state, status: next, changedAt: new Date(Date.now() + view.clockOffset).toISOString(), changedBy: view.incident.owner };
    const row = rows.get(stepId) as StepRow;
    drawStep(row, optimistic, true);
    host.post(checkbox.checked ? { type: 'checkStep', stepId } : { type: 'reopenStep', stepId });
    // The work of a toggle: handler, DOM update, style and layout (read back to force them).
    void row.li.offsetHeight;
    measure('toggle', started);
    // ...and until the frame showing it is painted (includes waiting for the next frame).
    afterPaint(() => measure('toggle-painted', started));
  });
}

/** Moves focus to a step's checkbox or verdict mark (a link, a brought-forward fix). */
function focusStep(stepId: string): void {
  const row = view?.stepRows.get(stepId);
  if (!row) return;
  row.li.scrollIntoView({ block: 'center' });
  row.anchor.focus({ preventScroll: true });
}

function renderCommand(host: ChecklistHost, step: ChecklistStep, c: ChecklistCommand, message: ShowIncidentMessage, inserts: View['inserts']): HTMLElement {
  const destructive = c.destructive || c.declaredDestructive;
  const box = el('div', destructive ? 'command destructive' : 'command');
  const header = el('div', 'command-header');
  header.append(el('span', 'command-language', c.language));
  if (destructive) {
    const badge = el('span', 'badge badge-destructive', c.declaredDestructive && !c.destructive ? '⚠ Destructive (declared)' : '⚠ Destructive');
    badge.title = [c.risk, ...c.risks].filter(Boolean).join(' ');
    header.append(badge);
  }
  if (c.missingPlaceholders.length) {
    const p = el('span', 'command-placeholders', `asks for ${c.missingPlaceholders.map((n) => `{{${n}}}`).join(', ')}`);
    header.append(p);
  }
  const spacer = el('span', 'spacer');
  header.append(spacer);
  const key = `${step.id}-${c.index}`;
  const copy = button('command-copy', `copy-${key}`, 'Copy', `Copy this ${c.language} command to the clipboard${destructive ? ' (shows a warning: destructive)' : ''}`, () =>
    host.post({ type: 'copyCommand', stepId: step.id, commandIndex: c.index }),
  );
  copy.dataset.stepId = step.id;
  copy.dataset.commandIndex = String(c.index);
  header.append(copy);
  if (c.insertable) {
    const insert = button('command-insert', `insert-${key}`, 'Insert', '', () => host.post({ type: 'insertCommand', stepId: step.id, commandIndex: c.index }));
    insert.dataset.stepId = step.id;
    insert.dataset.commandIndex = String(c.index);
    if (message.restricted) insert.disabled = true;
    labelInsert(insert, c, message);
    inserts.push({ button: insert, command: c });
    header.append(insert);
  } else {
    const open = button('command-open', `open-${key}`, 'Open in Editor', `Open this ${c.language} block in a new untitled ${c.language} document`, () =>
      host.post({ type: 'openCommandInEditor', stepId: step.id, commandIndex: c.index }),
    );
    open.dataset.stepId = step.id;
    open.dataset.commandIndex = String(c.index);
    header.append(open);
  }
  const pre = el('pre');
  pre.id = `code-${key}`;
  pre.dataset.label = `${c.language} command`;
  pre.append(el('code', `language-${c.language}`, c.display));
  box.append(header, pre);
  if (c.risk) {
    const risk = el('p', 'command-risk');
    risk.append(el('strong', undefined, 'Risk: '), document.createTextNode(c.risk));
    box.append(risk);
  }
  if (c.risks.length) {
    const risks = el('ul', 'command-risks');
    for (const r of c.risks) risks.append(el('li', undefined, r));
    box.append(risks);
  }
  return box;
}

/** Insert's description (its name is its visible text) says where the text goes: the terminal's name, or a new terminal. */
function labelInsert(insert: HTMLButtonElement, c: ChecklistCommand, message: ShowIncidentMessage): void {
  const destructive = c.destructive || c.declaredDestructive;
  const where = message.terminal ? `terminal '${message.terminal.name}'` : 'a new terminal';
  insert.title = message.restricted
    ? 'Not available in Restricted Mode: trust the workspace to send commands to a terminal'
    : `Type this ${c.language} command into ${where} without running it${destructive ? ' (asks first: destructive)' : ''}`;
}

/** The header line naming the terminal commands go to, and every Insert label that names it. */
function drawTerminal(host: ChecklistHost, terminal: TerminalTarget | undefined): void {
  if (!view) return;
  const line = view.terminalLine;
  if (view.message.restricted) {
    // Nothing goes to a terminal in Restricted Mode (the banner says why): no terminal to name or change.
    line.replaceChildren(el('span', 'terminal-target', 'Commands are not sent to a terminal in Restricted Mode.'));
    return;
  }
  const text = el('span', 'terminal-target');
  if (terminal) {
    text.append(document.createTextNode('Commands go to terminal: '), el('strong', 'terminal-name', terminal.name));
  } else text.append(document.createTextNode('Commands go to a new terminal'));
  const change = button('link-button terminal-change', 'change-terminal', 'Change…', 'Change the terminal commands go to', () => command(host, 'chooseTerminal'));
  const parts: Node[] = [text, change];
  if (terminal?.shellIntegration === false) {
    const off = el('div', 'terminal-no-integration');
    off.setAttribute('role', 'note');
    off.append(el('span', 'terminal-warning-mark', '⚠'), document.createTextNode(' Shell integration is off in this terminal: only insertions are recorded, not what ran.'));
    (off.firstChild as HTMLElement).setAttribute('aria-hidden', 'true');
    parts.push(off);
  }
  line.replaceChildren(...parts);
  for (const { button: b, command: c } of view.inserts) labelInsert(b, c, view.message);
}

function runList(tag: 'div' | 'section', className: string): RunList {
  const container = el(tag, className);
  const list = el('ul', 'runs');
  container.append(list);
  container.hidden = true;
  return { container, list, drawn: 0 };
}

/** Appends the runs not drawn yet (a run's <details> a person opened stays open). */
function drawRuns(target: RunList, runs: readonly CommandRun[]): void {
  if (!view) return;
  if (runs.length < target.drawn) {
    // A shorter list means another record was loaded: draw it again.
    target.list.replaceChildren();
    target.drawn = 0;
  }
  if (runs.length === target.drawn) return;
  const now = new Date(Date.now() + view.clockOffset);
  const fresh = runs.slice(target.drawn).map((r) => renderRun(r, view!.message.captureOutput, now));
  target.list.append(...fresh);
  keyboardScrollable(target.list);
  target.drawn = runs.length;
  target.container.hidden = runs.length === 0;
}

function renderRun(run: CommandRun, captureOutput: boolean, now: Date): HTMLElement {
  const failed = run.exitCode !== undefined && run.exitCode !== 0;
  const li = el('li', failed ? 'run run-failed' : run.exitCode === undefined ? 'run run-unknown' : 'run run-ok');
  const details = el('details', 'run-details');
  const summary = el('summary', 'run-summary');
  // The mark and the words say it, not the colour alone.
  const mark = el('span', 'run-mark', failed ? '✗' : run.exitCode === undefined ? '?' : '✓');
  mark.setAttribute('aria-hidden', 'true');
  summary.append(mark);
  if (failed) summary.append(el('span', 'visually-hidden', 'Failed: '));
  summary.append(el('span', 'run-text', formatRunSummary(run, now)));
  details.append(summary);
  const body = el('div', 'run-body');
  const where = [`terminal ${run.terminal}`, run.cwd ? `in ${run.cwd}` : '', run.by ? `by ${run.by}` : ''].filter(Boolean).join(' · ');
  body.append(el('div', 'run-meta', where));
  const cmd = el('pre', 'run-command');
  cmd.dataset.label = 'Command line';
  cmd.append(el('code', undefined, run.commandLine));
  body.append(cmd);
  if (captureOutput && run.output !== undefined && run.output !== '') {
    body.append(el('div', 'run-output-label', run.outputTruncated ? 'Output (first and last lines):' : 'Output:'));
    const out = el('pre', 'run-output');
    out.dataset.label = 'Output';
    out.append(el('code', undefined, run.output));
    body.append(out);
  } else if (!captureOutput) {
    body.append(el('div', 'run-output-label', 'Output is not captured: turned off in the settings.'));
  } else if (run.output === '') {
    body.append(el('div', 'run-output-label', 'No output.'));
  }
  details.append(body);
  li.append(details);
  return li;
}

// ---------------------------------------------------------------- state → DOM

function patch(host: ChecklistHost, incident: IncidentSnapshot): void {
  if (!view) return;
  const before = view.incident;
  view.incident = incident;
  if (before !== incident) announceStepChanges(before, incident);
  const outlooks = stepOutlooks(incident);
  const titleOf = (id: string): string => {
    const row = view!.stepRows.get(id);
    return `${row ? `${row.number}. ` : ''}${incident.steps[id]?.title ?? id}`;
  };
  for (const [id, row] of view.stepRows) {
    const state = incident.steps[id];
    if (state) {
      drawStep(row, state, false);
      drawRuns(row.runs, state.runs ?? []);
      const skipNotApplicable = (reason: string): void => host.post({ type: 'skipStep', stepId: id, reason });
      drawOutlook(row.li, row.outlook, outlooks.get(id), titleOf, skipNotApplicable, state.status !== 'open' || !!incident.resolvedAt);
    }
  }
  drawForwardPanel(
    view.forward,
    [...view.stepRows.values()]
      .filter((r) => (outlooks.get(r.li.dataset.stepId ?? '')?.fixesConfirmed.length ?? 0) > 0)
      .map((r) => {
        const id = r.li.dataset.stepId ?? '';
        return { id, number: r.number, title: incident.steps[id]?.title ?? id, done: incident.steps[id]?.status !== 'open' };
      }),
    focusStep,
  );
  drawRuns(view.otherRuns, (incident.runs ?? []).filter((r) => r.stepId === undefined || !view!.stepRows.has(r.stepId)));
  const { totals } = incident;
  const closed = totals.done + totals.skipped;
  // A decided cause counts as closed, but is said as decided, not done.
  const decided = Object.values(incident.steps).filter((st) => st.cause !== undefined).length;
  view.progressText.textContent = `${closed} of ${totals.steps} steps (${totals.done - decided} done, ${totals.skipped} skipped${decided ? `, ${decided} cause${decided === 1 ? '' : 's'} decided` : ''})`;
  const percent = Math.round(totals.progress * 100);
  view.progressBar.setAttribute('aria-valuenow', String(percent));
  view.progressBar.setAttribute('aria-valuetext', `${closed} of ${totals.steps} steps`);
  (view.progressBar.firstElementChild as HTMLElement).style.width = `${percent}%`;
  for (const phase of incident.phases) {
    const section = view.phaseSections[phase.index];
    const label = section?.querySelector<HTMLElement>('.phase-progress');
    if (label) label.textContent = `${phase.done + phase.skipped}/${phase.stepIds.length}`;
  }
  view.people.textContent = `Severity ${incident.severity ?? '—'} · Commander ${incident.commander ?? '—'}`;
  view.timeline.update(incident.timeline ?? []);
  drawActions(host, incident);
  const resolved = !!incident.resolvedAt;
  document.body.classList.toggle('incident-resolved', resolved);
  view.resolvedBanner.hidden = !resolved;
  if (resolved) {
    view.resolvedBanner.textContent = `Resolved ${timeOfDay(new Date(incident.resolvedAt as string))}: ${incident.resolution ?? ''}. The clock has stopped; reopen the incident to change steps.`;
  }
  for (const row of view.stepRows.values()) {
    row.checkbox?.setAttribute('aria-disabled', String(resolved));
    row.skip.disabled = resolved;
  }
}

function drawStep(row: StepRow, state: StepState, optimistic: boolean): void {
  const resolved = !!view?.incident.resolvedAt;
  const verdict = state.cause ? `${state.cause.verdict}|${state.cause.evidence}` : '';
  const signature = `${state.status}|${state.changedAt ?? ''}|${state.skipReason ?? ''}|${state.notes.length}|${optimistic ? 1 : 0}|${verdict}|${resolved}`;
  if (signature === row.signature) return;
  row.signature = signature;
  drawNotes(row, state);
  if (row.cause) {
    drawCause(row.li, row.cause, row.skip, state, resolved);
    row.status.textContent = causeStatusText(state);
    return;
  }
  row.li.classList.toggle('status-done', state.status === 'done');
  row.li.classList.toggle('status-skipped', state.status === 'skipped');
  row.li.classList.toggle('status-open', state.status === 'open');
  if (row.checkbox) row.checkbox.checked = state.status === 'done';
  row.skip.textContent = state.status === 'skipped' ? 'Reopen' : 'Skip…';
  row.skip.title = state.status === 'skipped' ? 'Reopen this skipped step (R)' : 'Skip this step, with a reason (S)';
  const when = state.changedAt ? timeOfDay(new Date(state.changedAt)) : '';
  row.status.textContent =
    state.status === 'done'
      ? `✓ Done ${when} by ${state.changedBy ?? ''}${optimistic ? ' (saving…)' : ''}`
      : state.status === 'skipped'
        ? `⤼ Skipped ${when} by ${state.changedBy ?? ''}: ${state.skipReason ?? ''}`
        : state.changedAt
          ? `Reopened ${when}`
          : '';
}

function drawNotes(row: StepRow, state: StepState): void {
  if (row.notes.childElementCount !== state.notes.length) {
    row.notes.replaceChildren(
      ...state.notes.map((n) => {
        const li = el('li', 'note');
        li.append(el('span', 'note-meta', `${timeOfDay(new Date(n.at))} ${n.by}: `), el('span', 'note-text', n.text));
        return li;
      }),
    );
  }
}

function drawActions(host: ChecklistHost, incident: IncidentSnapshot): void {
  if (!view) return;
  const resolved = !!incident.resolvedAt;
  const key = resolved ? 'resolved' : 'active';
  if (view.actions.dataset.mode === key) return;
  view.actions.dataset.mode = key;
  const buttons: [IncidentCommandName | 'note', string, string, string][] = [
    resolved ? ['reopen', 'Reopen Incident', 'Reopen this incident: the clock runs again', 'secondary'] : ['resolve', 'Resolve…', 'Stop the clock and record a one-line resolution', 'primary'],
    ['export', 'Export Postmortem', 'Write a postmortem draft (Markdown and HTML) next to the record', 'secondary'],
    ['note', 'Add Note…', 'Add a note to the incident timeline', 'secondary'],
    ['setPlaceholders', 'Placeholders…', 'Set the {{placeholder}} values used in commands', 'secondary'],
    ['openRecord', 'Open Record', 'Open the incident record file', 'secondary'],
    ['rename', 'Rename…', 'Rename this incident', 'secondary'],
    ['setOwner', 'Owner…', 'Change the incident owner', 'secondary'],
    ['setSeverity', 'Severity…', 'Set the incident severity, SEV1 to SEV4', 'secondary'],
    ['setCommander', 'Commander…', 'Change the incident commander', 'secondary'],
  ];
  const focused = view.actions.contains(document.activeElement) ? document.activeElement?.id : undefined;
  view.actions.replaceChildren(
    ...buttons.map(([name, label, description, kind]) =>
      button(`action-${name} ${kind}`, `action-${name}`, label, description, () => (name === 'note' ? host.post({ type: 'addNote' }) : command(host, name))),
    ),
  );
  // A toolbar is one Tab stop; ←/→ move inside it (onChecklistKey).
  rovingTabStop(view.actions, focused ? (document.getElementById(focused) ?? document.getElementById(FOCUS_FALLBACK[focused] ?? '')) : null);
  if (focused) focusById(focused);
}

/** Elapsed time and the phase clocks, from the incident's start: right after a reload or while hidden. */
function tick(): void {
  if (!view) return;
  const now = Date.now() + view.clockOffset;
  const state = { ...view.incident, events: [] } as IncidentState;
  view.elapsed.textContent = stopwatch((state.resolvedAt ? Date.parse(state.resolvedAt) : now) - Date.parse(state.startedAt));
  const clocks = phaseClocks(state, now);
  for (const clock of clocks) drawClock(clock);
}

function drawClock(clock: PhaseClock): void {
  if (!view) return;
  const section = view.phaseSections[clock.index];
  const chip = view.chips[clock.index];
  if (!section || !chip) return;
  const previous = view.phaseStatus[clock.index];
  view.phaseStatus[clock.index] = clock.status;
  // Said once when it changes (a phase starts, runs over, completes), never each second; not
  // when a resolve or reopen stops or restarts every clock (that is said once, for the incident).
  const stoppedOrRestarted = clock.status === 'stopped' || previous === 'stopped';
  if (previous !== undefined && previous !== clock.status && !stoppedOrRestarted) announce(phaseChange(clock, view.message.runbook.phases[clock.index]?.name ?? ''));
  const text = clockLabel(clock);
  for (const status of ['upcoming', 'active', 'overdue', 'complete', 'untimed', 'stopped']) {
    section.classList.toggle(`phase-${status}`, clock.status === status);
    chip.classList.toggle(`chip-${status}`, clock.status === status);
  }
  const label = section.querySelector<HTMLElement>('.phase-clock');
  if (label && label.textContent !== text) label.textContent = text;
  const chipClock = chip.querySelector<HTMLElement>('.chip-clock');
  if (chipClock && chipClock.textContent !== text) chipClock.textContent = text;
}

function phaseChange(clock: PhaseClock, name: string): string {
  const phase = view?.incident.phases[clock.index];
  const open = phase ? phase.stepIds.length - phase.done - phase.skipped : 0;
  switch (clock.status) {
    case 'overdue':
      return `Phase ${name} is past its timebox${open ? ` with ${open} step${open === 1 ? '' : 's'} open` : ''}.`;
    case 'active':
      return `Phase ${name} has started: ${clockLabel(clock)}.`;
    case 'complete':
      return `Phase ${name} is complete.`;
    default:
      return `Phase ${name}: ${clockLabel(clock) || clock.status}.`;
  }
}

/** Skips, reopened skips and notes made from the palette, a prompt or another window; a tick says itself. */
function announceStepChanges(before: IncidentSnapshot, after: IncidentSnapshot): void {
  for (const [id, state] of Object.entries(after.steps)) {
    const old = before.steps[id];
    if (!old) continue;
    const number = view?.stepRows.get(id)?.li.querySelector('.step-number')?.textContent?.replace(/\.$/, '') ?? '';
    if (state.cause && (state.cause.verdict !== old.cause?.verdict || state.cause.evidence !== old.cause?.evidence)) announce(causeAnnouncement(after, id, number));
    else if (old.cause && !state.cause) announce(`Cause ${number} reopened: not decided.`);
    else if (state.status === 'skipped' && old.status !== 'skipped') announce(`Step ${number} skipped: ${state.skipReason ?? ''}`);
    else if (old.status === 'skipped' && state.status === 'open') announce(`Step ${number} reopened.`);
    else if (state.notes.length > old.notes.length) announce(`Note added to step ${number}.`);
  }
  if (after.resolvedAt && !before.resolvedAt) announce(`Incident resolved. The clock has stopped.`);
  else if (!after.resolvedAt && before.resolvedAt) announce('Incident reopened. The clock runs again.');
}

/** "Cause 3 confirmed. 2 fixes brought forward: 7. …, 9. …" */
function causeAnnouncement(incident: IncidentSnapshot, causeId: string, number: string): string {
  const state = incident.steps[causeId];
  if (state?.cause?.verdict !== 'confirmed') return `Cause ${number} ruled out.`;
  const fixes = [...stepOutlooks(incident)].filter(([, o]) => o.fixesConfirmed.includes(causeId)).map(([id]) => {
    const row = view?.stepRows.get(id);
    return `${row ? `${row.number}. ` : ''}${incident.steps[id]?.title ?? id}`;
  });
  return `Cause ${number} confirmed.${fixes.length ? ` ${fixes.length} fix${fixes.length === 1 ? '' : 'es'} brought forward: ${fixes.join('; ')}.` : ''}`;
}

function clockLabel(clock: PhaseClock): string {
  const spent = clock.spentMs > 0 ? `${formatDuration(clock.spentMs)} spent` : '';
  switch (clock.status) {
    case 'overdue': {
      const over = clock.windowEnd !== undefined && view ? Date.now() + view.clockOffset - clock.windowEnd : 0;
      return `⚠ Overdue by ${formatDuration(Math.max(0, over))}${spent ? ` · ${spent}` : ''}`;
    }
    case 'active':
      return `${formatDuration(clock.remainingMs ?? 0)} left${spent ? ` · ${spent}` : ''}`;
    case 'upcoming':
      return clock.windowStart !== undefined && view ? `starts in ${formatDuration(clock.windowStart - (Date.now() + view.clockOffset))}` : 'upcoming';
    case 'complete':
      return `✓ Complete${spent ? ` · ${spent}` : ''}`;
    case 'stopped':
      // Resolved with steps open: nothing counts down any more.
      return spent || 'not started';
    default:
      return spent;
  }
}

// ---------------------------------------------------------------- keyboard

export function onChecklistKey(host: ChecklistHost, event: KeyboardEvent): void {
  if (!view) return;
  const incident = view.incident;
  const boxes = [...view.stepRows.values()].map((r) => r.anchor);
  checklistKey(
    (m) => host.post(m),
    { boxes, status: (id) => incident.steps[id]?.status, isCause: (id) => incident.steps[id]?.kind === 'cause', openVerdict: openVerdictForm, resolved: !!incident.resolvedAt },
    event,
  );
}

// ---------------------------------------------------------------- helpers

function command(host: ChecklistHost, name: IncidentCommandName): void {
  host.post({ type: 'incidentCommand', command: name });
}

/**
 * A button named by its visible text (what a voice-control user says); `description` is its
 * tooltip and, through `title`, its accessible description. `id` stays the same across drawings.
 */
function button(className: string, id: string, text: string, description: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', className, text);
  b.type = 'button';
  b.id = id;
  if (description) b.title = description;
  b.addEventListener('click', onClick);
  return b;
}

/** The checklist control focused last: the workbench gives focus back to the page, not to it. */
let lastFocusedId: string | undefined;

/** Keeps the focused control's id in the webview state, so a reloaded view can give focus back. */
export function rememberFocus(host: ChecklistHost): void {
  const id = focusedControlId();
  if (!view || !id) return;
  lastFocusedId = id;
  host.setIncidentState(view.incident.id, id);
}

/**
 * The webview has the keyboard again (after a prompt, the terminal, another editor): the workbench
 * focuses the page, so focus goes back to the control that had it, as it would in a native view.
 */
export function focusReturned(): void {
  if (view && lastFocusedId && (document.activeElement === document.body || document.activeElement === null)) {
    // Not scrolled to: a click on the page's text also gives it focus, and must not make it jump.
    focusById(lastFocusedId, { preventScroll: true });
  }
}

function banner(className: string, role: 'status' | 'alert' | 'note', text: string): HTMLElement {
  const b = el('div', className);
  b.setAttribute('role', role);
  if (text) b.append(el('span', undefined, text));
  return b;
}

function withList(parent: HTMLElement, items: string[]): HTMLElement {
  const list = el('ul');
  for (const item of items) list.append(el('li', undefined, item));
  parent.append(list);
  return parent;
}

function commandButton(stepId: string, commandIndex: number, className: string): HTMLButtonElement | null {
  return document.querySelector<HTMLButtonElement>(`button.${className}[data-step-id="${CSS.escape(stepId)}"][data-command-index="${commandIndex}"]`);
}

function pulse(b: HTMLButtonElement, done: string, normal: string): void {
  b.textContent = done;
  b.classList.add('copied');
  setTimeout(() => {
    b.textContent = normal;
    b.classList.remove('copied');
  }, 1500);
}

function flash(stepId: string | undefined, text: string): void {
  const row = stepId ? view?.stepRows.get(stepId) : undefined;
  const target = row?.status ?? view?.resolvedBanner;
  if (!target) return;
  const notice = el('div', 'step-error', text);
  notice.setAttribute('role', 'alert');
  target.after(notice);
  setTimeout(() => notice.remove(), 6000);
}

function stopwatch(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

let headerWatcher: ResizeObserver | undefined;

/**
 * The sticky header must never cover the control that has focus: the page's scroll padding is
 * kept at the header's height, so focusing a step (↓, a link, after a verdict) scrolls it below it.
 */
function keepFocusClearOfHeader(header: HTMLElement): void {
  headerWatcher?.disconnect();
  headerWatcher = new ResizeObserver(() => {
    document.documentElement.style.scrollPaddingTop = `${header.offsetHeight + 8}px`;
  });
  headerWatcher.observe(header);
}

/** Runs after the next frame has been painted (rAF fires before paint; the timeout after it). */
function afterPaint(fn: () => void): void {
  requestAnimationFrame(() => setTimeout(fn, 0));
}

/** A User Timing measure (the developer tools' Performance panel shows it; the e2e run reads it). */
function measure(name: string, since: number): void {
  try {
    performance.measure(name, { start: since, end: performance.now() });
  } catch {
    // an engine without measure options: no figure, nothing else changes
  }
}
