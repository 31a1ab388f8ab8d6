// What the CLI writes to a terminal: runbook titles, record fields, file names and messages come
// from files anyone may have written, and an escape, bell or carriage return in them would be
// obeyed by the terminal (recolour, retitle, overwrite the line). Every such character is shown as
// its JSON escape instead (ESC as \u001b): readable, and JSON output stays valid JSON meaning the
// same data (JSON.stringify already escapes C0 characters, but not DEL, C1 controls or bidi
// overrides). Line feeds and tabs are layout and pass through.

// C0 controls except tab and line feed, DEL, C1 controls, and the bidirectional overrides and
// isolates that reorder what is shown (U+202A-U+202E, U+2066-U+2069).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `s` with every control character but line feed and tab written as \uXXXX. */
export function visibleText(s: string): string {
  CONTROL.lastIndex = 0;
  if (!CONTROL.test(s)) return s;
  return s.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
