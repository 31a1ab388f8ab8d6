// The incident's clocks: elapsed time and each phase's timebox, derived from the state and "now".
// Kept free of any Node import: the checklist webview bundles this file to tick its own clocks.
import type { IncidentEvent, IncidentState, PhaseClock } from './incidentModel';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

const MINUTE = 60_000;

/** The moment the clocks read: now, or the resolution time once resolved (the clocks stop). */
function clockNow(state: IncidentState, nowMs: number): number {
  return state.resolvedAt !== undefined ? Math.min(nowMs, Date.parse(state.resolvedAt)) : nowMs;
}

/**
 * Each phase's clock at `nowMs`.
 *
 * Time spent in a phase is the time it was current. Exactly one phase is current while the
 * clock runs (docs/incident-record.md, "Time per phase"):
 * - at the start, the first phase with steps;
 * - then the phase of the latest step activity: a step ticked, skipped or reopened, a note on a
 *   step, a command of a step copied, inserted, executed or run;
 * - when a phase's last open step closes, the next phase with open steps (after it, else before).
 * Resolving stops the clock (no phase is current until a reopen). So the phases' times add up to
 * at most the incident's duration, and a command copied from another phase moves the time to
 * that phase instead of counting twice.
 *
 * Status comes from the timebox against now; once resolved, a phase with open steps is
 * 'stopped' and no clock counts down (no remainingMs).
 */
export function phaseClocks(state: IncidentState, nowMs: number): PhaseClock[] {
  const now = clockNow(state, nowMs);
  const started = Date.parse(state.startedAt);
  const resolved = state.resolvedAt !== undefined;
  const current = state.current;
  return state.phases.map((p) => {
    const windowStart = p.timebox ? started + p.timebox.fromMinutes * MINUTE : undefined;
    const windowEnd = p.timebox ? started + p.timebox.toMinutes * MINUTE : undefined;
    let status: PhaseClock['status'];
    if (p.open === 0) status = 'complete';
    else if (resolved) status = 'stopped';
    else if (windowStart === undefined || windowEnd === undefined) status = 'untimed';
    else if (now > windowEnd) status = 'overdue';
    else if (now >= windowStart) status = 'active';
    else status = 'upcoming';

    let spentMs = p.currentMs ?? 0;
    if (!resolved && current?.phaseIndex === p.index && current.since !== undefined) spentMs += Math.max(0, now - Date.parse(current.since));
    if (!Number.isFinite(spentMs)) spentMs = 0;
    const clock: PhaseClock = { index: p.index, status, spentMs };
    if (windowStart !== undefined && windowEnd !== undefined) {
      clock.windowStart = windowStart;
      clock.windowEnd = windowEnd;
      if (!resolved) clock.remainingMs = Math.max(0, windowEnd - now);
    }
    return clock;
  });
}

/**
 * The 'phase-overdue' events to append now: one per overdue phase with open steps that was never
 * nudged. The event itself marks the phase nudged, so each phase is nudged once, ever, even
 * across reloads.
 */
export function dueNudges(state: IncidentState, nowMs: number, by: string): IncidentEvent[] {
  if (state.resolvedAt !== undefined) return [];
  const at = new Date(nowMs).toISOString();
  const out: IncidentEvent[] = [];
  for (const clock of phaseClocks(state, nowMs)) {
    const p = state.phases[clock.index];
    if (clock.status === 'overdue' && p.open > 0 && !p.nudged) {
      out.push({ type: 'phase-overdue', at, by, phaseIndex: p.index, phaseName: p.name, openSteps: p.open });
    }
  }
  return out;
}

/** Time since the start; frozen at the resolution time once resolved. */
export function elapsedMs(state: IncidentState, nowMs: number): number {
  return Math.max(0, clockNow(state, nowMs) - Date.parse(state.startedAt));
}

/** "45 s", "12 min", "1 h 05 min" (rounded down). */
export function formatDuration(ms: number): string {
  const s = Math.floor(Math.max(0, Number.isFinite(ms) ? ms : 0) / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${pad(min % 60)} min`;
}
