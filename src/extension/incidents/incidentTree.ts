// The "Incidents" view (under the Runbook Library) and the status-bar item: the incidents running
// now with their elapsed time and progress, the resolved ones below, records that cannot be read.
import * as vscode from 'vscode';
import { loadLazyBundle } from '../loadLazyBundle';
import type { IncidentStore, LoadedIncident, UnreadableRecord } from './incidentStore';

export type IncidentNode =
  | { type: 'incident'; incident: LoadedIncident }
  | { type: 'resolvedGroup'; incidents: LoadedIncident[] }
  | { type: 'unreadable'; record: UnreadableRecord };

export class IncidentTreeProvider implements vscode.TreeDataProvider<IncidentNode> {
  private readonly changeEmitter = new vscode.EventEmitter<IncidentNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;

  constructor(private readonly store: IncidentStore) {}

  refresh(): void {
    this.changeEmitter.fire(undefined);
  }

  getChildren(node?: IncidentNode): IncidentNode[] {
    if (node?.type === 'resolvedGroup') return node.incidents.map((incident) => ({ type: 'incident', incident }));
    if (node) return [];
    const all = this.store.all();
    const nodes: IncidentNode[] = all.filter((i) => !i.state.resolvedAt).map((incident) => ({ type: 'incident', incident }));
    const resolved = all.filter((i) => i.state.resolvedAt);
    if (resolved.length) nodes.push({ type: 'resolvedGroup', incidents: resolved });
    for (const record of this.store.unreadableRecords()) nodes.push({ type: 'unreadable', record });
    return nodes;
  }

  getTreeItem(node: IncidentNode): vscode.TreeItem {
    if (node.type === 'resolvedGroup') {
      const item = new vscode.TreeItem(`Resolved (${node.incidents.length})`, vscode.TreeItemCollapsibleState.Collapsed);
      item.iconPath = new vscode.ThemeIcon('pass');
      item.contextValue = 'resolvedGroup';
      return item;
    }
    if (node.type === 'unreadable') {
      const name = node.record.uri.path.split('/').pop() ?? node.record.uri.path;
      const item = new vscode.TreeItem(name);
      item.description = 'cannot be read';
      item.tooltip = node.record.problems.join('\n');
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
      item.command = { command: 'vscode.open', title: 'Open Record', arguments: [node.record.uri] };
      item.contextValue = 'unreadableRecord';
      return item;
    }
    const { state } = node.incident;
    const { incidents } = loadLazyBundle();
    const now = Date.now();
    const clocks = incidents.phaseClocks(state, now);
    const overdue = clocks.filter((c) => c.status === 'overdue').map((c) => state.phases[c.index]?.name);
    const item = new vscode.TreeItem(state.title);
    item.id = `incident:${state.id}`;
    const elapsed = incidents.formatDuration(incidents.elapsedMs(state, now));
    const progress = `${state.totals.done + state.totals.skipped}/${state.totals.steps} steps`;
    const severity = state.severity ?? '—';
    item.description = state.resolvedAt ? `${severity} · resolved · ${elapsed}` : `${severity} · ${elapsed} · ${progress}${overdue.length ? ' · overdue' : ''}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${escapeMd(state.title)}**\n\n`);
    tooltip.appendMarkdown(`Runbook: ${escapeMd(state.runbook.title)}  \nOwner: ${escapeMd(state.owner)}  \nSeverity: ${state.severity ?? '—'}  \nIncident commander: ${escapeMd(state.commander ?? '—')}  \nStarted: ${new Date(state.startedAt).toLocaleString()}  \n`);
    tooltip.appendMarkdown(`${state.resolvedAt ? `Resolved after ${elapsed}: ${escapeMd(state.resolution ?? '')}` : `Elapsed: ${elapsed}`}  \n`);
    tooltip.appendMarkdown(`Progress: ${progress}${overdue.length ? `  \n$(warning) Overdue: ${escapeMd(overdue.join(', '))}` : ''}`);
    if (node.incident.problems.length) tooltip.appendMarkdown(`\n\n$(warning) ${escapeMd(node.incident.problems.join('; '))}`);
    item.tooltip = tooltip;
    item.iconPath = state.resolvedAt
      ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
      : overdue.length
        ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
        : new vscode.ThemeIcon('pulse', new vscode.ThemeColor('charts.red'));
    item.accessibilityInformation = {
      label: `${state.resolvedAt ? 'Resolved incident' : 'Active incident'} ${state.title}, ${item.description}`,
    };
    item.command = { command: 'runbookAssistant.openIncident', title: 'Open Incident', arguments: [state.id] };
    item.contextValue = state.resolvedAt ? 'incidentResolved' : 'incidentActive';
    return item;
  }
}

/** The active incident in the status bar: its elapsed time, ticking; warning colours when a phase is overdue. */
export class IncidentStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('runbookAssistant.incident', vscode.StatusBarAlignment.Left, 50);
  private timer: NodeJS.Timeout | undefined;
  /** The incident whose checklist was used last; else the newest active one. */
  focused: string | undefined;

  constructor(private readonly store: IncidentStore) {
    this.item.name = 'Active Incident';
  }

  update(): void {
    const active = this.store.active();
    if (active.length === 0) {
      this.item.hide();
      if (this.timer) clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    this.timer ??= setInterval(() => this.update(), 1000);
    const incident = active.find((i) => i.state.id === this.focused) ?? active[0];
    const { incidents } = loadLazyBundle();
    const now = Date.now();
    const { state } = incident;
    const overdue = incidents.phaseClocks(state, now).some((c) => c.status === 'overdue');
    const elapsed = clockText(incidents.elapsedMs(state, now));
    const more = active.length > 1 ? ` +${active.length - 1}` : '';
    const severity = state.severity ? `${state.severity} ` : '';
    this.item.text = `$(${overdue ? 'warning' : 'pulse'}) ${severity}${truncate(state.title, 32)} ${elapsed}${more}`;
    this.item.tooltip = `Incident "${state.title}" (severity ${state.severity ?? '—'}, commander ${state.commander ?? '—'}): ${elapsed} elapsed, ${state.totals.done + state.totals.skipped}/${state.totals.steps} steps${overdue ? ', a phase is overdue' : ''}${more ? ` (${active.length} incidents running)` : ''}. Click to open its checklist.`;
    this.item.accessibilityInformation = { label: `Active incident ${state.title}, ${elapsed} elapsed${overdue ? ', a phase is overdue' : ''}` };
    this.item.backgroundColor = overdue ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.command = { command: 'runbookAssistant.openIncident', title: 'Open Incident', arguments: [state.id] };
    this.item.show();
  }

  text(): string | undefined {
    return this.item.text || undefined;
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.item.dispose();
  }
}

/** h:mm:ss, the way a responder reads a stopwatch. */
export function clockText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!<>|$]/g, '\\$&');
}
