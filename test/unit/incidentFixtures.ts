// A small runbook and a scripted incident on it, shared by the incident-*.test.ts files.
import { actionToEvent, applyEvent, startIncident } from '../../src/core/incident/incidentState';
import type { IncidentAction, IncidentEvent, IncidentState } from '../../src/core/incident/incidentModel';
import type { Runbook } from '../../src/core/runbook/runbookModel';
import { replay } from '../../src/core/incident/incidentState';

export const T0 = Date.parse('2026-11-24T14:32:05.000Z');
export const MIN = 60_000;

export function testRunbook(): Runbook {
  return {
    id: 'session-logout-30s',
    title: 'Users logged out every 30 seconds',
    symptom: 'Logged out',
    summary: '',
    tags: [],
    aliases: [],
    variables: [],
    lintRules: [],
    source: { kind: 'cli', file: '/x/rb.yaml', line: 1 },
    phases: [
      {
        name: 'Triage',
        timebox: { fromMinutes: 0, toMinutes: 10 },
        steps: [
          { id: 'check-scope', text: 'Check **user reports**: all users?\nmore', commands: [] },
          { id: 'check-cookie', text: 'Check the `SESSION` cookie with [curl](https://curl.se)', commands: [{ language: 'bash', code: 'curl -sI https://{{host}}/' }] },
        ],
      },
      {
        name: 'Isolate',
        timebox: { fromMinutes: 10, toMinutes: 25 },
        steps: [{ id: 'check-ttl', text: 'Check the TTL', commands: [{ language: 'bash', code: 'redis-cli -a {{redis_password}} TTL {{session_key}}' }, { language: 'redis', code: 'FLUSHALL' }] }],
      },
      { name: 'Empty', timebox: { fromMinutes: 25, toMinutes: 30 }, steps: [] },
      { name: 'Follow-up', timebox: null, steps: [{ id: 'write-up', text: 'Write it up', commands: [] }] },
    ],
  };
}

export function started(): Extract<IncidentEvent, { type: 'started' }> {
  return startIncident({ runbook: testRunbook(), owner: 'alice', now: new Date(T0), variables: { host: 'app.example.com', redis_password: 'hunter22' } });
}

/** Applies actions in order, at the given minutes after T0; throws on a refused action. */
export function run(actions: [number, IncidentAction][], state?: IncidentState): IncidentState {
  let s = state ?? replay([started()]).state!;
  for (const [minutes, action] of actions) {
    const r = actionToEvent(s, action, 'alice', new Date(T0 + minutes * MIN));
    if ('error' in r) throw new Error(r.error);
    const next = applyEvent(s, r.event);
    if ('error' in next) throw new Error(next.error);
    s = next;
  }
  return s;
}

/** A whole incident: done, skipped, a note, a command, an overdue nudge, resolved. */
export function scriptedEvents(): IncidentEvent[] {
  const s = run([
    [1, { type: 'check', stepId: 'check-scope' }],
    [3, { type: 'skip', stepId: 'check-cookie', reason: 'No browser access from the bastion' }],
    [12, { type: 'note', stepId: 'check-ttl', text: 'TTL is 30 → "seconds" | not minutes <!-- -->' }],
  ]);
  const events = [...s.events];
  events.push({ type: 'command-copied', at: new Date(T0 + 13 * MIN).toISOString(), by: 'alice', stepId: 'check-ttl', commandIndex: 0, text: 'redis-cli -a •••• TTL `sess:1`', destructive: false });
  events.push({ type: 'phase-overdue', at: new Date(T0 + 26 * MIN).toISOString(), by: 'alice', phaseIndex: 1, phaseName: 'Isolate', openSteps: 1 });
  events.push({ type: 'step-done', at: new Date(T0 + 28 * MIN).toISOString(), by: 'bob', stepId: 'check-ttl' });
  events.push({ type: 'note', at: new Date(T0 + 29 * MIN).toISOString(), by: 'bob', text: 'Rolled out the fix' });
  events.push({ type: 'resolved', at: new Date(T0 + 30 * MIN).toISOString(), by: 'bob', resolution: 'Session timeout set to 30m' });
  return events;
}
