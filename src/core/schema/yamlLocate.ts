// From a schema issue's path back to where it is written in the YAML source.
// yaml is reached through the lazy loader so that `runbook lint` loads it only for YAML input.
import type { Document } from 'yaml';
import { yaml } from '../lint/yamlLib';
import type { PathSegment } from './schemaIssues';

function rangeOf(node: unknown): readonly number[] | undefined {
  if (typeof node === 'object' && node !== null && 'range' in node) {
    const r = (node as { range?: unknown }).range;
    if (Array.isArray(r) && r.length >= 2) return r as number[];
  }
  return undefined;
}

/** A map key as the plain value a path names it by. */
export function keyText(key: unknown): string {
  return yaml().isScalar(key) ? String(key.value) : String(key);
}

/**
 * The source range [start, end) of the node at `path` (of its key when `at` is 'key'). Falls back
 * to the deepest node found, so an issue always lands somewhere sensible.
 */
export function rangeAt(doc: Document, path: readonly PathSegment[], at: 'key' | 'value'): readonly number[] | undefined {
  const { isAlias, isMap, isPair, isSeq } = yaml();
  let node: unknown = doc.contents;
  let range = rangeOf(node);
  let keyRange: readonly number[] | undefined;
  for (const seg of path) {
    // An alias points at its anchor: report there, where the content is written.
    if (isAlias(node)) node = node.resolve(doc);
    keyRange = undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(seg));
      if (!pair) break;
      keyRange = rangeOf(pair.key);
      node = pair.value;
      // `key:` with nothing after it has an empty range: point at the key instead.
      const valueRange = rangeOf(node);
      range = valueRange && valueRange[1] > valueRange[0] ? valueRange : keyRange;
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      node = node.items[seg];
      range = rangeOf(node) ?? range;
    } else {
      break;
    }
  }
  return at === 'key' && keyRange ? keyRange : range;
}
