// The workspace's lint findings at the steps they explain, in the runbook view and the checklist
// alike: "In this workspace: application.properties:7 sets `server.servlet.session.timeout=30`: …".
// Each location is a button that asks the host to open the file at the line (by the finding's key;
// the host looks the file up itself). Both views give their steps the id `step-<id>`; the findings
// are drawn again after each full drawing of the view, and replaced when new ones arrive.
import type { EvidenceMessage, WebviewMessage } from '../shared/protocol';
import type { StepEvidence } from '../core/lint/findingsByStep';
import { evidenceLocation, evidenceSentence, evidenceVerb } from '../core/lint/findingsByStep';
import { MAX_EVIDENCE } from '../core/incident/causes';
import { citeFinding } from './causeView';
import { el } from './dom';

let last: EvidenceMessage | undefined;

/** New findings from the host: kept, and drawn into the view as it is. */
export function showEvidence(app: HTMLElement, message: EvidenceMessage, post: (m: WebviewMessage) => void): void {
  last = message;
  drawEvidence(app, post);
}

/** After the view was drawn anew: the findings it had go back at their steps. */
export function drawEvidence(app: HTMLElement, post: (m: WebviewMessage) => void): void {
  const focused = document.activeElement instanceof HTMLElement && document.activeElement.closest('.evidence') ? document.activeElement.id : undefined;
  for (const old of app.querySelectorAll('.evidence')) old.remove();
  if (!last) return;
  const { evidence, note } = last;
  const causes = last.causes ?? {};
  const citable = new Set(last.citable ?? []);
  // Which step each finding belongs to, so a cause can say "from step 12".
  const stepOf = new Map<string, string>();
  for (const [stepId, items] of Object.entries(evidence.byStep)) for (const item of items) stepOf.set(item.key, stepId);
  const placeAt = (stepId: string, block: HTMLElement): void => {
    const step = document.getElementById(`step-${stepId}`);
    if (!step || !app.contains(step)) return;
    // Under the step's text: the checklist's text sits in its row, the runbook view's in the step.
    const anchor = step.querySelector(':scope > .step-row') ?? step.querySelector(':scope > .step-text');
    if (anchor) anchor.after(block);
    else step.append(block);
  };
  for (const [stepId, items] of Object.entries(evidence.byStep)) {
    if (causes[stepId]) continue; // drawn with the cause's checks and fixes below
    placeAt(stepId, evidenceBlock(stepId, items, evidence.omitted[stepId] ?? 0, post));
  }
  for (const [causeId, items] of Object.entries(causes)) {
    const cite = citable.has(causeId) ? causeId : undefined;
    placeAt(causeId, evidenceBlock(causeId, items, 0, post, undefined, { causeId, cite, stepOf }));
  }
  if (evidence.general.length > 0 || note) {
    const block = evidenceBlock('runbook', evidence.general, Math.max(0, evidence.total - countShown(evidence)), post, note);
    block.classList.add('evidence-runbook');
    const header = app.querySelector(':scope > header');
    if (header) header.after(block);
    else app.prepend(block);
  }
  if (focused) document.getElementById(focused)?.focus();
}

function countShown(evidence: EvidenceMessage['evidence']): number {
  let n = evidence.general.length;
  for (const items of Object.values(evidence.byStep)) n += items.length;
  return n;
}

/** At a cause: where each finding comes from, and the cause it may confirm (when open). */
interface CauseContext {
  causeId: string;
  cite: string | undefined;
  stepOf: Map<string, string>;
}

function evidenceBlock(scope: string, items: StepEvidence[], omitted: number, post: (m: WebviewMessage) => void, note?: string, cause?: CauseContext): HTMLElement {
  const block = el('div', 'evidence');
  block.dataset.scope = scope;
  const headingId = `evidence-heading-${scope}`;
  const heading = el('span', 'evidence-heading', scope === 'runbook' ? 'In this workspace, for this runbook:' : 'In this workspace:');
  heading.id = headingId;
  block.setAttribute('role', 'group');
  block.setAttribute('aria-labelledby', headingId);
  block.append(heading);
  const list = el('ul', 'evidence-list');
  for (const item of items) list.append(evidenceItem(scope, item, post, cause));
  if (items.length > 0) block.append(list);
  if (omitted > 0) block.append(el('p', 'evidence-more', `…and ${omitted} more (Problems shows each file's findings once it is open).`));
  if (note) block.append(el('p', 'evidence-note', note));
  return block;
}

/** The finding as one line of evidence, within what a cause's evidence may hold. */
function citedEvidence(item: StepEvidence): string {
  const sentence = evidenceSentence(item);
  return sentence.length > MAX_EVIDENCE ? `${sentence.slice(0, MAX_EVIDENCE - 1)}…` : sentence;
}

function evidenceItem(scope: string, item: StepEvidence, post: (m: WebviewMessage) => void, cause?: CauseContext): HTMLElement {
  const li = el('li', `evidence-item severity-${item.severity}`);
  li.dataset.key = item.key;
  const where = evidenceLocation(item);
  const open = el('button', 'link-button evidence-open', where);
  open.type = 'button';
  open.id = `evidence-open-${scope}-${item.key}`;
  open.title = `Open ${where} at the line (${item.ruleId})`;
  open.addEventListener('click', () => post({ type: 'openEvidence', key: item.key }));
  li.append(open, document.createTextNode(` ${evidenceVerb(item.kind)} `), el('code', 'evidence-text', item.text), document.createTextNode(`: ${item.message}`));
  const from = cause && cause.stepOf.get(item.key);
  if (from && from !== cause.causeId) {
    const number = document.querySelector(`#step-${CSS.escape(from)} .step-number`)?.textContent?.replace(/\.$/, '');
    li.append(el('span', 'evidence-from', ` (found for step ${number ?? from})`));
  }
  if (cause?.cite) {
    const causeId = cause.cite;
    const confirm = el('button', 'secondary evidence-cite', 'Confirm with this finding…');
    confirm.type = 'button';
    confirm.id = `evidence-cite-${causeId}-${item.key}`;
    confirm.title = `Confirm this cause, citing ${where} as the evidence (kept with its file, line and text in the record and the postmortem)`;
    // The cause's Confirm form opens with the finding as its evidence, to be sent as it is or added to.
    confirm.addEventListener('click', () => citeFinding(causeId, { file: item.file, line: item.line, text: item.text, ruleId: item.ruleId }, citedEvidence(item)));
    li.append(' ', confirm);
  }
  return li;
}
