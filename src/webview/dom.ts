// DOM helpers shared by the runbook view and the incident checklist.

export const KIND_LABELS: Record<string, string> = {
  cause: 'Likely cause',
  check: 'Check',
  action: 'Action',
  fix: 'Fix',
  verify: 'Verify',
  note: 'Note',
};

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Inserts HTML that the host's sanitizer produced (marked + sanitize-html); nothing else goes through innerHTML. */
export function sanitizedHtml(tag: 'div' | 'blockquote', className: string, html: string): HTMLElement {
  const node = el(tag, className);
  node.innerHTML = html;
  return node;
}

/** A phase's header: its number, its name (an h2 with `headingId`) and its timebox. */
export function phaseHeader(phase: { name: string; timeboxLabel: string }, index: number, headingId: string): HTMLElement {
  const header = el('header', 'phase-header');
  const h2 = el('h2', 'phase-name', phase.name);
  h2.id = headingId;
  header.append(el('span', 'phase-index', String(index + 1)), h2);
  if (phase.timeboxLabel) {
    const box = el('span', 'timebox', phase.timeboxLabel);
    box.title = 'Timebox, in minutes from the start of the incident';
    header.append(box);
  }
  return header;
}
