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
 * Time spent in a phase runs from the phase's start to its end:
 * - start: the earlier of its window start and its first step activity (a status change, a
 *   note on a step, a command of a step used), but never before the incident started. A phase
 *   without a timebox starts at its first activity.
 * - end: when its last open step was closed; while it has open steps, now (or the resolution
 *   time: after resolve every clock is frozen).
 * A phase that has not started (window ahead, no activity) has spent 0; so has a phase without
 * steps.
 */
export function phaseClocks(state: IncidentState, nowMs: number): PhaseClock[] {
  const now = clockNow(state, nowMs);
  const started = Date.parse(state.startedAt);
  return state.phases.map((p) => {
    const windowStart = p.timebox ? started + p.timebox.fromMinutes * MINUTE : undefined;
    const windowEnd = p.timebox ? started + p.timebox.toMinutes * MINUTE : undefined;
    let status: PhaseClock['status'];
    if (p.open === 0) status = 'complete';
    else if (windowStart === undefined || windowEnd === undefined) status = 'untimed';
    else if (now > windowEnd) status = 'overdue';
    else if (now >= windowStart) status = 'active';
    else status = 'upcoming';

    const activity = p.firstActivityAt !== undefined ? Date.parse(p.firstActivityAt) : Infinity;
    const phaseStart = Math.max(started, Math.min(windowStart ?? Infinity, activity));
    let spentMs = 0;
    if (p.stepIds.length > 0 && Number.isFinite(phaseStart)) {
      const end = p.open === 0 && p.completedAt !== undefined ? Date.parse(p.completedAt) : now;
      spentMs = Math.max(0, end - phaseStart);
    }
    const clock: PhaseClock = { index: p.index, status, spentMs };
    if (windowStart !== undefined && windowEnd !== undefined) {
      clock.windowStart = windowStart;
      clock.windowEnd = windowEnd;
      clock.remainingMs = Math.max(0, windowEnd - now);
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
