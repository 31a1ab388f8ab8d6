// src/core is layered (sql under lint and the command assessment, types under what uses them):
// no file may reach itself through its imports, type-only imports included (they tie the files
// together for a reader as much as value imports do).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.join(__dirname, '..', '..', '..');

// from './x', import './x', import('./x'), require('./x'); relative specifiers only.
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"](\.{1,2}\/[^'"]*)['"]/g;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(full);
    return /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The file an import names: x.ts, or x/index.ts; undefined for anything else (JSON, .d.ts). */
function resolveImport(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return undefined;
}

/** Each file's imports, by the files they name. */
export function importGraph(files: string[], read: (file: string) => string, resolve = resolveImport): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = [...read(file).matchAll(RELATIVE_IMPORT)].map((m) => resolve(file, m[1])).filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** One cycle per strongly connected part of the graph that has one (a file importing itself counts), as a list of files. */
export function importCycles(graph: Map<string, string[]>): string[][] {
  // Tarjan's algorithm, iterative: a deep import chain must not overflow the stack.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; edge: number }[] = [{ node: root, edge: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++];
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const part: string[] = [];
      for (;;) {
        const n = stack.pop()!;
        onStack.delete(n);
        part.push(n);
        if (n === frame.node) break;
      }
      if (part.length > 1 || (graph.get(frame.node) ?? []).includes(frame.node)) cycles.push(part.reverse());
    }
  }
  return cycles;
}

describe('no import cycle in src/core', () => {
  it('finds a cycle when there is one, and none in a chain', () => {
    const cyclic = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['d']],
      ['e', ['a']],
    ]);
    assert.deepEqual(
      importCycles(cyclic).map((c) => [...c].sort()),
      [['a', 'b', 'c'], ['d']],
    );
    assert.deepEqual(importCycles(new Map([['a', ['b']], ['b', ['c']], ['c', []]])), []);
  });

  it('reads every import form, type-only ones included', () => {
    const source = [
      "import type { A } from './a';",
      "import { B } from '../b';",
      "export { C } from './c';",
      "import './d';",
      "const e = require('./e');",
      "const f = await import('./f');",
      "import { x } from 'node:fs';",
    ].join('\n');
    const graph = importGraph(['/s/m.ts'], () => source, (_from, spec) => spec);
    assert.deepEqual(graph.get('/s/m.ts'), ['./a', '../b', './c', './d', './e', './f']);
  });

  it('src/core has none', () => {
    const files = tsFiles(path.join(ROOT, 'src', 'core'));
    assert.ok(files.length > 50, 'src/core was read');
    const graph = importGraph(files, (f) => readFileSync(f, 'utf8'));
    const cycles = importCycles(graph).map((c) => c.map((f) => path.relative(ROOT, f)).join(' → '));
    assert.deepEqual(cycles, []);
  });
});
