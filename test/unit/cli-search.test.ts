// `runbook search`: text and JSON output, exit codes, how TEXT and PATHs are told apart.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv from 'ajv';
import { runCaptured as run, USAGE_HINT } from './cliRun';

const ROOT = path.join(__dirname, '..', '..', '..');
const SCHEMA = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'runbook-cli-output.schema.json'), 'utf8')) as { $id: string };

const OWN = `id: payments-webhook-retries
title: Payment provider webhooks retried
symptom: The provider retries webhooks and we charge twice.
aliases: [StripeWebhookFailures, "duplicate charge"]
phases:
  - name: Triage
    steps:
      - id: one
        text: Check the webhook log.
`;

let dir = '';
let previousCwd = '';
before(() => {
  previousCwd = process.cwd();
  dir = mkdtempSync(path.join(tmpdir(), 'runbook-cli-search-'));
  writeFileSync(path.join(dir, 'own.yaml'), OWN);
  process.chdir(dir);
});
after(() => {
  process.chdir(previousCwd);
  rmSync(dir, { recursive: true, force: true });
});

interface SearchJson {
  results: { id: string; title: string; score: number; source: string; matched: { field: string; words: string[] }[] }[];
}

describe('runbook search', () => {
  it('prints the best match first with why it matched, from unquoted words', async () => {
    const r = await run('search', 'x509:', 'certificate', 'has', 'expired');
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.match(r.out[0], /^ 1\. tls-certificate-expired +\d+\.\d +TLS certificate expired$/);
    assert.match(r.out[1], /^ +alias: “certificate has expired”, x509, certificate, expired · title: certificate, expired/);
  });

  it('prints JSON best first, valid against the output schema, within --limit', async () => {
    const r = await run('search', '--format', 'json', '--limit', '3', 'KafkaConsumerGroupLagHigh orders lag growing');
    assert.equal(r.code, 0, r.err.join('\n'));
    const output = JSON.parse(r.out.join('\n')) as SearchJson;
    const ajv = new Ajv({ allErrors: true, strict: true });
    ajv.addSchema(SCHEMA);
    const validate = ajv.getSchema(`${SCHEMA.$id}#/definitions/searchOutput`);
    assert.ok(validate);
    assert.ok(validate(output), JSON.stringify(validate.errors));
    assert.equal(output.results[0].id, 'queue-backlog');
    assert.equal(output.results[0].source, 'bundled:queue-backlog.yaml');
    assert.ok(output.results.length <= 3);
    assert.ok(output.results.every((h, i) => i === 0 || h.score <= output.results[i - 1].score));
  });

  it('searches the files after --, and only them with --no-bundled', async () => {
    const r = await run('search', '--no-bundled', '--format', 'json', 'duplicate', 'charge', '--', 'own.yaml');
    assert.equal(r.code, 0, r.err.join('\n'));
    const output = JSON.parse(r.out.join('\n')) as SearchJson;
    assert.deepEqual(output.results.map((h) => [h.id, h.source]), [['payments-webhook-retries', 'own.yaml']]);
    // Without --, own.yaml is a word of the alert, not a path.
    const words = await run('search', '--no-bundled', 'duplicate', 'own.yaml');
    assert.equal(words.code, 1);
  });

  it('exits 1 with a message when nothing matches, [] in JSON', async () => {
    const r = await run('search', 'zzqqx');
    assert.equal(r.code, 1);
    assert.deepEqual(r.out, []);
    assert.match(r.err.join('\n'), /no runbook matches "zzqqx" among \d+ runbooks/);
    const json = await run('search', '--format', 'json', 'the of and');
    assert.equal(json.code, 1);
    assert.deepEqual(JSON.parse(json.out.join('\n')), { results: [] });
  });

  it('exits 2 on a usage error or an unreadable path', async () => {
    for (const args of [['search'], ['search', '--limit', '0', 'x'], ['search', '--limit', 'ten', 'x'], ['search', '--format', 'xml', 'x'], ['search', '--', 'own.yaml']]) {
      const r = await run(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.err[r.err.length - 1], USAGE_HINT, args.join(' '));
    }
    const missing = await run('search', 'disk', '--', 'nowhere');
    assert.equal(missing.code, 2);
    assert.match(missing.err[0], /cannot read nowhere/);
  });

  it('has help, listed in the general help', async () => {
    const help = await run('search', '--help');
    assert.equal(help.code, 0);
    assert.match(help.out[0], /runbook search TEXT\.\.\. \[--format text\|json\] \[--limit N\] \[--no-bundled\] \[-- PATH\.\.\.\]/);
    const general = await run('--help');
    assert.match(general.out.join('\n'), /runbook search TEXT/);
  });
});
