import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OutputBuffer, cleanTerminalOutput, formatRunDuration, formatRunSummary, matchRun, outputExcerpt, timeOfDay } from '../../src/core/incident/runs';

describe('outputExcerpt', () => {
  it('strips shell integration and colour sequences and normalises CRLF (what read() gave in the test VS Code)', () => {
    const raw = "\u001b]633;C\u0007probe-42\r\nls: cannot access '/nonexistent-dir': No such file or directory\r\n";
    assert.deepEqual(outputExcerpt(raw), { text: "probe-42\nls: cannot access '/nonexistent-dir': No such file or directory", truncated: false });
    assert.equal(outputExcerpt('\u001b[1;31mERROR\u001b[0m done\u001b[K').text, 'ERROR done');
    // OSC ended by ST (ESC \), a window title, a hyperlink, a charset switch, 8-bit CSI.
    assert.equal(outputExcerpt('\u001b]0;title\u001b\\a\u001b]8;;https://x.example\u0007link\u001b]8;;\u0007 \u001b(Bb\u009b2Jc').text, 'alink bc');
    assert.equal(outputExcerpt('x\u001b]633;D;0\u0007\u001b]633;P;Cwd=/tmp\u0007').text, 'x');
  });

  it('keeps what a progress bar leaves on screen: the last text of a line rewritten with \\r', () => {
    assert.equal(outputExcerpt('Downloading 10%\rDownloading 55%\rDownloading 100%\r\ndone\r\n').text, 'Downloading 100%\ndone');
    assert.equal(outputExcerpt('a\r\r\nb').text, 'a\nb', '\\r\\r\\n (ONLCR on a \\r\\n) is one line end');
    assert.equal(outputExcerpt('one\rtwo\r').text, 'two');
  });

  it('drops other control characters but keeps tabs, and shows bidi overrides instead of obeying them', () => {
    assert.equal(outputExcerpt('a\u0007b\u0000c\u0008d\tе\u007f\u0085').text, 'abcd\tе');
    assert.equal(outputExcerpt('safe \u202eexe.txt').text, 'safe \ufffdexe.txt');
  });

  it('an escape cut off at the end of the output does not swallow the next line', () => {
    assert.equal(outputExcerpt('ok\u001b]0;never ended\nnext line').text, 'ok\nnext line');
    assert.equal(outputExcerpt('ok\u001b[38;5').text, 'ok');
    assert.equal(outputExcerpt('ok\u001b').text, 'ok');
  });

  it('keeps the first 20 and last 20 lines, and says how many were left out', () => {
    const raw = Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join('\n');
    const { text, truncated } = outputExcerpt(raw);
    const lines = text.split('\n');
    assert.equal(truncated, true);
    assert.equal(lines.length, 41);
    assert.equal(lines[0], 'line 1');
    assert.equal(lines[19], 'line 20');
    assert.equal(lines[20], '… 60 lines omitted …');
    assert.equal(lines[21], 'line 81');
    assert.equal(lines[40], 'line 100');
    // Exactly 40 lines: nothing omitted.
    assert.deepEqual(outputExcerpt(raw.split('\n').slice(0, 40).join('\n')).truncated, false);
    assert.equal(outputExcerpt(raw, { headLines: 2, tailLines: 1 }).text, 'line 1\nline 2\n… 97 lines omitted …\nline 100');
    assert.equal(outputExcerpt('a\nb\nc', { headLines: 1, tailLines: 0 }).text, 'a\n… 2 lines omitted …');
  });

  it('trims blank lines at both ends and trailing spaces, not blank lines inside', () => {
    assert.equal(outputExcerpt('\n\n  a   \n\nb\n\n\n').text, '  a\n\nb');
    assert.deepEqual(outputExcerpt(''), { text: '', truncated: false });
    assert.deepEqual(outputExcerpt('\r\n\u001b[0m\r\n'), { text: '', truncated: false });
  });

  it('caps the excerpt at 4000 characters, keeping the start and the end', () => {
    const long = `START${'x'.repeat(1_000_000)}END`;
    const { text, truncated } = outputExcerpt(long);
    assert.equal(truncated, true);
    assert.ok(text.length <= 4000, `length ${text.length}`);
    assert.ok(text.startsWith('START'));
    assert.ok(text.endsWith('END'));
    assert.match(text, /\n… \d+ characters omitted …\n/);
    // 40 long lines are over the cap too.
    const wide = Array.from({ length: 40 }, (_, i) => `${i}:${'y'.repeat(500)}`).join('\n');
    const capped = outputExcerpt(wide, { maxChars: 1000 });
    assert.ok(capped.text.length <= 1000 && capped.truncated);
    assert.ok(capped.text.startsWith('0:y'));
  });

  it('never cuts a surrogate pair in two', () => {
    const emoji = '😀'.repeat(5000);
    const { text } = outputExcerpt(emoji, { maxChars: 101 });
    assert.ok(text.length <= 101);
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text), 'no lone surrogate');
  });

  it('is fast on hostile input: megabytes of escapes, carriage returns and unterminated sequences', () => {
    const inputs = ['\u001b]'.repeat(500_000), '\u001b['.repeat(500_000), '\r'.repeat(2_000_000), '\u001b[0;0;0;0'.repeat(200_000), 'a\n'.repeat(1_000_000)];
    for (const raw of inputs) {
      const started = performance.now();
      const { text } = outputExcerpt(raw);
      assert.ok(text.length <= 4000);
      assert.ok(performance.now() - started < 2000, `took ${performance.now() - started} ms`);
    }
  });

  it('ignores limits that are not numbers and non-string input', () => {
    assert.equal(outputExcerpt('a\nb', { headLines: Number.NaN, tailLines: -1, maxChars: Infinity }).text, 'a\nb');
    assert.deepEqual(outputExcerpt(undefined as unknown as string), { text: '', truncated: false });
  });
});

describe('OutputBuffer', () => {
  it('keeps everything while it fits', () => {
    const b = new OutputBuffer(10);
    b.push('abc');
    b.push('');
    b.push('def');
    assert.equal(b.text(), 'abcdef');
    assert.equal(b.overflowed, false);
  });

  it('keeps the head and the tail of a long stream, and says how much was dropped', () => {
    const b = new OutputBuffer(4);
    for (const chunk of ['12', '345', '6789', 'ABCDEFG', 'xyz']) b.push(chunk);
    assert.equal(b.overflowed, true);
    assert.equal(b.text(), '1234\n… 11 characters not kept …\nGxyz');
    // Memory stays bounded however much is pushed.
    const big = new OutputBuffer(1000);
    for (let i = 0; i < 10_000; i++) big.push('z'.repeat(1000));
    assert.ok(big.text().length < 2100);
  });
});

describe('cleaning, masking, then cutting', () => {
  it('cleanTerminalOutput keeps every line, so a mask sees a secret an escape sequence split', () => {
    const raw = `token: hun\u001b[1mter22\u001b[0m\r\n${'x\n'.repeat(100)}`;
    assert.equal(raw.includes('hunter22'), false);
    const clean = cleanTerminalOutput(raw);
    assert.equal(clean.split('\n').length, 101);
    assert.ok(clean.startsWith('token: hunter22\n'));
  });

  it('OutputBuffer.excerpt masks the clean text and reports a dropped middle as truncated', () => {
    const b = new OutputBuffer(50);
    b.push('\u001b]633;C\u0007pass=hun\u001b[0mter22\r\n');
    b.push('y'.repeat(500));
    b.push('\nlast line\r\n');
    const r = b.excerpt((t) => t.replaceAll('hunter22', '••••'));
    assert.equal(r.truncated, true);
    assert.ok(r.text.startsWith('pass=••••\n'), r.text);
    assert.ok(r.text.endsWith('\nlast line'), r.text);
    assert.match(r.text, /… \d+ characters not kept …/);
    const small = new OutputBuffer();
    small.push('ok\r\n');
    assert.deepEqual(small.excerpt(), { text: 'ok', truncated: false });
  });
});

describe('matchRun', () => {
  const pending = [
    { stepId: 'check-ttl', commandIndex: 0, text: 'redis-cli TTL sess:1' },
    { stepId: 'restart', commandIndex: 1, text: 'kubectl rollout restart deploy/web', scriptPath: '/ws/.runbooks/incidents/x/restart-1.sh' },
    { stepId: 'check-again', commandIndex: 0, text: 'redis-cli  TTL   sess:1' },
  ];

  it('matches equal text, whitespace runs counting as one space, and prefers the most recent', () => {
    assert.deepEqual(matchRun('  redis-cli TTL\tsess:1 ', pending), { stepId: 'check-again', commandIndex: 0 });
    assert.deepEqual(matchRun('kubectl rollout restart deploy/web', pending), { stepId: 'restart', commandIndex: 1 });
    assert.deepEqual(matchRun('redis-cli TTL sess:1', pending.slice(0, 2)), { stepId: 'check-ttl', commandIndex: 0 });
  });

  it('matches a command line that runs the block\'s script file, however it is quoted', () => {
    assert.deepEqual(matchRun("bash '/ws/.runbooks/incidents/x/restart-1.sh'", pending), { stepId: 'restart', commandIndex: 1 });
    assert.deepEqual(matchRun('bash "/ws/.runbooks/incidents/x/restart-1.sh"', pending), { stepId: 'restart', commandIndex: 1 });
    const odd = [{ stepId: 's', commandIndex: 2, text: '', scriptPath: "/tmp/it's here/b.sh" }];
    assert.deepEqual(matchRun("bash '/tmp/it'\\''s here/b.sh'", odd), { stepId: 's', commandIndex: 2 });
    const windows = [{ stepId: 'w', commandIndex: 0, text: '', scriptPath: 'C:\\Users\\me\\b.ps1' }];
    assert.deepEqual(matchRun("& 'C:\\Users\\me\\b.ps1'", windows), { stepId: 'w', commandIndex: 0 });
  });

  it('does not match an edited command, an empty line, a prefix, or nothing pending', () => {
    assert.equal(matchRun('redis-cli TTL sess:2', pending), undefined);
    assert.equal(matchRun('redis-cli TTL', pending), undefined);
    assert.equal(matchRun('   ', pending), undefined);
    assert.equal(matchRun('redis-cli TTL sess:1', []), undefined);
    assert.equal(matchRun('bash /ws/.runbooks/incidents/x/other.sh', pending), undefined);
    // An empty script path names nothing.
    assert.equal(matchRun('ls', [{ stepId: 'a', commandIndex: 0, text: 'pwd', scriptPath: '  ' }]), undefined);
  });

  it('never throws on garbage', () => {
    assert.equal(matchRun(undefined as unknown as string, pending), undefined);
    assert.equal(matchRun('x', undefined as unknown as []), undefined);
    assert.equal(matchRun('x', [null, { stepId: 'a' }] as unknown as []), undefined);
  });
});

describe('formatRunSummary', () => {
  const at = new Date(2026, 10, 24, 11, 23, 45, 500);
  const run = (exitCode: number | undefined, durationMs: number) => ({ startedAt: at.toISOString(), exitCode, durationMs });

  it('says when it ran (local time), its exit code and how long it took', () => {
    assert.equal(formatRunSummary(run(0, 1234)), 'ran 11:23:45 · exit 0 · 1.2 s');
    assert.equal(formatRunSummary(run(127, 350)), 'ran 11:23:45 · exit 127 · 350 ms');
    assert.equal(formatRunSummary(run(undefined, 125_000)), 'ran 11:23:45 · exit ? · 2 min 5 s');
  });

  it('adds the date only when the run was on another day than now', () => {
    assert.equal(formatRunSummary(run(0, 10), new Date(2026, 10, 24, 23, 0, 0)), 'ran 11:23:45 · exit 0 · 10 ms');
    assert.equal(formatRunSummary(run(0, 10), new Date(2026, 10, 25, 0, 5, 0)), 'ran 2026-11-24 11:23:45 · exit 0 · 10 ms');
  });

  it('formats durations the way people say them', () => {
    assert.equal(formatRunDuration(0), '0 ms');
    assert.equal(formatRunDuration(999), '999 ms');
    assert.equal(formatRunDuration(1000), '1.0 s');
    assert.equal(formatRunDuration(9_999), '9.9 s');
    assert.equal(formatRunDuration(12_700), '12 s');
    assert.equal(formatRunDuration(120_000), '2 min');
    assert.equal(formatRunDuration(3_600_000 + 4 * 60_000 + 9_000), '1 h 4 min');
    assert.equal(formatRunDuration(-5), '?');
    assert.equal(formatRunDuration(Number.NaN), '?');
  });

  it('an unreadable time shows as such, not as NaN', () => {
    assert.equal(timeOfDay(new Date('nope')), '??:??:??');
    assert.equal(formatRunSummary({ startedAt: 'nope', exitCode: 1, durationMs: 5 }, new Date()), 'ran ??:??:?? · exit 1 · 5 ms');
  });
});
