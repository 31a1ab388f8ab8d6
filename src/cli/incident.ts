// `runbook incident list|show|export`: incident record files on the command line, for the wiki
// and for CI. PATHs are record files or folders (searched recursively for .md files that are
// records); the default is .runbooks/incidents under the current folder.
//
// Exit codes: 0 ok, 1 when a record had problems (what could be read is still printed; the
// problems go to stderr as file:line: message), 2 usage error or unreadable path.
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { elapsedMs, formatDuration, phaseClocks } from '../core/incident/incidentState';
import type { IncidentState, ReadRecordResult } from '../core/incident/incidentModel';
import { markdownText as md } from '../core/incident/markdownEscape';
import { MAX_RECORD_CHARS, parseRecord, TIMELINE_HEADING } from '../core/incident/record';
import { displayPath } from '../core/runbook/runbookJson';
import { fsErrorMessage, nodeWalkFs, walkFiles, type WalkResult } from '../core/fileWalk';
import { parseCommandArgs, reportingUsageErrors, UsageError, type CommandSpec } from './cliArgs';
import { INCIDENT_EXPORT, INCIDENT_LIST, INCIDENT_SHOW } from './commandSpecs';

export interface IncidentIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

export const DEFAULT_INCIDENTS_DIR = path.join('.runbooks', 'incidents');

interface Args {
  format: string;
  positional: string[];
}

function parseArgs(spec: CommandSpec, args: string[]): Args {
  const parsed = parseCommandArgs(spec, args);
  return { format: parsed.strings.format ?? (spec.options.format.choices as readonly string[])[0], positional: parsed.positionals };
}

interface ReadRecord {
  file: string;
  result: ReadRecordResult;
}

interface Collected {
  records: ReadRecord[];
  unreadable: { path: string; message: string }[];
}

/** Reads a record file; null when it is over the size cap (reported as a problem instead). */
function readRecordFile(file: string): ReadRecordResult {
  const info = statSync(file);
  if (info.size > MAX_RECORD_CHARS * 3) {
    return { events: [], problems: [{ line: 1, message: `the record is larger than ${MAX_RECORD_CHARS / 1024 / 1024} MB and was not read` }] };
  }
  return parseRecord(readFileSync(file, 'utf8'));
}

const wantsMarkdown = (_file: string, name: string): boolean => name.toLowerCase().endsWith('.md');

/**
 * Reads the records in `paths`. Files named explicitly are records (their problems count);
 * in folders, only .md files with a timeline heading are (other Markdown is not an error).
 */
async function collect(paths: string[], usingDefault: boolean): Promise<Collected> {
  const out: Collected = { records: [], unreadable: [] };
  for (const p of paths) {
    let found: WalkResult<string>;
    try {
      found = await walkFiles(nodeWalkFs, path.resolve(p), { wants: wantsMarkdown });
    } catch (e) {
      // The default folder may simply not exist yet: no incidents, not an error.
      if (!usingDefault) out.unreadable.push({ path: p, message: fsErrorMessage(e) });
      continue;
    }
    out.unreadable.push(...found.unreadable.map((u) => ({ path: displayPath(u.path, process.cwd()), message: u.message })));
    for (const file of found.files) {
      try {
        if (found.rootIsFile) {
          out.records.push({ file, result: readRecordFile(file) });
          continue;
        }
        const text = readFileSync(file, 'utf8');
        if (text.includes(`\n${TIMELINE_HEADING}`)) out.records.push({ file, result: parseRecord(text) });
      } catch (e) {
        out.unreadable.push({ path: found.rootIsFile ? p : displayPath(file, process.cwd()), message: fsErrorMessage(e) });
      }
    }
  }
  return out;
}

/** Problems to stderr as file:line: message; returns true when there were any. */
function reportProblems(records: ReadRecord[], io: IncidentIo, cwd: string): boolean {
  let any = false;
  for (const r of records) {
    for (const p of r.result.problems) {
      any = true;
      io.err(`${displayPath(r.file, cwd)}:${p.line}: ${p.message.replace(/^line \d+: /, '')}`);
    }
  }
  return any;
}

function reportUnreadable(c: Collected, io: IncidentIo): boolean {
  for (const u of c.unreadable) io.err(`runbook: cannot read ${u.path}: ${u.message}`);
  return c.unreadable.length > 0;
}

function status(state: IncidentState): 'open' | 'resolved' {
  return state.resolvedAt !== undefined ? 'resolved' : 'open';
}

async function listCommand(args: string[], io: IncidentIo, now: number): Promise<number> {
  const opts = parseArgs(INCIDENT_LIST, args);
  const cwd = process.cwd();
  const usingDefault = opts.positional.length === 0;
  const c = await collect(usingDefault ? [DEFAULT_INCIDENTS_DIR] : opts.positional, usingDefault);
  const unreadable = reportUnreadable(c, io);
  const problems = reportProblems(c.records, io, cwd);
  const rows = c.records.filter((r): r is ReadRecord & { result: { state: IncidentState } } => r.result.state !== undefined);
  if (opts.format === 'json') {
    const incidents = rows.map(({ file, result: { state, problems: p } }) => ({
      id: state.id,
      title: state.title,
      file: displayPath(file, cwd),
      status: status(state),
      owner: state.owner,
      startedAt: state.startedAt,
      resolvedAt: state.resolvedAt ?? null,
      elapsedMs: elapsedMs(state, now),
      runbook: { id: state.runbook.id, title: state.runbook.title, hash: state.runbook.hash },
      steps: { total: state.totals.steps, done: state.totals.done, skipped: state.totals.skipped, open: state.totals.open },
      problems: p.length,
    }));
    io.out(JSON.stringify({ incidents }, null, 2));
  } else if (rows.length === 0) {
    if (!unreadable) io.err(`runbook: no incident records in ${usingDefault ? DEFAULT_INCIDENTS_DIR : opts.positional.join(', ')}`);
  } else {
    const table = [
      ['ID', 'STATUS', 'STEPS', 'ELAPSED', 'TITLE'],
      ...rows.map(({ result: { state } }) => [
        state.id,
        status(state),
        `${state.totals.done + state.totals.skipped}/${state.totals.steps}`,
        formatDuration(elapsedMs(state, now)),
        state.title,
      ]),
    ];
    const widths = [0, 1, 2, 3].map((k) => Math.max(...table.map((r) => r[k].length)));
    for (const r of table) io.out(`${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padStart(widths[2])}  ${r[3].padStart(widths[3])}  ${r[4]}`);
  }
  return unreadable ? 2 : problems ? 1 : 0;
}

/** The one record named by FILE or ID, or an exit code after reporting why not. */
async function findRecord(sub: string, opts: Args, io: IncidentIo): Promise<ReadRecord | number> {
  const [target, ...rest] = opts.positional;
  if (target === undefined) throw new UsageError(`'runbook incident ${sub}' needs a record file or an incident id`);
  // Incident ids are [a-z0-9-] only, so anything with a dot or a slash names a file.
  if (/[./\\]/.test(target)) {
    const c = await collect([target], false);
    if (reportUnreadable(c, io)) return 2;
    const record = c.records[0];
    if (record === undefined) {
      io.err(`runbook: ${target} is a folder; name a record file or an incident id`);
      return 2;
    }
    return record;
  }
  const usingDefault = rest.length === 0;
  const c = await collect(usingDefault ? [DEFAULT_INCIDENTS_DIR] : rest, usingDefault);
  const unreadable = reportUnreadable(c, io);
  const matches = c.records.filter((r) => r.result.state?.id === target);
  if (matches.length === 0) {
    io.err(`runbook: no incident with id "${target}" in ${usingDefault ? DEFAULT_INCIDENTS_DIR : rest.join(', ')}`);
    io.err("Run 'runbook incident list' to see the incidents.");
    return 2;
  }
  if (matches.length > 1) io.err(`runbook: warning: incident "${target}" has ${matches.length} records; showing ${displayPath(matches[0].file, process.cwd())}`);
  return unreadable ? 2 : matches[0];
}

const STATUS_MARK = { open: '[ ]', done: '[x]', skipped: '[-]' } as const;

/** The checklist in Markdown; every record field through markdownText, as in the postmortem export. */
function checklistMarkdown(state: IncidentState, now: number): string {
  const clocks = phaseClocks(state, now);
  const t = state.totals;
  const out = [
    `# Incident: ${md(state.title)}`,
    '',
    `- Id: ${md(state.id)}`,
    `- Runbook: ${md(state.runbook.title)} (${md(state.runbook.id)})`,
    `- Owner: ${md(state.owner)}`,
    `- Started: ${md(state.startedAt)}`,
    `- Status: ${state.resolvedAt !== undefined ? `resolved at ${md(state.resolvedAt)}: ${md(state.resolution ?? '')}` : 'open'}`,
    `- Elapsed: ${formatDuration(elapsedMs(state, now))}`,
    `- Progress: ${t.done + t.skipped}/${t.steps} (${t.done} done, ${t.skipped} skipped, ${t.open} open)`,
  ];
  for (const p of state.phases) {
    const c = clocks[p.index];
    const box = p.timebox ? ` (${p.timebox.fromMinutes}–${p.timebox.toMinutes} min)` : '';
    out.push('', `## ${md(p.name)}${box}: ${c.status}, ${formatDuration(c.spentMs)} spent, ${p.done + p.skipped}/${p.stepIds.length} closed`, '');
    for (const id of p.stepIds) {
      const s = state.steps[id];
      const when = s.changedAt ? ` (${md(s.changedAt)}, ${md(s.changedBy ?? '')})` : '';
      // A cause says its verdict and evidence, not "done".
      const verdict = s.cause ? `: cause ${s.cause.verdict === 'confirmed' ? 'confirmed' : 'ruled out'}, ${md(s.cause.evidence)}` : '';
      out.push(`- ${STATUS_MARK[s.status]} ${md(s.title)}${s.status === 'skipped' ? `: skipped, ${md(s.skipReason ?? '')}` : verdict}${s.status !== 'open' ? when : ''}`);
      for (const n of s.notes) out.push(`  - Note (${md(n.at)}, ${md(n.by)}): ${md(n.text)}`);
    }
  }
  if (state.notes.length > 0) {
    out.push('', '## Notes', '');
    for (const n of state.notes) out.push(`- ${md(n.at)}, ${md(n.by)}: ${md(n.text)}`);
  }
  return out.join('\n');
}

/** The record `show` or `export` names, its problems reported; or an exit code after saying why there is none. */
async function openRecord(spec: CommandSpec, args: string[], io: IncidentIo): Promise<{ format: string; found: ReadRecord; problems: boolean } | number> {
  const opts = parseArgs(spec, args);
  const found = await findRecord(spec.name.split(' ')[1], opts, io);
  if (typeof found === 'number') return found;
  return { format: opts.format, found, problems: reportProblems([found], io, process.cwd()) };
}

async function showCommand(args: string[], io: IncidentIo, now: number): Promise<number> {
  const opened = await openRecord(INCIDENT_SHOW, args, io);
  if (typeof opened === 'number') return opened;
  const { format, found, problems } = opened;
  const state = found.result.state;
  if (format === 'json') {
    const { events, ...rest } = state ?? ({ events: found.result.events } as IncidentState);
    io.out(JSON.stringify(state ? { ...rest, clocks: phaseClocks(state, now), events } : { state: null, events }, null, 2));
  } else if (state) io.out(checklistMarkdown(state, now));
  if (!state) io.err(`runbook: ${displayPath(found.file, process.cwd())} holds no readable incident`);
  return problems || !state ? 1 : 0;
}

async function exportCommand(args: string[], io: IncidentIo, now: number): Promise<number> {
  const opened = await openRecord(INCIDENT_EXPORT, args, io);
  if (typeof opened === 'number') return opened;
  const { format, found, problems } = opened;
  const state = found.result.state;
  if (!state) {
    io.err(`runbook: ${displayPath(found.file, process.cwd())} holds no readable incident`);
    return 1;
  }
  if (format === 'json') {
    const clocks = phaseClocks(state, now);
    io.out(
      JSON.stringify(
        {
          id: state.id,
          title: state.title,
          owner: state.owner,
          runbook: { id: state.runbook.id, title: state.runbook.title, hash: state.runbook.hash },
          startedAt: state.startedAt,
          resolvedAt: state.resolvedAt ?? null,
          resolution: state.resolution ?? null,
          durationMs: elapsedMs(state, now),
          totals: state.totals,
          phases: state.phases.map((p) => ({ name: p.name, timebox: p.timebox, status: clocks[p.index].status, spentMs: clocks[p.index].spentMs, done: p.done, skipped: p.skipped, open: p.open })),
          events: state.events,
        },
        null,
        2,
      ),
    );
  } else {
    // The postmortem renderer imports the HTML escaper's module (marked, sanitize-html): load it only here.
    const { postmortemHtml, postmortemMarkdown } = await import('../core/incident/postmortem');
    io.out((format === 'html' ? postmortemHtml(state, now) : postmortemMarkdown(state, now)).replace(/\n$/, ''));
  }
  return problems ? 1 : 0;
}

/** `runbook incident ...` with the arguments after `incident`; resolves to the exit code. `now` is for tests. */
export function incidentCommand(args: string[], io: IncidentIo, now = Date.now()): Promise<number> {
  const [sub, ...rest] = args;
  return reportingUsageErrors(io, async () => {
    switch (sub) {
      case 'list':
        return listCommand(rest, io, now);
      case 'show':
        return showCommand(rest, io, now);
      case 'export':
        return exportCommand(rest, io, now);
      case undefined:
        throw new UsageError("'runbook incident' needs a subcommand: list, show or export");
      default:
        throw new UsageError(`unknown subcommand 'incident ${sub}' (use list, show or export)`);
    }
  });
}
