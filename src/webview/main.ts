// The runbook view inside the webview. It receives sanitized HTML and plain data from the host,
// builds the DOM, and sends back only ids (which step, which command) — never text to run.
import type { HostMessage, IncidentViewState, RenderedCommand, RenderedPhase, RenderedRunbook, RenderedStep, RunbookViewState, WebviewMessage } from '../shared/protocol';
import { KIND_LABELS, announce, el, keyboardScrollable, phaseHeader, sanitizedHtml, stepHeading } from './dom';
import { drawEvidence, showEvidence } from './evidenceView';
import { stepLinkList } from './causeView';
import { type ChecklistHost, actionFailed, focusReturned, incidentMissing, incidentUpdated, inserted, onChecklistKey, rememberFocus, showIncident, terminalChanged } from './checklistView';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: RunbookViewState | ChecklistState): void;
}
/** The checklist's state also keeps the focused control's id, to give focus back after a reload. */
type ChecklistState = IncidentViewState & { focusId?: string };
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
/** The control that had focus before this webview was reloaded (switching tabs reloads it). */
let focusAfterReload = (vscode.getState() as Partial<ChecklistState> | undefined)?.focusId;

function renderCommand(step: RenderedStep, command: RenderedCommand): HTMLElement {
  const { index, language, code } = command;
  const box = el('div', command.destructive ? 'command destructive' : 'command');
  const header = el('div', 'command-header');
  header.append(el('span', 'command-language', language));
  if (command.destructive) header.append(el('span', 'badge badge-destructive', '⚠ Destructive'));
  header.append(el('span', 'spacer'));
  const copy = el('button', 'command-copy', 'Copy');
  copy.type = 'button';
  copy.dataset.stepId = step.id;
  copy.dataset.commandIndex = String(index);
  copy.title = `Copy this ${language} command to the clipboard`;
  copy.addEventListener('click', () => vscode.postMessage({ type: 'copyCommand', stepId: step.id, commandIndex: index }));
  header.append(copy);
  const pre = el('pre');
  pre.id = `code-${step.id}-${index}`;
  pre.dataset.label = `${language} command`;
  const codeEl = el('code', `language-${language}`, code);
  pre.append(codeEl);
  box.append(header, pre);
  if (command.risk) {
    const risk = el('p', 'command-risk');
    risk.append(el('strong', undefined, 'Risk: '), document.createTextNode(command.risk));
    box.append(risk);
  }
  return box;
}

function renderStep(step: RenderedStep): HTMLElement {
  const li = el('li', 'step');
  li.id = `step-${step.id}`;
  li.dataset.stepId = step.id;
  const heading = stepHeading(step.headingHtml);
  if (heading) li.append(heading);
  const head = el('div', 'step-head');
  head.append(el('span', 'step-number', `${step.number}.`));
  if (step.kind) head.append(el('span', `step-kind kind-${step.kind}`, KIND_LABELS[step.kind] ?? step.kind));
  li.append(head, sanitizedHtml('div', 'step-text', step.html));
  // A cause's checks and fixes, and for a check or fix the causes it belongs to: each a jump.
  const links = stepLinkList(step, (id) => focusLinkedStep(id));
  if (links) li.append(links);
  step.commands.forEach((c) => li.append(renderCommand(step, c)));
  return li;
}

/** Scrolls to a linked step and focuses it, without the reveal highlight (no host round trip). */
function focusLinkedStep(stepId: string): void {
  const step = document.getElementById(`step-${stepId}`);
  if (!step) return;
  step.scrollIntoView({ block: 'center' });
  step.tabIndex = -1;
  step.focus({ preventScroll: true });
}

function renderPhase(phase: RenderedPhase, index: number): HTMLElement {
  const section = el('section', 'phase');
  section.setAttribute('aria-labelledby', `phase-${index}`);
  const header = phaseHeader(phase, index, `phase-${index}`);
  const list = el('ol', 'steps');
  // Numbered across phases (RenderedStep.number), as in the checklist, so the <ol> does not count.
  list.append(...phase.steps.map(renderStep));
  section.append(header, list);
  return section;
}

function renderRunbook(message: Extract<HostMessage, { type: 'showRunbook' }>): void {
  const rb: RenderedRunbook = message.runbook;
  vscode.setState({ runbookId: rb.id });
  const fragment = document.createDocumentFragment();

  if (message.restricted) {
    const banner = el('div', 'banner banner-restricted');
    banner.setAttribute('role', 'status');
    banner.textContent =
      'Restricted Mode: this runbook comes from the workspace and is shown read-only. Commands can be copied but not sent to a terminal until you trust the workspace.';
    fragment.append(banner);
  }
  if (message.problems.length) {
    const banner = el('div', 'banner banner-problems');
    banner.setAttribute('role', 'alert');
    banner.append(el('strong', undefined, 'This runbook file has problems:'));
    const list = el('ul');
    for (const p of message.problems) list.append(el('li', undefined, p));
    banner.append(list);
    fragment.append(banner);
  }

  const header = el('header', 'runbook-header');
  const title = el('h1', 'runbook-title', rb.title);
  header.append(title);
  const meta = el('div', 'runbook-meta');
  if (rb.severity) meta.append(el('span', `badge severity-${rb.severity}`, rb.severity));
  for (const tag of rb.tags) meta.append(el('span', 'badge tag', tag));
  const start = el('button', 'primary start-incident', '▶ Start Incident');
  start.type = 'button';
  start.title = 'Start an incident with this runbook: a live checklist with timeboxes and a record of every step';
  start.addEventListener('click', () => vscode.postMessage({ type: 'startIncident' }));
  meta.append(start);
  const source = el('button', 'link-button', message.sourceLabel);
  source.type = 'button';
  source.title = 'Open the runbook source file';
  source.setAttribute('aria-label', `Open source file ${message.sourceLabel}`);
  source.addEventListener('click', () => vscode.postMessage({ type: 'openSource' }));
  meta.append(source);
  header.append(meta);
  header.append(sanitizedHtml('blockquote', 'symptom', rb.symptomHtml));
  if (rb.summaryHtml) header.append(sanitizedHtml('div', 'summary', rb.summaryHtml));
  fragment.append(header);

  const overview = el('nav', 'phase-overview');
  overview.setAttribute('aria-label', 'Phases');
  rb.phases.forEach((p, i) => {
    const chip = el('a', 'phase-chip');
    chip.href = `#phase-${i}`;
    chip.append(el('span', 'chip-name', p.name));
    if (p.timeboxLabel) chip.append(el('span', 'chip-time', p.timeboxLabel));
    overview.append(chip);
  });
  fragment.append(overview);

  rb.phases.forEach((p, i) => fragment.append(renderPhase(p, i)));

  if (rb.insightHtml) {
    const insight = el('aside', 'insight');
    insight.setAttribute('aria-label', 'Insight');
    insight.append(el('h2', undefined, 'Insight'), sanitizedHtml('div', 'insight-text', rb.insightHtml));
    fragment.append(insight);
  }
  app.replaceChildren(fragment);
  keyboardScrollable(app);
}

function showCopied(stepId: string, commandIndex: number): void {
  const button = app.querySelector<HTMLButtonElement>(
    `button.command-copy[data-step-id="${CSS.escape(stepId)}"][data-command-index="${commandIndex}"]`,
  );
  if (!button) return;
  button.textContent = 'Copied';
  button.classList.add('copied');
  announce('Copied to the clipboard.');
  setTimeout(() => {
    button.textContent = 'Copy';
    button.classList.remove('copied');
  }, 1500);
}

/**
 * Scrolls to a step (after 'showRunbook' rendered it), highlights it for a moment and focuses it,
 * so a keyboard or screen reader user lands there too. Reports whether it is now in view.
 */
function revealStep(stepId: string): void {
  const step = document.getElementById(`step-${stepId}`);
  if (step) {
    step.scrollIntoView({ block: 'center' });
    step.tabIndex = -1;
    step.focus({ preventScroll: true });
    step.classList.remove('revealed'); // restart the animation when the same step is revealed twice
    void step.offsetWidth;
    step.classList.add('revealed');
    setTimeout(() => step.classList.remove('revealed'), 2500);
  }
  const box = step?.getBoundingClientRect();
  const inView = !!box && box.bottom > 0 && box.top < window.innerHeight;
  vscode.postMessage({ type: 'stepRevealed', stepId, found: inView });
}

const checklistHost: ChecklistHost = {
  post: (message) => vscode.postMessage(message),
  setIncidentState: (incidentId, focusId) => vscode.setState({ incidentId, ...(focusId ? { focusId } : {}) }),
};

document.addEventListener('keydown', (event) => onChecklistKey(checklistHost, event));
document.addEventListener('focusin', () => rememberFocus(checklistHost));
window.addEventListener('focus', () => focusReturned());

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const receivedAt = performance.now();
  const message = event.data;
  switch (message?.type) {
    case 'showIncident':
      showIncident(checklistHost, app, message, receivedAt, focusAfterReload);
      focusAfterReload = undefined;
      drawEvidence(app, checklistHost.post);
      break;
    case 'incidentUpdated':
      incidentUpdated(checklistHost, message);
      break;
    case 'actionFailed':
      actionFailed(checklistHost, message);
      break;
    case 'inserted':
      inserted(message);
      break;
    case 'terminalChanged':
      terminalChanged(checklistHost, message);
      break;
    case 'incidentMissing':
      incidentMissing(app, message.incidentId);
      break;
    case 'showRunbook':
      renderRunbook(message);
      drawEvidence(app, checklistHost.post);
      break;
    case 'evidence':
      showEvidence(app, message, checklistHost.post);
      break;
    case 'runbookMissing': {
      const notice = el('div', 'banner banner-problems');
      notice.setAttribute('role', 'alert');
      notice.textContent = `The runbook "${message.runbookId}" is no longer available: its file was deleted, renamed or now fails to parse.`;
      app.replaceChildren(notice);
      break;
    }
    case 'copied':
      showCopied(message.stepId, message.commandIndex);
      break;
    case 'revealStep':
      revealStep(message.stepId);
      break;
  }
});

vscode.postMessage({ type: 'ready' });
