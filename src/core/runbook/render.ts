// Rendering shared by the webview host and the CLI. Runbooks may come from a stranger's
// repository, so every piece of Markdown goes through `renderMarkdown`/`renderInlineMarkdown`,
// which sanitize, and every plain string put into HTML goes through `escapeHtml`.
import { assessCommand } from '../incident/destructive';
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import type { Runbook, Timebox, VariableDeclaration } from './runbookModel';
import type { RenderedRunbook } from '../../shared/protocol';
import { stepTitle } from '../incident/snapshot';
import { stepLinkMap } from './stepLinks';

export { stepLinkMap };

// A dedicated instance so nobody's `marked.use()` elsewhere changes what we emit.
const markdown = new Marked({ gfm: true, breaks: false });

// marked does NOT sanitize (its `sanitize` option was removed in v8): raw HTML in the Markdown
// comes out as-is. Everything it produces goes through this allow-list before it is shown.
// The sanitizer's output is final: never post-process it with regexes (that reopens holes).
/** How Markdown renders. Remote images load only when the person allowed them (a tracking pixel otherwise). */
export interface RenderOptions {
  remoteImages?: boolean;
}

function sanitizeOptions(remoteImages: boolean): sanitizeHtml.IOptions {
  return {
    allowedTags: [
      'p', 'em', 'strong', 'del', 'code', 'pre', 'ul', 'ol', 'li', 'a', 'blockquote',
      'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'br', 'hr', 'img',
    ],
    allowedAttributes: {
      a: ['href', 'rel', 'title', 'class'],
      img: ['src', 'alt', 'title'],
      ol: ['start'],
      th: [{ name: 'align', values: ['left', 'center', 'right'] }],
      td: [{ name: 'align', values: ['left', 'center', 'right'] }],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['https'] },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    // Text of a dropped tag stays (so a stray <span> loses nothing); script/style bodies go.
    disallowedTagsMode: 'discard',
    transformTags: {
      // Runbook headings live inside a page that already has h1/h2.
      h1: 'h3',
      h2: 'h4',
      // allowedSchemes does not cover relative URLs; only absolute http(s)/mailto links survive.
      a: (tagName, attribs) => {
        const { href, ...rest } = attribs;
        const safe = href !== undefined && /^(?:https?|mailto):/i.test(href.trim());
        return { tagName, attribs: { ...rest, ...(safe ? { href } : {}), rel: 'noopener noreferrer' } };
      },
      img: (tagName, attribs) => {
        const { src, ...rest } = attribs;
        const remote = src !== undefined && /^https:\/\//i.test(src.trim());
        if (!remote) return { tagName, attribs: rest };
        if (remoteImages) return { tagName, attribs: { ...rest, src } };
        // Not loaded: a link the person can follow, saying why, instead of a request on view.
        return {
          tagName: 'a',
          attribs: { href: src, rel: 'noopener noreferrer', class: 'blocked-image', title: 'Remote images are off (setting runbookAssistant.render.allowRemoteImages)' },
          text: `Remote image not loaded: ${rest.alt?.trim() || src}`,
        };
      },
    },
    // An image whose source was refused is an empty box: drop it.
    // (`frame.tag` is the name before transformTags: a blocked image turned link has an href.)
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src && !frame.attribs.href,
  };
}

const SANITIZE = { blocking: sanitizeOptions(false), allowing: sanitizeOptions(true) };

const sanitizing = (o: RenderOptions): sanitizeHtml.IOptions => (o.remoteImages === true ? SANITIZE.allowing : SANITIZE.blocking);

export function renderMarkdown(md: string, options: RenderOptions = {}): string {
  return sanitizeHtml(markdown.parse(md, { async: false }), sanitizing(options));
}

/** For titles and one-liners: no paragraphs or lists, same sanitizer. */
export function renderInlineMarkdown(md: string, options: RenderOptions = {}): string {
  return sanitizeHtml(markdown.parseInline(md, { async: false }), sanitizing(options));
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** For plain strings (titles, code, labels) interpolated into HTML text or attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

export function formatTimebox(t: Timebox | null): string {
  return t ? `${t.fromMinutes}–${t.toMinutes} min` : '';
}

// The rendered shapes are the webview protocol's; they are declared there, once.
export type { RenderedCommand, RenderedPhase, RenderedRunbook, RenderedStep } from '../../shared/protocol';

export function renderRunbook(rb: Runbook, options: RenderOptions = {}): RenderedRunbook {
  let number = 0;
  const links = stepLinkMap(rb.phases.map((p) => ({ steps: p.steps.map((s) => ({ ...s, title: stepTitle(s.text) })) })));
  return {
    id: rb.id,
    title: rb.title,
    symptomHtml: rb.symptom ? renderMarkdown(rb.symptom, options) : '',
    summaryHtml: rb.summary ? renderMarkdown(rb.summary, options) : '',
    insightHtml: rb.insight ? renderMarkdown(rb.insight, options) : '',
    ...(rb.severity ? { severity: rb.severity } : {}),
    tags: [...rb.tags],
    ...(rb.source?.file ? { sourceLabel: sourceLabel(rb) } : {}),
    phases: rb.phases.map((phase) => ({
      name: phase.name,
      timebox: phase.timebox ? { ...phase.timebox } : null,
      timeboxLabel: formatTimebox(phase.timebox),
      steps: phase.steps.map((step) => ({
        id: step.id,
        number: ++number,
        ...(step.kind ? { kind: step.kind } : {}),
        ...(step.heading ? { headingHtml: renderInlineMarkdown(step.heading.replace(/\n/g, ' · '), options) } : {}),
        html: renderMarkdown(step.text, options),
        commands: step.commands.map((c, index) => ({
          index,
          language: c.language,
          code: c.code,
          ...(c.destructive === true || assessCommand(c.code, c.language).destructive ? { destructive: true } : {}),
          ...(c.risk ? { risk: c.risk } : {}),
        })),
        ...links.get(step.id),
      })),
    })),
  };
}

function sourceLabel(rb: Runbook): string {
  // No `path` import: the same code may end up in a browser bundle.
  const name = rb.source.file.split(/[\\/]/).pop() || rb.source.file;
  return `${name}:${rb.source.line} (${rb.source.kind})`;
}

// ---------------------------------------------------------------- Markdown checklist

/** A Markdown checklist for a wiki page or a terminal. */
export function runbookToMarkdown(rb: Runbook): string {
  const out: string[] = [`# ${oneLine(rb.title)}`, ''];
  if (rb.symptom) out.push(quote(rb.symptom), '');
  if (rb.summary) out.push(rb.summary.trim(), '');
  if (rb.variables.length > 0) {
    // The same list syntax the Markdown importer reads under `### Variables`.
    out.push('**Variables**', '');
    for (const v of rb.variables) out.push(`- ${variableMarkdown(v)}`);
    out.push('');
  }
  for (const phase of rb.phases) {
    const box = formatTimebox(phase.timebox);
    out.push(`## ${oneLine(phase.name)}${box ? ` (${box})` : ''}`, '');
    for (const step of phase.steps) {
      // A heading ("Likely causes:", "Option A: ...") is a line of its own above its steps, as
      // the importer reads it back; notes are items without a box: nothing to tick.
      if (step.heading) {
        if (out[out.length - 1] !== '') out.push('');
        out.push(...step.heading.split('\n').map(oneLine), '');
      }
      const marker = step.kind === 'note' ? '- ' : '- [ ] ';
      out.push(marker + indent(step.text.trim(), '  ', false));
      for (const command of step.commands) {
        const info = command.destructive ? `${command.language || 'text'} destructive` : command.language;
        out.push('', indent(fenced(info, command.code), '  ', true));
        if (command.destructive) out.push('', indent(quote(`**Risk:** ${oneLine(command.risk ?? 'destructive; no risk given.')}`), '  ', true));
      }
    }
    out.push('');
  }
  if (rb.insight) out.push(quote(rb.insight), '');
  return out.join('\n').replace(/\n+$/, '\n');
}

/** `` `{{name}}` — description (e.g. `x`; pattern `p`; default `d`; secret; raw) ``. */
function variableMarkdown(v: VariableDeclaration): string {
  const attributes: string[] = [];
  if (v.example !== undefined) attributes.push(`e.g. ${codeSpan(v.example)}`);
  if (v.pattern !== undefined) attributes.push(`pattern ${codeSpan(v.pattern)}`);
  if (v.default !== undefined) attributes.push(`default ${codeSpan(v.default)}`);
  if (v.secret) attributes.push('secret');
  if (v.raw) attributes.push('raw');
  const description = v.description ? ` — ${oneLine(v.description)}` : '';
  return `\`{{${v.name}}}\`${description}${attributes.length ? ` (${attributes.join('; ')})` : ''}`;
}

/** Inline code whose delimiters are longer than any backtick run inside. */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function quote(md: string): string {
  return md
    .trim()
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');
}

function indent(text: string, pad: string, firstLine: boolean): string {
  return text
    .split('\n')
    .map((l, i) => ((i > 0 || firstLine) && l ? pad + l : l))
    .join('\n');
}

/** A fence longer than any backtick run inside the code, so the code cannot close it. */
function fenced(language: string, code: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const lang = language && language !== 'text' ? language : '';
  return `${fence}${lang}\n${code.replace(/\n$/, '')}\n${fence}`;
}

// ---------------------------------------------------------------- standalone HTML

// Inline styles only: the page carries a CSP that allows nothing else (no scripts at all).
const PAGE_CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --line: #d1d9e0;
  --code-bg: #f6f8fa; --accent: #0969da; --note: #fff8c5; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --code-bg: #151b23;
    --accent: #4493f8; --note: #3b2e00; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 52rem; padding: 2rem 1.25rem; font: 16px/1.55 system-ui, -apple-system,
  "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
.timebox { font-weight: normal; color: var(--muted); font-size: .95rem; }
.meta { color: var(--muted); font-size: .9rem; margin: 0 0 1rem; }
.tag { display: inline-block; border: 1px solid var(--line); border-radius: 1rem; padding: 0 .5rem; margin-right: .25rem; }
.symptom, .insight { border-left: 4px solid var(--accent); margin: 1rem 0; padding: .25rem 1rem; }
.insight { background: var(--note); }
.risk { border-left: 4px solid #cf222e; margin: .25rem 0 .75rem; padding: .1rem .75rem; }
ul.steps { list-style: none; padding-left: 0; }
ul.steps > li { display: flex; gap: .5rem; align-items: flex-start; padding: .35rem 0; border-bottom: 1px dashed var(--line); }
ul.steps > li.note { font-weight: 600; border-bottom: none; padding-top: .75rem; }
ul.steps > li > .body { flex: 1; min-width: 0; }
ul.steps > li > .body > :first-child { margin-top: 0; }
ul.steps > li > .body > :last-child { margin-bottom: 0; }
input[type=checkbox] { margin-top: .35rem; width: 1rem; height: 1rem; flex: none; }
.kind { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
pre { background: var(--code-bg); border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem;
  overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
code { font: .9em/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
a { color: var(--accent); }
table { border-collapse: collapse; } th, td { border: 1px solid var(--line); padding: .25rem .5rem; }
@media print {
  :root { --fg: #000; --bg: #fff; --muted: #444; --line: #999; --code-bg: #fff; --note: #fff; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; }
  ul.steps > li, pre { break-inside: avoid; }
  a::after { content: " (" attr(href) ")"; font-size: .85em; }
}
`;

/** A complete, self-contained HTML page (no scripts, no external resources). */
export function runbookToStandaloneHtml(rb: Runbook): string {
  const title = escapeHtml(rb.title);
  const meta: string[] = [];
  if (rb.severity) meta.push(`Severity: <strong>${escapeHtml(rb.severity)}</strong>`);
  if (rb.tags.length) meta.push(rb.tags.map((t) => `<span class="tag">${escapeHtml(t)}</span>`).join(''));
  if (rb.source?.file) meta.push(`Source: ${escapeHtml(sourceLabel(rb))}`);

  const phases = rb.phases
    .map((phase) => {
      const box = formatTimebox(phase.timebox);
      const steps = phase.steps.map((step) => {
        const kind = step.kind ?? 'action';
        const commands = step.commands
          .map((c) => {
            const pre = `<pre><code data-language="${escapeHtml(c.language)}">${escapeHtml(c.code)}</code></pre>`;
            return c.destructive ? `${pre}\n<p class="risk"><strong>Destructive.</strong> ${escapeHtml(c.risk ?? '')}</p>` : pre;
          })
          .join('\n');
        const checkbox = kind === 'note' ? '' : `<input type="checkbox" aria-label="Done">`;
        const badge = kind === 'note' ? '' : `<div class="kind">${escapeHtml(kind)}</div>`;
        const heading = step.heading ? `<h3 class="step-heading">${renderInlineMarkdown(step.heading.replace(/\n/g, ' · '))}</h3>` : '';
        return `<li class="${escapeHtml(kind)}">${heading}${checkbox}<div class="body">${badge}${renderMarkdown(step.text)}${commands}</div></li>`;
      });
      return [
        `<section class="phase">`,
        `<h2>${escapeHtml(phase.name)}${box ? ` <span class="timebox">(${escapeHtml(box)})</span>` : ''}</h2>`,
        `<ul class="steps">`,
        ...steps,
        `</ul>`,
        `</section>`,
      ].join('\n');
    })
    .join('\n');

  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title>`,
    `<style>${PAGE_CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>${title}</h1>`,
    meta.length ? `<p class="meta">${meta.join(' · ')}</p>` : '',
    rb.symptom ? `<blockquote class="symptom">${renderMarkdown(rb.symptom)}</blockquote>` : '',
    rb.summary ? `<div class="summary">${renderMarkdown(rb.summary)}</div>` : '',
    rb.variables.length > 0 ? `<div class="variables"><strong>Variables</strong>${renderMarkdown(rb.variables.map((v) => `- ${variableMarkdown(v)}`).join('\n'))}</div>` : '',
    phases,
    rb.insight ? `<blockquote class="insight">${renderMarkdown(rb.insight)}</blockquote>` : '',
    '</body>',
    '</html>',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n');
}
