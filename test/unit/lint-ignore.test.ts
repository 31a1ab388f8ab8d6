import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultLintConfig } from '../../src/core/lint/lintConfig';
import { LineIndex, lintText } from '../../src/core/lint/engine';
import { parseIgnoreDirectives } from '../../src/core/lint/ignore';
import type { FileKind, Finding, ResolvedLintConfig } from '../../src/core/lint/types';
import { badRule, otherRule } from './lintTestRules';

const RULES = [badRule, otherRule];

function lint(text: string, file: string, config: ResolvedLintConfig = defaultLintConfig()): Finding[] {
  return lintText(text, file, config, { rules: RULES }).findings;
}
const summary = (fs: Finding[]): string[] => fs.map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.ruleId}`);

describe('ignore comments', () => {
  it('next line: silences only the line after the comment, with or without a reason', () => {
    const text = ['# runbook-lint-disable-next-line fake-bad -- legacy client', 'a=BAD', 'b=BAD'].join('\n');
    assert.deepEqual(summary(lint(text, 'app.properties')), ['3:3-3:6 fake-bad']);
    const noReason = ['  ! runbook-lint-disable-next-line fake-bad', 'a=BAD'].join('\n');
    assert.deepEqual(lint(noReason, 'app.properties'), []);
  });

  it('same line: a trailing comment silences its own line where the format has trailing comments', () => {
    assert.deepEqual(lint('timeout: BAD # runbook-lint-disable-line fake-bad\nother: BAD\n', 'a.yaml').map((f) => f.line), [2]);
    assert.deepEqual(lint('timeout = BAD ; runbook-lint-disable-line\n', 'redis.conf'), []);
    // In .properties `key=BAD # ...` is the value "BAD # ...": no comment, nothing silenced or reported.
    assert.deepEqual(summary(lint('a=BAD # runbook-lint-disable-line fake-bad\n', 'app.properties')), ['1:3-1:6 fake-bad']);
    // A `#` inside a quoted YAML value is text.
    assert.deepEqual(summary(lint('a: "BAD # runbook-lint-disable-line fake-bad"\n', 'a.yaml')), ['1:5-1:8 fake-bad']);
  });

  it('whole file: from anywhere in the file; no rule list means every rule', () => {
    const text = 'a=BAD\nb=OTHER\n# runbook-lint-disable fake-bad\n';
    assert.deepEqual(summary(lint(text, 'a.env')), ['2:3-2:8 fake-other']);
    assert.deepEqual(lint('a=BAD\nb=OTHER\n# runbook-lint-disable -- generated file\n', 'a.env'), []);
    assert.deepEqual(lint('# runbook-lint-disable-next-line\na=BAD OTHER\n', 'a.env'), []);
  });

  it('takes several rules, separated by commas or spaces', () => {
    assert.deepEqual(lint('# runbook-lint-disable-next-line fake-bad, fake-other\na=BAD OTHER\n', 'a.env'), []);
    assert.deepEqual(lint('# runbook-lint-disable-next-line fake-bad fake-other\na=BAD OTHER\n', 'a.env'), []);
  });

  it('reports an ignore comment that suppresses nothing, at the comment', () => {
    const text = 'a=1\n  # runbook-lint-disable-next-line fake-bad -- why\nb=GOOD\n';
    const got = lint(text, 'a.env');
    assert.deepEqual(summary(got), ['2:3-2:51 unused-disable']);
    assert.equal(got[0].severity, 'warning');
    assert.equal(got[0].message, 'runbook-lint-disable-next-line comment suppresses nothing: the next line has no finding of fake-bad. Remove it.');
    // Configurable like a rule.
    assert.equal(lint(text, 'a.env', { ...defaultLintConfig(), rules: { 'unused-disable': 'info' } })[0].severity, 'info');
    assert.deepEqual(lint(text, 'a.env', { ...defaultLintConfig(), rules: { 'unused-disable': 'off' } }), []);
  });

  it('reports the unused rule of a list at its id, and an unknown rule id', () => {
    const text = '# runbook-lint-disable-next-line fake-bad, fake-other, no-such-rule\na=BAD\n';
    const got = lint(text, 'a.env');
    assert.deepEqual(summary(got), ['1:44-1:54 unused-disable', '1:56-1:68 unused-disable']);
    assert.match(got[0].message, /"fake-other" in this runbook-lint-disable-next-line comment suppresses nothing/);
    assert.match(got[1].message, /Unknown rule "no-such-rule"/);
  });

  it('does not report a comment for a rule turned off in the config, and a second equal directive is the unused one', () => {
    const config = { ...defaultLintConfig(), rules: { 'fake-bad': 'off' as const } };
    assert.deepEqual(lint('# runbook-lint-disable-next-line fake-bad\na=BAD\n', 'a.env', config), []);
    const twice = '# runbook-lint-disable fake-bad\n# runbook-lint-disable fake-bad\na=BAD\n';
    assert.deepEqual(summary(lint(twice, 'a.env')), ['2:1-2:32 unused-disable']);
  });

  it('requires the directive to open the comment', () => {
    assert.deepEqual(summary(lint('# see runbook-lint-disable-next-line fake-bad\na=BAD\n', 'a.env')), ['2:3-2:6 fake-bad']);
    assert.deepEqual(summary(lint('# runbook-lint-disabled fake-bad\na=BAD\n', 'a.env')), ['2:3-2:6 fake-bad']);
  });

  it('SQL: honours -- and block comments, never text inside string literals', () => {
    const ok = ['-- runbook-lint-disable-next-line fake-bad -- empty table', 'CREATE INDEX BAD ON t (x);', 'SELECT 1; /* runbook-lint-disable-line fake-other */ SELECT OTHER;'].join('\n');
    assert.deepEqual(lint(ok, 'm.sql'), []);
    const literal = ["SELECT '-- runbook-lint-disable-next-line fake-bad';", 'UPDATE BAD SET x = 1;', "SELECT $$ -- runbook-lint-disable fake-bad $$, E'\\' -- runbook-lint-disable';", 'SELECT "-- runbook-lint-disable";'].join('\n');
    assert.deepEqual(summary(lint(literal, 'm.sql')), ['2:8-2:11 fake-bad']);
    // MySQL: `#` comments count; `--` needs a space after it.
    const mysql = { ...defaultLintConfig(), sqlDialect: 'mysql' as const };
    assert.deepEqual(lint('# runbook-lint-disable-next-line fake-bad\nALTER TABLE BAD;\n', 'm.sql', mysql), []);
    assert.deepEqual(summary(lint("SELECT 'it\\'s -- runbook-lint-disable';\nBAD\n", 'm.sql', mysql)), ['2:1-2:4 fake-bad']);
  });

  it('XML: <!-- --> comments, with a reason after a lone dash; CDATA is text', () => {
    const xml = ['<web-app>', '  <!-- runbook-lint-disable-next-line fake-bad - legacy -->', '  <session-timeout>BAD</session-timeout>', '  <![CDATA[ <!-- runbook-lint-disable --> ]]>', '  <x>OTHER</x>', '</web-app>'].join('\n');
    assert.deepEqual(summary(lint(xml, 'web.xml')), ['5:6-5:11 fake-other']);
  });

  it('JSON: honours JSONC comments but not text in strings', () => {
    const json = '{\n  // runbook-lint-disable-next-line fake-bad\n  "a": "BAD",\n  "b": "// runbook-lint-disable-next-line fake-other",\n  "c": "OTHER"\n}';
    assert.deepEqual(summary(lint(json, 'tsconfig.json')), ['5:9-5:14 fake-other']);
  });

  it('parses the kind, rules, reason and target line of each directive', () => {
    const text = 'x\n-- runbook-lint-disable-next-line a, b -- because: reasons\n/* runbook-lint-disable-line */\n/*\n runbook-lint-disable c\n*/';
    const index = new LineIndex(text);
    const got = parseIgnoreDirectives(text, 'sql' as FileKind, 'postgresql', (o) => index.line(o));
    assert.deepEqual(
      got.map((d) => [d.kind, d.rules?.map((r) => r.id), d.reason, d.targetLine]),
      [
        ['disable-next-line', ['a', 'b'], 'because: reasons', 3],
        ['disable-line', undefined, undefined, 3],
        ['disable', ['c'], undefined, undefined],
      ],
    );
    assert.equal(text.slice(got[0].rules?.[1].start, got[0].rules?.[1].end), 'b');
  });
});
