// The checklist's keyboard: moving between steps and acting on the focused one, the incident
// actions toolbar (one Tab stop, ←/→ inside), and focus kept on a control by its stable id.
import type { WebviewMessage } from '../shared/protocol';
import type { CauseVerdict, StepStatus } from '../core/incident/incidentModel';

export const KEYBOARD_HELP =
  'Keyboard: ↑/↓ (or J/K) move between steps, Home/End to the first and last, Space ticks, S skips, N adds a note, R reopens, ' +
  'C copies and I inserts the step’s command; on a likely cause, Y confirms it and X rules it out (each asks for evidence); ' +
  'Tab reaches every button, ←/→ move within the incident actions.';

/** What the keys act on: the steps' checkboxes in order, each step's status, and whether the incident is resolved. */
export interface KeyContext {
  /** Each step's checkbox, or a cause's verdict mark. */
  boxes: HTMLElement[];
  status(stepId: string): StepStatus | undefined;
  isCause(stepId: string): boolean;
  /** Opens a cause's evidence form for this verdict. */
  openVerdict(stepId: string, verdict: CauseVerdict): void;
  resolved: boolean;
}

/**
 * ↑/↓ (and j/k) move between steps (from outside a step: to the first open one), Home/End to the
 * ends; S skips, N notes, R reopens, C copies and I inserts the focused step's command (the one
 * focus is in, else its first); ←/→, Home/End move within the incident actions toolbar.
 */
export function checklistKey(post: (message: WebviewMessage) => void, context: KeyContext, event: KeyboardEvent): void {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target as HTMLElement | null;
  if (!target || target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'checkbox')) return;
  if (target.closest('[role="toolbar"]') && toolbarKey(target, event)) return;
  // The timeline panel's controls keep their own keys (Space toggles a filter).
  if (target.closest('.timeline')) return;
  const li = target.closest<HTMLElement>('li.step');
  const { boxes } = context;
  const current = li ? boxes.findIndex((b) => b.dataset.stepId === li.dataset.stepId) : -1;
  const move = (i: number): void => {
    const box = boxes[Math.max(0, Math.min(boxes.length - 1, i))];
    if (!box) return;
    box.focus();
    box.closest('li')?.scrollIntoView({ block: 'nearest' });
    event.preventDefault();
  };
  const firstOpen = (): number => Math.max(0, boxes.findIndex((b) => context.status(b.dataset.stepId ?? '') === 'open'));
  switch (event.key) {
    case 'ArrowDown':
    case 'j':
      return move(current < 0 ? firstOpen() : current + 1);
    case 'ArrowUp':
    case 'k':
      return move(current < 0 ? firstOpen() : current - 1);
    case 'Home':
      return li ? move(0) : undefined;
    case 'End':
      return li ? move(boxes.length - 1) : undefined;
  }
  const stepId = li?.dataset.stepId;
  if (!li || !stepId) return;
  const key = event.key.toLowerCase();
  if (key === 'c' || key === 'i') {
    // The command focus is in, else the step's first; Copy works on a resolved incident too.
    const box = target.closest('.command') ?? li.querySelector('.command');
    const b = box?.querySelector<HTMLButtonElement>(key === 'c' ? 'button.command-copy' : 'button.command-insert');
    if (b && !b.disabled) {
      event.preventDefault();
      b.focus();
      b.click();
    }
    return;
  }
  if (context.resolved) return;
  if (context.isCause(stepId)) {
    // A cause is confirmed (Y) or ruled out (X), never skipped.
    if (key === 'y' || key === 'x') {
      event.preventDefault();
      context.openVerdict(stepId, key === 'y' ? 'confirmed' : 'ruled-out');
      return;
    }
    if (key === 's') return;
  }
  if (key === 's' && context.status(stepId) !== 'skipped') {
    event.preventDefault();
    post({ type: 'skipStep', stepId });
  } else if (key === 'n') {
    event.preventDefault();
    post({ type: 'addNote', stepId });
  } else if (key === 'r' && context.status(stepId) !== 'open') {
    event.preventDefault();
    post({ type: 'reopenStep', stepId });
  }
}

/** ←/→ and Home/End inside the toolbar, which stays one Tab stop. */
function toolbarKey(target: HTMLElement, event: KeyboardEvent): boolean {
  const toolbar = target.closest<HTMLElement>('[role="toolbar"]');
  const buttons = toolbar ? [...toolbar.querySelectorAll<HTMLButtonElement>('button:not(:disabled)')] : [];
  const i = buttons.indexOf(target as HTMLButtonElement);
  if (!toolbar || i < 0) return false;
  const next =
    event.key === 'ArrowRight' ? (i + 1) % buttons.length
    : event.key === 'ArrowLeft' ? (i - 1 + buttons.length) % buttons.length
    : event.key === 'Home' ? 0
    : event.key === 'End' ? buttons.length - 1
    : -1;
  if (next < 0) return false;
  event.preventDefault();
  rovingTabStop(toolbar, buttons[next]);
  buttons[next].focus();
  return true;
}

/** Makes `current` (or the toolbar's first button) its only Tab stop. */
export function rovingTabStop(toolbar: HTMLElement, current: Element | null): void {
  const buttons = [...toolbar.querySelectorAll<HTMLButtonElement>('button')];
  const stop = current && buttons.includes(current as HTMLButtonElement) ? current : buttons[0];
  for (const b of buttons) b.tabIndex = b === stop ? 0 : -1;
}

/** Where focus goes when the control that had it is not drawn any more. */
export const FOCUS_FALLBACK: Record<string, string> = { 'action-resolve': 'action-export', 'action-reopen': 'action-resolve' };

/** The id of the checklist control that has focus, if any. */
export function focusedControlId(): string | undefined {
  const active = document.activeElement as HTMLElement | null;
  return active && active !== document.body && active.id && document.getElementById('app')?.contains(active) ? active.id : undefined;
}

/** Focuses the control with this id (or its fallback), scrolled into view if needed. */
export function focusById(id: string, options?: FocusOptions): void {
  const target = document.getElementById(id) ?? document.getElementById(FOCUS_FALLBACK[id] ?? '');
  if (target && document.activeElement !== target) target.focus(options);
}
