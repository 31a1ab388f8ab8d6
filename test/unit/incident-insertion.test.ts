import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chooseInsertion,
  needsScript,
  scriptCommandLine,
  scriptContent,
  scriptFileName,
  trimCommandText,
} from '../../src/core/incident/insertion';
import { shellDialectFor } from '../../src/core/incident/placeholders';
import { commandRanEvent, editorLanguageId, maskCredentials } from '../../src/core/incident/runRecording';
import { OutputBuffer } from '../../src/core/incident/runs';

const buffered = (text: string, keep?: number): OutputBuffer => {
  const b = new OutputBuffer(keep);
  b.push(text);
  return b;
};

describe('trimming what reaches a terminal', () => {
  it('drops trailing whitespace-only lines, which a terminal would take for Enter', () => {
    assert.equal(trimCommandText('printf X > /tmp/x\n '), 'printf X > /tmp/x');
    assert.equal(trimCommandText('a\n\n   \n\t\n'), 'a');
    assert.equal(trimCommandText('a\r\n \r\n'), 'a');
    assert.equal(trimCommandText('\n  \nls -l\n'), 'ls -l');
  });
  it('keeps indentation inside a block', () => {
    assert.equal(trimCommandText('for i in 1 2; do\n  echo $i\ndone\n'), 'for i in 1 2; do\n  echo $i\ndone');
  });
  it('a block is a script when more than one line is left, a trailing blank line alone is not', () => {
    assert.equal(needsScript('ls\n'), false);
    assert.equal(needsScript('ls\n \n'), false);
    assert.equal(needsScript('ls \\\n  -l'), true);
    assert.equal(needsScript('cat <<EOF\nx\nEOF'), true);
    assert.equal(needsScript('a\r\nb'), true);
  });
});

describe('choosing how a command is inserted', () => {
  it('one line is typed and quoted for the terminal shell when VS Code knows it', () => {
    assert.deepEqual(chooseInsertion('ls {{dir}}', 'bash', 'fish'), { mechanism: 'typed', parsedBy: 'fish' });
    assert.deepEqual(chooseInsertion('ls {{dir}}', 'bash', 'pwsh'), { mechanism: 'typed', parsedBy: 'powershell' });
    assert.deepEqual(chooseInsertion('ls {{dir}}', 'bash', undefined), { mechanism: 'typed', parsedBy: 'posix' });
    assert.deepEqual(chooseInsertion('Get-Process', 'powershell', undefined), { mechanism: 'typed', parsedBy: 'powershell' });
  });
  it('a block of several lines becomes a script run by the interpreter of its language', () => {
    assert.deepEqual(chooseInsertion('a\nb', 'bash', 'zsh'), { mechanism: 'script', parsedBy: 'posix', interpreter: 'bash', scriptExtension: '.sh' });
    assert.deepEqual(chooseInsertion('a\nb', 'sh', 'bash'), { mechanism: 'script', parsedBy: 'posix', interpreter: 'sh', scriptExtension: '.sh' });
    assert.deepEqual(chooseInsertion('a\nb', 'fish', 'bash'), { mechanism: 'script', parsedBy: 'fish', interpreter: 'fish', scriptExtension: '.fish' });
    assert.equal(chooseInsertion('a\nb', 'powershell', 'bash').interpreter, 'pwsh -NoProfile -File');
    assert.equal(chooseInsertion('a\nb', 'text', 'bash').interpreter, 'sh');
  });
  it('the typed line quotes the script path for the terminal shell', () => {
    const choice = chooseInsertion('a\nb', 'bash', 'bash');
    assert.equal(scriptCommandLine(choice, '/tmp/runbook-assistant-x/a.sh', 'bash'), 'bash /tmp/runbook-assistant-x/a.sh');
    assert.equal(scriptCommandLine(choice, "/tmp/it's here/a.sh", 'bash'), `bash '/tmp/it'\\''s here/a.sh'`);
    assert.equal(scriptCommandLine(choice, "/tmp/it's here/a.sh", 'pwsh'), `bash '/tmp/it''s here/a.sh'`);
    assert.equal(scriptCommandLine(choice, "/tmp/it's here/a.sh", 'fish'), `bash '/tmp/it\\'s here/a.sh'`);
    // PowerShell always gets a quoted word; a backslash is literal inside single quotes in every shell.
    assert.equal(scriptCommandLine(choice, 'C:\\Users\\me\\a.ps1', 'pwsh'), "bash 'C:\\Users\\me\\a.ps1'");
    assert.equal(scriptCommandLine(choice, '/tmp/a\\b.sh', 'bash'), "bash '/tmp/a\\b.sh'");
  });
  it('script files are named after the incident, step and command, and never leave their folder', () => {
    assert.equal(scriptFileName('2026-12-06-db', 'check-disk', 0, 3, '.sh'), '2026-12-06-db--check-disk-1-3.sh');
    assert.ok(!scriptFileName('../../etc', '../x', 0, 1, '.sh').includes('/'));
    assert.equal(scriptContent('a\nb\n \n'), 'a\nb\n');
  });
  it('knows the shells VS Code reports', () => {
    assert.equal(shellDialectFor('zsh'), 'posix');
    assert.equal(shellDialectFor('fish'), 'fish');
    assert.equal(shellDialectFor('pwsh'), 'powershell');
    assert.equal(shellDialectFor('python'), undefined);
    assert.equal(shellDialectFor(undefined), undefined);
  });
});

describe('masking credentials in recorded command lines and output', () => {
  const cases: [string, string][] = [
    ['PGPASSWORD=hunter22 psql -h db', 'PGPASSWORD=•••• psql -h db'],
    ['export API_KEY="abc def"', 'export API_KEY=••••'],
    ['mysql --password=s3cr3t -e "select 1"', 'mysql --password=•••• -e "select 1"'],
    ['vault login --token hvs.CAESIabc', 'vault login --token ••••'],
    ['curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x.y" https://api', 'curl -H "Authorization: Bearer ••••" https://api'],
    ['psql postgres://app:pa55word@db.internal/app', 'psql postgres://app:••••@db.internal/app'],
    ['redis-cli -h r1 -a s3cret PING', 'redis-cli -h r1 -a •••• PING'],
    ['client_secret: 1234abcd', 'client_secret: ••••'],
  ];
  for (const [input, expected] of cases) {
    it(input, () => assert.equal(maskCredentials(input), expected));
  }
  it('leaves ordinary text alone', () => {
    for (const text of ['psql -p 5432 -h db', 'kubectl get pods -n prod', 'token_count is 3', 'https://example.com/a:b@c', 'SELECT password_changed_at FROM users']) {
      assert.equal(maskCredentials(text), text);
    }
  });
});

describe('the command-ran event', () => {
  const run = {
    terminalName: 'bash',
    commandLine: 'bash /tmp/ra/inc--check-1-1.sh',
    cwd: '/srv/app',
    exitCode: 2,
    startedAt: Date.parse('2026-12-06T11:23:44.000Z'),
    endedAt: Date.parse('2026-12-06T11:23:45.200Z'),
    output: buffered('\u001b]633;C\u0007out-42\r\nls: cannot access x\r\n'),
    pending: [{ stepId: 'check', commandIndex: 0, text: 'bash /tmp/ra/inc--check-1-1.sh', scriptPath: '/tmp/ra/inc--check-1-1.sh' }],
  };
  it('is matched to its step, timed, and keeps the output without escape sequences', () => {
    const e = commandRanEvent(run, { by: 'ana', captureOutput: true, mask: (t) => t });
    assert.equal(e.type, 'command-ran');
    assert.equal(e.stepId, 'check');
    assert.equal(e.commandIndex, 0);
    assert.equal(e.exitCode, 2);
    assert.equal(e.durationMs, 1200);
    assert.equal(e.at, '2026-12-06T11:23:45.200Z');
    assert.equal(e.startedAt, '2026-12-06T11:23:44.000Z');
    assert.equal(e.cwd, '/srv/app');
    assert.ok(e.output?.includes('out-42') && !e.output.includes('\u001b'), e.output);
  });
  it('masks a secret in the output even when a colour escape splits it', () => {
    const e = commandRanEvent({ ...run, output: buffered('pass: hun\u001b[0mter22\r\n') }, { by: 'ana', captureOutput: true, mask: (t) => t.split('hunter22').join('••••') });
    assert.equal(e.output, 'pass: ••••');
  });
  it('without output capture keeps no output; masks what it keeps', () => {
    const e = commandRanEvent({ ...run, commandLine: 'echo hunter22', pending: [] }, { by: 'ana', captureOutput: false, mask: (t) => t.split('hunter22').join('••••') });
    assert.equal(e.output, undefined);
    assert.equal(e.stepId, undefined);
    assert.equal(e.commandLine, 'echo ••••');
  });
  it('an unknown exit code is left out, a capped output is marked truncated', () => {
    const e = commandRanEvent({ ...run, exitCode: undefined, output: buffered('x'.repeat(300), 100) }, { by: 'ana', captureOutput: true, mask: (t) => t });
    assert.equal('exitCode' in e, false);
    assert.equal(e.outputTruncated, true);
  });
});

describe('opening a block in an editor', () => {
  const known = ['plaintext', 'sql', 'java', 'properties', 'yaml', 'shellscript', 'powershell'];
  it('maps fence languages to VS Code language ids it knows, else plain text', () => {
    assert.equal(editorLanguageId('postgresql', known), 'sql');
    assert.equal(editorLanguageId('SQL', known), 'sql');
    assert.equal(editorLanguageId('java', known), 'java');
    assert.equal(editorLanguageId('yml', known), 'yaml');
    assert.equal(editorLanguageId('redis', known), 'plaintext');
    assert.equal(editorLanguageId('promql', known), 'plaintext');
    assert.equal(editorLanguageId('bash', known), 'shellscript');
  });
});
