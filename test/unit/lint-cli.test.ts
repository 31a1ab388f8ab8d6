import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../src/cli/main';
import { lintCommand } from '../../src/cli/lint';
import { jsonReport, SARIF_SCHEMA, type JsonReport, type SarifLog } from '../../src/cli/lintReport';
import { allRules } from '../../src/core/lint/rules';
import { badRule, otherRule, regexRule } from './lintTestRules';

const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const infoRule = regexRule('fake-info', /NOTE/, { defaultSeverity: 'info' });
const RULES = [badRule, otherRule, infoRule];

interface Run {
  code: number;
  out: string[];
  err: string[];
}

let dir = '';
let previousCwd = '';

async function lint(...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await lintCommand(args, { out: (s) => out.push(s), err: (s) => err.push(s) }, { rules: RULES });
  return { code, out, err };
}

function write(rel: string, text: string): string {
  const full = path.join(dir, rel);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
  return full;
}

before(() => {
  previousCwd = process.cwd();
  dir = mkdtempSync(path.join(tmpdir(), 'runbook-lint-cli-'));
  write('config/application.properties', 'server.port=8080\nsession=BAD\n');
  write('db/V1__init.sql', '-- init\nCREATE INDEX x ON OTHER (a);\n');
  write('clean/.env', 'A=1\n');
  write('clean/notes.txt', 'BAD everywhere, but not a lint target\n');
  write('node_modules/pkg/app.properties', 'x=BAD\n');
  write('.git/config.ini', 'x=BAD\n');
  write('.runbooks/session.yaml', 'x: BAD\n');
  write('.hidden/app.yaml', 'x: BAD\n');
  write('info/app.yaml', 'x: NOTE\n');
  process.chdir(dir);
});
after(() => {
  process.chdir(previousCwd);
  rmSync(dir, { recursive: true, force: true });
});

describe('runbook lint: text', () => {
  it('prints one compiler-style line per finding, a summary on stderr, and exits 1', async () => {
    const r = await lint('config', 'db', 'clean');
    assert.deepEqual(r.out, [
      'config/application.properties:2:9: warning: found BAD [fake-bad] (runbook: session-logout-30s#fix-timeout)',
      'db/V1__init.sql:2:19: error: found OTHER [fake-other]',
    ]);
    assert.deepEqual(r.err, ['2 problems (1 error, 1 warning, 0 info) in 2 of 3 files; 1 fixable with --fix']);
    assert.equal(r.code, 1);
  });

  it('walks folders recursively, skipping node_modules, .git and dot-folders (.runbooks too), keeping .env files', async () => {
    const r = await lint('--format', 'json', '.');
    const report = JSON.parse(r.out.join('\n')) as JsonReport;
    assert.deepEqual([...new Set(report.findings.map((f) => f.file))], ['config/application.properties', 'db/V1__init.sql', 'info/app.yaml']);
    assert.equal(report.filesChecked, 4, 'the .env file is checked too');
  });

  it('exits 0 with no findings, and with info findings only', async () => {
    assert.deepEqual(await lint('clean'), { code: 0, out: [], err: ['1 file checked: no problems'] });
    const info = await lint('info');
    assert.equal(info.code, 0);
    assert.deepEqual(info.out, ['info/app.yaml:1:4: info: found NOTE [fake-info]']);
  });

  it('exits 2 for usage errors', async () => {
    const hint = "Run 'runbook --help' for usage.";
    assert.deepEqual(await lint(), { code: 2, out: [], err: ["runbook: 'runbook lint' needs at least one file or folder", hint] });
    assert.deepEqual(await lint('--format', 'xml', 'config'), { code: 2, out: [], err: ['runbook: unknown format "xml" for \'runbook lint\' (use text, json or sarif)', hint] });
    assert.deepEqual(await lint('--strict', 'config'), { code: 2, out: [], err: ["runbook: unknown option '--strict' for 'runbook lint'", hint] });
    assert.deepEqual(await lint('config', '--config'), { code: 2, out: [], err: ['runbook: --config needs a value', hint] });
  });

  it('exits 2 for an unreadable path but still checks and reports the other files', async () => {
    const r = await lint('missing-folder', 'config');
    assert.equal(r.code, 2);
    assert.deepEqual(r.out, ['config/application.properties:2:9: warning: found BAD [fake-bad] (runbook: session-logout-30s#fix-timeout)']);
    assert.equal(r.err[0], 'runbook: cannot read missing-folder: no such file or folder');
  });

  it('exits 2 for an unreadable file found in a folder, still reporting the others', { skip: process.getuid?.() === 0 ? 'root reads every file' : false }, async () => {
    const locked = write('locked/app.properties', 'x=BAD\n');
    write('locked/ok.properties', 'x=BAD\n');
    chmodSync(locked, 0o000);
    try {
      const r = await lint('locked');
      assert.equal(r.code, 2);
      assert.deepEqual(r.out, ['locked/ok.properties:1:3: warning: found BAD [fake-bad] (runbook: session-logout-30s#fix-timeout)']);
    } finally {
      chmodSync(locked, 0o644);
      rmSync(path.join(dir, 'locked'), { recursive: true, force: true });
    }
  });

  it('exits 2 for a file in a folder that cannot be read (a dangling link), still reporting the others', async () => {
    // Runs as root too, unlike the permission test above: nobody can read a link to nothing.
    write('dangling/ok.properties', 'x=BAD\n');
    symlinkSync(path.join(dir, 'dangling', 'gone.properties'), path.join(dir, 'dangling', 'app.properties'));
    try {
      const r = await lint('dangling');
      assert.equal(r.code, 2);
      assert.deepEqual(r.out, ['dangling/ok.properties:1:3: warning: found BAD [fake-bad] (runbook: session-logout-30s#fix-timeout)']);
      assert.ok(r.err.some((line) => line.includes('dangling/app.properties')), r.err.join('\n'));
    } finally {
      rmSync(path.join(dir, 'dangling'), { recursive: true, force: true });
    }
  });

  it('notes a named file of an unknown kind without failing', async () => {
    assert.deepEqual(await lint('clean/notes.txt', 'clean'), {
      code: 0,
      out: [],
      err: ['runbook: clean/notes.txt: not a file kind runbook lint checks; skipped', '1 file checked: no problems'],
    });
  });
});

describe('runbook lint: config', () => {
  it('uses the nearest .runbooklint.yaml of each file', async () => {
    write('cfg/.runbooklint.yaml', 'rules:\n  fake-bad: error\n');
    write('cfg/sub/.runbooklint.yaml', 'rules:\n  fake-bad: off\n');
    write('cfg/a.env', 'A=BAD\n');
    write('cfg/sub/b.env', 'B=BAD\n');
    const r = await lint('cfg');
    assert.deepEqual(r.out, ['cfg/a.env:1:3: error: found BAD [fake-bad] (runbook: session-logout-30s#fix-timeout)']);
    rmSync(path.join(dir, 'cfg'), { recursive: true, force: true });
  });

  it('--config applies one file to everything; its problems are reported and exit 2', async () => {
    write('conf/lint.yaml', 'rules:\n  fake-other: info\n  fake-bad: sometimes\n');
    const r = await lint('--config', 'conf/lint.yaml', 'db', 'config');
    assert.equal(r.code, 2);
    // Files are reported in the order of the arguments.
    assert.deepEqual(r.out, [
      'db/V1__init.sql:2:19: info: found OTHER [fake-other]',
      'config/application.properties:2:9: warning: found BAD [fake-bad] (runbook: session-logout-30s#fix-timeout)',
    ]);
    assert.match(r.err[0], /^conf\/lint\.yaml:3:13: error: rules\.fake-bad must be one of off, error, warning, info \(got "sometimes"\) \[config\]$/);
    rmSync(path.join(dir, 'conf'), { recursive: true, force: true });
  });
});

describe('runbook lint: json', () => {
  it('prints exactly the documented shape', async () => {
    const r = await lint('--format', 'json', 'config', 'db');
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.out.join('\n')), {
      findings: [
        { file: 'config/application.properties', line: 2, column: 9, endLine: 2, endColumn: 12, rule: 'fake-bad', severity: 'warning', message: 'found BAD', runbook: 'session-logout-30s#fix-timeout' },
        { file: 'db/V1__init.sql', line: 2, column: 19, endLine: 2, endColumn: 24, rule: 'fake-other', severity: 'error', message: 'found OTHER', runbook: null },
      ],
      filesChecked: 2,
      // Each SQL file with the dialect it was read as: nothing in this one's path or text says.
      sqlFiles: [{ file: 'db/V1__init.sql', dialect: { name: 'postgresql', from: 'default' } }],
    });
  });
});

describe('runbook lint: json with many findings', () => {
  it('writes, in pieces, exactly the bytes of the whole report stringified at once', async () => {
    for (const n of [256, 257, 600, 1024]) {
      const lines = Array.from({ length: n }, (_, i) => `key${i}=BAD \\u00e9 "${i}"`);
      write(`many${n}/application.properties`, `${lines.join('\n')}\n`);
      write(`many${n}/b.sql`, 'SELECT 1; -- OTHER\n');
      const r = await lint('--format', 'json', `many${n}`);
      const parsed = JSON.parse(r.out.join('\n')) as JsonReport;
      assert.equal(parsed.findings.length, n + 1);
      assert.equal(r.out.join('\n'), JSON.stringify(parsed, null, 2));
      const again = jsonReport(
        parsed.findings.map((f) => ({ path: f.file, finding: { ruleId: f.rule, severity: f.severity, message: f.message, file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, start: 0, end: 0, runbook: f.runbook ? { runbookId: f.runbook.split('#')[0], stepId: f.runbook.split('#')[1] } : undefined } })),
        parsed.filesChecked,
        parsed.sqlFiles,
      );
      assert.deepEqual(parsed.sqlFiles, [{ file: `many${n}/b.sql`, dialect: { name: 'postgresql', from: 'default' } }]);
      assert.equal(r.out.join('\n'), JSON.stringify(again, null, 2));
    }
  });
});

describe('runbook lint: sarif', () => {
  it('writes SARIF 2.1.0 with the fields GitHub code scanning requires', async () => {
    write('with space/app.yaml', 'x: BAD\n');
    const r = await lint('--format=sarif', 'config', 'db', 'info', 'with space');
    rmSync(path.join(dir, 'with space'), { recursive: true, force: true });
    assert.equal(r.code, 1);
    const log = JSON.parse(r.out.join('\n')) as SarifLog;
    assert.equal(log.$schema, SARIF_SCHEMA);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    const driver = run.tool.driver;
    assert.equal(driver.name, 'runbook-lint');
    assert.equal(typeof driver.informationUri, 'string');
    assert.match(driver.version, /^\d+\.\d+\.\d+/);
    const ids = driver.rules.map((x) => x.id);
    assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
    for (const rule of driver.rules) {
      assert.ok(rule.id && rule.shortDescription.text && rule.fullDescription.text, rule.id);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level), rule.id);
      assert.match(rule.helpUri, /^docs\/rules\/(README\.md#[a-z-]+|[a-z0-9-]+\.md)$/);
    }
    assert.equal(driver.rules[ids.indexOf('fake-bad')].helpUri, 'docs/rules/fake-bad.md');
    assert.equal(driver.rules[ids.indexOf('fake-info')].defaultConfiguration.level, 'note');
    assert.ok(ids.includes('unused-disable') && ids.includes('internal-error'));

    assert.deepEqual(
      run.results.map((res) => [res.ruleId, driver.rules[res.ruleIndex].id, res.level, res.message.text]),
      [
        ['fake-bad', 'fake-bad', 'warning', 'found BAD'],
        ['fake-other', 'fake-other', 'error', 'found OTHER'],
        ['fake-info', 'fake-info', 'note', 'found NOTE'],
        ['fake-bad', 'fake-bad', 'warning', 'found BAD'],
      ],
    );
    const locs = run.results.map((res) => {
      assert.equal(res.locations.length, 1);
      return res.locations[0].physicalLocation;
    });
    assert.deepEqual(locs[0], { artifactLocation: { uri: 'config/application.properties', uriBaseId: '%SRCROOT%' }, region: { startLine: 2, startColumn: 9, endLine: 2, endColumn: 12 } });
    assert.equal(locs[3].artifactLocation.uri, 'with%20space/app.yaml');
    for (const loc of locs) {
      const g = loc.region;
      assert.ok(g.startLine >= 1 && g.startColumn >= 1 && g.endLine >= g.startLine, JSON.stringify(g));
      assert.ok(!loc.artifactLocation.uri.includes('\\'));
    }
    assert.equal(run.results[0].properties?.runbook, 'session-logout-30s#fix-timeout');
    assert.equal(run.columnKind, 'utf16CodeUnits');
  });

  it('lists every real rule in the driver when run with the real rules', async () => {
    const out: string[] = [];
    await lintCommand(['--format', 'sarif', 'clean'], { out: (s) => out.push(s), err: () => undefined });
    const driverIds = (JSON.parse(out.join('\n')) as SarifLog).runs[0].tool.driver.rules.map((x) => x.id);
    for (const rule of allRules) assert.ok(driverIds.includes(rule.id), rule.id);
  });
});

describe('runbook lint --fix and --list-rules', () => {
  it('writes fixed files and reports what remains', async () => {
    const file = write('fixme/app.env', 'A=BAD\nB=OTHER BAD\n');
    const r = await lint('--fix', 'fixme');
    assert.equal(readFileSync(file, 'utf8'), 'A=GOOD\nB=OTHER GOOD\n');
    assert.deepEqual(r.out, ['fixme/app.env:2:3: error: found OTHER [fake-other]']);
    assert.deepEqual(r.err, ['fixed 2 problems in 1 file', '1 problem (1 error, 0 warnings, 0 info) in 1 of 1 file']);
    assert.equal(r.code, 1);
    // A byte order mark survives the fix; columns are counted without it.
    writeFileSync(file, '\uFEFFA=BAD\n');
    assert.deepEqual((await lint('fixme')).out, ['fixme/app.env:1:3: warning: found BAD [fake-bad] (runbook: session-logout-30s#fix-timeout)']);
    assert.equal((await lint('--fix', 'fixme')).code, 0);
    assert.equal(readFileSync(file, 'utf8'), '\uFEFFA=GOOD\n');
    rmSync(path.join(dir, 'fixme'), { recursive: true, force: true });
  });

  it('lists the rules as text or json', async () => {
    const text = await lint('--list-rules');
    assert.equal(text.code, 0);
    assert.match(text.out[0], /^RULE\s+SEVERITY\s+FIX\s+FILES\s+DESCRIPTION$/);
    assert.ok(text.out.some((l) => /^fake-bad\s+warning\s+yes\s+properties,yaml/.test(l)));
    assert.ok(text.out.some((l) => /^unused-disable\s+warning\s+\(engine\)/.test(l)));
    const json = await lint('--list-rules', '--format', 'json');
    assert.deepEqual((JSON.parse(json.out.join('\n')) as { id: string }[]).map((x) => x.id), ['fake-bad', 'fake-other', 'fake-info']);
    assert.equal((await lint('--list-rules', '--format', 'sarif')).code, 2);
  });
});

describe('runbook lint through the runbook command', () => {
  it('is wired into runCli and its help', async () => {
    const out: string[] = [];
    assert.equal(await runCli(['--help'], { out: (s) => out.push(s), err: () => undefined }), 0);
    assert.match(out.join('\n'), /runbook lint \[--format text\|json\|sarif\] \[--config FILE\] \[--fix\] \[--database-url URL\] PATH\.\.\./);
    const r: string[] = [];
    assert.equal(await runCli(['lint', '--list-rules', '--format', 'json'], { out: (s) => r.push(s), err: () => undefined }), 0);
    assert.equal((JSON.parse(r.join('\n')) as unknown[]).length, allRules.length);
  });

  it('sets the process exit code (dist/cli.js)', { skip: !existsSync(CLI) && 'dist/cli.js not built' }, () => {
    const ok = spawnSync(process.execPath, [CLI, 'lint', 'clean'], { cwd: dir, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    const missing = spawnSync(process.execPath, [CLI, 'lint', 'nope', 'clean'], { cwd: dir, encoding: 'utf8' });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read nope/);
  });
});
