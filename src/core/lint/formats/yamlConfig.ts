// YAML (and JSON, which YAML 1.2 reads) as flat dotted entries with exact ranges, plus the parsed
// documents for rules that need structure (Kubernetes CronJobs).
//   server:                       ->  server.servlet.session.timeout = "30"  (range of `30`)
//     servlet: { session: { timeout: 30 } }
//   env: [{ name: HTTP_TIMEOUT, value: "30" }]   ->  also HTTP_TIMEOUT = "30" (Kubernetes env)
//   environment: [HTTP_TIMEOUT=30]               ->  also HTTP_TIMEOUT = "30" (docker-compose)
// Broken YAML yields what could be read; a document with errors yields nothing. Never throws.
import type { CST, Document, Node, Pair, Scalar, YAMLMap } from 'yaml';
import { isMap, isPair, isScalar, isSeq, yaml } from '../yamlLib';
import { lastTextMemo, type ConfigEntry } from './entries';
import { yamlParseRanges } from './yamlSpans';

/** Deeper than any config file; guards the yaml Composer's recursion (see src/core/runbook/yamlRunbook.ts). */
const MAX_DEPTH = 64;

export interface YamlConfig {
  entries: ConfigEntry[];
  /** Documents that parsed without errors, in file order. */
  documents: Document.Parsed[];
}

function tooDeep(doc: CST.Document): boolean {
  const stack: { token: CST.Token; depth: number }[] = [];
  if (doc.value) stack.push({ token: doc.value, depth: 1 });
  while (stack.length > 0) {
    const { token, depth } = stack.pop() as { token: CST.Token; depth: number };
    if (depth > MAX_DEPTH) return true;
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      for (const item of token.items) {
        if ('key' in item && item.key) stack.push({ token: item.key, depth: depth + 1 });
        if (item.value) stack.push({ token: item.value, depth: depth + 1 });
      }
    }
  }
  return false;
}

export function parseYamlConfig(text: string): YamlConfig {
  const result: YamlConfig = { entries: [], documents: [] };
  try {
    const { Composer, Parser } = yaml();
    // Only the parts that may yield entries: long runs of empty or too deep documents are skipped
    // unparsed (see yamlSpans.ts). Each part's tokens carry offsets into the whole text.
    const tokens: CST.Token[] = [];
    for (const range of yamlParseRanges(text, MAX_DEPTH)) {
      const parser = new Parser();
      parser.offset = range.start;
      for (const t of parser.parse(range.start === 0 && range.end === text.length ? text : text.slice(range.start, range.end))) {
        if (t.type !== 'document' || !tooDeep(t)) tokens.push(t);
      }
    }
    const composer = new Composer({ schema: 'core', uniqueKeys: false, keepSourceTokens: false });
    for (const doc of composer.compose(tokens)) {
      if (doc.errors.length > 0) continue;
      result.documents.push(doc);
      flatten(doc.contents, text, result.entries);
    }
    // The walk is depth-first with a stack; rules report in file order.
    result.entries.sort((a, b) => a.valueStart - b.valueStart || a.keyStart - b.keyStart);
  } catch {
    // Unreadable YAML: no entries, so no findings.
  }
  return result;
}

/** A scalar's text as the program would read it, or undefined for null/non-scalars. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return typeof node.value === 'object' ? undefined : String(node.value);
}

/** Source range of a scalar's value, inside the quotes for quoted scalars. */
function valueRange(node: Scalar, text: string): { start: number; end: number; verbatim: boolean; value: string } | undefined {
  if (!node.range) return undefined;
  const [start, end] = node.range;
  const value = scalarText(node);
  if (value === undefined) return undefined;
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') {
    const inner = text.slice(start + 1, end - 1);
    return { start: start + 1, end: end - 1, verbatim: inner === value, value };
  }
  if (node.type === 'PLAIN') {
    // What is written, not what the core schema made of it: `030`, `1e3` and `30` stay distinct.
    return { start, end, verbatim: true, value: text.slice(start, end) };
  }
  return { start, end, verbatim: false, value };
}

function keyName(pair: Pair): string | undefined {
  return scalarText(pair.key);
}

export function mapGet(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  for (const item of map.items) if (keyName(item) === key) return item;
  return undefined;
}

const ENV_ITEM = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

function flatten(root: unknown, text: string, out: ConfigEntry[]): void {
  const stack: { node: unknown; path: string; parentKey: string }[] = [{ node: root, path: '', parentKey: '' }];
  while (stack.length > 0) {
    const { node, path, parentKey } = stack.pop() as { node: unknown; path: string; parentKey: string };
    if (isMap(node)) {
      envNameValue(node, text, out);
      for (let i = node.items.length - 1; i >= 0; i--) {
        const pair = node.items[i];
        const name = keyName(pair);
        if (name === undefined) continue;
        const full = path ? `${path}.${name}` : name;
        const value = pair.value;
        if (isScalar(value)) {
          const r = valueRange(value, text);
          const k = (pair.key as Node).range;
          if (r && k) out.push({ key: full, keyStart: k[0], keyEnd: k[1], value: r.value, valueStart: r.start, valueEnd: r.end, verbatim: r.verbatim });
        } else if (value) {
          stack.push({ node: value, path: full, parentKey: name });
        }
      }
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const item = node.items[i];
        if (isScalar(item) && item.type === 'PLAIN' && parentKey === 'environment' && item.range) {
          // docker-compose `environment: [KEY=value]`
          const m = ENV_ITEM.exec(String(item.value));
          const raw = text.slice(item.range[0], item.range[1]);
          if (m && raw === String(item.value)) {
            const ks = item.range[0];
            out.push({ key: m[1], keyStart: ks, keyEnd: ks + m[1].length, value: m[2], valueStart: ks + m[1].length + 1, valueEnd: item.range[1], verbatim: true });
          }
        } else if (isScalar(item)) {
          const r = valueRange(item, text);
          if (r && item.range) out.push({ key: `${path}[${i}]`, keyStart: item.range[0], keyEnd: item.range[0], value: r.value, valueStart: r.start, valueEnd: r.end, verbatim: r.verbatim });
        } else if (item) {
          stack.push({ node: item, path: `${path}[${i}]`, parentKey });
        }
      }
    }
  }
}

/** Kubernetes `env: [{ name: X, value: "30" }]`: also emit X as a key of its own. */
function envNameValue(map: YAMLMap, text: string, out: ConfigEntry[]): void {
  if (map.items.length > 3) return;
  const name = mapGet(map, 'name');
  const value = mapGet(map, 'value');
  if (!name || !value || !isScalar(name.value) || !isScalar(value.value)) return;
  const key = scalarText(name.value);
  const r = valueRange(value.value, text);
  const nr = valueRange(name.value, text);
  if (key === undefined || !r || !nr || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return;
  out.push({ key, keyStart: nr.start, keyEnd: nr.end, value: r.value, valueStart: r.start, valueEnd: r.end, verbatim: r.verbatim });
}

export const readYamlConfig = lastTextMemo(parseYamlConfig);

export { isMap, isPair, isScalar, isSeq };
