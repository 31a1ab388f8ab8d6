// What the CLI prints: list/show JSON against the shipped schema, invalid UTF-8 reported where it
// is, and record fields that cannot inject Markdown into `incident show`.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { incidentCommand } from '../../src/cli/incident';
import { inScratchFolder, runCaptured } from './cliRun';
import { recordText } from '../../src/core/incident/record';
import type { IncidentEvent } from '../../src/core/incident/incidentModel';
import { decodeUtf8, firstInvalidUtf8 } from '../../src/core/utf8';
import { MIN, T0, scriptedEvents } from './incidentFixtures';

const ROOT = path.join(__dirname, '..', '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'runbooks');
const SCHEMA = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'runbook-cli-output.schema.json'), 'utf8')) as { $id: string };

const run = runCaptured;

const scratch = inScratchFolder('runbook-cli-output-');

describe('list/show --format json against schemas/runbook-cli-output.schema.json', () => {
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addSchema(SCHEMA);
  const validateList = ajv.getSchema(SCHEMA.$id);
  const validateRunbook = ajv.getSchema(`${SCHEMA.$id}#/definitions/runbook`);

  it('holds for every bundled runbook and the fixtures, and show prints one list entry', async () => {
    assert.ok(validateList && validateRunbook);
    const list = await run('list', '--format', 'json', path.join(FIXTURES, 'valid'), path.join(FIXTURES, 'warnings'));
    assert.equal(list.code, 0, list.err.join('\n'));
    const output = JSON.parse(list.out.join('\n')) as { runbooks: { id: string; source: string }[] };
    assert.ok(validateList(output), JSON.stringify(validateList.errors));
    assert.ok(output.runbooks.length > 10, `${output.runbooks.length} runbooks`);
    const show = await run('show', output.runbooks[0].id, '--format', 'json');
    const one = JSON.parse(show.out.join('\n')) as unknown;
    assert.ok(validateRunbook(one), JSON.stringify(validateRunbook.errors));
    assert.deepEqual(one, output.runbooks[0]);
  });

  it('fails output that leaves out a field or adds one (the schema is closed)', () => {
    assert.ok(validateRunbook);
    const rb = { id: 'a', title: 't', symptom: 's', summary: '', severity: null, source: 'a.yaml', line: 1, tags: [], aliases: [], lintRules: [], variables: [], phases: [], insight: null };
    assert.equal(validateRunbook(rb), true);
    const { insight: _insight, ...missing } = rb;
    assert.equal(validateRunbook(missing), false);
    assert.equal(validateRunbook({ ...rb, extra: 1 }), false);
    assert.equal(validateRunbook({ ...rb, severity: 'urgent' }), false);
  });

  it('takes every id the runbook schema takes (a trailing or doubled hyphen) and none it refuses', () => {
    assert.ok(validateRunbook);
    const rb = { id: 'a', title: 't', symptom: 's', summary: '', severity: null, source: 'a.yaml', line: 1, tags: [], aliases: [], lintRules: [], variables: [], phases: [], insight: null };
    for (const id of ['db-', 'a--b', '9', 'x'.repeat(80)]) assert.equal(validateRunbook({ ...rb, id }), true, id);
    for (const id of ['-db', 'Db', 'a_b', 'x'.repeat(81), '']) assert.equal(validateRunbook({ ...rb, id }), false, id);
  });
});

describe('invalid UTF-8 in a runbook', () => {
  it('finds the first invalid sequence: stray continuation, overlong, surrogate, truncated', () => {
    assert.equal(firstInvalidUtf8(Buffer.from('héllo → ok', 'utf8')), -1);
    assert.equal(firstInvalidUtf8(Uint8Array.from([0x61, 0x80])), 1);
    assert.equal(firstInvalidUtf8(Uint8Array.from([0xc0, 0xaf])), 0);
    assert.equal(firstInvalidUtf8(Uint8Array.from([0x61, 0xed, 0xa0, 0x80])), 1);
    assert.equal(firstInvalidUtf8(Uint8Array.from([0x61, 0x62, 0xe2, 0x82])), 2);
    assert.deepEqual(decodeUtf8(Uint8Array.from([0xff]), 'f').problem?.line, 1);
  });

  it('is a problem at its line and column, the file still loads, and the other files too', async () => {
    const folder = path.join(scratch(), 'utf8');
    mkdirSync(folder);
    const good = 'id: good\ntitle: t\nsymptom: s\nphases:\n  - name: P\n    steps:\n      - id: a\n        text: Do it.\n';
    writeFileSync(path.join(folder, 'good.yaml'), good);
    // Line 3, after "symptom: é": column 11 counts characters (é is one), not bytes (12).
    const bad = Buffer.concat([Buffer.from('id: latin\ntitle: t\nsymptom: é', 'utf8'), Buffer.from([0xe9]), Buffer.from('\nphases:\n  - name: P\n    steps:\n      - id: a\n        text: Do it.\n')]);
    writeFileSync(path.join(folder, 'latin1.yaml'), bad);
    const r = await run('validate', 'utf8');
    assert.equal(r.code, 1);
    assert.deepEqual(r.out, ['utf8/latin1.yaml:3:11: Not valid UTF-8 (byte 0xE9); save the file as UTF-8 (the bad bytes read as \ufffd)']);
    assert.deepEqual(r.err, ['2 runbooks in 2 files: 1 error in 1 file']);
  });
});

describe('runbook incident show --format markdown', () => {
  it('escapes record fields as export does: a line break in a skip reason cannot start a heading', async () => {
    const folder = path.join(scratch(), 'records');
    mkdirSync(folder);
    const events = scriptedEvents().map((e): IncidentEvent =>
      e.type === 'step-skipped' ? { ...e, reason: 'no access\n## Injected heading\n- [x] fake step' } : e.type === 'note' && e.stepId ? { ...e, text: 'see <script>x</script> *now*' } : e,
    );
    assert.ok(events.some((e) => e.type === 'step-skipped'));
    writeFileSync(path.join(folder, 'rec.md'), recordText(events));
    const out: string[] = [];
    const code = await incidentCommand(['show', path.join('records', 'rec.md')], { out: (s) => out.push(s), err: () => undefined }, T0 + 60 * MIN);
    assert.equal(code, 0);
    const text = out.join('\n');
    assert.doesNotMatch(text, /^## Injected/m);
    assert.doesNotMatch(text, /^- \[x\] fake step/m);
    assert.match(text, /skipped, no access \\#\\# Injected heading - \\\[x\\\] fake step/);
    assert.match(text, /see \\<script\\>x\\<\/script\\> \\\*now\\\*/);
  });
});
