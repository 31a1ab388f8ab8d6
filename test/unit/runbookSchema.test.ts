import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateRunbook } from '../../src/core/runbook/runbookSchema';
import codePointLength from '../../src/core/schema/codePointLength';
import { formatPath, type SchemaIssue } from '../../src/core/schema/schemaIssues';

function valid(): Record<string, unknown> {
  return {
    id: 'disk-full',
    title: 'Disk full',
    symptom: 'No space left on device',
    tags: ['disk', 'db'],
    severity: 'high',
    phases: [
      { name: 'Triage', timebox: { fromMinutes: 0, toMinutes: 10 }, steps: [{ id: 'a', text: 'A', kind: 'check' }] },
      { name: 'Fix', steps: [{ id: 'b', text: 'B', commands: [{ language: 'bash', code: 'df -h' }] }] },
    ],
  };
}

/** Applies `edit` to a fresh valid runbook and returns "path | message" for each issue. */
function issuesAfter(edit: (rb: Record<string, unknown>) => void): string[] {
  const rb = valid();
  edit(rb);
  return validateRunbook(rb).issues.map((i: SchemaIssue) => `${formatPath(i.path)} | ${i.message}`);
}

// Typed views into the test object, so edits stay readable.
type Phase = { name?: unknown; timebox?: Record<string, unknown>; steps: Record<string, unknown>[]; [extra: string]: unknown };
const phase = (rb: Record<string, unknown>, i: number): Phase => (rb.phases as Phase[])[i];

describe('runbook schema: messages', () => {
  it('a valid runbook has no issues', () => {
    assert.deepEqual(validateRunbook(valid()).issues, []);
  });

  it('enum, with the path of the value', () => {
    assert.deepEqual(issuesAfter((rb) => (phase(rb, 1).steps[0].kind = 'fixx')), [
      'phases[1].steps[0].kind | phases[1].steps[0].kind must be one of cause, check, action, fix, verify, note (got "fixx"; did you mean "fix"?)',
    ]);
  });

  it('type, including integer and the non-JSON numbers YAML can produce', () => {
    assert.deepEqual(issuesAfter((rb) => (rb.title = 42)), ['title | title must be a string (got 42)']);
    assert.deepEqual(issuesAfter((rb) => (phase(rb, 0).timebox = { fromMinutes: 1.5, toMinutes: 10 })), [
      'phases[0].timebox.fromMinutes | phases[0].timebox.fromMinutes must be a whole number (got 1.5)',
    ]);
    assert.deepEqual(issuesAfter((rb) => (phase(rb, 0).timebox = { fromMinutes: Infinity, toMinutes: 10 })), [
      'phases[0].timebox.fromMinutes | phases[0].timebox.fromMinutes must be a whole number (got Infinity)',
    ]);
    assert.deepEqual(issuesAfter((rb) => (rb.phases = { name: 'x' })), ['phases | phases must be a list (got a map)']);
    assert.deepEqual(validateRunbook('text').issues.map((i) => i.message), ['runbook must be an object (a map of fields) (got "text")']);
  });

  it('minimum and maximum', () => {
    assert.deepEqual(issuesAfter((rb) => (phase(rb, 0).timebox = { fromMinutes: -1, toMinutes: 10081 })), [
      'phases[0].timebox.fromMinutes | phases[0].timebox.fromMinutes must be at least 0 (got -1)',
      'phases[0].timebox.toMinutes | phases[0].timebox.toMinutes must be at most 10080 (got 10081)',
    ]);
  });

  it('minLength and maxLength count characters, not UTF-16 units', () => {
    assert.deepEqual(issuesAfter((rb) => (rb.title = '')), ['title | title must not be empty']);
    assert.deepEqual(issuesAfter((rb) => (rb.title = 'x'.repeat(201))), ['title | title must be at most 200 characters long (got 201)']);
    // 200 emoji are 400 UTF-16 units but 200 characters: allowed.
    assert.deepEqual(issuesAfter((rb) => (rb.title = '🔥'.repeat(200))), []);
  });

  it('pattern, with the description as a hint', () => {
    assert.deepEqual(issuesAfter((rb) => (rb.tags = ['Disk'])), ['tags[0] | tags[0] must match ^[a-z0-9][a-z0-9-]{0,39}$ (got "Disk").']);
    const [issue] = issuesAfter((rb) => (rb.id = 'Disk Full'));
    assert.equal(issue, 'id | id must match ^[a-z0-9][a-z0-9-]{0,79}$ (got "Disk Full"). Unique id, lower-case words joined by hyphens (session-logout-30s).');
  });

  it('minItems, maxItems and uniqueItems (pointing at the repeat)', () => {
    assert.deepEqual(issuesAfter((rb) => (rb.phases = [])), ['phases | phases must have at least 1 item (got 0)']);
    assert.deepEqual(issuesAfter((rb) => (rb.tags = Array.from({ length: 21 }, (_, i) => `t${i}`))), [
      'tags | tags must have at most 20 items (got 21)',
    ]);
    assert.deepEqual(issuesAfter((rb) => (rb.tags = ['a', 'b', 'a'])), ['tags[2] | tags[2] repeats tags[0] ("a"); items must be unique']);
  });

  it('required, at the object that lacks the field', () => {
    assert.deepEqual(issuesAfter((rb) => delete phase(rb, 1).steps[0].text), [
      'phases[1].steps[0] | phases[1].steps[0] is missing the required field "text"',
    ]);
    assert.deepEqual(issuesAfter((rb) => delete rb.symptom), ['runbook | runbook is missing the required field "symptom"']);
  });

  it('unknown fields point at the key and suggest the nearest allowed one', () => {
    const rb = valid();
    rb.sumary = 'x';
    phase(rb, 0).nmae = 'Triage';
    // The YAML layer sorts problems by position; here, by path.
    const issues = validateRunbook(rb).issues.sort((a, b) => formatPath(a.path).localeCompare(formatPath(b.path)));
    assert.deepEqual(issues, [
      {
        path: ['phases', 0, 'nmae'],
        at: 'key',
        code: 'unknown-field',
        // "name" is already there, so it is not suggested; the allowed list is shown instead.
        message: 'Unknown field "nmae" in phases[0] (allowed: name, timebox, steps)',
      },
      { path: ['sumary'], at: 'key', code: 'unknown-field', message: 'Unknown field "sumary" in runbook (did you mean "summary"?)' },
    ]);
  });
});

describe('runbook schema: formatPath', () => {
  it('names list items by index and the root by a word', () => {
    assert.equal(formatPath([]), 'runbook');
    assert.equal(formatPath([], 'the configuration'), 'the configuration');
    assert.equal(formatPath(['phases', 1, 'steps', 0, 'kind']), 'phases[1].steps[0].kind');
  });
});

describe('runbook schema: codePointLength (in place of ajv\'s ucs2length)', () => {
  it('counts a surrogate pair as one character and a lone surrogate as one', () => {
    assert.equal(codePointLength(''), 0);
    assert.equal(codePointLength('abc'), 3);
    assert.equal(codePointLength('🔥a🔥'), 3);
    assert.equal(codePointLength('\uD83Dx\uDD25'), 3);
    assert.equal(codePointLength('\uDD25\uD83D'), 2);
    for (const s of ['é🔥\uD800', '\uDBFF\uDFFF\uDBFF']) assert.equal(codePointLength(s), [...s].length, s);
  });
});
