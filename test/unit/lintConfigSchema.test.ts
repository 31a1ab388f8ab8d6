import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import validateLintConfig from 'compiled-schema:runbooklint.schema.json';
import validateRunbook from 'compiled-schema:runbook.schema.json';
import { ENGINE_RULES } from '../../src/core/lint/engine';
import { lintConfigSchema } from '../../src/core/lint/lintConfigSchema';
import { parseLintConfig } from '../../src/core/lint/lintConfig';
import { allRules } from '../../src/core/lint/rules';
import { WORDED_KEYWORDS } from '../../src/core/schema/schemaIssues';

const ROOT = path.join(__dirname, '..', '..', '..');
const SCHEMAS = path.join(ROOT, 'schemas');
const readJson = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

/** Files under `dir` (hidden folders included, node_modules not) whose name matches. */
function filesUnder(dir: string, name: RegExp): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (entry === 'node_modules') continue;
    if (statSync(full).isDirectory()) out.push(...filesUnder(full, name));
    else if (name.test(entry)) out.push(full);
  }
  return out;
}

/** Every keyword a schema uses (property names under `properties` are names, not keywords). */
function keywordsOf(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => keywordsOf(n, out));
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      out.add(key);
      if (key === 'properties' || key === 'definitions') Object.values(value as object).forEach((v) => keywordsOf(v, out));
      else if (key !== 'enum') keywordsOf(value, out);
    }
  }
  return out;
}

const ANNOTATIONS = ['$schema', '$id', 'title', 'description', 'definitions', 'properties', '$ref', 'allOf', 'items', 'propertyNames'];

describe('shipped schemas', () => {
  it('schemas/runbooklint.schema.json is generated from the rules (run `node scripts/gen-lint-config-schema.mjs`)', () => {
    assert.deepEqual(readJson(path.join(SCHEMAS, 'runbooklint.schema.json')), JSON.parse(JSON.stringify(lintConfigSchema([...allRules, ...ENGINE_RULES]))));
  });

  it('every rule option is documented on the rule\'s page', () => {
    const missing = allRules.flatMap((r) =>
      Object.keys(r.options ?? {})
        .filter((o) => !readFileSync(path.join(ROOT, 'docs', 'rules', `${r.id}.md`), 'utf8').includes(o))
        .map((o) => `${r.id}: ${o}`),
    );
    assert.deepEqual(missing, []);
  });

  it('use only keywords whose errors are worded (schemaIssues.ts)', () => {
    for (const file of ['runbook.schema.json', 'runbooklint.schema.json']) {
      const unworded = [...keywordsOf(readJson(path.join(SCHEMAS, file)))].filter((k) => !WORDED_KEYWORDS.includes(k) && !ANNOTATIONS.includes(k));
      assert.deepEqual(unworded, [], file);
    }
  });

  it('accept the bundled runbooks, the examples and the demo workspace', () => {
    const runbooks = [...filesUnder(path.join(ROOT, 'runbooks'), /\.ya?ml$/), ...filesUnder(path.join(ROOT, 'demo-workspace'), /\.ya?ml$/)];
    assert.ok(runbooks.length >= 10, `${runbooks.length} runbook files`);
    for (const file of runbooks) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
        assert.equal(validateRunbook(doc.toJS()), true, `${file}: ${JSON.stringify(validateRunbook.errors)}`);
      }
    }
    const configs = [...filesUnder(path.join(ROOT, 'examples'), /^\.runbooklint\.ya?ml$/), ...filesUnder(path.join(ROOT, 'demo-workspace'), /^\.runbooklint\.ya?ml$/)];
    assert.ok(configs.length >= 2, `${configs.length} config files`);
    for (const file of configs) {
      const text = readFileSync(file, 'utf8');
      assert.equal(validateLintConfig(parseAllDocuments(text)[0]?.toJS() ?? {}), true, `${file}: ${JSON.stringify(validateLintConfig.errors)}`);
      assert.deepEqual(parseLintConfig(text, file).problems, [], file);
    }
  });

  it('are shipped in the .vsix and registered for the YAML language server', () => {
    const ignore = readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('!schemas/**'));
    const manifest = readJson(path.join(ROOT, 'package.json')) as { contributes: { yamlValidation: { fileMatch: string[]; url: string }[] } };
    const byUrl = new Map(manifest.contributes.yamlValidation.map((v) => [v.url, v.fileMatch]));
    assert.ok(byUrl.get('./schemas/runbook.schema.json')?.includes('**/.runbooks/**/*.yaml'));
    assert.deepEqual(byUrl.get('./schemas/runbooklint.schema.json'), ['**/.runbooklint.yaml', '**/.runbooklint.yml']);
  });
});
