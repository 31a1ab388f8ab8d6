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
