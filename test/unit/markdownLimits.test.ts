// Hostile Markdown runbooks: repeated step text and deep nesting. The time bounds are generous
// hang guards (the import took 6 s and 9 s before); the measured speed is in the change notes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMarkdownRunbooks } from '../../src/core/runbook/markdownRunbook';
import { MAX_MARKDOWN_NESTING, findTooDeepNesting } from '../../src/core/runbook/markdownNesting';
import { UniqueIds } from '../../src/core/runbook/markdownText';

const HEAD = '## Sessions drop\n\n> Users are logged out.\n\n### Triage (0-10 min)\n\n';

function nestedList(levels: number): string {
  let s = HEAD;
  for (let i = 0; i < levels; i++) s += `${'  '.repeat(i)}- level ${i}\n`;
  return s;
}

function timed<T>(f: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = f();
  return { value, ms: performance.now() - t };
}

describe('unique ids', () => {
  it('suffixes repeats -2, -3... and steps around ids already taken', () => {
    const ids = new UniqueIds();
    assert.deepEqual(['a', 'a', 'a-2', 'a', 'b', 'a-3'].map((b) => ids.take(b)), ['a', 'a-2', 'a-2-2', 'a-3', 'b', 'a-3-2']);
  });

  it('is linear: 20,000 repeats of one base take well under a second', () => {
    const ids = new UniqueIds();
    const { value, ms } = timed(() => Array.from({ length: 20_000 }, () => ids.take('check-the-cache')));
    assert.equal(new Set(value).size, 20_000);
    assert.equal(value[19_999], 'check-the-cache-20000');
    assert.ok(ms < 1000, `${ms} ms`);
  });
});

describe('Markdown import of hostile input', () => {
  it('imports a 60 KB list of the same step text with unique step ids, without stalling', () => {
    const text = HEAD + '- Check the cache\n'.repeat(3400);
    const { value, ms } = timed(() => parseMarkdownRunbooks(text, 'same.md', 'workspace'));
    const steps = value.runbooks[0].phases[0].steps;
    assert.equal(steps.length, 3400);
    assert.equal(new Set(steps.map((s) => s.id)).size, 3400);
    assert.ok(ms < 5000, `hang guard: ${ms} ms`);
  });

  it(`refuses a list nested deeper than ${MAX_MARKDOWN_NESTING} levels, at the line and column of the item too deep, before marked sees it`, () => {
    const { value, ms } = timed(() => parseMarkdownRunbooks(nestedList(900), 'deep.md', 'workspace'));
    assert.deepEqual(value.runbooks, []);
    assert.equal(value.problems.length, 1);
    const p = value.problems[0];
    assert.equal(p.code, 'markdown-nesting');
    assert.equal(p.severity, 'error');
    assert.equal(p.line, 6 + MAX_MARKDOWN_NESTING + 1);
    assert.equal(p.column, 2 * MAX_MARKDOWN_NESTING + 1);
    assert.match(p.message, /nested more than 32 levels/);
    assert.ok(ms < 2000, `hang guard: ${ms} ms`);
  });

  it('refuses block quotes nested too deep, pointing at the first marker too many', () => {
    const r = parseMarkdownRunbooks(`${HEAD}${'>'.repeat(900)} deep\n`, 'quotes.md', 'workspace');
    assert.deepEqual(r.problems.map((p) => [p.code, p.line, p.column]), [['markdown-nesting', 7, MAX_MARKDOWN_NESTING + 1]]);
  });

  it('accepts nesting up to the cap, and does not count lists inside fenced code or lists that ended', () => {
    assert.equal(findTooDeepNesting(nestedList(MAX_MARKDOWN_NESTING)), undefined);
    assert.ok(findTooDeepNesting(nestedList(MAX_MARKDOWN_NESTING + 1)));
    const fenced = `${HEAD}- step\n\n  \`\`\`yaml\n${Array.from({ length: 60 }, (_, i) => `${'  '.repeat(i + 1)}- k${i}`).join('\n')}\n  \`\`\`\n`;
    assert.equal(findTooDeepNesting(fenced), undefined);
    const manyShallow = Array.from({ length: 100 }, () => '- a\n  - b\n    - c\n\nText at the margin.\n').join('');
    assert.equal(findTooDeepNesting(manyShallow), undefined);
    const r = parseMarkdownRunbooks(nestedList(5), 'ok.md', 'workspace');
    assert.equal(r.runbooks.length, 1);
  });

  it('the pre-scan is linear: 5 MB of list lines in well under a second', () => {
    const text = '- a\n  - b\n'.repeat(500_000);
    const { value, ms } = timed(() => findTooDeepNesting(text));
    assert.equal(value, undefined);
    assert.ok(ms < 3000, `hang guard: ${ms} ms`);
  });
});
