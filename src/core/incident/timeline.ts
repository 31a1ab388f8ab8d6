// The incident's story for the checklist's timeline panel: every recorded event as one plain-text
// entry with its time, who and a kind the panel filters by. Built by the host from the replayed
// state (the webview gets the finished list), newest first.
import type { IncidentEvent, IncidentState } from './incidentModel';
import { formatRunDuration } from './runs';
import { verdictLabel } from './causes';

/** What the panel's filter offers; 'incident' (start, resolve, overdue, placeholders) is always shown. */
export const TIMELINE_KINDS = ['notes', 'steps', 'commands', 'people', 'incident'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEntry {
  /** ISO time of the event (a run's end). */
  at: string;
  by: string;
  kind: TimelineKind;
  /** Plain text for a person: rendered as a text node. */
  text: string;
  /** The step it concerns, to link the entry to the checklist. */
  stepId?: string;
}

/** Entries shown at most: the newest are kept, so a runaway record cannot flood the view. */
export const MAX_TIMELINE_ENTRIES = 500;
/** A long command or note is cut in the timeline; the record keeps all of it. */
const MAX_ENTRY_TEXT = 300;

function cut(s: string): string {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > MAX_ENTRY_TEXT ? `${line.slice(0, MAX_ENTRY_TEXT - 1)}…` : line;
}

function entryOf(state: IncidentState, e: IncidentEvent): Omit<TimelineEntry, 'at' | 'by'> | undefined {
  // Without its closing period: the line goes on ("…another; evidence: …").
  const step = (id: string): string => (state.steps[id]?.title || id).replace(/\.$/, '');
  switch (e.type) {
    case 'started':
      return { kind: 'incident', text: `Incident started from runbook "${cut(e.runbook.title)}"` };
    case 'title-changed':
      return { kind: 'incident', text: `Renamed to "${cut(e.title)}"` };
    case 'owner-changed':
      return { kind: 'people', text: `Owner changed to ${cut(e.owner)}` };
    case 'severity-set':
      return { kind: 'people', text: `Severity set to ${e.severity}` };
    case 'commander-set':
      return { kind: 'people', text: `Incident commander set to ${cut(e.commander)}` };
    case 'step-done':
      return { kind: 'steps', stepId: e.stepId, text: `Step done: ${cut(step(e.stepId))}` };
    case 'step-skipped':
      return { kind: 'steps', stepId: e.stepId, text: `Step skipped: ${cut(step(e.stepId))} (${cut(e.reason)})` };
    case 'step-reopened':
      return { kind: 'steps', stepId: e.stepId, text: `Step reopened: ${cut(step(e.stepId))}` };
    case 'cause-resolved': {
      const r = e.resolution;
      const cited = r.finding ? ` (${cut(`${r.finding.file}:${r.finding.line}`)})` : '';
      return { kind: 'steps', stepId: e.stepId, text: `Cause ${verdictLabel(r.verdict)}: ${cut(step(e.stepId))}; evidence: ${cut(r.evidence)}${cited}` };
    }
    case 'note':
      return e.stepId === undefined
        ? { kind: 'notes', text: `Note: ${cut(e.text)}` }
        : { kind: 'notes', stepId: e.stepId, text: `Note on "${cut(step(e.stepId))}": ${cut(e.text)}` };
    case 'variable-set':
      return { kind: 'incident', text: `Placeholder ${e.name} set${e.secret ? ' (secret)' : ` to ${cut(e.value)}`}` };
    case 'command-copied':
    case 'command-inserted':
    case 'command-executed': {
      const verb = e.type === 'command-copied' ? 'copied' : e.type === 'command-inserted' ? 'inserted' : 'executed';
      const where = e.terminal ? ` into terminal ${cut(e.terminal)}` : '';
      return { kind: 'commands', stepId: e.stepId, text: `${e.destructive ? 'Destructive command' : 'Command'} ${verb}${e.type === 'command-copied' ? '' : where}: ${cut(e.text)}` };
    }
    case 'command-ran': {
      const exit = e.exitCode === undefined ? 'exit code unknown' : `exit ${e.exitCode}`;
      return { kind: 'commands', ...(e.stepId !== undefined ? { stepId: e.stepId } : {}), text: `Ran: ${cut(e.commandLine)} (${exit}, ${formatRunDuration(e.durationMs)})` };
    }
    case 'shell-integration-unavailable':
      return { kind: 'commands', text: `No shell integration in terminal ${cut(e.terminal)}: only insertions are recorded there` };
    case 'phase-overdue':
      return { kind: 'incident', text: `Phase overdue: ${cut(e.phaseName)} (${e.openSteps} open)` };
    case 'resolved':
      return { kind: 'incident', text: `Resolved: ${cut(e.resolution)}` };
    case 'reopened':
      return { kind: 'incident', text: 'Reopened' };
    default:
      return undefined;
  }
}

/**
 * The timeline of `state`, newest first (ties keep record order, later first): every event in the
 * record, as the record's own timeline lists them.
 */
export function buildTimeline(state: IncidentState): TimelineEntry[] {
  const entries: { entry: TimelineEntry; order: number }[] = [];
  state.events.forEach((e, order) => {
    const part = entryOf(state, e);
    if (part) entries.push({ entry: { at: e.at, by: e.by, ...part }, order });
  });
  entries.sort((a, b) => (a.entry.at < b.entry.at ? 1 : a.entry.at > b.entry.at ? -1 : b.order - a.order));
  return entries.slice(0, MAX_TIMELINE_ENTRIES).map((x) => x.entry);
}
