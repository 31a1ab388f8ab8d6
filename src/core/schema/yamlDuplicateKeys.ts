// Duplicate map keys, found in linear time. yaml's own `uniqueKeys` check compares each key with
// every earlier one: a hostile file with 20,000 keys in one map takes 9 s to parse with it.
import type { Document } from 'yaml';
import { yaml } from '../lint/yamlLib';
import { keyText } from './yamlLocate';

/** The source offset of every key that repeats an earlier plain key of the same map. */
export function duplicateKeyOffsets(doc: Document): number[] {
  const { isMap, isPair, isScalar, isSeq } = yaml();
  const offsets: number[] = [];
  // Iterative: the depth is whatever the file says.
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isSeq(node)) for (const item of node.items) stack.push(item); // no spread: a list may hold 200,000 items
    if (!isMap(node)) continue;
    const seen = new Set<string>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      stack.push(pair.value);
      // Complex keys (a map as a key) are not compared: no runbook or config uses them.
      if (!isScalar(pair.key)) continue;
      const key = keyText(pair.key);
      if (seen.has(key)) offsets.push(pair.key.range?.[0] ?? 0);
      seen.add(key);
    }
  }
  return offsets.sort((a, b) => a - b);
}

export const DUPLICATE_KEY_MESSAGE = 'Map keys must be unique';
