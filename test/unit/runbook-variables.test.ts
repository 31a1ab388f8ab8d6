// `variables:` and destructive declarations in both runbook formats, and the warnings the parse
// adds for what a runbook does not declare.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMarkdownRunbooks } from '../../src/core/runbook/markdownRunbook';
import type { Problem } from '../../src/core/runbook/runbookModel';
import { runbookToJson } from '../../src/core/runbook/runbookJson';
import { MAX_WARNINGS_PER_CODE } from '../../src/core/runbook/runbookWarnings';
import { parseYamlRunbooks } from '../../src/core/runbook/yamlRunbook';

const yaml = (text: string) => parseYamlRunbooks(text, '/ws/rb.yaml', 'workspace');
const md = (text: string) => parseMarkdownRunbooks(text, '/ws/rb.md', 'workspace');
const brief = (problems: Problem[]): string[] => problems.map((p) => `${p.line} ${p.severity} ${p.code}`);

const HEAD = `id: t
title: T
symptom: S
`;
const phases = (commands: string): string => `phases:
  - name: Fix
    steps:
      - id: one
        text: Step one.
        commands:
${commands}`;

describe('YAML variables', () => {
  it('reads every field; secret defaults from the name, raw to false', () => {
    const { runbooks, problems } = yaml(`${HEAD}variables:
  - name: pid
    description: PID of the stuck worker
    example: "4242"
    pattern: ^[0-9]+$
    default: "1"
  - name: db_password
    description: Password of the monitoring role
  - name: token_count
    description: How many tokens
    secret: true
  - name: flags
    description: Extra flags for ls
    raw: true
${phases(`          - language: bash
            code: ls {{flags}} /proc/{{pid}} {{db_password}} {{token_count}}
`)}`);
    assert.deepEqual(problems, []);
    assert.deepEqual(runbooks[0].variables, [
      { name: 'pid', description: 'PID of the stuck worker', example: '4242', pattern: '^[0-9]+$', default: '1', secret: false, raw: false, line: 5 },
      { name: 'db_password', description: 'Password of the monitoring role', secret: true, raw: false, line: 10 },
      { name: 'token_count', description: 'How many tokens', secret: true, raw: false, line: 12 },
      { name: 'flags', description: 'Extra flags for ls', secret: false, raw: true, line: 15 },
    ]);
    assert.deepEqual(runbookToJson(runbooks[0]).variables[0], { name: 'pid', description: 'PID of the stuck worker', example: '4242', pattern: '^[0-9]+$', secret: false, default: '1', raw: false });
  });

  it('is [] when absent', () => {
    const { runbooks } = yaml(`${HEAD}${phases(`          - code: df -h\n`)}`);
    assert.deepEqual(runbooks[0].variables, []);
  });

  it('reports duplicates, unusable patterns and bad defaults as errors at their line; a bad example as a warning', () => {
    const { runbooks, problems } = yaml(`${HEAD}variables:
  - name: a
    description: A
  - name: a
    description: A again
  - name: b
    description: B
    pattern: "([a-z]"
  - name: c
    description: C
    pattern: (x+)+y
  - name: d
    description: D
    pattern: "[0-9]+"
    default: abc
  - name: e
    description: E
    pattern: "[0-9]+"
    example: five
  - name: f
    description: F
    nonsense: 1
${phases(`          - code: echo {{a}} {{b}} {{c}} {{d}} {{e}} {{f}}\n`)}`);
    assert.deepEqual(brief(problems), [
      '7 error duplicate-variable',
      '11 error variable-pattern',
      '14 error variable-pattern',
      '18 error variable-default',
      '22 warning variable-example',
      '25 error unknown-field',
    ]);
    assert.match(problems[1].message, /not a valid JavaScript regular expression/);
    assert.match(problems[2].message, /repeats a group/);
    // The unusable pattern or default is dropped, the declaration kept (a secret: true still counts).
    assert.deepEqual(
      runbooks[0].variables.map((v) => [v.name, v.pattern, v.default]),
      [['a', undefined, undefined], ['b', undefined, undefined], ['c', undefined, undefined], ['d', '[0-9]+', undefined], ['e', '[0-9]+', undefined], ['f', undefined, undefined]],
    );
  });

  it('checks the declaration fields against the schema', () => {
    const { problems } = yaml(`${HEAD}variables:
  - name: "1bad"
    description: ""
    secret: "yes"
${phases(`          - code: df -h\n`)}`);
    assert.deepEqual(brief(problems), ['5 error schema', '6 error schema', '7 error schema']);
  });
});

describe('YAML commands: destructive, risk, line', () => {
  it('keeps the declaration and the line of the first line of code', () => {
    const { runbooks, problems } = yaml(`${HEAD}${phases(`          - language: sql
            code: |-
              DROP TABLE old_events;
            destructive: true
            risk: The table's rows are gone; restore from the last backup.
          - language: bash
            code: "rm -rf /tmp/cache"
            destructive: false
`)}`);
    assert.deepEqual(problems, []);
    assert.deepEqual(runbooks[0].phases[0].steps[0].commands, [
      { language: 'sql', code: 'DROP TABLE old_events;', destructive: true, risk: "The table's rows are gone; restore from the last backup.", line: 12 },
      { language: 'bash', code: 'rm -rf /tmp/cache', destructive: false, line: 16 },
    ]);
  });

  it('warns, at the command, about an undeclared destructive command and a declared one without risk', () => {
    const { problems } = yaml(`${HEAD}${phases(`          - language: redis
            code: FLUSHALL
          - language: bash
            code: |-
              echo fine
              kubectl -n prod delete pod web-0
          - language: bash
            code: echo harmless
          - language: java
            code: Runtime.exec("rm -rf /")
          - language: bash
            code: echo ok
            destructive: true
`)}`);
    assert.deepEqual(brief(problems), ['11 warning undeclared-destructive-command', '14 warning undeclared-destructive-command', '21 warning destructive-without-risk']);
    assert.match(problems[0].message, /redis command looks destructive \(.*FLUSHALL/);
  });

  it('caps each kind of warning per runbook', () => {
    // Two placeholders per command: a step holds at most 50 commands.
    const commands = Array.from({ length: 28 }, (_, i) => `          - code: echo {{a${i}}} {{b${i}}}\n`).join('');
    const { problems } = yaml(`${HEAD}${phases(commands)}`);
    assert.equal(problems.length, MAX_WARNINGS_PER_CODE + 1);
    assert.ok(problems.every((p) => p.code === 'undeclared-placeholder' && p.severity === 'warning'));
    // The count sits on the runbook's first line; the file's problems are in line order.
    assert.match(problems[0].message, /^6 more undeclared-placeholder warnings in runbook "t" not shown$/);
    assert.deepEqual(brief(problems).slice(1, 4), ['10 warning undeclared-placeholder', '10 warning undeclared-placeholder', '11 warning undeclared-placeholder']);
  });
});

describe('Markdown variables and destructive commands', () => {
  const RUNBOOK = [
    '## Redis cache is full', //                                                          1
    '',
    '> Writes fail with OOM.',
    '',
    '### Variables', //                                                                    5
    '',
    'Asked once per incident:',
    '',
    '- `{{redis_host}}` — host name of the Redis primary (e.g. `cache-1.internal`; pattern `[a-z0-9.-]+`)',
    '- `{{ db }}`: logical database (e.g. `0`; pattern `[0-9]{1,2}`; default `0`)', //    10
    '- `{{auth}}` - the password (secret)',
    '- `{{flags}}` extra flags (raw; e.g. `--no-raw`)',
    '- `{{note}}` — free text (optional, anything)',
    '',
    '### Fix (0–10 min)', //                                                               15
    '- Flush the cache database',
    '  ```bash destructive',
    '  redis-cli -h {{redis_host}} -n {{db}} -a {{auth}} {{flags}} FLUSHDB',
    '  ```',
    '  > **Risk:** every key in that database is gone;', //                                20
    '  > sessions stored there log everyone out.',
    '- Check the memory {{note}}',
    '  ```bash safe',
    '  redis-cli -h {{redis_host}} INFO memory # not FLUSHALL {{note}}',
    '  ```', //                                                                            25
    '',
    '```redis',
    'DEL stale:1',
    '```',
    '',
    '> Risk: removes one key.',
  ].join('\n');

  it('reads the Variables section: description, example, pattern, default, secret, raw', () => {
    const { runbooks, problems } = md(RUNBOOK);
    assert.deepEqual(problems, []);
    const rb = runbooks[0];
    assert.deepEqual(rb.variables, [
      { name: 'redis_host', description: 'host name of the Redis primary', example: 'cache-1.internal', pattern: '[a-z0-9.-]+', secret: false, raw: false, line: 9 },
      { name: 'db', description: 'logical database', example: '0', pattern: '[0-9]{1,2}', default: '0', secret: false, raw: false, line: 10 },
      { name: 'auth', description: 'the password', secret: true, raw: false, line: 11 },
      { name: 'flags', description: 'extra flags', example: '--no-raw', secret: false, raw: true, line: 12 },
      { name: 'note', description: 'free text (optional, anything)', secret: false, raw: false, line: 13 },
    ]);
    assert.deepEqual(rb.phases.map((p) => p.name), ['Fix'], 'the Variables section is not a phase');
    assert.doesNotMatch(rb.summary, /redis_host/);
  });

  it('reads `destructive`/`safe` in the fence info and a `> Risk:` quote after the block', () => {
    const steps = md(RUNBOOK).runbooks[0].phases[0].steps;
    assert.deepEqual(steps[0].commands, [
      {
        language: 'bash',
        code: 'redis-cli -h {{redis_host}} -n {{db}} -a {{auth}} {{flags}} FLUSHDB',
        destructive: true,
        risk: 'every key in that database is gone; sessions stored there log everyone out.',
        line: 18,
      },
    ]);
    assert.equal(steps[0].text, 'Flush the cache database', 'the risk quote is not step text');
    assert.deepEqual(steps[1].commands, [
      { language: 'bash', code: 'redis-cli -h {{redis_host}} INFO memory # not FLUSHALL {{note}}', destructive: false, line: 24 },
      { language: 'redis', code: 'DEL stale:1', destructive: true, risk: 'removes one key.', line: 28 },
    ]);
  });

  it('warns about undeclared placeholders and destructive commands, bad items and duplicates', () => {
    const text = [
      '## Cache',
      '> Slow.',
      '### Variables',
      '- redis_host — no backticks',
      '- `{{a}}` — A (pattern `(a|b)+`)',
      '- `{{b}}` — B',
      '- `{{b}}` — B again',
      '### Fix (0–5 min)',
      '- Flush',
      '  ```bash',
      '  redis-cli -h {{host}} FLUSHALL {{b}}',
      '  ```',
    ].join('\n');
    const { problems } = md(text);
    assert.deepEqual(brief(problems), [
      '4 warning variable-syntax',
      '5 error variable-pattern',
      '7 error duplicate-variable',
      '11 warning undeclared-destructive-command',
      '11 warning undeclared-placeholder',
      // {{a}} keeps its declaration without the unusable pattern; no command uses it.
      '5 warning unused-variable',
    ]);
    assert.match(problems[4].message, /\{\{host\}\}/);
  });
});

describe('the bundled runbooks', () => {
  it('declare every placeholder and every destructive command the detector finds: no problem at all', async () => {
    const { bundledRunbooksDir, loadRunbooks } = await import('../../src/core/runbook/loader');
    // As `runbook validate runbooks` reads them: loaded as bundled, the detector is not run.
    const result = await loadRunbooks([{ path: bundledRunbooksDir(), kind: 'cli' }]);
    assert.ok(result.runbooks.length >= 12);
    assert.deepEqual(result.problems.map((p) => `${p.file}:${p.line} ${p.code} ${p.message}`), []);
    for (const rb of result.runbooks) {
      for (const v of rb.variables) assert.ok(v.description && v.example !== undefined, `${rb.id}: ${v.name} has a description and an example`);
    }
  });

  it('give {{pid}} one meaning per runbook: disk-full-database-host names its two processes apart', async () => {
    const { bundledRunbooksDir, loadRunbooks } = await import('../../src/core/runbook/loader');
    const { runbookPlaceholders } = await import('../../src/core/incident/placeholders');
    const result = await loadRunbooks([{ path: bundledRunbooksDir(), kind: 'bundled' }]);
    const disk = result.runbooks.find((rb) => rb.id === 'disk-full-database-host');
    const names = runbookPlaceholders(disk!);
    assert.ok(names.includes('holder_pid') && names.includes('backend_pid') && !names.includes('pid'), names.join(' '));
  });
});

describe('bundled runbooks are not read by the detector when loaded', () => {
  it('an undeclared destructive command in a bundled file gives no warning; the same file from a workspace does', () => {
    const text = `${HEAD}${phases(`          - language: redis\n            code: FLUSHALL\n`)}`;
    assert.deepEqual(parseYamlRunbooks(text, '/b.yaml', 'bundled').problems, []);
    assert.deepEqual(brief(parseYamlRunbooks(text, '/w.yaml', 'workspace').problems), ['11 warning undeclared-destructive-command']);
  });
});

describe('exports show variables and destructive commands', () => {
  it('Markdown: a Variables list and `lang destructive` fences with their risk, which the importer reads back', async () => {
    const { runbookToMarkdown } = await import('../../src/core/runbook/render');
    const { runbooks } = yaml(`${HEAD}variables:
  - name: slot
    description: Replication slot to drop
    example: "old_\`slot"
    pattern: ^[a-z_\`]+$
${phases(`          - language: sql
            code: SELECT pg_drop_replication_slot('{{slot}}');
            destructive: true
            risk: The replica using it must be rebuilt.
`)}`);
    const out = runbookToMarkdown(runbooks[0]);
    assert.match(out, /^- `\{\{slot\}\}` — Replication slot to drop \(e\.g\. ``old_`slot``; pattern ``\^\[a-z_`\]\+\$``\)$/m);
    assert.match(out, /```sql destructive\n {2}SELECT pg_drop_replication_slot\('\{\{slot\}\}'\);\n {2}```\n\n {2}> \*\*Risk:\*\* The replica using it must be rebuilt\./);
    // Back through the importer (as a ## runbook with a ### phase).
    const again = md(out.replace(/^# /, '## ').replace(/^## Fix/m, '### Fix (0–5 min)').replace('**Variables**', '### Variables'));
    assert.deepEqual(again.runbooks[0].variables.map((v) => [v.name, v.example, v.pattern]), [['slot', 'old_`slot', '^[a-z_`]+$']]);
    const command = again.runbooks[0].phases[0].steps[0].commands[0];
    assert.deepEqual([command.destructive, command.risk], [true, 'The replica using it must be rebuilt.']);
  });

  it('HTML: the risk under the command, escaped', async () => {
    const { runbookToStandaloneHtml } = await import('../../src/core/runbook/render');
    const { runbooks } = yaml(`${HEAD}${phases(`          - code: rm -rf /tmp/x
            destructive: true
            risk: Deletes <b>everything</b> in /tmp/x.
`)}`);
    assert.match(runbookToStandaloneHtml(runbooks[0]), /<\/pre>\n<p class="risk"><strong>Destructive\.<\/strong> Deletes &lt;b&gt;everything&lt;\/b&gt; in \/tmp\/x\.<\/p>/);
  });
});

describe('hostile Markdown stays fast', () => {
  it('thousands of commands keep their lines; a Variables item full of code spans is read in linear time', () => {
    const blocks = Array.from({ length: 4000 }, (_, i) => `- step ${i}\n  \`\`\`b\\*ash\n  echo ${i}\n  \`\`\``).join('\n');
    const hugeItem = `- \`{{v}}\` — ${'`a` ; ( ) '.repeat(20000)}(e.g. \`1\`)`;
    const text = `## Big\n> Slow.\n### Variables\n${hugeItem}\n### Fix (0–5 min)\n${blocks}\n`;
    const start = Date.now();
    const { runbooks } = md(text);
    const elapsed = Date.now() - start;
    const commands = runbooks[0].phases[0].steps.flatMap((s) => s.commands);
    assert.equal(commands.length, 4000);
    assert.deepEqual([commands[0].language, commands[0].line, commands[3999].line], ['b*ash', 8, 8 + 3999 * 4]);
    assert.equal(runbooks[0].variables[0].example, '1');
    assert.ok(elapsed < 5000, `took ${elapsed} ms`);
  });
});
