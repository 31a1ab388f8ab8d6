import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import packageJson from '../../package.json';
import { USAGE_HINT, runCaptured } from './cliRun';

const ROOT = path.join(__dirname, '..', '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'runbooks');
const CLI = path.join(ROOT, 'dist', 'cli.js');

const run = runCaptured;

const HINT = USAGE_HINT;

// Paths in output are relative to the current folder: run from the fixtures folder.
let previousCwd = '';
let emptyDir = '';
before(() => {
  previousCwd = process.cwd();
  process.chdir(FIXTURES);
  emptyDir = mkdtempSync(path.join(tmpdir(), 'runbook-cli-'));
});
after(() => {
  process.chdir(previousCwd);
  rmSync(emptyDir, { recursive: true, force: true });
});

describe('runbook help and version', () => {
  it('prints help with exit 0', async () => {
    for (const arg of ['--help', '-h', 'help']) {
      const r = await run(arg);
      assert.equal(r.code, 0);
      assert.match(r.out.join('\n'), /^Usage:\n {2}runbook list/m);
      assert.match(r.out.join('\n'), /bundled:session-logout-30s\.yaml/);
      assert.deepEqual(r.err, []);
    }
  });

  it('prints the package version', async () => {
    assert.deepEqual(await run('--version'), { code: 0, out: [packageJson.version], err: [] });
  });

  it('treats no command, unknown commands and unknown options as usage errors (exit 2)', async () => {
    assert.equal((await run()).code, 2);
    assert.deepEqual(await run('frobnicate'), { code: 2, out: [], err: ["runbook: unknown command 'frobnicate'", HINT] });
    assert.deepEqual(await run('--frobnicate'), { code: 2, out: [], err: ["runbook: unknown option '--frobnicate'", HINT] });
    assert.deepEqual(await run('validate', '--strict', 'valid'), { code: 2, out: [], err: ["runbook: unknown option '--strict' for 'runbook validate'", HINT] });
    assert.deepEqual(await run('list', '--format', 'yaml'), {
      code: 2,
      out: [],
      err: ['runbook: unknown format "yaml" for \'runbook list\' (use text or json)', HINT],
    });
    assert.deepEqual(await run('list', '--format'), { code: 2, out: [], err: ['runbook: --format needs a value', HINT] });
  });
});

describe('runbook validate', () => {
  it('exits 0 with a one-line summary when everything is valid', async () => {
    assert.deepEqual(await run('validate', 'valid'), { code: 0, out: ['3 runbooks in 2 files: no problems'], err: [] });
  });

  it('prints every problem as file:line:column: message and exits 1', async () => {
    assert.deepEqual(await run('validate', 'invalid', 'valid/disk-full.yaml'), {
      code: 1,
      out: [
        'invalid/bad-kind.yaml:12:15: phases[1].steps[0].kind must be one of cause, check, action, fix, verify, note (got "fixx"; did you mean "fix"?)',
        'invalid/unknown-field.yaml:1:1: runbook is missing the required field "title"',
        'invalid/unknown-field.yaml:2:1: Unknown field "titel" in runbook (did you mean "title"?)',
      ],
      err: ['2 runbooks in 3 files: 3 errors in 2 files'],
    });
  });

  it('finds duplicate ids across the given paths', async () => {
    const r = await run('validate', 'duplicates/a.yaml', 'duplicates/b.yaml');
    assert.equal(r.code, 1);
    assert.deepEqual(r.out, [
      `duplicates/a.yaml:1:1: Duplicate runbook id "same-id": also defined in ${path.join(FIXTURES, 'duplicates/b.yaml')}:3`,
      `duplicates/b.yaml:3:1: Duplicate runbook id "same-id": also defined in ${path.join(FIXTURES, 'duplicates/a.yaml')}:1`,
    ]);
  });

  it('rejects hostile files with file:line and no stack trace', async () => {
    const r = await run('validate', 'hostile');
    assert.equal(r.code, 1);
    assert.deepEqual(r.out, [
      'hostile/alias-bomb.yaml:2:1: YAML aliases expand beyond the limit of 100 (alias bomb?); document ignored',
      'hostile/truncated.yaml:9:1: Missing closing "quote',
    ]);
  });

  it('exits 2 without a path, for a missing path, and for a folder with no runbook files', async () => {
    assert.deepEqual(await run('validate'), { code: 2, out: [], err: ["runbook: 'runbook validate' needs at least one file or folder", HINT] });
    assert.deepEqual(await run('validate', 'nope.yaml', 'valid'), {
      code: 2,
      out: [],
      err: ['runbook: cannot read nope.yaml: no such file or folder', HINT],
    });
    const empty = await run('validate', emptyDir);
    assert.equal(empty.code, 2);
    assert.match(empty.err[0], /^runbook: no runbook files/);
  });
});

describe('runbook validate: warnings and --format json', () => {
  const WARNINGS = [
    ['warnings/declared.md', 17, 'undeclared-destructive-command'],
    ['warnings/declared.md', 21, 'undeclared-placeholder'],
    ['warnings/declared.yaml', 10, 'unused-variable'],
    ['warnings/declared.yaml', 20, 'undeclared-placeholder'],
    ['warnings/declared.yaml', 26, 'undeclared-destructive-command'],
    ['warnings/declared.yaml', 34, 'destructive-without-risk'],
  ];

  it('prints warnings at the command line and keeps exit 0 when there are only warnings', async () => {
    const r = await run('validate', 'warnings');
    assert.equal(r.code, 0);
    assert.deepEqual(
      r.out.map((line) => line.replace(/: warning: .*$/, '')),
      WARNINGS.map(([file, line]) => `${file}:${line}:1`),
    );
    assert.match(r.out[3], /Placeholder \{\{queue\}\} is not declared/);
    assert.match(r.out[4], /kill -9/);
    assert.deepEqual(r.err, ['2 runbooks in 2 files: 0 errors, 6 warnings in 2 files']);
  });

  it('prints {"problems": [...], "filesChecked": N} with --format json', async () => {
    const r = await run('validate', '--format', 'json', 'warnings');
    assert.equal(r.code, 0);
    assert.deepEqual(r.err, []);
    const report = JSON.parse(r.out.join('\n'));
    assert.deepEqual(Object.keys(report), ['problems', 'filesChecked']);
    assert.equal(report.filesChecked, 2);
    for (const p of report.problems) assert.deepEqual(Object.keys(p), ['file', 'line', 'column', 'severity', 'code', 'message']);
    assert.deepEqual(
      report.problems.map((p: { file: string; line: number; severity: string; code: string }) => [p.file, p.line, p.code, p.severity]),
      WARNINGS.map((w) => [...w, 'warning']),
    );
  });

  it('exits 1 in JSON too when a file has an error, and reports errors with their code', async () => {
    const r = await run('validate', '--format=json', 'invalid', 'valid');
    assert.equal(r.code, 1);
    const report = JSON.parse(r.out.join('\n'));
    assert.equal(report.filesChecked, 4);
    assert.deepEqual(report.problems[0], {
      file: 'invalid/bad-kind.yaml',
      line: 12,
      column: 15,
      severity: 'error',
      code: 'schema',
      message: 'phases[1].steps[0].kind must be one of cause, check, action, fix, verify, note (got "fixx"; did you mean "fix"?)',
    });
    assert.deepEqual(await run('validate', '--format', 'json', 'valid'), { code: 0, out: [JSON.stringify({ problems: [], filesChecked: 2 }, null, 2)], err: [] });
  });

  it('refuses another format', async () => {
    assert.deepEqual(await run('validate', '--format', 'sarif', 'valid'), {
      code: 2,
      out: [],
      err: ["runbook: unknown format \"sarif\" for 'runbook validate' (use text or json)", HINT],
    });
  });
});

describe('runbook list', () => {
  it('prints the whole runbook as JSON (summary, severity, step kinds, insight), with sources relative to the current folder', async () => {
    const r = await run('list', '--no-bundled', '--format', 'json', 'valid/disk-full.yaml');
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.out.join('\n')), {
      runbooks: [
        {
          id: 'disk-full',
          title: 'Disk full on the database host',
          symptom: 'Writes fail with: No space left on device',
          summary: 'Usually **WAL** or logs. Free space first, then find the cause.',
          severity: 'high',
          source: 'valid/disk-full.yaml',
          line: 2,
          tags: ['disk', 'database'],
          aliases: ['DiskSpaceLow', 'ENOSPC: no space left on device'],
          lintRules: ['log-rotation-missing'],
          variables: [],
          phases: [
            {
              name: 'Triage & Stabilize',
              timebox: { fromMinutes: 0, toMinutes: 10 },
              steps: [
                { id: 'check-usage', text: 'See which mount is full.', kind: 'check', commands: [{ language: 'bash', code: 'df -h' }] },
                {
                  id: 'free-space',
                  text: 'Delete rotated logs older than a day.',
                  kind: 'action',
                  commands: [
                    {
                      language: 'text',
                      code: "find /var/log -name '*.gz' -mtime +1 -delete",
                      destructive: true,
                      risk: 'Deletes the rotated logs for good; copy any you still need first.',
                    },
                  ],
                },
              ],
            },
            { name: 'Verify', timebox: null, steps: [{ id: 'writes-ok', text: 'Writes succeed again.', kind: 'verify', commands: [] }] },
          ],
          insight: 'Alert at 80 %, not at 100 %.',
        },
      ],
    });
  });

  it('prints an aligned table', async () => {
    const r = await run('list', '--no-bundled', 'valid');
    assert.equal(r.code, 0);
    assert.deepEqual(r.out, [
      'ID              PHASES  STEPS  TITLE',
      'disk-full            2      3  Disk full on the database host',
      'cache-stampede       1      1  Cache stampede after deploy',
      'queue-backlog        1      1  Queue backlog grows',
    ]);
  });

  it('includes the bundled runbooks unless --no-bundled', async () => {
    const r = await run('list', '--format=json');
    assert.equal(r.code, 0);
    const sources = (JSON.parse(r.out.join('\n')) as { runbooks: { source: string }[] }).runbooks.map((rb) => rb.source);
    assert.ok(sources.length > 0);
    assert.ok(sources.every((s) => /^bundled:[^/].*\.(ya?ml|md|markdown)$/.test(s)), sources.join(', '));
  });

  it('lists what loads, reports problems on stderr, and exits 0', async () => {
    const r = await run('list', '--no-bundled', 'hostile', 'invalid');
    assert.equal(r.code, 0);
    assert.deepEqual(r.out, ['ID        PHASES  STEPS  TITLE', 'bad-kind       2      2  A step with a misspelt kind']);
    assert.deepEqual(r.err, [
      'hostile/alias-bomb.yaml:2:1: error: YAML aliases expand beyond the limit of 100 (alias bomb?); document ignored',
      'hostile/truncated.yaml:9:1: error: Missing closing "quote',
      'invalid/bad-kind.yaml:12:15: error: phases[1].steps[0].kind must be one of cause, check, action, fix, verify, note (got "fixx"; did you mean "fix"?)',
      'invalid/unknown-field.yaml:1:1: error: runbook is missing the required field "title"',
      'invalid/unknown-field.yaml:2:1: error: Unknown field "titel" in runbook (did you mean "title"?)',
    ]);
  });

  it('exits 2 for an unreadable path but still lists the rest', async () => {
    const r = await run('list', '--no-bundled', 'missing-folder', 'valid/disk-full.yaml');
    assert.equal(r.code, 2);
    assert.equal(r.out.length, 2);
    assert.deepEqual(r.err, ['runbook: cannot read missing-folder: no such file or folder', HINT]);
  });
});

describe('runbook show', () => {
  it('shows a runbook by id as Markdown, HTML or JSON', async () => {
    const md = await run('show', 'disk-full', 'valid');
    assert.equal(md.code, 0);
    assert.match(md.out.join('\n'), /^# Disk full on the database host\n/);
    const html = await run('show', 'disk-full', '--format', 'html', 'valid');
    assert.equal(html.code, 0);
    assert.match(html.out.join('\n'), /<html[\s>]/i);
    assert.match(html.out.join('\n'), /Disk full on the database host/);
    const json = await run('show', 'disk-full', '--format', 'json', 'valid');
    const list = await run('list', '--no-bundled', '--format', 'json', 'valid/disk-full.yaml');
    assert.deepEqual(JSON.parse(json.out.join('\n')), (JSON.parse(list.out.join('\n')) as { runbooks: unknown[] }).runbooks[0]);
  });

  it('shows the runbook of a file', async () => {
    const r = await run('show', 'valid/disk-full.yaml', '--format', 'json');
    assert.equal(r.code, 0);
    assert.equal((JSON.parse(r.out.join('\n')) as { id: string }).id, 'disk-full');
    const two = await run('show', 'valid/two-runbooks.yaml');
    assert.equal(two.code, 2);
    assert.match(two.err[0], /holds 2 runbooks \(cache-stampede, queue-backlog\)/);
    assert.deepEqual(await run('show', 'valid/missing.yaml'), {
      code: 2,
      out: [],
      err: ['runbook: cannot read valid/missing.yaml: no such file or folder', HINT],
    });
  });

  it('exits 2 for an unknown id, suggesting the nearest', async () => {
    const r = await run('show', 'disk-ful', '--no-bundled', 'valid');
    assert.equal(r.code, 2);
    assert.deepEqual(r.out, []);
    assert.equal(r.err[0], 'runbook: no runbook with id "disk-ful" (did you mean "disk-full"?)');
    const none = await run('show', 'zzzzzzzz', '--no-bundled', 'valid');
    assert.equal(none.err[0], 'runbook: no runbook with id "zzzzzzzz"');
    assert.deepEqual(await run('show'), { code: 2, out: [], err: ["runbook: 'runbook show' needs a runbook id or file", HINT] });
  });
});

describe('dist/cli.js as a child process', () => {
  function node(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    assert.ok(existsSync(CLI), `${CLI} is missing: run "npm run build" first`);
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: FIXTURES, encoding: 'utf8', timeout: 30_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  const STACK = /^\s+at .+\(.*:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m;

  it('validates, and rejects hostile input with file:line and no stack trace', () => {
    const ok = node('validate', 'valid');
    assert.deepEqual([ok.status, ok.stdout], [0, '3 runbooks in 2 files: no problems\n']);
    const bad = node('validate', 'hostile', 'invalid');
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /^hostile\/alias-bomb\.yaml:2:1: YAML aliases expand/m);
    assert.match(bad.stdout, /^hostile\/truncated\.yaml:9:1: /m);
    assert.doesNotMatch(bad.stdout + bad.stderr, STACK);
  });

  it('exits 2 on usage errors and missing paths, without a stack trace', () => {
    for (const args of [['validate'], ['validate', '/definitely/not/here'], ['bogus'], ['list', '--format', 'xml']]) {
      const r = node(...args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, /--help/);
      assert.doesNotMatch(r.stderr, STACK);
    }
  });

  it('writes a multi-megabyte report whole to a pipe, to a file, and stops quietly when the reader goes away', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'runbook-cli-pipe-'));
    try {
      const sql = path.join(dir, 'V1__indexes.sql');
      writeFileSync(sql, Array.from({ length: 6000 }, (_, i) => `CREATE INDEX idx_${i} ON orders (c${i});`).join('\n'));
      // To a pipe (spawnSync's): every finding, and the summary on stderr.
      const whole = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', sql], { encoding: 'utf8', maxBuffer: 1 << 28 });
      assert.equal(whole.status, 1);
      const report = JSON.parse(whole.stdout) as { findings: unknown[] };
      assert.ok(whole.stdout.length > 3_000_000 && report.findings.length >= 6000, `${whole.stdout.length} bytes`);
      assert.match(whole.stderr, /^\d+ problems .* in 1 of 1 file/);
      // To a file: the same bytes.
      const file = path.join(dir, 'report.json');
      const toFile = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${CLI}" lint --format json "${sql}" > "${file}"`], { encoding: 'utf8' });
      if (process.platform !== 'win32') {
        assert.equal(toFile.status, 1);
        assert.equal(readFileSync(file, 'utf8'), whole.stdout);
      }
      // A reader that takes the first bytes and closes (`| head -c 100`): exit 0, no stack trace.
      const child = spawn(process.execPath, [CLI, 'lint', '--format', 'json', sql], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0);
      assert.doesNotMatch(stderr, STACK);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints list JSON', () => {
    const r = node('list', '--no-bundled', '--format', 'json', 'valid');
    assert.equal(r.status, 0);
    assert.deepEqual((JSON.parse(r.stdout) as { runbooks: { id: string }[] }).runbooks.map((rb) => rb.id), ['disk-full', 'cache-stampede', 'queue-backlog']);
  });
});
