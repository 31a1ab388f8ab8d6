// Phases past their timebox: recorded once each, with one gentle notice per check, never a flood.
// Checked on a timer, so a nudge comes while the checklist is closed too.
import * as vscode from 'vscode';
import { loadLazyBundle } from '../loadLazyBundle';
import type { IncidentHost } from './incidentHost';
import type { LoadedIncident } from './incidentStore';

const NUDGE_INTERVAL_MS = 15_000;

export class OverdueNudges implements vscode.Disposable {
  private readonly timer: NodeJS.Timeout;
  private readonly subscription: vscode.Disposable;
  private checking: Promise<void> = Promise.resolve();

  constructor(private readonly host: IncidentHost) {
    this.timer = setInterval(() => void this.check(), NUDGE_INTERVAL_MS);
    this.subscription = host.incidents.onDidChange(() => void this.check());
  }

  check(): Promise<void> {
    // One check at a time: two overlapping checks would both see a phase as not yet nudged.
    this.checking = this.checking.then(() => this.recordOverdue()).catch(() => undefined);
    return this.checking;
  }

  private async recordOverdue(): Promise<void> {
    const active = this.host.incidents.active();
    // Without an incident the timer must not pull in the lazily loaded core bundle.
    if (active.length === 0) return;
    const { incidents } = loadLazyBundle();
    const now = Date.now();
    const overdue: { incident: LoadedIncident; phases: string[] }[] = [];
    for (const incident of active) {
      const events = incidents.dueNudges(incident.state, now, incident.state.owner);
      if (events.length === 0) continue;
      const result = await this.host.incidents.append(incident.state.id, events);
      if (result.ok) {
        overdue.push({ incident, phases: events.map((e) => (e.type === 'phase-overdue' ? `${e.phaseName} (${e.openSteps} open)` : '')) });
      }
    }
    if (overdue.length === 0) return;
    void this.nudge(overdue);
  }

  /** The notice is not awaited: the next check must not wait for the person to answer it. */
  private async nudge(overdue: { incident: LoadedIncident; phases: string[] }[]): Promise<void> {
    const first = overdue[0];
    const message =
      overdue.length === 1
        ? `"${first.incident.state.title}": ${first.phases.join(', ')} ${first.phases.length === 1 ? 'is' : 'are'} past ${first.phases.length === 1 ? 'its timebox' : 'their timeboxes'}.`
        : `${overdue.length} incidents have phases past their timeboxes.`;
    const choice = await this.host.prompter.notify(message, ['Open Checklist'], 'warning');
    if (choice === 'Open Checklist') this.host.open(first.incident.state.id);
  }

  dispose(): void {
    clearInterval(this.timer);
    this.subscription.dispose();
  }
}
