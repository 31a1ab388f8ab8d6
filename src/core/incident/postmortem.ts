// The postmortem draft, from an incident's state: the facts (summary, timeline, time per phase
// against its timebox, skipped steps, commands used and run, notes) and empty sections for the people.
// Markdown for the repository or wiki, and a standalone HTML page. Everything here is plain
// text from the record, so HTML gets escapeHtml on every string and no Markdown rendering.
import { escapeHtml } from '../runbook/render';
import { elapsedMs, formatDuration, phaseClocks } from './incidentState';
import type { CauseFinding, IncidentEvent, IncidentState } from './incidentModel';
import { causeSummary, verdictLabel } from './causes';
import { humanTime } from './record';
import { formatRunDuration } from './runs';
import { markdownText as md, visible } from './markdownEscape';

interface PhaseRow {
  name: string;
  timebox: string;
  spent: string;
  verdict: string;
  progress: string;
}

interface CommandRow {
  at: string;
  how: string;
  step: string;
  text: string;
  destructive: boolean;
}

interface RunRow {
  /** When it started (UTC). */
  at: string;
  /** "Check the TTL (Isolate), command 1", or "" when it matched no checklist command. */
  step: string;
  terminal: string;
  commandLine: string;
  /** "exit 0", "exit 1", "exit code unknown". */
  exit: string;
  failed: boolean;
  duration: string;
  output?: string;
  outputTruncated: boolean;
}

/** The draft's facts, computed once for both renderings. */
interface Facts {
  title: string;
  summary: [string, string][];
  timeline: { at: string; by: string; what: string }[];
  phases: PhaseRow[];
  skipped: { step: string; phase: string; reason: string; by: string; at: string }[];
  commands: CommandRow[];
  runs: RunRow[];
  /** Terminals where what ran could not be seen (no shell integration). */
  unfollowedTerminals: string[];
  notes: { at: string; by: string; step?: string; text: string }[];
  runbookChanges: string[];
  causes: CauseRows;
}

interface CauseRow {
  cause: string;
  phase: string;
  by: string;
  at: string;
  evidence: string;
  /** "src/app.properties:7 (rule-id): text", when a workspace finding was cited. */
  finding?: string;
}

/** The runbook's causes by verdict; `any` false when the runbook names no causes. */
interface CauseRows {
  any: boolean;
  confirmed: CauseRow[];
  ruledOut: CauseRow[];
  /** Titles of causes never confirmed or ruled out. */
  open: string[];
}

function citation(f: CauseFinding): string {
  return `${f.file}:${f.line} (${f.ruleId}): ${f.text}`;
}

function causeRows(state: IncidentState): CauseRows {
  const rows: CauseRows = { any: false, confirmed: [], ruledOut: [], open: [] };
  for (const c of causeSummary(state)) {
    rows.any = true;
    if (c.resolution === undefined) {
      rows.open.push(c.title);
      continue;
    }
    const s = state.steps[c.id];
    const row: CauseRow = { cause: c.title, phase: state.phases[s.phaseIndex]?.name ?? '', by: c.by ?? '', at: c.at ? humanTime(c.at) : '', evidence: c.resolution.evidence };
    if (c.resolution.finding) row.finding = citation(c.resolution.finding);
    (c.resolution.verdict === 'confirmed' ? rows.confirmed : rows.ruledOut).push(row);
  }
  return rows;
}

function stepName(state: IncidentState, stepId: string): string {
  return state.steps[stepId]?.title ?? stepId;
}

function exitLabel(code: number | undefined): string {
  return code === undefined ? 'exit code unknown' : `exit ${code}`;
}

function describeEvent(state: IncidentState, e: IncidentEvent): string {
  const step = (id: string): string => {
    const s = state.steps[id];
    return s ? `${s.title} (${state.phases[s.phaseIndex]?.name ?? ''})` : id;
  };
  switch (e.type) {
    case 'started':
      return `Incident started from runbook "${e.runbook.title}"`;
    case 'title-changed':
      return `Title changed to "${e.title}"`;
    case 'owner-changed':
      return `Owner changed to ${e.owner}`;
    case 'severity-set':
      return `Severity set to ${e.severity}`;
    case 'commander-set':
      return `Incident commander set to ${e.commander}`;
    case 'step-done':
      return `Step done: ${step(e.stepId)}`;
    case 'step-skipped':
      return `Step skipped: ${step(e.stepId)}; reason: ${e.reason}`;
    case 'step-reopened':
      return `Step reopened: ${step(e.stepId)}`;
    case 'cause-resolved':
      return `Cause ${verdictLabel(e.resolution.verdict)}: ${step(e.stepId)}; evidence: ${e.resolution.evidence}${e.resolution.finding ? ` (${citation(e.resolution.finding)})` : ''}`;
    case 'note':
      return e.stepId === undefined ? `Note: ${e.text}` : `Note on ${step(e.stepId)}: ${e.text}`;
    case 'variable-set':
      return `Placeholder ${e.name} set${e.secret ? ' (secret)' : ` to ${e.value}`}`;
    case 'command-copied':
    case 'command-inserted':
    case 'command-executed':
      return `${e.destructive ? 'Destructive command' : 'Command'} ${e.type.slice('command-'.length)} (${step(e.stepId)}): ${e.text}`;
    case 'command-ran':
      return `Command ran${e.stepId !== undefined ? ` (${step(e.stepId)})` : ''} in terminal ${e.terminal}: ${e.commandLine}; ${exitLabel(e.exitCode)}, ${formatRunDuration(e.durationMs)}`;
    case 'shell-integration-unavailable':
      return `No shell integration in terminal ${e.terminal}: only insertions recorded there`;
    case 'phase-overdue':
      return `Phase overdue: ${e.phaseName} (${e.openSteps} open)`;
    case 'resolved':
      return `Resolved: ${e.resolution}`;
    case 'reopened':
      return 'Reopened';
  }
}

/** "4 done, 1 skipped, 2 causes decided, 17 open": a decided cause is closed, not done. */
function progressParts(state: IncidentState): string {
  const t = state.totals;
  const decided = Object.values(state.steps).filter((s) => s.cause !== undefined).length;
  return `${t.done - decided} done, ${t.skipped} skipped, ${decided > 0 ? `${decided} cause${decided === 1 ? '' : 's'} decided, ` : ''}${t.open} open`;
}

function facts(state: IncidentState, nowMs: number, runbookChanges: string[]): Facts {
  const clocks = phaseClocks(state, nowMs);
  const clockNow = state.resolvedAt !== undefined ? Math.min(nowMs, Date.parse(state.resolvedAt)) : nowMs;
  const t = state.totals;
  const summary: [string, string][] = [
    ['Runbook', `${state.runbook.title} (${state.runbook.id})`],
    ['Owner', state.owner],
    ['Severity', state.severity ?? '—'],
    ['Incident commander', state.commander ?? '—'],
    ['Started', humanTime(state.startedAt)],
    ['Resolved', state.resolvedAt !== undefined ? humanTime(state.resolvedAt) : 'still open'],
    ['Duration', `${formatDuration(elapsedMs(state, nowMs))}${state.resolvedAt === undefined ? ' so far' : ''}`],
    ['Resolution', state.resolution ?? '—'],
    ['Progress', `${t.done + t.skipped} of ${t.steps} steps closed (${progressParts(state)})`],
  ];
  const phases = state.phases.map((p, i): PhaseRow => {
    const c = clocks[i];
    let verdict: string;
    if (p.stepIds.length === 0) verdict = 'no steps';
    else if (!p.timebox) verdict = 'no timebox';
    else if (c.spentMs === 0 && p.open > 0 && (c.status === 'upcoming' || c.status === 'stopped')) verdict = 'not started';
    else {
      // Over time is the larger of: more time spent than the timebox allows, and finishing (or
      // still being open) after the window's end.
      const allowed = (p.timebox.toMinutes - p.timebox.fromMinutes) * 60_000;
      const finish = p.open === 0 && p.completedAt !== undefined ? Date.parse(p.completedAt) : clockNow;
      const over = Math.max(c.spentMs - allowed, c.windowEnd !== undefined ? finish - c.windowEnd : 0);
      verdict = over > 0 ? `over by ${formatDuration(over)}` : 'on time';
    }
    return {
      name: p.name,
      timebox: p.timebox ? `${p.timebox.fromMinutes}–${p.timebox.toMinutes} min` : '—',
      spent: formatDuration(c.spentMs),
      verdict: p.open > 0 && p.timebox ? `${verdict} (${p.open} open)` : verdict,
      progress: `${p.done + p.skipped}/${p.stepIds.length}`,
    };
  });
  const skipped = Object.values(state.steps)
    .filter((s) => s.status === 'skipped')
    .map((s) => ({ step: s.title, phase: state.phases[s.phaseIndex]?.name ?? '', reason: s.skipReason ?? '', by: s.changedBy ?? '', at: s.changedAt ? humanTime(s.changedAt) : '' }));
  const commands: CommandRow[] = [];
  for (const e of state.events) {
    if (e.type === 'command-copied' || e.type === 'command-inserted' || e.type === 'command-executed') {
      commands.push({ at: humanTime(e.at), how: e.type.slice('command-'.length), step: stepName(state, e.stepId), text: e.text, destructive: e.destructive });
    }
  }
  const runs = state.runs.map((r): RunRow => {
    const s = r.stepId !== undefined ? state.steps[r.stepId] : undefined;
    const row: RunRow = {
      at: humanTime(r.startedAt),
      step: s ? `${s.title} (${state.phases[s.phaseIndex]?.name ?? ''}), command ${(r.commandIndex ?? 0) + 1}` : '',
      terminal: r.terminal,
      commandLine: visible(r.commandLine),
      exit: exitLabel(r.exitCode),
      failed: r.exitCode !== undefined && r.exitCode !== 0,
      duration: formatRunDuration(r.durationMs),
      outputTruncated: r.outputTruncated === true,
    };
    if (r.output !== undefined && r.output !== '') row.output = visible(r.output);
    return row;
  });
  const unfollowedTerminals = [...new Set(state.events.flatMap((e) => (e.type === 'shell-integration-unavailable' ? [e.terminal] : [])))];
  const notes = [
    ...state.notes.map((n) => ({ ...n, step: undefined as string | undefined })),
    ...Object.values(state.steps).flatMap((s) => s.notes.map((n) => ({ ...n, step: s.title }))),
  ]
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    .map((n) => ({ at: humanTime(n.at), by: n.by, step: n.step, text: n.text }));
  return {
    title: state.title,
    summary,
    timeline: state.events.map((e) => ({ at: humanTime(e.at), by: e.by, what: describeEvent(state, e) })),
    phases,
    skipped,
    commands,
    runs,
    unfollowedTerminals,
    notes,
    runbookChanges,
    causes: causeRows(state),
  };
}

// ---------------------------------------------------------------------------------------------
// Markdown

function fence(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const f = '`'.repeat(longest + 1);
  return `${f}\n${text.replace(/\n$/, '')}\n${f}`;
}

function rootCauseMarkdown(c: CauseRows): string[] {
  const out = ['## Root cause', ''];
  if (!c.any) return [...out, 'The runbook names no causes; _to fill in._'];
  const row = (r: CauseRow, verb: string): string =>
    `- **${md(r.cause)}** (${md(r.phase)}), ${verb} by ${md(r.by)} at ${r.at}: ${md(r.evidence)}${r.finding ? `  \n  Evidence in the workspace: ${md(r.finding)}` : ''}`;
  out.push('Confirmed:', '');
  if (c.confirmed.length === 0) out.push('- None confirmed.');
  out.push(...c.confirmed.map((r) => row(r, 'confirmed')), '', 'Ruled out:', '');
  if (c.ruledOut.length === 0) out.push('- None ruled out.');
  out.push(...c.ruledOut.map((r) => row(r, 'ruled out')));
  if (c.open.length > 0) out.push('', `Not decided: ${c.open.map(md).join('; ')}.`);
  return out;
}

function rootCauseHtml(c: CauseRows): string[] {
  const h = escapeHtml;
  const out = ['<h2>Root cause</h2>'];
  if (!c.any) return [...out, '<p>The runbook names no causes; <span class="todo">to fill in.</span></p>'];
  const list = (rows: CauseRow[], verb: string, none: string): string[] =>
    rows.length === 0
      ? [`<p>${none}</p>`]
      : [
          '<ul>',
          ...rows.map((r) => `<li><strong>${h(r.cause)}</strong> (${h(r.phase)}), ${verb} by ${h(r.by)} at ${h(r.at)}: ${h(r.evidence)}${r.finding ? `<br>Evidence in the workspace: <code>${h(r.finding)}</code>` : ''}</li>`),
          '</ul>',
        ];
  out.push('<h3>Confirmed</h3>', ...list(c.confirmed, 'confirmed', 'None confirmed.'), '<h3>Ruled out</h3>', ...list(c.ruledOut, 'ruled out', 'None ruled out.'));
  if (c.open.length > 0) out.push(`<p>Not decided: ${h(c.open.join('; '))}.</p>`);
  return out;
}

/** The postmortem draft in Markdown. */
export function postmortemMarkdown(state: IncidentState, nowMs: number, o: { runbookChanges?: string[] } = {}): string {
  const f = facts(state, nowMs, o.runbookChanges ?? []);
  const out: string[] = [`# Postmortem (draft): ${md(f.title)}`, '', '## Summary', ''];
  for (const [k, v] of f.summary) out.push(`- **${k}:** ${md(v)}`);
  if (f.runbookChanges.length > 0) {
    out.push('', 'The runbook changed since the incident started; this draft follows the steps as recorded:', '');
    for (const c of f.runbookChanges) out.push(`- ${md(c)}`);
  }
  out.push('', ...rootCauseMarkdown(f.causes));
  out.push('', '## Timeline', '', '| Time (UTC) | Who | What |', '|---|---|---|');
  for (const e of f.timeline) out.push(`| ${e.at.replace(' UTC', '')} | ${md(e.by)} | ${md(e.what)} |`);
  out.push('', '## Time per phase', '', '| Phase | Timebox | Spent | Steps closed | Against the timebox |', '|---|---|---|---|---|');
  for (const p of f.phases) out.push(`| ${md(p.name)} | ${p.timebox} | ${p.spent} | ${p.progress} | ${md(p.verdict)} |`);
  out.push('', '## Skipped steps', '');
  if (f.skipped.length === 0) out.push('None.');
  for (const s of f.skipped) out.push(`- **${md(s.step)}** (${md(s.phase)}), skipped by ${md(s.by)} at ${s.at}: ${md(s.reason)}`);
  out.push('', '## Commands used', '');
  if (f.commands.length === 0) out.push('None recorded.');
  for (const c of f.commands) {
    out.push(`- ${c.at}, ${c.how}${c.destructive ? ', **destructive**' : ''}: ${md(c.step)}`, '');
    out.push(...fence(c.text).split('\n').map((l) => `  ${l}`), '');
  }
  if (f.commands.length > 0) out.pop();
  out.push('', '## Commands run', '');
  if (f.runs.length === 0) out.push(f.unfollowedTerminals.length > 0 ? 'None seen.' : 'None recorded.');
  for (const r of f.runs) {
    const exit = r.failed ? `**${r.exit}**` : r.exit;
    out.push(`- ${r.at}${r.step ? `, ${md(r.step)}` : ''}, terminal ${md(r.terminal)}: ${exit}, ${r.duration}`, '');
    out.push(...fence(r.commandLine).split('\n').map((l) => `  ${l}`), '');
    if (r.output !== undefined) {
      out.push(`  Output${r.outputTruncated ? ' (excerpt)' : ''}:`, '');
      out.push(...fence(r.output).split('\n').map((l) => `  ${l}`), '');
    }
  }
  if (f.runs.length > 0) out.pop();
  if (f.unfollowedTerminals.length > 0) {
    out.push('', `Not seen: ${f.unfollowedTerminals.map(md).join(', ')} had no shell integration, so only the commands inserted there are recorded, not what ran.`);
  }
  out.push('', '## Notes', '');
  if (f.notes.length === 0) out.push('None.');
  for (const n of f.notes) out.push(`- ${n.at}, ${md(n.by)}${n.step ? ` on ${md(n.step)}` : ''}: ${md(n.text)}`);
  out.push('', '## What went well', '', '_To fill in._', '', '## What went wrong', '', '_To fill in._', '', '## Action items', '', '- [ ] _To fill in._', '');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// HTML

const STYLE = `
:root { color-scheme: light dark; }
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; background: Canvas; color: CanvasText; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid GrayText; padding: .25rem .5rem; text-align: left; vertical-align: top; }
pre { background: color-mix(in srgb, CanvasText 8%, Canvas); padding: .5rem; overflow-x: auto; white-space: pre-wrap; }
.destructive, .failed { color: #b00020; font-weight: 600; }
ul.runs { padding-left: 1.2rem; }
summary { cursor: pointer; }
.todo { color: GrayText; font-style: italic; }
@media (prefers-color-scheme: dark) { .destructive, .failed { color: #ff6b6b; } }
`;

/** The postmortem draft as a standalone HTML page (no scripts, no external resources). */
export function postmortemHtml(state: IncidentState, nowMs: number, o: { runbookChanges?: string[] } = {}): string {
  const f = facts(state, nowMs, o.runbookChanges ?? []);
  const h = escapeHtml;
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Postmortem (draft): ${h(f.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>Postmortem (draft): ${h(f.title)}</h1>`,
    '<h2>Summary</h2>',
    '<ul>',
    ...f.summary.map(([k, v]) => `<li><strong>${h(k)}:</strong> ${h(v)}</li>`),
    '</ul>',
  ];
  if (f.runbookChanges.length > 0) {
    out.push('<p>The runbook changed since the incident started; this draft follows the steps as recorded:</p>', '<ul>', ...f.runbookChanges.map((c) => `<li>${h(c)}</li>`), '</ul>');
  }
  out.push(...rootCauseHtml(f.causes));
  out.push('<h2>Timeline</h2>', '<table>', '<thead><tr><th>Time (UTC)</th><th>Who</th><th>What</th></tr></thead>', '<tbody>');
  for (const e of f.timeline) out.push(`<tr><td>${h(e.at.replace(' UTC', ''))}</td><td>${h(e.by)}</td><td>${h(e.what)}</td></tr>`);
  out.push('</tbody>', '</table>', '<h2>Time per phase</h2>', '<table>', '<thead><tr><th>Phase</th><th>Timebox</th><th>Spent</th><th>Steps closed</th><th>Against the timebox</th></tr></thead>', '<tbody>');
  for (const p of f.phases) out.push(`<tr><td>${h(p.name)}</td><td>${h(p.timebox)}</td><td>${h(p.spent)}</td><td>${h(p.progress)}</td><td>${h(p.verdict)}</td></tr>`);
  out.push('</tbody>', '</table>', '<h2>Skipped steps</h2>');
  if (f.skipped.length === 0) out.push('<p>None.</p>');
  else out.push('<ul>', ...f.skipped.map((s) => `<li><strong>${h(s.step)}</strong> (${h(s.phase)}), skipped by ${h(s.by)} at ${h(s.at)}: ${h(s.reason)}</li>`), '</ul>');
  out.push('<h2>Commands used</h2>');
  if (f.commands.length === 0) out.push('<p>None recorded.</p>');
  for (const c of f.commands) {
    out.push(`<p>${h(c.at)}, ${h(c.how)}${c.destructive ? ', <span class="destructive">destructive</span>' : ''}: ${h(c.step)}</p>`, `<pre><code>${h(c.text)}</code></pre>`);
  }
  out.push('<h2>Commands run</h2>');
  if (f.runs.length === 0) out.push(f.unfollowedTerminals.length > 0 ? '<p>None seen.</p>' : '<p>None recorded.</p>');
  else {
    out.push('<ul class="runs">');
    for (const r of f.runs) {
      const exit = r.failed ? `<span class="failed">✗ ${h(r.exit)}</span>` : h(r.exit);
      out.push(`<li><p>${h(r.at)}${r.step ? `, ${h(r.step)}` : ''}, terminal ${h(r.terminal)}: ${exit}, ${h(r.duration)}</p>`, `<pre><code>${h(r.commandLine)}</code></pre>`);
      if (r.output !== undefined) {
        out.push(`<details><summary>Output${r.outputTruncated ? ' (excerpt)' : ''}</summary><pre><code>${h(r.output)}</code></pre></details>`);
      }
      out.push('</li>');
    }
    out.push('</ul>');
  }
  if (f.unfollowedTerminals.length > 0) {
    out.push(`<p>Not seen: ${h(f.unfollowedTerminals.join(', '))} had no shell integration, so only the commands inserted there are recorded, not what ran.</p>`);
  }
  out.push('<h2>Notes</h2>');
  if (f.notes.length === 0) out.push('<p>None.</p>');
  else out.push('<ul>', ...f.notes.map((n) => `<li>${h(n.at)}, ${h(n.by)}${n.step ? ` on ${h(n.step)}` : ''}: ${h(n.text)}</li>`), '</ul>');
  out.push('<h2>What went well</h2>', '<p class="todo">To fill in.</p>', '<h2>What went wrong</h2>', '<p class="todo">To fill in.</p>', '<h2>Action items</h2>', '<p class="todo">To fill in.</p>', '</body>', '</html>', '');
  return out.join('\n');
}
