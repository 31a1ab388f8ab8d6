// Causes in the webview: a cause is confirmed or ruled out with evidence (a form under the step,
// never a checkbox), its fixes come forward, fixes of ruled-out causes read "not applicable", and
// both views show the links between causes, checks and fixes. The verdict goes to the host as a
// 'resolveCause' message; the state drawn is always the host's.
import type { CauseFinding, CauseVerdict, StepState } from '../core/incident/incidentModel';
import type { StepOutlook } from '../core/incident/causes';
import type { RenderedStep, StepLink, WebviewMessage } from '../shared/protocol';
import { timeOfDay } from '../core/incident/runs';
import { announce, el } from './dom';

/** The controls of one cause row. */
export interface CauseControls {
  /** Where ↑/↓ land: says the cause and its verdict (its status line describes it). */
  mark: HTMLElement;
  confirm: HTMLButtonElement;
  ruleOut: HTMLButtonElement;
  form: HTMLFormElement;
  /** Empty; another module may put findings to cite here (see citeFinding). */
  findings: HTMLElement;
}

interface OpenForm {
  stepId: string;
  verdict: CauseVerdict;
  /** The workspace finding the evidence cites, until the text is edited away from it. */
  finding?: CauseFinding;
  /** The button that opened it: focus goes back there on Cancel. */
  opener: HTMLButtonElement;
}

const EVIDENCE_MAX = 1000;
const forms = new Map<string, { controls: CauseControls; input: HTMLInputElement; label: HTMLElement; submit: HTMLButtonElement; cited: HTMLElement }>();
let open: OpenForm | undefined;

function button(className: string, id: string, text: string, description: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', className, text);
  b.type = 'button';
  b.id = id;
  b.title = description;
  b.addEventListener('click', onClick);
  return b;
}

/** The mark, the Confirm…/Rule out… buttons and the (hidden) evidence form of a cause. */
export function causeControls(post: (m: WebviewMessage) => void, stepId: string): CauseControls {
  const mark = el('span', 'cause-mark', '?');
  mark.id = `check-${stepId}`;
  mark.dataset.stepId = stepId;
  mark.tabIndex = 0;
  mark.setAttribute('role', 'img');
  mark.setAttribute('aria-describedby', `status-${stepId}`);
  const hidden = el('span', 'visually-hidden', 'Cause, not decided:');
  hidden.id = `mark-label-${stepId}`;
  mark.setAttribute('aria-labelledby', `mark-label-${stepId} text-${stepId}`);
  mark.append(hidden);

  const confirm = button('secondary cause-confirm', `confirm-${stepId}`, 'Confirm…', 'Confirm this is the cause, with evidence (Y)', () => openVerdictForm(stepId, 'confirmed'));
  const ruleOut = button('secondary cause-rule-out', `rule-out-${stepId}`, 'Rule out…', 'Rule this cause out, with evidence (X)', () => openVerdictForm(stepId, 'ruled-out'));

  const form = el('form', 'cause-form');
  form.id = `cause-form-${stepId}`;
  form.hidden = true;
  const label = el('label', 'cause-form-label');
  label.htmlFor = `evidence-${stepId}`;
  const input = el('input', 'cause-evidence');
  input.type = 'text';
  input.id = `evidence-${stepId}`;
  input.maxLength = EVIDENCE_MAX;
  input.required = true;
  input.autocomplete = 'off';
  input.setAttribute('aria-describedby', `evidence-hint-${stepId}`);
  const hint = el('span', 'cause-form-hint', 'One line, kept in the incident record and the postmortem. Enter saves, Escape cancels.');
  hint.id = `evidence-hint-${stepId}`;
  const findings = el('div', 'cause-form-findings');
  // The finding the verdict will cite, if any, with a button to stop citing it.
  const cited = el('div', 'cause-form-cited');
  cited.hidden = true;
  // Not a submit button: a webview's sandbox does not allow forms, so no submit event ever fires.
  const submit = el('button', 'primary cause-submit', 'Confirm cause');
  submit.type = 'button';
  submit.id = `evidence-submit-${stepId}`;
  const cancel = button('secondary cause-cancel', `evidence-cancel-${stepId}`, 'Cancel', 'Close without a verdict (Escape)', () => closeVerdictForm(true));
  const buttons = el('div', 'cause-form-buttons');
  buttons.append(submit, cancel);
  form.append(label, input, hint, cited, findings, buttons);
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      closeVerdictForm(true);
    } else if (event.key === 'Enter' && event.target === input) {
      event.preventDefault();
      save();
    }
  });
  form.addEventListener('submit', (event) => event.preventDefault());
  submit.addEventListener('click', () => save());
  const save = (): void => {
    if (open?.stepId !== stepId) return;
    const evidence = input.value.replace(/\s+/g, ' ').trim();
    if (evidence === '') {
      input.setAttribute('aria-invalid', 'true');
      announce(open.verdict === 'confirmed' ? 'Say what confirms the cause.' : 'Say what rules the cause out.');
      input.focus();
      return;
    }
    const resolution = { verdict: open.verdict, evidence, ...(open.finding ? { finding: open.finding } : {}) };
    post({ type: 'resolveCause', stepId, resolution });
    closeVerdictForm(false);
    mark.focus();
  };
  const controls: CauseControls = { mark, confirm, ruleOut, form, findings };
  forms.set(stepId, { controls, input, label, submit, cited });
  return controls;
}

/** Opens the evidence form of a cause for this verdict, focused on its text field. */
export function openVerdictForm(stepId: string, verdict: CauseVerdict, prefill?: { evidence: string; finding?: CauseFinding }): void {
  const entry = forms.get(stepId);
  if (!entry) return;
  if (open && open.stepId !== stepId) closeVerdictForm(false);
  const { controls, input, label, submit } = entry;
  const opener = verdict === 'confirmed' ? controls.confirm : controls.ruleOut;
  // A prefill says what is cited; switching verdict on an open form keeps its citation.
  const finding = prefill ? prefill.finding : open?.stepId === stepId ? open.finding : undefined;
  open = { stepId, verdict, opener, ...(finding ? { finding } : {}) };
  drawCited(stepId);
  label.textContent = verdict === 'confirmed' ? 'Evidence that confirms this cause:' : 'Evidence that rules this cause out:';
  submit.textContent = verdict === 'confirmed' ? 'Confirm cause' : 'Rule out cause';
  controls.form.dataset.verdict = verdict;
  if (prefill) input.value = prefill.evidence;
  input.removeAttribute('aria-invalid');
  controls.form.hidden = false;
  controls.confirm.setAttribute('aria-expanded', String(verdict === 'confirmed'));
  controls.ruleOut.setAttribute('aria-expanded', String(verdict === 'ruled-out'));
  input.focus();
}

/** Cites a workspace finding as the evidence of the open form (or opens the Confirm form with it). */
export function citeFinding(stepId: string, finding: CauseFinding, evidence: string): void {
  openVerdictForm(stepId, open?.stepId === stepId ? open.verdict : 'confirmed', { evidence, finding });
}

/** "Cites src/x.properties:7 (rule)" and its Remove button, or nothing. */
function drawCited(stepId: string): void {
  const entry = forms.get(stepId);
  if (!entry) return;
  const finding = open?.stepId === stepId ? open.finding : undefined;
  entry.cited.hidden = finding === undefined;
  if (!finding) return entry.cited.replaceChildren();
  const remove = button('link-button cause-uncite', `uncite-${stepId}`, 'Remove', 'Do not cite this finding', () => {
    if (open?.stepId === stepId) open.finding = undefined;
    drawCited(stepId);
    entry.input.focus();
  });
  entry.cited.replaceChildren(el('span', 'cause-cited-text', `Cites ${finding.file}:${finding.line} (${finding.ruleId}) `), remove);
}

function closeVerdictForm(refocus: boolean): void {
  if (!open) return;
  const entry = forms.get(open.stepId);
  const opener = open.opener;
  open = undefined;
  if (!entry) return;
  entry.controls.form.hidden = true;
  entry.input.value = '';
  drawCited(entry.controls.mark.dataset.stepId ?? '');
  entry.controls.confirm.setAttribute('aria-expanded', 'false');
  entry.controls.ruleOut.setAttribute('aria-expanded', 'false');
  if (refocus) opener.focus();
}

/** What an open evidence form holds, to open it again after the view is drawn anew. */
export interface OpenFormState {
  stepId: string;
  verdict: CauseVerdict;
  evidence: string;
  finding?: CauseFinding;
}

/** Forgets the forms of a view drawn again (their elements are gone); returns the one that was open, if any. */
export function resetCauseForms(): OpenFormState | undefined {
  const was = open ? { stepId: open.stepId, verdict: open.verdict, evidence: forms.get(open.stepId)?.input.value ?? '', ...(open.finding ? { finding: open.finding } : {}) } : undefined;
  forms.clear();
  open = undefined;
  return was;
}

/** Opens the form that was open before a redraw (a placeholder value set, say), with what was typed. */
export function restoreCauseForm(state: OpenFormState | undefined): void {
  if (state && forms.has(state.stepId)) openVerdictForm(state.stepId, state.verdict, { evidence: state.evidence, ...(state.finding ? { finding: state.finding } : {}) });
}

/** The verdict line of a cause ("✓ Confirmed 14:33 by bob: …"), or '' while open. */
export function causeStatusText(state: StepState): string {
  const c = state.cause;
  if (!c) return state.changedAt ? `Reopened ${timeOfDay(new Date(state.changedAt))}: not decided` : '';
  const when = state.changedAt ? ` ${timeOfDay(new Date(state.changedAt))}` : '';
  const cited = c.finding ? ` (${c.finding.file}:${c.finding.line})` : '';
  return `${c.verdict === 'confirmed' ? '✓ Confirmed' : '✗ Ruled out'}${when} by ${state.changedBy ?? ''}: ${c.evidence}${cited}`;
}

/** Draws a cause's verdict: the mark, which buttons show, the row's classes. */
export function drawCause(li: HTMLElement, controls: CauseControls, reopen: HTMLButtonElement, state: StepState, resolved: boolean): void {
  const verdict = state.cause?.verdict;
  li.classList.toggle('cause-confirmed', verdict === 'confirmed');
  li.classList.toggle('cause-ruled-out', verdict === 'ruled-out');
  li.classList.toggle('cause-open', verdict === undefined);
  const text = verdict === 'confirmed' ? 'Cause confirmed:' : verdict === 'ruled-out' ? 'Cause ruled out:' : 'Cause, not decided:';
  controls.mark.firstChild!.textContent = verdict === 'confirmed' ? '✓' : verdict === 'ruled-out' ? '✗' : '?';
  (controls.mark.querySelector('.visually-hidden') as HTMLElement).textContent = text;
  controls.confirm.hidden = verdict === 'confirmed';
  controls.ruleOut.hidden = verdict === 'ruled-out';
  controls.confirm.disabled = resolved;
  controls.ruleOut.disabled = resolved;
  reopen.hidden = verdict === undefined;
  reopen.textContent = 'Reopen';
  reopen.title = 'Take the verdict back: the cause is open again (R)';
  if (resolved && open?.stepId === state.id) closeVerdictForm(false);
}

/** Links as buttons that move focus to the linked step ("Checks: 4. Read the timeout"). */
export function stepLinkList(step: Pick<RenderedStep, 'id' | 'checks' | 'fixes' | 'checkedBy' | 'fixedBy'>, focusStep: (id: string) => void): HTMLElement | undefined {
  const groups: [string, StepLink[] | undefined][] = [
    ['Checked by', step.checks],
    ['Fixed by', step.fixes],
    ['Tests the cause', step.checkedBy],
    ['Fixes the cause', step.fixedBy],
  ];
  const present = groups.filter(([, links]) => links && links.length > 0) as [string, StepLink[]][];
  if (present.length === 0) return undefined;
  const box = el('div', 'step-links');
  for (const [label, links] of present) {
    const line = el('div', 'step-link-line');
    line.append(el('span', 'step-link-label', `${label}: `));
    links.forEach((link, i) => {
      const b = el('button', 'link-button step-link', `${link.number}. ${link.title}`);
      b.type = 'button';
      b.title = `Go to step ${link.number}`;
      b.dataset.target = link.id;
      b.addEventListener('click', () => focusStep(link.id));
      if (i > 0) line.append(document.createTextNode(', '));
      line.append(b);
    });
    box.append(line);
  }
  return box;
}

/** What the causes' verdicts say at this step: brought forward, or not applicable (with its Skip). */
export function drawOutlook(
  li: HTMLElement,
  target: HTMLElement,
  outlook: StepOutlook | undefined,
  titleOf: (id: string) => string,
  skipNotApplicable: (reason: string) => void,
  closed: boolean,
): void {
  const forward = (outlook?.fixesConfirmed.length ?? 0) > 0;
  const notApplicable = !forward && (outlook?.notApplicableBecause.length ?? 0) > 0;
  li.classList.toggle('fix-forward', forward);
  li.classList.toggle('fix-not-applicable', notApplicable);
  const signature = forward ? `f:${outlook!.fixesConfirmed.join()}` : notApplicable ? `n:${outlook!.notApplicableBecause.join()}:${closed}` : '';
  if (target.dataset.signature === signature) return;
  target.dataset.signature = signature;
  if (forward) {
    target.replaceChildren(el('span', 'outlook-text', `→ Brought forward: fixes the confirmed cause ${outlook!.fixesConfirmed.map(titleOf).join('; ')}`));
  } else if (notApplicable) {
    const names = outlook!.notApplicableBecause.map(titleOf).join('; ');
    const parts: Node[] = [el('span', 'outlook-text', `Not applicable: its cause was ruled out (${names})`)];
    if (!closed) {
      const reason = `Not applicable: the cause was ruled out (${names})`.slice(0, 500);
      const skip = el('button', 'secondary outlook-skip', 'Skip as not applicable');
      skip.type = 'button';
      skip.id = `skip-na-${li.dataset.stepId ?? ''}`;
      skip.title = 'Skip this step with the reason: its cause was ruled out';
      skip.addEventListener('click', () => skipNotApplicable(reason));
      parts.push(skip);
    }
    target.replaceChildren(...parts);
  } else target.replaceChildren();
  target.hidden = signature === '';
}

/** The "Fixes for the confirmed cause" panel's list: each fix a button to its step. */
export function drawForwardPanel(section: HTMLElement, fixes: { id: string; number: number; title: string; done: boolean }[], focusStep: (id: string) => void): void {
  const signature = fixes.map((f) => `${f.id}:${f.done}`).join();
  if (section.dataset.signature === signature) return;
  section.dataset.signature = signature;
  section.hidden = fixes.length === 0;
  const list = section.querySelector('ul') as HTMLElement;
  list.replaceChildren(
    ...fixes.map((f) => {
      const li = el('li', f.done ? 'forward-fix forward-done' : 'forward-fix');
      const b = el('button', 'link-button', `${f.number}. ${f.title}`);
      b.type = 'button';
      b.id = `forward-${f.id}`;
      b.title = `Go to step ${f.number}`;
      b.addEventListener('click', () => focusStep(f.id));
      li.append(b);
      if (f.done) li.append(el('span', 'forward-state', ' ✓ done'));
      return li;
    }),
  );
}

/** The empty "Fixes for the confirmed cause" panel (hidden until a cause is confirmed). */
export function forwardPanel(): HTMLElement {
  const section = el('section', 'fixes-forward');
  section.id = 'fixes-forward';
  section.setAttribute('aria-labelledby', 'fixes-forward-heading');
  const h2 = el('h2', 'fixes-forward-heading', 'Fixes for the confirmed cause');
  h2.id = 'fixes-forward-heading';
  section.append(h2, el('ul', 'fixes-forward-list'));
  section.hidden = true;
  return section;
}
