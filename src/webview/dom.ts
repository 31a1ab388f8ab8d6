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

/** The heading a Markdown runbook's label line gives the step after it ("Likely causes:"), or undefined. */
export function stepHeading(headingHtml: string | undefined): HTMLElement | undefined {
  if (!headingHtml) return undefined;
  const h3 = el('h3', 'step-heading');
  h3.innerHTML = headingHtml; // sanitized by the host, like every *Html field
  return h3;
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

/**
 * Says `text` through the page's one live region (#announcer, outside #app so redrawing keeps it),
 * which is updated only here: on a change, never on a timer.
 */
export function announce(text: string): void {
  const region = document.getElementById('announcer');
  if (!region) return;
  // Emptied first so the same sentence twice is said twice.
  region.textContent = '';
  setTimeout(() => {
    region.textContent = text;
  }, 50);
}

let scrollWatcher: ResizeObserver | undefined;

/**
 * Code blocks that scroll sideways can be reached and scrolled by keyboard: while a <pre> under
 * `root` overflows, it is a Tab stop (a named region); when it fits, it is not one.
 */
export function keyboardScrollable(root: ParentNode): void {
  scrollWatcher ??= new ResizeObserver((entries) => {
    for (const entry of entries) updateScrollable(entry.target as HTMLElement);
  });
  // A whole view drawn again: the old blocks are gone, stop watching them.
  if (root instanceof HTMLElement && root.id === 'app') scrollWatcher.disconnect();
  for (const pre of root.querySelectorAll<HTMLElement>('pre')) {
    updateScrollable(pre);
    scrollWatcher.observe(pre);
  }
}

function updateScrollable(pre: HTMLElement): void {
  const overflows = pre.scrollWidth > pre.clientWidth + 1 || pre.scrollHeight > pre.clientHeight + 1;
  if (overflows === pre.hasAttribute('tabindex')) return;
  if (overflows) {
    pre.tabIndex = 0;
    pre.setAttribute('role', 'region');
    pre.setAttribute('aria-label', `${pre.dataset.label ?? 'Code'} (scrolls)`);
  } else {
    pre.removeAttribute('tabindex');
    pre.removeAttribute('role');
    pre.removeAttribute('aria-label');
  }
}
