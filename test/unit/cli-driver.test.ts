// The CLI driver: help for every subcommand, one usage-error wording, exit codes, and what the
// driver does to output (control characters made visible).
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { commandHelp, parseCommandArgs } from '../../src/cli/cliArgs';
import { COMMANDS, LINT } from '../../src/cli/commandSpecs';
import { USAGE_HINT, inScratchFolder, runCaptured, type CliRun } from './cliRun';
import { visibleText } from '../../src/cli/visibleText';

const run = runCaptured;
type Run = CliRun;

/** A valid runbook file's text, with `extra` lines at the end. */
function runbookYaml(id: string, title: string, extra = ''): string {
  return `id: ${id}\ntitle: ${JSON.stringify(title)}\nsymptom: s\nphases:\n  - name: P\n    steps:\n      - id: a\n        text: Do it.\n${extra}`;
}

const HINT = USAGE_HINT;
const usage = (message: string): Run => ({ code: 2, out: [], err: [`runbook: ${message}`, HINT] });

const scratch = inScratchFolder('runbook-cli-driver-');

describe('runbook help', () => {
  it('prints each subcommand help for `help CMD`, `CMD --help` and `CMD -h`, with exit 0 and nothing on stderr', async () => {
    for (const spec of COMMANDS) {
      const words = spec.name.split(' ');
      const viaHelp = await run('help', ...words);
      assert.equal(viaHelp.code, 0, spec.name);
      assert.deepEqual(viaHelp.err, []);
      const text = viaHelp.out.join('\n');
      assert.equal(text, commandHelp(spec));
      assert.match(text, new RegExp(`^Usage:\\n {2}runbook ${spec.name} `));
      for (const option of Object.keys(spec.options)) assert.ok(text.includes(`--${option}`), `${spec.name} help names --${option}`);
      assert.match(text, /^Exit codes: 0 /m);
      // Help wins over missing or wrong arguments: `validate --help` needs no path.
      for (const flag of ['--help', '-h']) assert.deepEqual(await run(...words, flag), viaHelp, `${spec.name} ${flag}`);
      assert.deepEqual(await run(...words, '--format', 'nope', '--help'), viaHelp);
    }
  });

  it('prints the general help with every command and the exit codes; `help incident` lists its subcommands', async () => {
    const general = await run('help');
    assert.equal(general.code, 0);
    const text = general.out.join('\n');
    for (const spec of COMMANDS) assert.ok(text.includes(`runbook ${spec.usage[0]}`), spec.name);
    assert.match(text, /Exit codes, the same for every command:\n {2}0 {2}ok\n {2}1 .*\n.*\n {2}2 {2}usage error.*\n {2}3 {2}internal error/);
    const incident = await run('help', 'incident');
    assert.equal(incident.code, 0);
    assert.match(incident.out.join('\n'), /runbook incident list .*\n[\s\S]*runbook incident show [\s\S]*runbook incident export /);
    assert.deepEqual(await run('incident', '--help'), incident);
  });

  it('refuses help for an unknown command (exit 2) and treats `--` as the end of options', async () => {
    assert.deepEqual(await run('help', 'frob'), usage("no command 'frob' (use list, validate, show, search, lint, incident, tables or help)"));
    // After `--`, "--help" is a path.
    assert.deepEqual(await run('validate', '--', '--help'), { code: 2, out: [], err: ['runbook: cannot read --help: no such file or folder', HINT] });
  });
});

describe('runbook usage errors: one type, one wording', () => {
  it('words an unknown option, a missing value and a value given to a flag the same way in every subcommand', async () => {
    for (const spec of COMMANDS) {
      const words = spec.name.split(' ');
      assert.deepEqual(await run(...words, '--bogus'), usage(`unknown option '--bogus' for 'runbook ${spec.name}'`), spec.name);
      assert.deepEqual(await run(...words, 'x', '--format'), usage('--format needs a value'), spec.name);
      const choices = spec.options.format.choices as readonly string[];
      const listed = choices.length === 2 ? choices.join(' or ') : `${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}`;
      assert.deepEqual(await run(...words, '--format=yaml', 'x'), usage(`unknown format "yaml" for 'runbook ${spec.name}' (use ${listed})`), spec.name);
    }
    assert.deepEqual(await run('lint', '--fix=yes', 'x'), usage('--fix takes no value'));
    assert.deepEqual(await run('lint', '--config=', 'x'), usage('--config needs a value'));
    assert.deepEqual(await run('lint', '-xyz', 'x'), usage("unknown option '-x' for 'runbook lint'"));
    assert.deepEqual(await run('list', '--no-bundled=1'), usage('--no-bundled takes no value'));
  });

  it('says what is missing and what is too much', async () => {
    assert.deepEqual(await run('lint'), usage("'runbook lint' needs at least one file or folder"));
    assert.deepEqual(await run('lint', '--list-rules', '--format', 'sarif'), usage('--list-rules prints text or json'));
    assert.deepEqual(await run('tables', 'db'), usage(`'runbook tables' takes no paths (got "db"); use --config FILE`));
    assert.deepEqual(await run('tables', '--database-timeout', 'soon'), usage('--database-timeout needs a number of seconds (got "soon")'));
    assert.deepEqual(await run('incident'), usage("'runbook incident' needs a subcommand: list, show or export"));
    assert.deepEqual(await run('incident', 'export'), usage("'runbook incident export' needs a record file or an incident id"));
  });

  it('parses options before, after and between positionals; the last of a repeated option wins', () => {
    const parsed = parseCommandArgs(LINT, ['a', '--format', 'json', 'b', '--fix', '--format=sarif', '-', '--', '--c']);
    assert.deepEqual(parsed, { help: false, strings: { format: 'sarif' }, flags: { fix: true }, positionals: ['a', 'b', '-', '--c'] });
    // A string option takes the next word even when it starts with a dash, as before the driver.
    assert.deepEqual(parseCommandArgs(LINT, ['--config', '--odd-name', 'x']).strings, { config: '--odd-name' });
  });
});

describe('control characters in text output', () => {
  const ESC = '\u001b';
  const title = `Red ${ESC}[31malert${ESC}[0m\u0007 and \rover\u009b\u202e`;

  it('shows escape, bell, carriage return, C1 and bidi controls as \\uXXXX; keeps tabs and line feeds', () => {
    assert.equal(visibleText(title), 'Red \\u001b[31malert\\u001b[0m\\u0007 and \\u000dover\\u009b\\u202e');
    assert.equal(visibleText('a\tb\nc'), 'a\tb\nc');
    // The escapes are JSON's: JSON output stays valid and means the same.
    assert.equal(JSON.parse(visibleText(JSON.stringify({ t: 'x\u009b\u202e' }))).t, 'x\u009b\u202e');
  });

  it('never passes them to the terminal from a runbook title or a file name', async () => {
    const folder = path.join(scratch(), 'controls');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'a.yaml'), runbookYaml('red', title));
    writeFileSync(path.join(folder, `b${ESC}]0;pwned${'\u0007'}.yaml`), 'id: [not, an, id]\n');
    const list = await run('list', '--no-bundled', folder);
    const validate = await run('validate', folder);
    const json = await run('list', '--no-bundled', '--format', 'json', folder);
    for (const r of [list, validate, json]) {
      for (const line of [...r.out, ...r.err]) assert.doesNotMatch(line, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    }
    assert.match(list.out.join('\n'), /Red \\u001b\[31malert/);
    assert.match(validate.out.join('\n'), /b\\u001b\]0;pwned\\u0007\.yaml:1:1: /);
    assert.equal((JSON.parse(json.out.join('\n')) as { runbooks: { title: string }[] }).runbooks[0].title, title);
  });
});

describe('validate: what cannot be read inside a folder is one problem', () => {
  it('reports a dangling link among the files and still checks the others (exit 1, not 2)', { skip: process.platform === 'win32' && 'symlinks' }, async () => {
    const folder = path.join(scratch(), 'dangling');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'bad.yaml'), runbookYaml('bad', 't', 'titel: x\n'));
    writeFileSync(path.join(folder, 'good.yaml'), runbookYaml('good', 't'));
    symlinkSync(path.join(folder, 'gone.yaml'), path.join(folder, 'link.yaml'));
    const r = await run('validate', 'dangling');
    assert.equal(r.code, 1);
    assert.equal(r.out.length, 2);
    assert.match(r.out[0], /^dangling\/bad\.yaml:9:1: Unknown field "titel" in runbook/);
    assert.equal(r.out[1], 'dangling/link.yaml:1:1: Cannot read: dangling symbolic link');
    assert.deepEqual(r.err, ['2 runbooks in 2 files: 2 errors in 2 files']);
  });
});
