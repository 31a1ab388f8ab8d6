import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import schemaJson from '../../schemas/runbook.schema.json';
import {
  compileSchema,
  formatPath,
  levenshtein,
  nearest,
  RUNBOOK_FIELDS,
  UnsupportedSchemaError,
  validateValue,
  type SchemaIssue,
} from '../../src/core/runbook/schemaValidator';

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
  return validateValue(rb).map((i: SchemaIssue) => `${formatPath(i.path)} | ${i.message}`);
}

// Typed views into the test object, so edits stay readable.
type Phase = { name?: unknown; timebox?: Record<string, unknown>; steps: Record<string, unknown>[]; [extra: string]: unknown };
const phase = (rb: Record<string, unknown>, i: number): Phase => (rb.phases as Phase[])[i];

describe('schemaValidator: the runbook schema', () => {
  it('compiles the schema file and knows its top-level fields', () => {
    assert.deepEqual(RUNBOOK_FIELDS, Object.keys(schemaJson.properties));
    assert.deepEqual(validateValue(valid()), []);
  });

  it('refuses a schema keyword it does not implement, wherever it appears', () => {
    const mutated = JSON.parse(JSON.stringify(schemaJson)) as { definitions: { step: { properties: { kind: Record<string, unknown> } } } };
    mutated.definitions.step.properties.kind.oneOf = [{ const: 'x' }];
    assert.throws(
      () => compileSchema(mutated),
      (e: unknown) => e instanceof UnsupportedSchemaError && /#\/definitions\/step\/properties\/kind uses the keyword "oneOf"/.test(e.message),
    );
    for (const keyword of ['format', 'const', 'anyOf', 'patternProperties', 'exclusiveMinimum', 'if']) {
      assert.throws(() => compileSchema({ type: 'string', [keyword]: 1 }), UnsupportedSchemaError, keyword);
    }
  });

  it('refuses $ref forms it cannot honour', () => {
    assert.throws(() => compileSchema({ $ref: '#/definitions/missing' }), /points at nothing/);
    assert.throws(() => compileSchema({ $ref: 'https://example.com/s.json' }), /only local/);
    assert.throws(() => compileSchema({ definitions: { a: { type: 'string' } }, $ref: '#/definitions/a', minLength: 1 }), /mixes \$ref/);
    assert.throws(() => compileSchema({ additionalProperties: { type: 'string' } }), /only true\/false/);
  });
});

describe('schemaValidator: messages', () => {
  it('enum, with the path of the value', () => {
    assert.deepEqual(issuesAfter((rb) => (phase(rb, 1).steps[0].kind = 'fixx')), [
      'phases[1].steps[0].kind | phases[1].steps[0].kind must be one of cause, check, action, fix, verify, note (got "fixx")',
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
    assert.deepEqual(validateValue('text').map((i) => i.message), ['runbook must be an object (a map of fields) (got "text")']);
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
    // Issues come in the order of the object's keys: phases before the later-added sumary.
    const issues = validateValue(rb);
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

describe('schemaValidator: helpers', () => {
  it('levenshtein and nearest', () => {
    assert.equal(levenshtein('titel', 'title'), 2);
    assert.equal(levenshtein('', 'abc'), 3);
    assert.equal(levenshtein('kind', 'kind'), 0);
    assert.equal(nearest('Titel', ['id', 'title', 'symptom']), 'title');
    assert.equal(nearest('description', ['id', 'title']), undefined);
  });

  it('formatPath', () => {
    assert.equal(formatPath([]), 'runbook');
    assert.equal(formatPath(['phases', 1, 'steps', 0, 'kind']), 'phases[1].steps[0].kind');
  });
});
