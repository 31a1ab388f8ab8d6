// The checklist webview of one incident. The host builds everything the view shows from the
// record (the steps it recorded) and the current runbook (their text and commands); the view
// sends back step ids and button names only, and every message is checked (src/shared/protocol.ts).
import * as vscode from 'vscode';
import type { Runbook } from '../../core/runbook/runbookModel';
import {
  type ChecklistPhase,
  type HostMessage,
  type IncidentSnapshot,
  type ShowIncidentMessage,
  parseIncidentViewState,
  parseWebviewMessage,
  type WebviewMessage,
} from '../../shared/protocol';
import { EvidenceFeed, causeSubjects } from '../lint/evidenceFeed';
import { loadLazyBundle } from '../loadLazyBundle';
import type { RunbookStore } from '../runbookStore';
import type { IncidentStore, LoadedIncident } from './incidentStore';
import type { TerminalInfo } from './incidentTerminals';
import { contentSecurityPolicyOf, remoteImagesAllowed, webviewHtml, webviewOptions } from '../webviewHtml';

export const INCIDENT_VIEW_TYPE = 'runbookAssistant.incident';

/** What the panel does for the view's buttons; implemented by the incident commands. */
export interface IncidentActions {
  handle(incidentId: string, message: WebviewMessage): Promise<void>;
  /** The terminal the incident's commands go to, as the checklist's header shows it. */
  terminalInfo(incidentId: string): TerminalInfo | undefined;
}

export class IncidentPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, IncidentPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  /** Fixed for the page's life: the CSP is written once, and the rendering must match it. */
  private readonly remoteImages = remoteImagesAllowed();
  /** The placeholder values the commands were last drawn with: a new value redraws them. */
  private drawnVariables = '';
  /** What the view was last told changed in the runbook since the incident started. */
  private shownChanges: string[] = [];
  /** The workspace's findings at the checklist's steps. */
  readonly evidence: EvidenceFeed;

  static show(extensionUri: vscode.Uri, deps: PanelDeps, incidentId: string): IncidentPanel {
    const existing = IncidentPanel.panels.get(incidentId);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const title = deps.incidents.get(incidentId)?.state.title ?? 'Incident';
    const panel = vscode.window.createWebviewPanel(INCIDENT_VIEW_TYPE, title, vscode.ViewColumn.Active, webviewOptions(extensionUri));
    return new IncidentPanel(panel, extensionUri, deps, incidentId);
  }

  /** After a window reload: the state comes from the webview, so it is validated first. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, deps: PanelDeps, state: unknown): void {
    const parsed = parseIncidentViewState(state);
    if (!parsed) {
      panel.dispose();
      return;
    }
    panel.webview.options = webviewOptions(extensionUri);
    new IncidentPanel(panel, extensionUri, deps, parsed.incidentId);
  }

  static get(incidentId: string): IncidentPanel | undefined {
    return IncidentPanel.panels.get(incidentId);
  }

  static openPanels(): { incidentId: string; visible: boolean; ready: boolean; runbookChanges: string[]; csp: string }[] {
    return [...IncidentPanel.panels.values()].map((p) => ({
      incidentId: p.incidentId,
      visible: p.panel.visible,
      ready: p.ready,
      runbookChanges: [...p.shownChanges],
      csp: contentSecurityPolicyOf(p.panel.webview.html),
    }));
  }

  /** The incident whose checklist is the active editor tab, if any. */
  static activeIncidentId(): string | undefined {
    return [...IncidentPanel.panels.values()].find((p) => p.panel.active)?.incidentId;
  }

  static disposeAll(): void {
    for (const p of [...IncidentPanel.panels.values()]) p.dispose();
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly deps: PanelDeps,
    readonly incidentId: string,
  ) {
    IncidentPanel.panels.set(incidentId, this);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'runbook-tab.svg');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'Incident checklist', this.remoteImages);
    this.evidence = new EvidenceFeed(
      () => {
        const state = deps.incidents.get(incidentId)?.state;
        if (!state) return undefined;
        const steps = state.runbook.phases.flatMap((p) => p.steps);
        const causes = causeSubjects(steps);
        // A finding confirms a cause still open, in an incident still running.
        const citable = state.resolvedAt ? [] : causes.filter((c) => state.steps[c.id] && !state.steps[c.id].cause).map((c) => c.id);
        return { runbookId: state.runbook.id, stepIds: steps.map((step) => step.id), causes, citable };
      },
      (message) => this.post(message),
    );
    this.disposables.push(
      this.evidence,
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => void this.receive(raw)),
      deps.incidents.onDidChange((id) => {
        if (id === undefined) this.showAll();
        else if (id === incidentId) this.changed();
      }),
      deps.runbooks.onDidChange(() => this.showAll()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.showAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('runbookAssistant.terminal')) this.showAll();
      }),
    );
  }

  /** Every message from the view goes through here: the same path the integration tests drive. */
  async receive(raw: unknown): Promise<boolean> {
    const message = parseWebviewMessage(raw);
    if (!message) return false; // unknown or malformed: ignored, never acted on
    if (message.type === 'ready') {
      this.ready = true;
      this.showAll();
      return true;
    }
    if (await this.evidence.handle(message)) return true;
    await this.deps.actions.handle(this.incidentId, message);
    return true;
  }

  post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** The incident this view shows, with the tab title kept up to date; undefined (and the view told) when it is gone. */
  private current(): LoadedIncident | undefined {
    if (!this.ready) return undefined;
    const incident = this.deps.incidents.get(this.incidentId);
    if (!incident) {
      this.post({ type: 'incidentMissing', incidentId: this.incidentId });
      return undefined;
    }
    this.panel.title = `${incident.state.resolvedAt ? '✓ ' : ''}${incident.state.title}`;
    return incident;
  }

  /** The full view: runbook text, commands and the incident. */
  showAll(): void {
    const incident = this.current();
    if (!incident) return;
    this.drawnVariables = variablesKey(incident);
    const message = buildShowIncident(
      incident,
      this.deps.runbooks.find(incident.state.runbook.id),
      this.deps.incidents.values(incident),
      this.deps.actions.terminalInfo(this.incidentId),
      this.remoteImages,
    );
    this.shownChanges = message.runbookChanges;
    this.post(message);
    this.evidence.shown();
  }

  private changed(): void {
    const incident = this.deps.incidents.get(this.incidentId);
    if (incident && variablesKey(incident) !== this.drawnVariables) this.showAll();
    else this.update();
  }

  /** A state change only: the view patches the steps that changed. */
  private update(): void {
    const incident = this.current();
    if (incident) this.post({ type: 'incidentUpdated', incident: incidentSnapshot(incident), hostNow: Date.now() });
    this.evidence.changed();
  }

  dispose(): void {
    if (IncidentPanel.panels.get(this.incidentId) === this) IncidentPanel.panels.delete(this.incidentId);
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

export interface PanelDeps {
  incidents: IncidentStore;
  runbooks: RunbookStore;
  actions: IncidentActions;
}

function variablesKey(incident: LoadedIncident): string {
  return JSON.stringify([incident.state.variables, Object.keys(incident.secrets)]);
}

export function incidentSnapshot(incident: LoadedIncident): IncidentSnapshot {
  const { events, ...rest } = incident.state;
  return {
    ...rest,
    recordLabel: vscode.workspace.asRelativePath(incident.uri, true),
    recordProblems: incident.problems,
    eventCount: events.length,
    timeline: loadLazyBundle().incidents.buildTimeline(incident.state),
  };
}

/** Whether commands may go to a terminal at all: never in Restricted Mode (checked again in the handler). */
export function terminalAllowed(): boolean {
  return vscode.workspace.isTrusted;
}

/** runbookAssistant.terminal.executeDirectly, which only a trusted workspace honours. */
export function executeDirectly(): boolean {
  return terminalAllowed() && vscode.workspace.getConfiguration('runbookAssistant').get<boolean>('terminal.executeDirectly', false);
}

/** runbookAssistant.terminal.captureOutput: keep an output excerpt of each command run. */
export function captureOutput(): boolean {
  return vscode.workspace.getConfiguration('runbookAssistant').get<boolean>('terminal.captureOutput', true);
}

function buildShowIncident(
  incident: LoadedIncident,
  runbook: Runbook | undefined,
  values: Record<string, string>,
  terminal: TerminalInfo | undefined,
  remoteImages: boolean,
): ShowIncidentMessage {
  const { render, incidents } = loadLazyBundle();
  const snapshot = incident.state.runbook;
  const secretNames = incident.state.secretVariables;
  const currentSteps = new Map(runbook?.phases.flatMap((p) => p.steps).map((s) => [s.id, s]) ?? []);
  // The record's links (its snapshot), numbered as the checklist numbers its steps.
  const links = render.stepLinkMap(snapshot.phases);
  const phases: ChecklistPhase[] = snapshot.phases.map((phase) => ({
    name: phase.name,
    timebox: phase.timebox ? { ...phase.timebox } : null,
    timeboxLabel: render.formatTimebox(phase.timebox),
    steps: phase.steps.map((recorded) => {
      const step = currentSteps.get(recorded.id);
      if (!step) {
        return { id: recorded.id, ...(recorded.kind ? { kind: recorded.kind } : {}), html: `<p>${render.escapeHtml(recorded.title)}</p>`, commands: [], removedFromRunbook: true, ...links.get(recorded.id) };
      }
      return {
        id: step.id,
        // The record's kind: a step that became a cause after the start is not one in this incident.
        ...(recorded.kind ?? step.kind ? { kind: recorded.kind ?? step.kind } : {}),
        ...links.get(recorded.id),
        ...(step.heading ? { headingHtml: render.renderInlineMarkdown(step.heading.replace(/\n/g, ' · '), { remoteImages }) } : {}),
        html: render.renderMarkdown(step.text, { remoteImages }),
        commands: step.commands.map((c, index) => {
          // Shown as Insert or Copy will give it: placeholder values quoted for the block's shell.
          const insertable = incidents.isShellLanguage(c.language);
          const filled = incidents.fillPlaceholders(c.code, values, incidents.fillOptionsFor(c.language, runbook ?? { variables: [] }));
          const text = incidents.trimCommandText(filled.text);
          const risk = incidents.assessCommand(text, c.language);
          const risks = [...risk.reasons];
          if (risk.controlCharacters.length) risks.push(`Contains ${risk.controlCharacters.join(', ')}: never sent to a terminal.`);
          if (filled.invalid.length) {
            risks.push(`The value of ${filled.invalid.map((n) => `{{${n}}}`).join(', ')} cannot be quoted safely where it stands here: change it with Placeholders….`);
          }
          return {
            index,
            language: c.language,
            code: c.code,
            display: incidents.maskSecrets(text, values, secretNames),
            destructive: risk.destructive,
            declaredDestructive: c.destructive === true,
            ...(c.risk ? { risk: c.risk } : {}),
            risks,
            multiline: text.includes('\n'),
            missingPlaceholders: filled.missing,
            insertable,
          };
        }),
      };
    }),
  }));
  const header = runbook ? render.renderRunbook(runbook, { remoteImages }) : undefined;
  const runbookChanges = runbook
    ? incidents.diffRunbook(snapshot, runbook).summary
    : [`The runbook "${snapshot.id}" is no longer available; the checklist shows the steps the record kept.`];
  return {
    type: 'showIncident',
    runbook: {
      id: snapshot.id,
      title: header?.title ?? snapshot.title,
      symptomHtml: header?.symptomHtml ?? '',
      summaryHtml: header?.summaryHtml ?? '',
      insightHtml: header?.insightHtml ?? '',
      ...(header?.severity ? { severity: header.severity } : {}),
      tags: header?.tags ?? [],
      ...(header?.sourceLabel ? { sourceLabel: header.sourceLabel } : {}),
      phases,
    },
    incident: incidentSnapshot(incident),
    hostNow: Date.now(),
    runbookChanges,
    restricted: !terminalAllowed(),
    executeDirectly: executeDirectly(),
    terminal,
    captureOutput: captureOutput(),
  };
}
