// Quoting placeholder values for shells and SQL. The POSIX cases run in the real bash (and dash,
// zsh and fish where installed): what a value turns into is judged by what the shell prints, not
// by how the quoted text looks.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { VariableDeclaration } from '../../src/core/runbook/runbookModel';
import {
  compileVariablePattern,
  declaredVariable,
  fillOptionsFor,
  shellDialectFor,
  fillPlaceholders,
  isSafeWord,
  isSecretVariable,
  maskedVariables,
  quoteShellWord,
  rawVariableNames,
  validateVariable,
  variablePrompt,
} from '../../src/core/incident/placeholders';

const scratch = mkdtempSync(path.join(tmpdir(), 'placeholder-quoting-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const SENTINEL = path.join(scratch, 'pwned');

const HOSTILE = [
  `$(touch ${SENTINEL})`,
  `\`touch ${SENTINEL}\``,
  `; touch ${SENTINEL}`,
  `' ; touch ${SENTINEL} ; '`,
  `" ; touch ${SENTINEL} ; "`,
  `'"'"'$(touch ${SENTINEL})`,
  `\\'; touch ${SENTINEL}; echo \\'`,
  '$HOME ${IFS} $((6*7))',
  'a b  c',
  '*',
  '!!',
  '!$ !-1',
  "it's",
  'say "hi"',
  '\\',
  '\\\\n',
  "'",
  '"',
  '`',
  '$',
  '$\'x\'',
  '~root',
  '=ls',
  '-n',
  '#not a comment',
  'EOF more',
  'é ü 漢 😀',
  '{a,b}',
  '[ab]',
  '&|<>()',
  'safe-value_1.2:3@x%y+z=w,v/u',
];

const TEMPLATES: { name: string; template: string; expect?: (v: string) => string; shells?: string[] }[] = [
  { name: 'a bare word', template: "printf '%s\\n' {{v}}", expect: (v) => v },
  { name: 'part of a word', template: "printf '%s\\n' pre:{{v}}:post", expect: (v) => `pre:${v}:post` },
  { name: "inside '…'", template: "printf '%s\\n' 'a {{v}} b'", expect: (v) => `a ${v} b` },
  { name: 'inside "…"', template: 'printf \'%s\\n\' "a {{v}} b"', expect: (v) => `a ${v} b` },
  { name: "inside $'…'", template: "printf '%s\\n' $'a {{v}} b'", expect: (v) => `a ${v} b`, shells: ['bash', 'zsh'] },
  { name: 'an unquoted heredoc', template: 'cat <<EOF\n  a {{v}} b\nEOF', expect: (v) => `  a ${v} b` },
  { name: 'a quoted heredoc', template: "cat <<'EOF'\na {{v}} b $HOME\nEOF", expect: (v) => `a ${v} b $HOME` },
  { name: 'a <<- heredoc with tabs', template: 'cat <<-"END"\n\ta {{v}}\n\tEND', expect: (v) => `a ${v}` },
  // zsh feeds both bodies to cat (its MULTIOS option): the value still stays literal there.
  { name: 'the second of two heredocs', template: 'cat <<A /dev/stdin <<B\nx\nA\n{{v}} y\nB', expect: (v) => `${v} y`, shells: ['bash', 'dash'] },
  { name: '$(…) inside "…"', template: 'printf \'%s\\n\' "x$(printf \'%s\' "y{{v}}")z"', expect: (v) => `xy${v}z` },
  { name: 'backticks inside "…"', template: 'printf \'%s\\n\' "x`printf \'%s\' {{v}}`z"', expect: (v) => `x${v}z` },
  { name: 'nested parentheses in $(…)', template: "printf '%s\\n' \"$( (printf '%s' {{v}}) )\"", expect: (v) => v },
  { name: 'after a comment with balanced quotes', template: "# the 'namespace' is \"shop\"\nprintf '%s\\n' {{v}}", expect: (v) => v },
  { name: 'after an escaped quote', template: "printf '%s\\n' \\'{{v}}", expect: (v) => `'${v}` },
  { name: 'a line after an arithmetic shift (not a heredoc)', template: "x=$((1<<2))\nprintf '%s\\n' {{v}} \"$((x))\"", expect: (v) => `${v}\n4` },

  { name: 'before a comment with an apostrophe', template: "printf '%s\\n' {{v}} # it's \"done\"", expect: (v) => v },
];

function runShell(shell: string, script: string): { stdout: string; status: number | null } {
  const r = spawnSync(shell, ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent-home' }, timeout: 5000 });
  return { stdout: r.stdout, status: r.status };
}

const SHELLS = ['bash', 'dash', 'zsh'].filter((s) => existsSync(`/bin/${s}`) || existsSync(`/usr/bin/${s}`));

describe('fillPlaceholders with shell: posix, run in a real shell', () => {
  for (const shell of SHELLS) {
    for (const t of TEMPLATES) {
      if (t.shells && !t.shells.includes(shell)) continue;
      it(`${shell}: every hostile value stays literal in ${t.name}`, () => {
        for (const value of HOSTILE) {
          // A value made a line that equals the heredoc's delimiter cannot be quoted; covered below.
          const filled = fillPlaceholders(t.template, { v: value }, { shell: 'posix' });
          assert.deepEqual(filled.invalid, [], `${value} refused`);
          const r = runShell(shell, filled.text);
          if (t.expect) assert.equal(r.stdout, `${t.expect(value)}\n`, `value ${JSON.stringify(value)} → ${filled.text}`);
          assert.equal(existsSync(SENTINEL), false, `value ${JSON.stringify(value)} ran a command: ${filled.text}`);
        }
      });
    }
  }

  it('bash with history expansion on (as in an interactive shell): ! in a value stays literal inside "…"', () => {
    for (const value of ['!!', 'a!b', '!$', '!-1:p']) {
      const filled = fillPlaceholders('set -H; printf "%s\\n" "x {{v}}"', { v: value }, { shell: 'posix' });
      // History expansion happens when a line is read: feed the script on stdin with history on.
      const r = spawnSync('bash', ['--norc', '-o', 'history', '-H', '-s'], { input: `echo first\n${filled.text}\n`, encoding: 'utf8' });
      assert.equal(r.stdout, `first\nx ${value}\n`, filled.text);
    }
  });
});

const FISH = ['/usr/bin/fish', '/bin/fish', '/usr/local/bin/fish'].find((f) => existsSync(f));
const FISH_TEMPLATES: { name: string; template: string; expect: (v: string) => string }[] = [
  { name: 'a bare word', template: "printf '%s\\n' {{v}}", expect: (v) => v },
  { name: 'part of a word', template: "printf '%s\\n' pre:{{v}}:post", expect: (v) => `pre:${v}:post` },
  { name: "inside '…'", template: "printf '%s\\n' 'a {{v}} b'", expect: (v) => `a ${v} b` },
  { name: 'inside "…"', template: 'printf \'%s\\n\' "a {{v}} b"', expect: (v) => `a ${v} b` },
  { name: '(…) command substitution', template: "printf '%s\\n' (printf '%s' {{v}})", expect: (v) => v },
  { name: '$(…) inside "…"', template: 'printf \'%s\\n\' "x$(printf \'%s\' {{v}})y"', expect: (v) => `x${v}y` },
  { name: 'after a comment with an apostrophe', template: "# don't\nprintf '%s\\n' {{v}}", expect: (v) => v },
];

describe('fillPlaceholders with shell: fish, run in fish', { skip: FISH ? false : 'fish is not installed' }, () => {
  for (const t of FISH_TEMPLATES) {
    it(`every hostile value stays literal in ${t.name}`, () => {
      for (const value of [...HOSTILE, '%self', `(touch ${SENTINEL})`, '~', '{a,b}c']) {
        const filled = fillPlaceholders(t.template, { v: value }, { shell: 'fish' });
        assert.deepEqual(filled.invalid, []);
        const r = spawnSync(FISH as string, ['--no-config', '-c', filled.text], { encoding: 'utf8', timeout: 5000 });
        assert.equal(r.stdout, `${t.expect(value)}\n`, `value ${JSON.stringify(value)} → ${filled.text}`);
        assert.equal(existsSync(SENTINEL), false, `value ${JSON.stringify(value)} ran a command: ${filled.text}`);
      }
    });
  }
});

describe('fillPlaceholders: readable output', () => {
  it('leaves safe values unquoted everywhere', () => {
    const template = "kubectl -n {{ns}} logs {{pod}} | grep '{{ns}}' \"{{pod}}\" $'{{ns}}'";
    const r = fillPlaceholders(template, { ns: 'prod-eu', pod: 'api-7d9f:8080/x' }, { shell: 'posix' });
    assert.equal(r.text, "kubectl -n prod-eu logs api-7d9f:8080/x | grep 'prod-eu' \"api-7d9f:8080/x\" $'prod-eu'");
  });

  it('quotes even a safe value glued to a $name, which it would lengthen', () => {
    assert.equal(fillPlaceholders('echo $HOME{{v}} "$HOME{{v}}" $HOME/{{v}}', { v: '_x' }, { shell: 'posix' }).text, `echo $HOME'_x' "$HOME"'_x'"" $HOME/_x`);
    assert.equal(runShell('bash', fillPlaceholders('printf "%s\\n" $HOME{{v}} "$HOME{{v}}"', { v: '_x' }, { shell: 'posix' }).text).stdout, '/nonexistent-home_x\n/nonexistent-home_x\n');
  });

  it('quotes per context in POSIX', () => {
    const v = "a b'c";
    assert.equal(fillPlaceholders('echo {{v}}', { v }, { shell: 'posix' }).text, `echo 'a b'\\''c'`);
    assert.equal(fillPlaceholders("echo 'x{{v}}y'", { v }, { shell: 'posix' }).text, `echo 'xa b'\\''cy'`);
    assert.equal(fillPlaceholders('echo "x{{v}}y"', { v }, { shell: 'posix' }).text, `echo "x"'a b'\\''c'"y"`);
    assert.equal(fillPlaceholders("echo $'x{{v}}y'", { v }, { shell: 'posix' }).text, "echo $'xa b\\'cy'");
    assert.equal(fillPlaceholders('cat <<EOF\n{{v}} $x\nEOF', { v: 'a$b`c\\d"e\'' }, { shell: 'posix' }).text, 'cat <<EOF\na\\$b\\`c\\\\d"e\' $x\nEOF');
    assert.equal(fillPlaceholders("cat <<'EOF'\n{{v}}\nEOF", { v: '$(x) "\'' }, { shell: 'posix' }).text, "cat <<'EOF'\n$(x) \"'\nEOF");
    assert.equal(fillPlaceholders('echo {{v}}', { v: '' }, { shell: 'posix' }).text, "echo ''");
    assert.equal(fillPlaceholders('echo "{{v}}"', { v: '' }, { shell: 'posix' }).text, 'echo ""');
  });

  it('quotes for fish: single quotes escape only \\\\ and \\\', "…" is closed and reopened', () => {
    assert.equal(fillPlaceholders('echo {{v}}', { v: "it's a\\b $x" }, { shell: 'fish' }).text, "echo 'it\\'s a\\\\b $x'");
    assert.equal(fillPlaceholders("echo 'x{{v}}'", { v: "'" }, { shell: 'fish' }).text, "echo 'x\\''");
    assert.equal(fillPlaceholders('echo "x{{v}}"', { v: '$(id) a' }, { shell: 'fish' }).text, `echo "x"'$(id) a'""`);
    assert.equal(fillPlaceholders('echo (echo {{v}})', { v: 'a b' }, { shell: 'fish' }).text, "echo (echo 'a b')");
    assert.equal(quoteShellWord('%self', 'fish'), "'%self'");
  });

  it('quotes for PowerShell: single quotes doubled, "…" escaped with backticks, here-strings', () => {
    assert.equal(fillPlaceholders('Get-Item {{v}}', { v: "it's $env:X" }, { shell: 'powershell' }).text, "Get-Item 'it''s $env:X'");
    assert.equal(fillPlaceholders('Get-Item {{v}}', { v: 'a\u2019b' }, { shell: 'powershell' }).text, "Get-Item 'a\u2019\u2019b'", 'typographic quotes are quotes too');
    assert.equal(fillPlaceholders("Write-Output 'x{{v}}'", { v: "'; rm x; '" }, { shell: 'powershell' }).text, "Write-Output 'x''; rm x; '''");
    assert.equal(fillPlaceholders('Write-Output "x{{v}}"', { v: '$(rm x) `"' }, { shell: 'powershell' }).text, 'Write-Output "x`$(rm x) ```""');
    assert.equal(fillPlaceholders('$a = @"\n{{v}}\n"@', { v: '"@; $(rm x)' }, { shell: 'powershell' }).text, '$a = @"\n`"@; `$(rm x)\n"@');
    assert.equal(fillPlaceholders("$a = @'\nx {{v}}\n'@", { v: '$(rm x)' }, { shell: 'powershell' }).text, "$a = @'\nx $(rm x)\n'@");
    assert.deepEqual(fillPlaceholders("$a = @'\n{{v}}\n'@", { v: "'@; rm x" }, { shell: 'powershell' }).invalid, ['v']);
    for (const v of ['a,b', '@args', '--%', 'a b']) assert.equal(isSafeWord(v, 'powershell'), false, v);
    // Always quoted: in `$x = {{v}}` a bare safe word would be run as a command.
    assert.equal(fillPlaceholders('kubectl -n {{v}} get pods', { v: 'prod-eu' }, { shell: 'powershell' }).text, "kubectl -n 'prod-eu' get pods");
    assert.equal(fillPlaceholders('$x = {{v}}', { v: 'Restart-Computer' }, { shell: 'powershell' }).text, "$x = 'Restart-Computer'");
  });

  it('inserts only safe words where shells disagree: after (( x << 1 )), a heredoc in dash, arithmetic in bash', () => {
    const template = "x=1; (( x <<= 1 ))\nprintf '%s\\n' {{v}} \"{{v}}\"\n=\necho end";
    for (const value of HOSTILE.filter((v) => !isSafeWord(v, 'posix'))) {
      assert.deepEqual(fillPlaceholders(template, { v: value }, { shell: 'posix' }).invalid, ['v'], value);
    }
    const safe = fillPlaceholders(template, { v: 'orders-1' }, { shell: 'posix' });
    assert.deepEqual(safe.invalid, []);
    assert.equal(runShell('bash', safe.text).stdout, 'orders-1\norders-1\nend\n');
  });

  it("after a comment with an odd quote (# don't), which interactive zsh reads as a quote, only safe words go in", () => {
    const template = "# don't run twice\nkubectl -n {{ns}} delete pod {{pod}}";
    const r = fillPlaceholders(template, { ns: 'shop-prod', pod: 'x; touch y' }, { shell: 'posix' });
    assert.deepEqual(r, { text: "# don't run twice\nkubectl -n shop-prod delete pod {{pod}}", missing: [], invalid: ['pod'] });
    // fish and PowerShell have no such option: their comments are always comments.
    assert.deepEqual(fillPlaceholders(template, { ns: 'shop-prod', pod: 'x; touch y' }, { shell: 'fish' }).invalid, []);
  });

  it('inserts only safe words inside ${…}, and reads on correctly after it', () => {
    for (const template of ['echo "${HOME:-"{{v}}"}"', "echo ${X:-'{{v}}'}", 'echo ${X:-{{v}}}', 'echo "${X#{{v}}}"']) {
      assert.deepEqual(fillPlaceholders(template, { v: '$(id) "' }, { shell: 'posix' }).invalid, ['v'], template);
      assert.deepEqual(fillPlaceholders(template, { v: 'ok-1' }, { shell: 'posix' }).invalid, [], template);
    }
    // A } inside quotes does not end the expansion; after it the placeholder is a bare word again.
    const r = fillPlaceholders('echo "${X:-"}"}" {{v}}', { v: 'a b' }, { shell: 'posix' });
    assert.equal(r.text, 'echo "${X:-"}"}" \'a b\'');
    assert.equal(runShell('bash', r.text.replace('echo', "printf '%s|'")).stdout, '}|a b|');
  });

  it('refuses a value that would end a here-document early, and values with line breaks or control characters', () => {
    assert.deepEqual(fillPlaceholders("cat <<'EOF'\n{{v}}\nEOF", { v: 'EOF' }, { shell: 'posix' }).invalid, ['v']);
    assert.deepEqual(fillPlaceholders('cat <<EOF\n{{v}}\nEOF', { v: 'EOF' }, { shell: 'posix' }).invalid, ['v']);
    assert.deepEqual(fillPlaceholders('cat <<EOF\nx {{v}}\nEOF', { v: 'EOF' }, { shell: 'posix' }), { text: 'cat <<EOF\nx EOF\nEOF', missing: [], invalid: [] });
    const r = fillPlaceholders('echo {{v}} {{w}} {{u}}', { v: 'a\nb', w: 'a\x1bb' }, { shell: 'posix' });
    assert.deepEqual(r, { text: 'echo {{v}} {{w}} {{u}}', missing: ['u'], invalid: ['v', 'w'] });
  });

  it('inserts raw variables as they are, but still refuses control characters in them', () => {
    const raw = new Set(['flags']);
    assert.equal(fillPlaceholders('ls {{flags}} {{dir}}', { flags: '-la --color=never', dir: 'my dir' }, { shell: 'posix', raw }).text, "ls -la --color=never 'my dir'");
    assert.deepEqual(fillPlaceholders('ls {{flags}}', { flags: '-l\n rm' }, { shell: 'posix', raw }).invalid, ['flags']);
  });

  it('without options, inserts values as they are (the old behaviour)', () => {
    assert.deepEqual(fillPlaceholders('echo {{v}}', { v: '$(id)' }), { text: 'echo $(id)', missing: [], invalid: [] });
    assert.deepEqual(fillPlaceholders('GET {{v}}', { v: 'a b' }, {}), { text: 'GET a b', missing: [], invalid: [] });
  });
});

describe('fillPlaceholders with sql', () => {
  it("doubles ' inside string literals only", () => {
    const template = "SELECT * FROM {{table}} WHERE name = '{{name}}' -- '{{name}}'\n/* '{{name}} */ AND x = {{n}}";
    const r = fillPlaceholders(template, { table: 'users', name: "O'Brien", n: '1' }, { sql: true });
    assert.equal(r.text, "SELECT * FROM users WHERE name = 'O''Brien' -- 'O'Brien'\n/* 'O'Brien */ AND x = 1");
  });

  it('handles "…" identifiers, E\'…\' strings, dollar quotes and MySQL backslashes', () => {
    assert.equal(fillPlaceholders('SELECT "{{c}}" FROM t', { c: 'a"b' }, { sql: true }).text, 'SELECT "a""b" FROM t');
    assert.equal(fillPlaceholders("SELECT E'{{v}}'", { v: "a\\'b" }, { sql: true }).text, "SELECT E'a\\\\''b'");
    assert.equal(fillPlaceholders("SELECT 'it''s {{v}}'", { v: "'" }, { sql: true }).text, "SELECT 'it''s '''");
    assert.equal(fillPlaceholders("SELECT '{{v}}'", { v: "\\'; DROP TABLE t; --" }, { sql: 'mysql' }).text, "SELECT '\\\\''; DROP TABLE t; --'");
    assert.equal(fillPlaceholders('SELECT `{{c}}`', { c: 'a`b' }, { sql: 'mysql' }).text, 'SELECT `a``b`');
    assert.equal(fillPlaceholders('DO $$ BEGIN PERFORM 1; END $$; SELECT {{v}}', { v: "'" }, { sql: true }).text, "DO $$ BEGIN PERFORM 1; END $$; SELECT '");
    assert.deepEqual(fillPlaceholders('DO $x$ {{v}} $x$', { v: 'a $x$ b' }, { sql: true }).invalid, ['v']);
  });

  it('with an unknown dialect (sql: true), refuses what PostgreSQL and MySQL would read differently', () => {
    // A backslash escapes in MySQL strings but not in PostgreSQL ones: no doubling is right for both.
    const injection = "\\'; DROP TABLE t; --";
    assert.deepEqual(fillPlaceholders("SELECT '{{v}}'", { v: injection }, { sql: true }).invalid, ['v']);
    assert.deepEqual(fillPlaceholders("SELECT '{{v}}'", { v: injection }, { sql: 'postgresql' }), { text: "SELECT '\\''; DROP TABLE t; --'", missing: [], invalid: [] });
    assert.deepEqual(fillPlaceholders('SELECT "{{v}}"', { v: 'a\\b' }, { sql: true }).invalid, ['v']);
    // After a MySQL # comment holding a quote, the two readings disagree about what is a literal.
    const template = "SELECT 1 # it's\n, '{{v}}'";
    assert.deepEqual(fillPlaceholders(template, { v: "x' OR '1'='1" }, { sql: true }).invalid, ['v']);
    assert.deepEqual(fillPlaceholders(template, { v: 'orders' }, { sql: true }).text, "SELECT 1 # it's\n, 'orders'");
    assert.equal(fillPlaceholders(template, { v: "x'y" }, { sql: 'mysql' }).text, "SELECT 1 # it's\n, 'x''y'");
  });
});

const decl = (d: Partial<VariableDeclaration> & { name: string }): VariableDeclaration => ({ secret: false, raw: false, ...d });

describe('declared variables', () => {
  it('finds a declaration by name and lists the raw ones', () => {
    const runbook = { variables: [decl({ name: 'pid', pattern: '[0-9]+' }), decl({ name: 'flags', raw: true })] };
    assert.equal(declaredVariable(runbook, 'pid')?.pattern, '[0-9]+');
    assert.equal(declaredVariable(runbook, 'nope'), undefined);
    assert.deepEqual([...rawVariableNames(runbook)], ['flags']);
  });

  it('validates against the whole pattern, with the example in the message', () => {
    const pid = decl({ name: 'pid', pattern: '[0-9]+', example: '4242' });
    assert.equal(validateVariable(pid, '4242'), undefined);
    assert.equal(validateVariable(pid, '42 ; rm -rf /'), 'The value must match [0-9]+ (e.g. 4242).');
    assert.match(validateVariable(decl({ name: 'x', pattern: '^a|b$' }), 'ab') ?? '', /must match/, 'alternatives are anchored as a whole');
    assert.match(validateVariable(pid, '1\n2') ?? '', /line break/);
    assert.match(validateVariable(decl({ name: 'f', raw: true }), '-l\x1b') ?? '', /control character/);
    assert.equal(validateVariable(undefined, 'anything goes'), undefined);
    assert.match(validateVariable(decl({ name: 'x', pattern: '(' }), 'a') ?? '', /unusable pattern/);
  });

  it('refuses patterns that can backtrack catastrophically, and finishes fast on the ones it accepts', () => {
    for (const p of ['(a+)+', '(a|aa)*b', '([a-z]*)*', '(?:x+y?)+', '(\\w+\\s?){2,}', '(a)\\1', '((ab)*)+']) {
      assert.equal(typeof compileVariablePattern(p), 'string', p);
    }
    for (const p of ['[0-9]+', '[a-z0-9]([-a-z0-9]*[a-z0-9])?', '(prod|staging)', '\\d{1,5}', '[A-Za-z_][A-Za-z0-9_]*', '(?:[0-9]{1,3}\\.){3}[0-9]{1,3}']) {
      assert.ok(compileVariablePattern(p) instanceof RegExp, p);
    }
    const start = Date.now();
    for (const p of ['[a-z]*[a-z]*[a-z]*x', '\\d+\\d+\\d+$']) {
      const d = decl({ name: 'x', pattern: p });
      assert.match(validateVariable(d, 'a'.repeat(1000)) ?? '', /must match/);
    }
    assert.ok(Date.now() - start < 2000, `took ${Date.now() - start} ms`);
  });

  it('masks by declaration when asked to: a Secret\'s name is not a secret', () => {
    const runbook = { variables: [decl({ name: 'secret', secret: false }), decl({ name: 'session', secret: true })] };
    const isSecret = (n: string): boolean => isSecretVariable(declaredVariable(runbook, n), n);
    assert.deepEqual(maskedVariables({ secret: 'shop-tls', session: 'abc', db_password: 'x' }, isSecret), {
      variables: { secret: 'shop-tls', session: '••••', db_password: '••••' },
      secretNames: ['session', 'db_password'],
    });
    assert.deepEqual(maskedVariables({ secret: 'shop-tls' }).secretNames, ['secret'], 'by name by default');
  });

  it('gives a prompt from the declaration', () => {
    assert.deepEqual(variablePrompt(decl({ name: 'pid', description: 'PID of the process holding the deleted file', example: '4242', default: '1' }), 'pid'), {
      prompt: 'PID of the process holding the deleted file',
      placeholder: 'e.g. 4242',
      value: '1',
      password: false,
    });
    assert.deepEqual(variablePrompt(undefined, 'db_password'), { prompt: 'Value for {{db_password}}', placeholder: '', password: true });
    assert.equal(variablePrompt(decl({ name: 'db_password', secret: false }), 'db_password').password, false, 'the declaration wins over the name');
  });
});

describe('fillOptionsFor', () => {
  const runbook = { variables: [decl({ name: 'flags', raw: true })] };
  it('picks SQL escaping, the shell, or nothing by language', () => {
    assert.deepEqual(fillOptionsFor('sql', runbook), { sql: true, raw: new Set(['flags']) });
    assert.deepEqual(fillOptionsFor('MySQL', runbook), { sql: 'mysql', raw: new Set(['flags']) });
    assert.deepEqual(fillOptionsFor('bash', runbook), { shell: 'posix', raw: new Set(['flags']) });
    assert.deepEqual(fillOptionsFor('bash', runbook, 'fish'), { shell: 'fish', raw: new Set(['flags']) }, 'the reading shell wins');
    assert.deepEqual(fillOptionsFor('powershell', runbook), { shell: 'powershell', raw: new Set(['flags']) });
    assert.deepEqual(fillOptionsFor('redis', runbook), { raw: new Set(['flags']) });
    // A fence without a language may be inserted into a terminal (it is read as shell), so it is quoted as one.
    assert.deepEqual(fillOptionsFor('text', {}), { shell: 'posix', raw: new Set() });
    assert.deepEqual(fillOptionsFor('java', {}), { raw: new Set() });
  });

  it('maps terminal shell names', () => {
    assert.deepEqual(['bash', 'zsh', 'sh', 'fish', 'pwsh', 'cmd', undefined].map(shellDialectFor), ['posix', 'posix', 'posix', 'fish', 'powershell', undefined, undefined]);
  });

  it('end to end: a hostile value in a bundled-style command stays literal in bash', () => {
    const options = fillOptionsFor('bash', { variables: [] });
    const filled = fillPlaceholders("redis-cli -h {{redis_host}} --scan --pattern '*{{session_id}}*'", { redis_host: 'cache-1', session_id: `x'; touch ${SENTINEL}; echo '` }, options);
    assert.equal(filled.text, `redis-cli -h cache-1 --scan --pattern '*x'\\''; touch ${SENTINEL}; echo '\\''*'`);
    const r = runShell('bash', `printf '%s\\n' ${filled.text.slice(filled.text.indexOf("'*"))}`);
    assert.equal(r.stdout, `*x'; touch ${SENTINEL}; echo '*\n`);
    assert.equal(existsSync(SENTINEL), false);
  });
});

describe('fillPlaceholders: random templates never let a value run (bash reads them all)', () => {
  // PLACEHOLDER_FUZZ_SEED, PLACEHOLDER_FUZZ_COUNT and PLACEHOLDER_FUZZ_SHELL (dash, zsh...) run
  // other and more templates, in another shell, by hand.
  const count = Number(process.env.PLACEHOLDER_FUZZ_COUNT) || 400;
  it(`no value becomes a command in ${count} generated templates`, () => {
    // A deterministic generator: the same templates on every run, so a failure reproduces.
    let seed = Number(process.env.PLACEHOLDER_FUZZ_SEED) || 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const parts = ['echo ', "'", '"', '$(', ')', '`', '${X:-', '}', "# it's\n", '\n', '<<EOF\n', '\nEOF\n', "<<'Q'\n", '\nQ\n', "$'", '\\', ' ', 'x', '$((1<<2))', ';', '|', '(', '<<-E\n\t', '\n\tE\n', '<<<', '{ ', ' }', '$"', '<(', '((', '))', '=', '#', '{{v}}', '{{v}}', '{{v}}'];
    const values = [`touch ${SENTINEL}`, `x;touch ${SENTINEL}`, `'; touch ${SENTINEL}; '`, `"; touch ${SENTINEL}; "`, `\`touch ${SENTINEL}\``, `$(touch ${SENTINEL})`, `\\'; touch ${SENTINEL} #`];
    const dir = mkdtempSync(path.join(scratch, 'fuzz-'));
    const files: string[] = [];
    for (let t = 0; t < count; t++) {
      let template = 'echo ';
      const length = 6 + random(14);
      for (let k = 0; k < length; k++) template += parts[random(parts.length)];
      if (!template.includes('{{v}}')) template += ' {{v}}';
      const value = values[random(values.length)];
      const filled = fillPlaceholders(template, { v: value }, { shell: 'posix' });
      if (filled.invalid.length > 0) continue;
      const file = path.join(dir, `t${t}.sh`);
      writeFileSync(file, `${filled.text}\n`);
      files.push(file);
    }
    // Many templates hold a # that interactive zsh reads differently: their unsafe values are refused.
    assert.ok(files.length > count / 2, `${files.length} templates could be filled`);
    // One bash sources them all, each in a subshell with a time limit: a syntax error ends only its own.
    const shell = process.env.PLACEHOLDER_FUZZ_SHELL || 'bash';
    const script = files.map((f) => `(timeout 2 ${shell} "${f}" </dev/null >/dev/null 2>&1)`).join('\n');
    spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 120_000 });
    if (existsSync(SENTINEL)) {
      // Name the first culprit, so the failure says what to fix.
      for (const file of files) {
        rmSync(SENTINEL, { force: true });
        spawnSync(shell, [file], { timeout: 2000 });
        if (existsSync(SENTINEL)) assert.fail(`a value ran as a command in:\n${readFileSync(file, 'utf8')}`);
      }
    }
  });
});
