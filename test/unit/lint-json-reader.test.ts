// The fast JSON reader gives exactly the entries the YAML reader gives for the same strict JSON
// (JSON is YAML 1.2), and declines everything else so the YAML reader keeps reading it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { entriesOf } from '../../src/core/lint/formats';
import { readJsonEntries } from '../../src/core/lint/formats/json';
import { parseYamlConfig } from '../../src/core/lint/formats/yamlConfig';
import { lintText } from '../../src/core/lint/engine';
import { defaultLintConfig } from '../../src/core/lint/lintConfig';

/** A small seeded generator (mulberry32): the same documents every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['name', 'value', 'environment', 'env', 'timeout', 'server.port', 'session', 'ttl', 'a b', 'é', 'x"y', '', 'HTTP_TIMEOUT', '30'];
const STRINGS = ['30', '30s', 'HTTP_TIMEOUT', 'KEY=value', 'tab\there', 'line\nbreak', 'quote"d', 'back\\slash', 'é', '😀', '\u2028', '\u0085', '/path', ''];
const LITERALS = ['0', '-1', '30', '1.5', '1e3', '-0.25E-2', 'true', 'false', 'null'];

function generate(rnd: () => number, depth: number): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const r = rnd();
  if (depth > 4 || r < 0.35) return rnd() < 0.5 ? pick(STRINGS) : { literal: pick(LITERALS) };
  if (r < 0.55) return Array.from({ length: Math.floor(rnd() * 4) }, () => generate(rnd, depth + 1));
  if (r < 0.65) return [{ key: 'name', value: pick(['HTTP_TIMEOUT', 'DB_TTL', '9x', 'a-b']) }, { key: 'value', value: generate(rnd, depth + 1) }];
  return Array.from({ length: Math.floor(rnd() * 5) }, () => ({ key: pick(KEYS), value: generate(rnd, depth + 1) }));
}

/** JSON text from the generated shape: objects are member lists (duplicate keys allowed), literals as written. */
function render(v: unknown, rnd: () => number, indent: string | undefined, level = 0): string {
  const pad = indent === undefined ? '' : `\n${indent.repeat(level + 1)}`;
  const close = indent === undefined ? '' : `\n${indent.repeat(level)}`;
  const sep = rnd() < 0.5 ? ': ' : ':';
  if (typeof v === 'string') return rnd() < 0.3 ? JSON.stringify(v).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : JSON.stringify(v);
  if (Array.isArray(v) && v.every((m) => typeof m === 'object' && m !== null && 'key' in m)) {
    if (v.length === 0) return '{}';
    return `{${v.map((m: { key: string; value: unknown }) => `${pad}${JSON.stringify(m.key)}${sep}${render(m.value, rnd, indent, level + 1)}`).join(',')}${close}}`;
  }
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[${v.map((x) => `${pad}${render(x, rnd, indent, level + 1)}`).join(',')}${close}]`;
  return (v as { literal: string }).literal;
}

describe('the JSON reader', () => {
  it('gives the YAML reader\'s entries, in its order, for 2,000 generated documents compact and indented', () => {
    const rnd = random(12);
    let compared = 0;
    for (let n = 0; n < 2000; n++) {
      const doc = generate(rnd, 0);
      const text = render(doc, rnd, [undefined, '  ', '\t'][n % 3]);
      const ours = readJsonEntries(text);
      assert.ok(ours, `not read as JSON: ${text}`);
      assert.deepEqual(ours, parseYamlConfig(text).entries, text);
      compared += ours.length;
    }
    assert.ok(compared > 3000, `${compared} entries compared`);
  });

  it('reads Kubernetes env lists and nested settings as the YAML reader does', () => {
    const text = '{"spec":{"containers":[{"env":[{"name":"HTTP_TIMEOUT","value":"30"}]}]},"server":{"servlet":{"session":{"timeout":30}}},"n":null}';
    const entries = readJsonEntries(text);
    assert.deepEqual(
      entries?.map((e) => [e.key, e.value, text.slice(e.valueStart, e.valueEnd)]),
      [
        ['spec.containers[0].env[0].name', 'HTTP_TIMEOUT', 'HTTP_TIMEOUT'],
        ['HTTP_TIMEOUT', '30', '30'],
        ['spec.containers[0].env[0].value', '30', '30'],
        ['server.servlet.session.timeout', '30', '30'],
      ],
    );
    assert.deepEqual(entries, parseYamlConfig(text).entries);
  });

  it('declines what is not strict JSON, and the YAML reader still reads it', () => {
    for (const text of [
      '{"a": 1,}',
      '{"a": 1} // comment',
      "{'a': 1}",
      '{"a": NaN}',
      '{"a": 01}',
      '{"a": "tab\there"}',
      '{"a": "\\x41"}',
      '{"a": "\\u12"}',
      '{"a": 1',
      '{"a" 1}',
      '[1 2]',
      'a: 1',
      '',
      '{"a": 1}{"b": 2}',
    ]) {
      assert.equal(readJsonEntries(text), undefined, text);
    }
    assert.deepEqual(entriesOf('{"timeout": 30,}', 'json').map((e) => e.key), parseYamlConfig('{"timeout": 30,}').entries.map((e) => e.key));
  });

  it('leaves nesting deeper than the YAML reader reads to it', () => {
    const deep = `${'['.repeat(100)}1${']'.repeat(100)}`;
    assert.equal(readJsonEntries(deep), undefined);
    assert.deepEqual(entriesOf(deep, 'json'), parseYamlConfig(deep).entries);
    const shallow = `${'{"a":'.repeat(40)}30${'}'.repeat(40)}`;
    assert.deepEqual(readJsonEntries(shallow), parseYamlConfig(shallow).entries);
  });

  it('is linear: a megabyte of one-line JSON, 400,000 nested arrays, 100,000 escapes', () => {
    const flat = JSON.stringify(Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`key_${i}`, `value ${i}`])));
    assert.equal(readJsonEntries(flat)?.length, 40_000);
    assert.equal(readJsonEntries('['.repeat(400_000)), undefined);
    assert.equal(readJsonEntries(JSON.stringify({ a: '\n'.repeat(100_000) }))?.[0].value.length, 100_000);
  });

  it('reports through the rules at the value as written: a timeout without its unit in a JSON config', () => {
    const text = '{\n  "server": {"servlet": {"session": {"timeout": 30}}}\n}\n';
    const findings = lintText(text, 'config/settings.json', defaultLintConfig()).findings;
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.line, f.column, text.split('\n')[f.line - 1].slice(f.column - 1, f.endColumn - 1)]),
      [['duration-without-unit', 2, 49, '30']],
    );
  });
});
