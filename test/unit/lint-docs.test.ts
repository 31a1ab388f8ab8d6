import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { rulesIndexTable, withRulesTable } from '../../src/core/lint/docsIndex';
import { allRules } from '../../src/core/lint/rules';
import { badRule, otherRule } from './lintTestRules';

const ROOT = path.join(__dirname, '..', '..', '..');
const README = path.join(ROOT, 'docs', 'rules', 'README.md');

describe('docs/rules', () => {
  it('README.md lists exactly the rules of allRules (run `node scripts/gen-rule-docs-index.mjs`)', () => {
    const text = readFileSync(README, 'utf8');
    assert.equal(withRulesTable(text, allRules), text);
  });

  it('every rule has its page docs/rules/<id>.md', () => {
    assert.deepEqual(allRules.filter((r) => !existsSync(path.join(ROOT, 'docs', 'rules', `${r.id}.md`))).map((r) => r.id), []);
  });

  it('the generated table has one row per rule, sorted, with fix and runbook columns', () => {
    const table = rulesIndexTable([otherRule, badRule]).split('\n');
    assert.equal(table.length, 4);
    assert.match(table[2], /^\| \[`fake-bad`\]\(fake-bad\.md\) \| Flags BAD\. \| properties, yaml, .* \| warning \| yes \| `session-logout-30s#fix-timeout` \|$/);
    assert.match(table[3], /^\| \[`fake-other`\]\(fake-other\.md\) \| .* \| error \|  \|  \|$/);
    assert.equal(withRulesTable('no markers', [badRule]), undefined);
  });
});
