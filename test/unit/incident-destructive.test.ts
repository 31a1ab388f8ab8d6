import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assessCommand, describeForConfirmation, isShellLanguage, shellKindOf, unreadableParts } from '../../src/core/incident/destructive';
import { readShellSyntax } from '../../src/core/commands/shellSyntax';
import { CASES } from './destructiveCases';

describe('destructive-command classifier', () => {
  for (const [text, language, destructive, reason, readable = true] of CASES) {
    it(`${destructive ? 'flags' : 'passes'}${readable ? '' : ' (unreadable)'} ${JSON.stringify(text)} (${language || 'no language'})`, () => {
      const risk = assessCommand(text, language);
      assert.equal(risk.destructive, destructive, `reasons: ${risk.reasons.join('; ')}`);
      assert.equal(risk.reasons.length > 0, destructive);
      if (reason) assert.ok(risk.reasons.some((r) => reason.test(r)), `reasons: ${risk.reasons.join('; ')}`);
      assert.equal(risk.readable, readable, `unreadable parts: ${unreadableParts(text, language).join('; ')}`);
    });
  }

  it('has a table of at least 150 commands, destructive and safe', () => {
    assert.ok(CASES.length >= 150, `${CASES.length} cases`);
    assert.ok(CASES.filter((c) => c[2]).length >= 60);
    assert.ok(CASES.filter((c) => !c[2]).length >= 60);
  });

  it('counts every statement of a multi-statement input', () => {
    const r = assessCommand('DROP TABLE a; TRUNCATE b; SELECT 1;', 'sql');
    assert.equal(r.reasons.length, 2);
  });

  it('never hangs or throws on unterminated quotes, comments and parentheses', () => {
    for (const text of ['echo "unterminated', "psql -c 'DROP", '$(((((', '`', 'DELETE FROM t /* never closed', "SELECT '", 'cat <<EOF\nno end', 'bash -c "bash -c \\"bash -c rm\\""']) {
      for (const lang of ['bash', 'sql', 'redis']) assert.doesNotThrow(() => assessCommand(text, lang));
    }
  });
});

describe('hostile input', () => {
  const timed = (text: string, language = 'bash'): { risk: ReturnType<typeof assessCommand>; ms: number } => {
    const t0 = performance.now();
    const risk = assessCommand(text, language);
    return { risk, ms: performance.now() - t0 };
  };

  it('reads a 100 KB command conservatively and quickly', () => {
    const huge = `echo ${'a'.repeat(100_000)}; rm -rf /srv/data`;
    const { risk, ms } = timed(huge);
    assert.equal(risk.readable, false, 'not parsed: over the size limit');
    assert.equal(risk.destructive, true, 'the visible rm -rf still counts');
    assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
    assert.equal(timed(`echo ${'a'.repeat(100_000)}`).risk.destructive, false);
    for (const language of ['fish', 'powershell', 'sql', 'redis']) {
      const { risk: r, ms: t } = timed(`${'"$(x '.repeat(20_000)}`, language);
      assert.equal(typeof r.destructive, 'boolean');
      assert.ok(t < 1000, `${language}: ${t.toFixed(0)} ms`);
    }
  });

  it('reads SQL with 20,000 nested statements in bounded time, and still finds them', () => {
    for (const text of [`SELECT ${'(DELETE FROM t '.repeat(20_000)}`, `SELECT ${'(DELETE FROM t WHERE id = 1) '.repeat(20_000)}`, `ALTER TABLE t ${'DROP COLUMN a, '.repeat(20_000)}`]) {
      const { risk, ms } = timed(text, 'sql');
      assert.equal(risk.destructive, !text.includes('WHERE'), text.slice(0, 40));
      assert.ok(ms < 2000, `${text.slice(0, 40)}: ${ms.toFixed(0)} ms`);
    }
  });

  it('survives command substitutions nested 10,000 deep, and still sees what is inside', () => {
    const deep = `echo ${'$('.repeat(10_000)}rm -rf /x${')'.repeat(10_000)}`;
    const { risk, ms } = timed(deep);
    assert.equal(risk.readable, false);
    assert.equal(risk.destructive, true);
    assert.ok(ms < 2000, `${ms.toFixed(0)} ms`);
    // A moderate nesting is parsed and followed (`$($(x))` would run x's output: unreadable).
    assert.equal(assessCommand('echo $($(rm -rf /x))', 'bash').readable, false);
    let nested = 'rm -rf /x';
    for (let i = 0; i < 20; i++) nested = `echo "$(${nested})"`;
    const moderate = assessCommand(nested, 'bash');
    assert.equal(moderate.destructive, true);
    assert.equal(moderate.readable, true);
  });

  it('follows eval and bash -c to a fixed depth, then stops as unreadable', () => {
    let cmd = 'rm -rf /x';
    for (let i = 0; i < 12; i++) cmd = `eval ${JSON.stringify(cmd)}`;
    const risk = assessCommand(cmd, 'bash');
    assert.equal(risk.readable, false);
    const shallow = assessCommand('eval "eval \"rm -rf /x\""', 'bash');
    assert.equal(shallow.destructive, true);
    assert.equal(shallow.readable, true);
  });

  it('marks unbalanced quotes, brackets and heredocs unreadable, never throws', () => {
    for (const text of ['echo "unterminated', "psql -c 'DROP", '$(((((', '`', 'cat <<EOF\nno end', 'if true; then', '{ echo', 'echo )', 'bash -c "bash -c \\"bash -c rm\\""']) {
      for (const lang of ['bash', 'fish', 'powershell', 'text']) {
        const risk = assessCommand(text, lang);
        assert.equal(typeof risk.destructive, 'boolean');
      }
    }
    assert.equal(assessCommand("psql -c 'DROP TABLE t", 'bash').readable, false);
    assert.equal(assessCommand('if true; then', 'bash').readable, false);
  });

  it('handles NUL and control characters inside commands', () => {
    const risk = assessCommand('rm -rf /tmp/x\x00; echo \x1b[2J', 'bash');
    assert.equal(risk.destructive, true);
    assert.ok(risk.controlCharacters.includes('NUL (\\x00)'));
    for (let c = 0; c < 32; c++) assert.doesNotThrow(() => assessCommand(`ls ${String.fromCharCode(c)} x`, 'bash'));
    assert.doesNotThrow(() => assessCommand('\u202e\u2066 rm -rf /x', 'bash'));
  });

  it('does not leak the GopherJS globals into the host', () => {
    assessCommand('ls', 'bash');
    assert.notEqual(Error.stackTraceLimit, Infinity);
  });
});

describe('shell languages', () => {
  it('knows which languages a shell runs, and which shell', () => {
    for (const lang of ['bash', 'sh', 'shell', 'shellscript', 'zsh', 'ksh', 'dash', 'console', 'terminal', 'text', '', ' Bash ']) {
      assert.equal(shellKindOf(lang), 'posix', lang);
      assert.equal(isShellLanguage(lang), true, lang);
    }
    assert.equal(shellKindOf('fish'), 'fish');
    for (const lang of ['powershell', 'pwsh', 'ps1']) assert.equal(shellKindOf(lang), 'powershell', lang);
    for (const lang of ['sql', 'redis', 'java', 'properties', 'yaml', 'promql', 'crontab']) {
      assert.equal(shellKindOf(lang), undefined, lang);
      assert.equal(isShellLanguage(lang), false, lang);
    }
  });

  it('says why a command is not readable', () => {
    assert.deepEqual(unreadableParts('ls -la', 'bash'), []);
    assert.match(unreadableParts('$cmd x', 'bash').join(' '), /command name \$cmd is only known at run time/);
    assert.match(unreadableParts('psql -f fix.sql', 'bash').join(' '), /SQL file fix.sql/);
    assert.match(unreadableParts('echo "x', 'bash').join(' '), /cannot read it/);
  });
});

describe('multi-line text and control characters', () => {
  it('multiline means more than one non-empty line', () => {
    assert.equal(assessCommand('ls\n', 'bash').multiline, false);
    assert.equal(assessCommand('ls', 'bash').multiline, false);
    assert.equal(assessCommand('\n\nls\n\n', 'bash').multiline, false);
    assert.equal(assessCommand('ls\npwd', 'bash').multiline, true);
    assert.equal(assessCommand('rm -rf \\\n /x', 'bash').multiline, true);
  });

  it('names control characters; tab and newline are fine', () => {
    assert.deepEqual(assessCommand('ls\t-la\n', 'bash').controlCharacters, []);
    const names = assessCommand('ls\r\x1b[2K\x03\x00\x07\x08 \u202e \u2066 \u200f', 'bash').controlCharacters;
    assert.deepEqual(names, [
      'carriage return (\\r)',
      'escape (\\x1b)',
      'ETX (Ctrl-C, \\x03)',
      'NUL (\\x00)',
      'BEL (bell, \\x07)',
      'backspace (\\x08)',
      'right-to-left override (U+202E)',
      'left-to-right isolate (U+2066)',
      'right-to-left mark (U+200F)',
    ]);
  });

  it('shows the exact text escaped for the confirmation dialog', () => {
    assert.equal(describeForConfirmation('echo ok\r\x1b[31mrm -rf /\u202e\tx\n'), 'echo ok\\r\\x1b[31mrm -rf /\\u202e\tx\n');
    assert.equal(describeForConfirmation('plain text'), 'plain text');
  });
});

describe('repeated assessments', () => {
  it('gives the same verdict from the cache, in a copy the caller may change', () => {
    const first = assessCommand('rm -rf /srv/cache', 'bash');
    first.reasons.push('changed by a caller');
    const second = assessCommand('rm -rf /srv/cache', 'bash');
    assert.deepEqual(second.reasons, ['rm -rf deletes /srv/cache and everything under it, without asking']);
    assert.equal(assessCommand('rm -rf /srv/cache', 'sql').destructive, false, 'the language is part of the key');
  });
});

describe('reading the parse tree', () => {
  it("reads GopherJS's Go values exactly as mvdan-sh's JavaScript API shows them", () => {
    const texts = [
      ...CASES.filter(([, language]) => !/^(?:sql|mysql|postgresql|redis)$/.test(language)).map(([text]) => text),
      "echo 'é' \"ü$x\" $'\\u00e9' ${x:-ü} # café",
      'cat <<EOF\nnaïve $(rm -rf /x) ${y}\nEOF',
      "a=(1 'two' \"$three\"); declare -A m=([k]=v); echo ${a[@]:1:2} ${#a} ${!m[@]} ${x/a/b} ${x^^}",
      'for ((i = 0; i < 3; i++)); do :; done; select x in a b; do break; done; until false; do :; done',
      'f() { local x=$(date); echo "$x" >&2; } 2>/dev/null; f | tee >(wc -l) <(true)',
    ];
    for (const text of texts) {
      const fast = readShellSyntax(text, 'internal');
      const api = readShellSyntax(text, 'wrapped');
      assert.deepEqual(fast, api, text);
    }
  });
});

describe('the shipped bundle', () => {
  // dist/ is built before the unit tier (scripts/test.mjs); the parser is its own file there.
  const core = path.join(process.cwd(), 'dist', 'extension-core.js');
  it('loads dist/shell-parser.js on the first shell assessment, not with the core', { skip: !existsSync(core) && 'dist/ not built' }, () => {
    const script = `
      const loaded = () => Object.keys(require.cache).some((k) => k.endsWith('shell-parser.js'));
      const core = require(${JSON.stringify(core)});
      const before = loaded();
      const risk = core.incidents.assessCommand("docker compose exec redis redis-cli FLUSHALL", 'bash');
      process.stdout.write(JSON.stringify({ before, after: loaded(), risk, limit: Error.stackTraceLimit }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
    assert.equal(out.before, false);
    assert.equal(out.after, true);
    assert.equal(out.risk.destructive, true);
    assert.equal(out.risk.readable, true);
    assert.equal(out.limit, 10);
  });
});
