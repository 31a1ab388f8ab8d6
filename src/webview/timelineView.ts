// The checklist's timeline panel: every event of the record, newest first, with its time and who,
// filterable by kind. Collapsed behind a "Timeline" toggle (aria-expanded); whether it is open and
// which kinds are shown survive the checklist being drawn again.
import type { TimelineEntry, TimelineKind } from '../core/incident/timeline';
import { timeOfDay } from '../core/incident/runs';
import { el } from './dom';

/** The kinds a person filters by; incident-level entries (started, resolved, overdue) always show. */
const FILTERS: [Exclude<TimelineKind, 'incident'>, string][] = [
  ['notes', 'Notes'],
  ['steps', 'Steps'],
  ['commands', 'Commands'],
  ['people', 'People and severity'],
];

let expanded = false;
const hidden = new Set<TimelineKind>();

export interface TimelinePanel {
  section: HTMLElement;
  /** Redraws the entries (a new snapshot from the host). */
  update(entries: TimelineEntry[]): void;
}

export function timelinePanel(): TimelinePanel {
  const section = el('section', 'timeline');
  section.setAttribute('aria-labelledby', 'timeline-heading');
  const heading = el('h2', 'timeline-heading');
  heading.id = 'timeline-heading';
  const toggle = el('button', 'timeline-toggle secondary');
  toggle.type = 'button';
  toggle.id = 'timeline-toggle';
  toggle.setAttribute('aria-controls', 'timeline-body');
  heading.append(toggle);
  const body = el('div', 'timeline-body');
  body.id = 'timeline-body';

  const filters = el('fieldset', 'timeline-filters');
  filters.append(el('legend', undefined, 'Show'));
  for (const [kind, label] of FILTERS) {
    const box = el('input');
    box.type = 'checkbox';
    box.id = `timeline-filter-${kind}`;
    box.checked = !hidden.has(kind);
    box.addEventListener('change', () => {
      if (box.checked) hidden.delete(kind);
      else hidden.add(kind);
      draw();
    });
    const name = el('label', undefined, label);
    name.htmlFor = box.id;
    const item = el('span', 'timeline-filter');
    item.append(box, name);
    filters.append(item);
  }
  const count = el('p', 'timeline-count');
  const list = el('ol', 'timeline-list');
  list.setAttribute('aria-label', 'Incident events, newest first');
  body.append(filters, count, list);
  section.append(heading, body);

  let entries: TimelineEntry[] = [];
  const drawToggle = (): void => {
    toggle.setAttribute('aria-expanded', String(expanded));
    toggle.textContent = `${expanded ? '▾' : '▸'} Timeline (${entries.length} ${entries.length === 1 ? 'event' : 'events'}, newest first)`;
    body.hidden = !expanded;
  };
  const draw = (): void => {
    drawToggle();
    if (!expanded) return;
    const shown = entries.filter((e) => !hidden.has(e.kind));
    count.textContent = shown.length === entries.length ? '' : `${shown.length} of ${entries.length} events shown`;
    count.hidden = count.textContent === '';
    list.replaceChildren(...(shown.length ? shown.map(entryItem) : [el('li', 'timeline-empty', 'No events of the kinds shown.')]));
  };
  toggle.addEventListener('click', () => {
    expanded = !expanded;
    draw();
  });
  return {
    section,
    update(next) {
      entries = next;
      draw();
    },
  };
}

function entryItem(entry: TimelineEntry): HTMLElement {
  const li = el('li', `timeline-entry kind-${entry.kind}`);
  const when = el('time', 'timeline-time', timeOfDay(new Date(entry.at)));
  when.dateTime = entry.at;
  li.append(when, el('span', 'timeline-by', entry.by), el('span', 'timeline-text', entry.text));
  return li;
}
