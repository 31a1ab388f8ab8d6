import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { runbookIdFromTitle, runbookTemplate } from '../../src/core/runbook/template';
import { parseYamlRunbooks } from '../../src/core/runbook/yamlRunbook';

test('runbookIdFromTitle makes a schema-valid id or nothing', () => {
  assert.equal(runbookIdFromTitle('Checkout returns 502 after deploy!'), 'checkout-returns-502-after-deploy');
  assert.equal(runbookIdFromTitle('Ünïcode Café'), 'unicode-cafe');
  assert.equal(runbookIdFromTitle('!!!'), '');
  assert.ok(runbookIdFromTitle('a very long title '.repeat(10)).length <= 60);
});

test('the New Runbook template is a valid four-phase runbook, whatever the title', () => {
  for (const title of ['Checkout 502', 'Quotes "and" colons: # not a comment', "it's {{weird}} [yaml] & *stuff*"]) {
    const id = runbookIdFromTitle(title);
    const result = parseYamlRunbooks(runbookTemplate(id, title), '/tmp/new.yaml', 'workspace');
    assert.deepEqual(result.problems, [], `problems for title ${title}`);
    assert.equal(result.runbooks.length, 1);
    const rb = result.runbooks[0];
    assert.equal(rb.id, id);
    assert.equal(rb.title, title);
    assert.deepEqual(
      rb.phases.map((p) => [p.name, p.timebox?.fromMinutes, p.timebox?.toMinutes]),
      [
        ['Triage & Stabilize', 0, 10],
        ['Isolate', 10, 25],
        ['Fix', 25, 40],
        ['Verify', 40, 45],
      ],
    );
  }
});

test('the New Runbook template shows a declared variable and a declared destructive command', () => {
  const rb = parseYamlRunbooks(runbookTemplate('x', 'X'), '/tmp/new.yaml', 'workspace').runbooks[0];
  assert.deepEqual(
    rb.variables.map((v) => [v.name, v.example, v.pattern]),
    [['service', 'checkout-api', '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$']],
  );
  const destructive = rb.phases.flatMap((p) => p.steps.flatMap((s) => s.commands)).filter((c) => c.destructive);
  assert.equal(destructive.length, 1);
  assert.match(destructive[0].risk ?? '', /logs/);
});

test('the New Runbook template links its cause to a check and a fix that exist', () => {
  const rb = parseYamlRunbooks(runbookTemplate('x', 'X'), '/tmp/new.yaml', 'workspace').runbooks[0];
  const cause = rb.phases.flatMap((p) => p.steps).find((s) => s.kind === 'cause');
  assert.deepEqual([cause?.checks, cause?.fixes], [['check-likely-cause'], ['fix']]);
});
