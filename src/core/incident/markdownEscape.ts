// Record fields (titles, skip reasons, notes, names) written into Markdown: shared by the
// postmortem export and `runbook incident show`, so a field can never add a heading, a list item
// or a link to either.

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ');
}

// A record may have been edited by hand: what a terminal would obey is shown, not passed on.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Line breaks normalised to \n; other control characters (and bidi overrides) as U+FFFD. */
export function visible(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(CONTROL, '\ufffd');
}

/** Text that renders as written, on one line (table cells, list items). */
export function markdownText(s: string): string {
  return visible(oneLine(s)).replace(/[\\`*_[\]<>#|~]/g, (c) => `\\${c}`);
}
