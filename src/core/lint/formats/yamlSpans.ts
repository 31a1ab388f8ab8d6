// The parts of a YAML (or JSON) text worth handing to the yaml library. The library costs a few
// microseconds per character and per document, so a 1 MB `[[[…]]]` or 200,000 empty `---`
// documents took seconds only to yield nothing (a document nested deeper than the linter reads is
// dropped whole; an empty one has no entries). One linear pass over the characters finds the
// documents, whether each has content and how deep its flow collections (`[`, `{`) nest; long
// runs of documents that would yield nothing are left out of the parse.
//
// The pass is a sketch of YAML's syntax, not a parser: it reads quotes, comments, block scalars and
// flow brackets where a node may start. Where it misjudges, the cost is the library's usual time
// (or a document dropped that the library would also have dropped), never a wrong entry: what is
// parsed is read by the library alone.

/** A run of documents that would yield nothing is cut out of the parse only from this size on. */
const MIN_CUT = 4096;

export interface TextRange {
  start: number;
  end: number;
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** Whitespace or the end of the line/text: what must follow `- `, `: `, `? ` and document markers. */
function blankOrEnd(text: string, i: number): boolean {
  if (i >= text.length) return true;
  const c = text.charCodeAt(i);
  return c === SPACE || c === TAB || c === LF || c === CR;
}

function isMarker(text: string, i: number): boolean {
  return (text.startsWith('---', i) || text.startsWith('...', i)) && blankOrEnd(text, i + 3);
}

/**
 * Calls `each` for the documents of `text`, in order: where each starts and ends, whether it has
 * content, its deepest flow nesting. (A callback, not a list: 200,000 documents allocate nothing.)
 */
function eachDocument(text: string, each: (start: number, end: number, empty: boolean, flowDepth: number) => void): void {
  const doc = { start: 0, empty: true, flowDepth: 0 };
  let depth = 0;
  let quote = 0; // the open quote's character code, 0 outside quotes
  let blockScalarIndent = -1; // the indent of the line that opened a `|` or `>` scalar
  let i = 0;
  while (i < text.length) {
    // --- a line starts at i
    let lineEnd = text.indexOf('\n', i);
    if (lineEnd === -1) lineEnd = text.length;
    if (isMarker(text, i)) {
      if (i > doc.start) each(doc.start, i, doc.empty, doc.flowDepth);
      doc.start = i;
      doc.empty = true;
      doc.flowDepth = 0;
      depth = 0;
      quote = 0;
      blockScalarIndent = -1;
      i += 3;
    }
    let indent = 0;
    while (i + indent < lineEnd && isBlank(text.charCodeAt(i + indent))) indent++;
    if (blockScalarIndent >= 0) {
      const blankLine = i + indent >= lineEnd || text.charCodeAt(i + indent) === CR;
      if (blankLine || indent > blockScalarIndent) {
        i = lineEnd + 1;
        continue;
      }
      blockScalarIndent = -1;
    }
    let atNodeStart = true;
    let afterBlank = true;
    for (let j = i + indent; j < lineEnd; j++) {
      const c = text.charCodeAt(j);
      if (quote !== 0) {
        if (c === 0x5c && quote === 0x22) j++; // backslash escape in "…"
        else if (c === quote) {
          if (quote === 0x27 && text.charCodeAt(j + 1) === 0x27) j++; // '' in '…'
          else {
            quote = 0;
            atNodeStart = false;
          }
        }
        continue;
      }
      if (isBlank(c) || c === CR) {
        afterBlank = true;
        continue;
      }
      const blankBefore = afterBlank;
      afterBlank = false;
      if (c === 0x23 /* # */ && blankBefore) break;
      doc.empty = false;
      if (depth > 0) {
        if (c === 0x5b || c === 0x7b) {
          if (++depth > doc.flowDepth) doc.flowDepth = depth;
          atNodeStart = true;
        } else if (c === 0x5d || c === 0x7d) {
          depth--;
          atNodeStart = false;
        } else if (c === 0x2c || c === 0x3a) atNodeStart = true; // `,` and `:` (JSON's `"a":[` too)
        else if ((c === 0x22 || c === 0x27) && atNodeStart) quote = c;
        else atNodeStart = false;
        continue;
      }
      if (!atNodeStart) {
        if (c === 0x3a && blankOrEnd(text, j + 1)) atNodeStart = true; // `key: `
        continue;
      }
      if (c === 0x5b || c === 0x7b) {
        depth = 1;
        if (doc.flowDepth < 1) doc.flowDepth = 1;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === 0x7c || c === 0x3e) {
        // `|` or `>`: the more indented lines below are the scalar's text.
        blockScalarIndent = indent;
        break;
      } else if ((c === 0x2d || c === 0x3f || c === 0x3a) && blankOrEnd(text, j + 1)) {
        // `- `, `? `, `: `: a node may still start
      } else if (c === 0x26 || c === 0x21) {
        // an anchor or a tag: the node starts after it
        while (j + 1 < lineEnd && !blankOrEnd(text, j + 1)) j++;
      } else atNodeStart = false;
    }
    i = lineEnd + 1;
  }
  each(doc.start, text.length, doc.empty, doc.flowDepth);
}

/**
 * The ranges of `text` to parse, in order: all of it, except runs (of at least 4 KB) of documents
 * that are empty or whose flow collections nest deeper than `maxDepth`.
 */
export function yamlParseRanges(text: string, maxDepth: number): TextRange[] {
  if (text.length < MIN_CUT) return [{ start: 0, end: text.length }];
  const ranges: TextRange[] = [];
  let keepFrom = 0;
  let cutFrom = -1;
  const closeCut = (at: number): void => {
    if (cutFrom >= 0 && at - cutFrom >= MIN_CUT) {
      if (cutFrom > keepFrom) ranges.push({ start: keepFrom, end: cutFrom });
      keepFrom = at;
    }
    cutFrom = -1;
  };
  eachDocument(text, (start, _end, empty, flowDepth) => {
    if (empty || flowDepth > maxDepth) {
      if (cutFrom < 0) cutFrom = start;
    } else closeCut(start);
  });
  closeCut(text.length);
  if (keepFrom < text.length) ranges.push({ start: keepFrom, end: text.length });
  return ranges;
}
