// A guard run before marked sees a Markdown runbook: marked's time grows fast with nesting (a
// 900-level list took seconds), and no runbook needs more than a few levels. One pass over the
// lines, constant work per line apart from a stack that only shrinks as much as it grew: linear.

/** Deeper than this, the file is refused. A real runbook nests three or four levels. */
export const MAX_MARKDOWN_NESTING = 32;

export interface TooDeep {
  /** 1-based line and column of the list item or `>` that goes one level too deep. */
  line: number;
  column: number;
  depth: number;
}

const LIST_ITEM = /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const FENCE = /^(`{3,}|~{3,})/;

/** Where `src` first nests lists and block quotes deeper than `max`, or undefined. */
export function findTooDeepNesting(src: string, max = MAX_MARKDOWN_NESTING): TooDeep | undefined {
  // Indents of the open list items, outermost first: an item indented more than the last opens a level.
  const items: number[] = [];
  let fence: string | undefined;
  let lineNo = 0;
  for (let pos = 0; pos <= src.length; ) {
    const nl = src.indexOf('\n', pos);
    const end = nl < 0 ? src.length : nl;
    lineNo++;
    let i = pos;
    let quotes = 0;
    let width = 0;
    // Leading spaces, tabs and `>` markers: the quote depth and the indent after them.
    for (; i < end; i++) {
      const c = src.charCodeAt(i);
      if (c === 0x3e /* > */) {
        if (++quotes > max) return { line: lineNo, column: i - pos + 1, depth: quotes };
        width = 0;
      } else if (c === 0x20) width++;
      else if (c === 0x09) width += 4 - (width % 4);
      else break;
    }
    const rest = src.slice(i, Math.min(end, i + 12));
    const fenceMark = FENCE.exec(rest)?.[1];
    if (fence !== undefined) {
      if (fenceMark !== undefined && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = undefined;
    } else if (fenceMark !== undefined) {
      fence = fenceMark;
    } else if (LIST_ITEM.test(rest)) {
      while (items.length > 0 && items[items.length - 1] >= width) items.pop();
      items.push(width);
    } else if (i < end && width === 0 && quotes === 0) {
      items.length = 0; // text at the margin ends every list
    }
    const depth = quotes + (fence === undefined ? items.length : 0);
    if (depth > max) return { line: lineNo, column: i - pos + 1, depth };
    if (nl < 0) break;
    pos = nl + 1;
  }
  return undefined;
}
