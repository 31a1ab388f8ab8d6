import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { renderRunbook } from '../../src/core/runbook/render';
import { MAX_LINK_ISSUES, checkStepLinks, stepLinkMap } from '../../src/core/runbook/stepLinks';
import { parseYamlRunbooks } from '../../src/core/runbook/yamlRunbook';

// Bundled to out/test/unit/*.js: the repository root is three levels up.
const RUNBOOKS = path.join(__dirname, '..', '..', '..', 'runbooks');
const SCENARIOS = ['session-logout-30s', 'cron-job-pileup', 'stale-data-after-failover', 'long-running-migration'];

describe('step links', () => {
  it('resolves links both ways, numbered across phases, only from causes', () => {
    const links = stepLinkMap([
      { steps: [{ id: 'c1', title: 'Cause one', kind: 'cause', checks: ['k1', 'nope'], fixes: ['f1', 'f1', 'c1'] }, { id: 'k1', title: 'Check one', kind: 'check', fixes: ['f1'] }] },
      { steps: [{ id: 'f1', title: 'Fix one', kind: 'fix' }, { id: 'c2', title: 'Cause two', kind: 'cause', fixes: ['f1'] }] },
    ]);
    assert.deepEqual(links.get('c1'), { checks: [{ id: 'k1', number: 2, title: 'Check one' }], fixes: [{ id: 'f1', number: 3, title: 'Fix one' }] });
    assert.deepEqual(links.get('k1'), { checkedBy: [{ id: 'c1', number: 1, title: 'Cause one' }] });
    assert.deepEqual(links.get('f1'), { fixedBy: [{ id: 'c1', number: 1, title: 'Cause one' }, { id: 'c2', number: 4, title: 'Cause two' }] });
    assert.equal(links.has('nope'), false);
  });

  for (const name of SCENARIOS) {
    it(`${name}: every cause names its checks and fixes, and every fix belongs to a cause`, () => {
      const file = path.join(RUNBOOKS, `${name}.yaml`);
      const { runbooks, problems } = parseYamlRunbooks(readFileSync(file, 'utf8'), file, 'bundled');
      assert.deepEqual(problems.filter((p) => p.code === 'step-link'), []);
      const rendered = renderRunbook(runbooks[0]);
      const steps = rendered.phases.flatMap((p) => p.steps);
      const causes = steps.filter((s) => s.kind === 'cause');
      assert.ok(causes.length >= 2);
      for (const c of causes) {
        assert.ok((c.checks?.length ?? 0) > 0, `${c.id} has no checks`);
        assert.ok((c.fixes?.length ?? 0) > 0, `${c.id} has no fixes`);
        for (const f of c.fixes ?? []) assert.equal(steps.find((s) => s.id === f.id)?.kind, 'fix', `${c.id} → ${f.id}`);
      }
      for (const f of steps.filter((s) => s.kind === 'fix')) assert.ok((f.fixedBy?.length ?? 0) > 0, `${f.id} fixes no cause`);
    });
  }
});

describe('step links: hostile input', () => {
  it('thousands of unknown links are checked in linear time, with a bounded list of problems', () => {
    const steps = Array.from({ length: 5000 }, (_, s) => ({ id: `s-${s}`, kind: 'cause' as const, text: 'x', commands: [], fixes: Array.from({ length: 50 }, (_, k) => `nope-${s}-${k}`) }));
    const rb = { id: 'big', title: 'Big', symptom: 'x', summary: '', tags: [], aliases: [], lintRules: [], variables: [], source: { kind: 'cli' as const, file: 'big.yaml', line: 1 }, phases: [{ name: 'P', timebox: null, steps }] };
    const began = performance.now();
    const issues = checkStepLinks(rb);
    const ms = performance.now() - began;
    assert.equal(issues.length, MAX_LINK_ISSUES + 1);
    assert.match(issues[MAX_LINK_ISSUES].message, /^249900 more problems with step links/);
    assert.match(issues[0].message, /names "nope-0-0", which is not a step of this runbook/);
    assert.deepEqual(rb.phases[0].steps[0].fixes, []);
    assert.ok(ms < 3000, `${ms} ms`);
  });

  it('a 1 MB runbook full of bad links parses in seconds, not minutes', () => {
    const phases = Array.from({ length: 6 }, (_, p) => `  - name: P${p}\n    steps:\n${Array.from({ length: 200 }, (_, s) => `      - id: s-${p}-${s}\n        kind: cause\n        text: x\n        fixes: [${Array.from({ length: 50 }, (_, k) => `n-${p}-${s}-${k}`).join(', ')}]`).join('\n')}`);
    const text = `id: big\ntitle: Big\nsymptom: x\nphases:\n${phases.join('\n')}\n`;
    assert.ok(text.length < 1_048_576);
    const began = performance.now();
    const { runbooks, problems } = parseYamlRunbooks(text, 'big.yaml', 'cli');
    assert.equal(runbooks.length, 1);
    assert.equal(problems.filter((p) => p.code === 'step-link').length, MAX_LINK_ISSUES + 1);
    assert.ok(performance.now() - began < 10_000);
  });
});
