import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { marked, type Tokens } from 'marked';
import { parseMarkdownRunbooks } from '../../src/core/runbook/markdownRunbook';
import type { Runbook } from '../../src/core/runbook/runbookModel';
import {
  escapeHtml,
  formatTimebox,
  renderInlineMarkdown,
  renderMarkdown,
  renderRunbook,
  runbookToMarkdown,
  runbookToStandaloneHtml,
} from '../../src/core/runbook/render';

function seedRunbooks(): Runbook[] {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      const file = join(dir, 'test/fixtures/seed/incident-scenarios.md');
      if (existsSync(file)) return parseMarkdownRunbooks(readFileSync(file, 'utf8'), file, 'bundled').runbooks;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error('seed fixture not found');
}

const [redis, cron, , migration] = seedRunbooks();

const EVIL = '<b>x</b> <script>alert(1)</script>';

/** A runbook whose every field tries something. */
function hostile(): Runbook {
  return {
    id: 'evil',
    title: '<b>x</b></title><script>alert(1)</script>',
    symptom: 'Boom <img src=x onerror=alert(1)>',
    summary: '[click](javascript:alert(1)) <iframe src="https://evil.example"></iframe>',
    tags: ['<i>t</i>'],
    aliases: [],
    severity: 'high',
    phases: [
      {
        name: '<em>Fix</em>',
        timebox: { fromMinutes: 0, toMinutes: 10 },
        steps: [
          {
            id: 's1',
            kind: 'fix',
            text: 'Run <style>body{display:none}</style><a href="javascript:alert(1)" onclick="x()">it</a>',
            commands: [{ language: 'bash"><script>', code: 'echo "</code></pre><script>alert(1)</script>"' }],
          },
        ],
      },
    ],
    insight: '<svg onload=alert(1)>lesson</svg>',
    lintRules: [],
    variables: [],
    source: { kind: 'workspace', file: '/ws/<x>.md', line: 3 },
  };
}

// ------------------------------------------------------------------ sanitizing

test('renderMarkdown removes scripts, event handlers, iframes, styles and their bodies', () => {
  const html = renderMarkdown(
    'a <script>alert(1)</script> b <img src=x onerror=alert(2)> c <iframe src="https://e.example"></iframe> d <style>p{}</style> e',
  );
  assert.doesNotMatch(html, /<script|alert\(1\)|onerror|<iframe|<style|p\{\}|<img/i);
  assert.match(html, /a\s+b\s+c\s+d\s+e/);
});

test('renderMarkdown neutralises javascript:, data: and relative links but keeps http(s)/mailto', () => {
  for (const md of ['[x](javascript:alert(1))', '<a href="JaVaScRiPt:alert(1)">x</a>', '[x](&#106;avascript:alert(1))', '<a href="data:text/html,x">x</a>', '[x](//evil.example)', '[x](./local.md)']) {
    const html = renderMarkdown(md);
    assert.doesNotMatch(html, /href/i, md);
    assert.match(html, />x<\/a>/, md);
  }
  assert.equal(
    renderMarkdown('[w](https://example.com/a?b=1&c=2) [m](mailto:oncall@example.com)'),
    '<p><a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer">w</a> <a href="mailto:oncall@example.com" rel="noopener noreferrer">m</a></p>\n',
  );
});

test('every link gets rel="noopener noreferrer", whatever rel the author wrote', () => {
  assert.equal(
    renderMarkdown('<a href="https://e.example" rel="opener" target="_blank">e</a>'),
    '<p><a rel="noopener noreferrer" href="https://e.example">e</a></p>\n',
  );
});

test('raw HTML attributes are stripped: style, class, id, on*', () => {
  const html = renderMarkdown('<p style="color:red" class="c" id="i" onclick="x()" onmouseover="y()">p</p>');
  assert.equal(html, '<p>p</p>');
});

test('remote images are blocked by default: a link saying so, never an <img> that loads on view', () => {
  const blocked = renderMarkdown('![pixel](https://tracker.example/p.gif)');
  assert.doesNotMatch(blocked, /<img/);
  assert.match(blocked, /<a href="https:\/\/tracker\.example\/p\.gif" rel="noopener noreferrer" class="blocked-image" title="Remote images are off \(setting runbookAssistant\.render\.allowRemoteImages\)">Remote image not loaded: pixel<\/a>/);
  // Raw HTML images too, with the source as the text when there is no alt; the alt text is escaped.
  assert.match(renderMarkdown('<img src="https://e.example/a.png" onerror="x()">'), /^<a href="https:\/\/e\.example\/a\.png"[^>]*>Remote image not loaded: https:\/\/e\.example\/a\.png<\/a>$/);
  assert.match(renderMarkdown('<img src="https://e.example/a.png" alt="<b>x</b>">'), />Remote image not loaded: &lt;b&gt;x&lt;\/b&gt;<\/a>/);
  assert.doesNotMatch(renderInlineMarkdown('![a](https://e.example/a.png)'), /<img/);
  const runbook = renderRunbook({ ...parseMarkdownRunbooks('## T\n\n> ![s](https://e.example/s.png)\n\n### P (0-5 min)\n\n- ![x](https://e.example/x.png)\n', 'x.md', 'workspace').runbooks[0] });
  assert.doesNotMatch(JSON.stringify(runbook), /<img/);
});

test('images only from https, without event handlers, when remote images are allowed', () => {
  const allow = { remoteImages: true };
  assert.equal(renderMarkdown('![a](https://e.example/a.png)', allow), '<p><img alt="a" src="https://e.example/a.png" /></p>\n');
  assert.equal(renderMarkdown('<img src="https://e.example/a.png" onerror="x()">', allow), '<img src="https://e.example/a.png" />');
  for (const md of ['![a](http://e.example/a.png)', '<img src="x">', '<img src="data:image/png;base64,AAAA">', '<img src="//e.example/a.png">']) {
    assert.doesNotMatch(renderMarkdown(md, allow), /<img|<a/, md);
    assert.doesNotMatch(renderMarkdown(md), /<img|<a/, md);
  }
  const rb = parseMarkdownRunbooks('## T\n\n> Symptom\n\n### P (0-5 min)\n\n- ![x](https://e.example/x.png)\n', 'x.md', 'workspace').runbooks[0];
  assert.match(renderRunbook(rb, allow).phases[0].steps[0].html, /<img alt="x" src="https:\/\/e\.example\/x\.png" \/>/);
});

test('code is escaped, in blocks and spans', () => {
  assert.equal(renderMarkdown('```html\n<script>x()</script>\n```'), '<pre><code>&lt;script&gt;x()&lt;/script&gt;\n</code></pre>\n');
  assert.equal(renderMarkdown('`<b>`'), '<p><code>&lt;b&gt;</code></p>\n');
});

test('forms, svg, details and unknown tags are dropped; GFM tables, del, lists survive', () => {
  assert.equal(renderMarkdown('<form action="https://e.example"><input name=a></form>'), '');
  assert.doesNotMatch(renderMarkdown('<svg onload=alert(1)>s</svg>'), /svg|onload/);
  assert.equal(renderMarkdown('~~old~~'), '<p><del>old</del></p>\n');
  const table = renderMarkdown('| a | b |\n|:-|-:|\n| 1 | 2 |');
  assert.match(table, /<table>[\s\S]*<th align="left">a<\/th>[\s\S]*<td align="right">2<\/td>/);
  assert.equal(renderMarkdown('3. a\n4. b'), '<ol start="3">\n<li>a</li>\n<li>b</li>\n</ol>\n');
  // Headings fit under the page's own h1/h2.
  assert.equal(renderMarkdown('# A\n## B\n### C'), '<h3>A</h3>\n<h4>B</h4>\n<h3>C</h3>\n');
});

test('the global marked instance is left alone', () => {
  const before = marked.defaults;
  renderMarkdown('**x**');
  assert.equal(marked.defaults, before);
  // marked itself does not sanitize, which is why renderMarkdown exists.
  assert.equal(marked.parse('<i onclick="x()">raw</i>', { async: false }), '<p><i onclick="x()">raw</i></p>\n');
});

test('renderInlineMarkdown: no paragraph wrapper, same sanitizer', () => {
  assert.equal(renderInlineMarkdown('**Fix** `x<y`'), '<strong>Fix</strong> <code>x&lt;y</code>');
  assert.equal(
    renderInlineMarkdown(`${EVIL} [l](javascript:x) <img src=x onerror=y()>`),
    'x  <a rel="noopener noreferrer">l</a> ',
  );
});

test('escapeHtml escapes the five HTML specials', () => {
  assert.equal(escapeHtml(`<a href="x" title='y'>&amp;</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
});

test('formatTimebox', () => {
  assert.equal(formatTimebox({ fromMinutes: 0, toMinutes: 10 }), '0–10 min');
  assert.equal(formatTimebox({ fromMinutes: 40, toMinutes: 45 }), '40–45 min');
  assert.equal(formatTimebox(null), '');
});

// ------------------------------------------------------------------ renderRunbook

test('renderRunbook: plain data for the webview, HTML fields sanitized, commands indexed', () => {
  const r = renderRunbook(migration);
  assert.equal(r.id, migration.id);
  assert.equal(r.title, migration.title);
  assert.equal(r.sourceLabel, 'incident-scenarios.md:174 (bundled)');
  assert.deepEqual(r.tags, migration.tags);
  assert.deepEqual(
    r.phases.map((p) => [p.name, p.timeboxLabel]),
    [['Triage & Stabilize', '0–10 min'], ['Isolate', '10–25 min'], ['Fix', '25–40 min'], ['Verify', '40–45 min']],
  );
  assert.deepEqual(r.phases[0].timebox, { fromMinutes: 0, toMinutes: 10 });
  const mysql = r.phases[2].steps.find((s) => s.html.includes('MySQL'));
  assert.ok(mysql);
  assert.equal(mysql.kind, 'fix');
  assert.equal(mysql.html, '<p><strong>MySQL</strong>:</p>\n');
  assert.deepEqual(mysql.commands, [
    { index: 0, language: 'bash', code: 'pt-online-schema-change --alter "ADD COLUMN new_col INT" D=db,t=table' },
  ]);
  assert.match(r.insightHtml, /<code>pt-online-schema-change<\/code>/);
  assert.match(renderRunbook(redis).symptomHtml, /^<p>Users report they’re being logged out/);
  // Plain data: survives the structured clone postMessage does.
  assert.deepEqual(structuredClone(r), r);
});

test('renderRunbook marks destructive commands, detected or declared, with the author\'s risk', () => {
  const rb: Runbook = {
    ...migration,
    phases: [
      {
        name: 'Fix',
        timebox: null,
        steps: [
          {
            id: 'fix',
            text: 'Fix it.',
            commands: [
              { language: 'bash', code: 'kubectl -n prod delete pod web-0' },
              { language: 'bash', code: 'echo purge', destructive: true, risk: 'Purges the queue.' },
              { language: 'bash', code: 'kubectl -n prod get pods' },
            ],
          },
        ],
      },
    ],
  };
  const commands = renderRunbook(rb).phases[0].steps[0].commands;
  assert.deepEqual(
    commands.map((c) => [c.destructive ?? false, c.risk ?? '']),
    [
      [true, ''],
      [true, 'Purges the queue.'],
      [false, ''],
    ],
  );
});

test('renderRunbook sanitizes every HTML field of a hostile runbook', () => {
  const r = renderRunbook(hostile());
  const html = [r.symptomHtml, r.summaryHtml, r.insightHtml, ...r.phases.flatMap((p) => p.steps.map((s) => s.html))].join('\n');
  assert.doesNotMatch(html, /<script|<iframe|<style|<svg|onerror|onload|onclick|javascript:|display:none/i);
  assert.match(r.phases[0].steps[0].html, /<a rel="noopener noreferrer">it<\/a>/);
  // Code stays plain text for the webview to put in a text node.
  assert.equal(r.phases[0].steps[0].commands[0].code, 'echo "</code></pre><script>alert(1)</script>"');
  assert.equal(r.insightHtml, '<p>lesson</p>\n');
  assert.equal(renderRunbook({ ...hostile(), insight: undefined }).insightHtml, '');
});

// ------------------------------------------------------------------ Markdown checklist

test('runbookToMarkdown: title, quoted symptom, phases with timeboxes, task items, notes without boxes', () => {
  const md = runbookToMarkdown(redis);
  assert.ok(md.startsWith(`# ${redis.title}\n\n> Users report they’re being logged out every 30 seconds.`));
  assert.ok(md.includes('\n## Triage & Stabilize (0–10 min)\n\n- [ ] Check **user reports**'));
  assert.ok(md.includes('\n## Verify (40–45 min)\n'));
  // The label line is a line of its own above its steps, as the importer reads it back.
  assert.ok(md.includes('\n\nLikely causes:\n\n- [ ] **Redis TTL misconfigured**'));
  // Sub-items are nested under their task.
  assert.ok(md.includes('- [ ] Check **session cookie** in browser:\n  - Is `Expires` set to 30s?\n'));
  assert.ok(md.trimEnd().endsWith('> Most likely: a **config typo** — `30` seconds instead of `30m`. Always validate configs in staging.'));
});

test('runbookToMarkdown: commands are fenced blocks inside their list item', () => {
  const md = runbookToMarkdown(cron);
  assert.ok(md.includes('- [ ] ✅ Add **distributed lock** (Redis, database):\n\n  ```java\n  if (lock.tryLock()) {\n      try { runJob(); }'));
  // Parsed back, the code block belongs to the task item, not to the top level.
  const lists = marked.lexer(md).filter((t): t is Tokens.List => t.type === 'list');
  const item = lists.flatMap((l) => l.items).find((i) => i.text.includes('distributed lock'));
  assert.ok(item);
  const code = item.tokens.find((t): t is Tokens.Code => t.type === 'code');
  assert.ok(code);
  assert.equal(code.lang, 'java');
  assert.equal(code.text, cron.phases[2].steps[0].commands[0].code);
});

test('runbookToMarkdown: a fence longer than any backtick run in the code', () => {
  const rb = structuredClone(redis);
  rb.phases[0].steps[0].commands = [{ language: 'text', code: 'echo ```\necho ````' }];
  const md = runbookToMarkdown(rb);
  assert.ok(md.includes('\n  `````\n  echo ```\n  echo ````\n  `````\n'));
});

// ------------------------------------------------------------------ standalone HTML

test('runbookToStandaloneHtml: a complete page with a strict CSP and no scripts', () => {
  const page = runbookToStandaloneHtml(migration);
  assert.match(page, /^<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n/);
  assert.ok(page.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`));
  assert.match(page, /@media \(prefers-color-scheme: dark\)/);
  assert.match(page, /@media print/);
  assert.doesNotMatch(page, /<script|<link|<img|src=/i);
  assert.ok(page.includes('<h2>Fix <span class="timebox">(25–40 min)</span></h2>'));
  assert.ok(page.includes('<pre><code data-language="bash">pt-online-schema-change --alter &quot;ADD COLUMN new_col INT&quot; D=db,t=table</code></pre>'));
  assert.ok(page.trimEnd().endsWith('</html>'));
});

test('runbookToStandaloneHtml escapes every plain string and sanitizes every Markdown one', () => {
  const page = runbookToStandaloneHtml(hostile());
  assert.ok(page.includes('<title>&lt;b&gt;x&lt;/b&gt;&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>'));
  assert.ok(page.includes('<h1>&lt;b&gt;x&lt;/b&gt;&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>'));
  assert.ok(page.includes('<h2>&lt;em&gt;Fix&lt;/em&gt;'));
  assert.ok(page.includes('<span class="tag">&lt;i&gt;t&lt;/i&gt;</span>'));
  assert.ok(page.includes('Source: &lt;x&gt;.md:3 (workspace)'));
  assert.ok(page.includes('<code data-language="bash&quot;&gt;&lt;script&gt;">echo &quot;&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;</code>'));
  assert.doesNotMatch(page, /<script|<iframe|<svg|onerror|onload|onclick|javascript:|<b>/i);
});

test('steps are numbered across the whole runbook, not per phase (the checklist counts the same way)', () => {
  const rendered = renderRunbook(redis);
  const numbers = rendered.phases.map((p) => p.steps.map((s) => s.number));
  assert.ok(numbers.length > 1 && numbers[1].length > 0, 'a runbook with steps in two phases');
  assert.deepEqual(numbers.flat(), numbers.flat().map((_, i) => i + 1));
  // The first step of the second phase continues from the first phase's last.
  assert.equal(numbers[1][0], numbers[0].length + 1);
});

test('renderRunbook: a label line is the sanitized inline heading of the step after it; runbookToMarkdown reads back the same', () => {
  const rb = structuredClone(redis);
  const isolate = rb.phases[1];
  assert.equal(isolate.steps[0].heading, 'Likely causes:');
  isolate.steps[0].heading = 'Likely **causes** <img src=x onerror=alert(1)>:';
  const rendered = renderRunbook(rb).phases[1].steps[0];
  assert.equal(rendered.headingHtml, 'Likely <strong>causes</strong> :');
  assert.equal(renderRunbook(rb).phases[1].steps[1].headingHtml, undefined);
  // Exported and imported again: the headings and kinds come back, not as steps.
  const again = parseMarkdownRunbooks(`## ${redis.title}\n\n${runbookToMarkdown(redis).split('\n').slice(1).join('\n').replace(/^## /gm, '### ')}`, 'x.md', 'cli').runbooks[0];
  assert.deepEqual(
    again.phases[1].steps.filter((s) => s.heading).map((s) => [s.heading, s.kind]),
    redis.phases[1].steps.filter((s) => s.heading).map((s) => [s.heading, s.kind]),
  );
});
