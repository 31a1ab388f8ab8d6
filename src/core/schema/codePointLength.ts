// The length of a string in characters (code points), for the compiled validators' minLength and
// maxLength: scripts/compiledSchemas.mjs puts it in place of ajv's runtime ucs2length, which walks
// every UTF-16 unit in JavaScript and was most of the time spent validating a runbook (its texts
// and commands are long). A native regular expression finds the surrogate pairs instead.
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

export default function codePointLength(s: string): number {
  // Almost every string has no surrogate at all: one native scan answers.
  if (!/[\uD800-\uDFFF]/.test(s)) return s.length;
  return s.length - (s.match(SURROGATE_PAIR)?.length ?? 0);
}
