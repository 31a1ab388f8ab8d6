// The webview panel that shows one runbook. The host renders (marked + sanitizer) and posts
// plain data; the webview only displays it and sends back step ids.
import * as vscode from 'vscode';
import type { Runbook } from '../core/runbook/runbookModel';
import {
  type HostMessage,
  type RunbookViewState,
  parseRunbookViewState,
  parseWebviewMessage,
} from '../shared/protocol';
import { EvidenceFeed, causeSubjects } from './lint/evidenceFeed';
import { loadLazyBundle } from './loadLazyBundle';
import type { RunbookStore } from './runbookStore';
import { sourceDescription } from './runbookTree';
import { contentSecurityPolicyOf, remoteImagesAllowed, webviewHtml, webviewOptions } from './webviewHtml';

export const RUNBOOK_VIEW_TYPE = 'runbookAssistant.runbook';

/** A step the panel was asked to reveal; `shown` once the webview found and highlighted it. */
export interface RevealedStep {
  runbookId: string;
  stepId: string;
  shown: boolean;
}

export class RunbookPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, RunbookPanel>();
  private static lastReveal: RevealedStep | undefined;
  /** Revealed after the next 'showRunbook', so the step exists when the webview looks for it. */
  private pendingRevealStepId: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  /** What the view was last told about Restricted Mode; undefined until it first rendered. */
  private shownRestricted: boolean | undefined;
  /** Fixed for the page's life: the CSP is written once, and the rendering must match it. */
  private readonly remoteImages = remoteImagesAllowed();
  /** The workspace's findings at this runbook's steps. */
  private readonly evidence: EvidenceFeed;

  /** Opens (or reveals) the runbook's panel; with `revealStepId`, scrolls to that step. */
  static show(extensionUri: vscode.Uri, store: RunbookStore, runbook: Runbook, revealStepId?: string): RunbookPanel {
    if (revealStepId) RunbookPanel.lastReveal = { runbookId: runbook.id, stepId: revealStepId, shown: false };
    const existing = RunbookPanel.panels.get(runbook.id);
    if (existing) {
      existing.runbookFile = runbook.source.file;
      existing.pendingRevealStepId = revealStepId;
      existing.panel.reveal();
      void existing.update();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      RUNBOOK_VIEW_TYPE,
      runbook.title,
      vscode.ViewColumn.Active,
      webviewOptions(extensionUri),
    );
    const created = new RunbookPanel(panel, extensionUri, store, runbook.id, runbook.source.file);
    created.pendingRevealStepId = revealStepId;
    return created;
  }

  /** The last step a panel was asked to reveal (for the integration tests). */
  static lastRevealedStep(): RevealedStep | undefined {
    return RunbookPanel.lastReveal && { ...RunbookPanel.lastReveal };
  }

  /** Restores a panel after a window reload; the state comes from the webview, so it is validated. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, store: RunbookStore, state: unknown): void {
    const parsed: RunbookViewState | undefined = parseRunbookViewState(state);
    if (!parsed) {
      panel.dispose();
      return;
    }
    panel.webview.options = webviewOptions(extensionUri);
    const rb = store.find(parsed.runbookId);
    new RunbookPanel(panel, extensionUri, store, parsed.runbookId, rb?.source.file);
  }

  static openPanels(): { runbookId: string; visible: boolean; restricted?: boolean; csp: string }[] {
    return [...RunbookPanel.panels.values()].map((p) => ({
      runbookId: p.runbookId,
      visible: p.panel.visible,
      restricted: p.shownRestricted,
      csp: contentSecurityPolicyOf(p.panel.webview.html),
    }));
  }

  static disposeAll(): void {
    for (const p of [...RunbookPanel.panels.values()]) p.dispose();
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly store: RunbookStore,
    private readonly runbookId: string,
    private runbookFile: string | undefined,
  ) {
    RunbookPanel.panels.set(runbookId, this);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'runbook-tab.svg');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'Runbook', this.remoteImages);
    this.evidence = new EvidenceFeed(
      () => {
        const rb = this.runbook();
        const steps = rb?.phases.flatMap((p) => p.steps) ?? [];
        return rb && { runbookId: rb.id, stepIds: steps.map((step) => step.id), causes: causeSubjects(steps) };
      },
      (message) => this.post(message),
    );
    this.disposables.push(
      this.evidence,
      panel.onDidDispose(() => this.dispose()),
      // A hidden panel's webview is dropped (no retainContextWhenHidden) and loads anew when shown:
      // nothing is posted until its new 'ready', so a step to reveal waits for the fresh page
      // instead of going to the old one (lost) and being drawn over by the re-render.
      panel.onDidChangeViewState(({ webviewPanel }) => {
        if (!webviewPanel.visible) this.ready = false;
      }),
      panel.webview.onDidReceiveMessage((raw) => void this.onMessage(raw)),
      store.onDidChange(() => void this.update()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.update()),
    );
  }

  /** The runbook this panel shows: the same file wins when an id is duplicated. */
  private runbook(): Runbook | undefined {
    const candidates = this.store.runbooks().filter((r) => r.id === this.runbookId);
    return candidates.find((r) => r.source.file === this.runbookFile) ?? candidates[0];
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private async update(): Promise<void> {
    if (!this.ready) return; // The webview asks with 'ready' once its listener is up.
    // marked and sanitize-html load with the first panel, not with the extension.
    const { renderRunbook } = loadLazyBundle().render;
    const rb = this.runbook();
    if (!rb) {
      this.post({ type: 'runbookMissing', runbookId: this.runbookId });
      return;
    }
    this.panel.title = rb.title;
    const restricted = !vscode.workspace.isTrusted && rb.source.kind !== 'bundled';
    this.shownRestricted = restricted;
    this.post({
      type: 'showRunbook',
      runbook: renderRunbook(rb, { remoteImages: this.remoteImages }),
      sourceLabel: sourceDescription(rb),
      restricted,
      problems: this.store.problemsFor(rb.source.file).map((p) => `Line ${p.line}:${p.column}: ${p.message}`),
    });
    // Before the reveal: findings drawn at steps above it would otherwise push the step out of view.
    this.evidence.shown();
    const stepId = this.pendingRevealStepId;
    if (stepId) {
      this.pendingRevealStepId = undefined;
      this.post({ type: 'revealStep', stepId });
    }
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) return; // Unknown or malformed: ignored, never acted on.
    switch (message.type) {
      case 'ready':
        this.ready = true;
        await this.update();
        return;
      case 'openSource': {
        const rb = this.runbook();
        if (rb) await openRunbookSource(rb);
        return;
      }
      case 'copyCommand': {
        // The text comes from the host's own parsed runbook, never from the message.
        const step = this.runbook()?.phases.flatMap((p) => p.steps).find((s) => s.id === message.stepId);
        const command = step?.commands[message.commandIndex];
        if (!command) return;
        await vscode.env.clipboard.writeText(command.code);
        this.post({ type: 'copied', stepId: message.stepId, commandIndex: message.commandIndex });
        return;
      }
      case 'openEvidence':
        await this.evidence.handle(message);
        return;
      case 'stepRevealed': {
        const last = RunbookPanel.lastReveal;
        if (last && last.runbookId === this.runbookId && last.stepId === message.stepId) last.shown = message.found;
        return;
      }
      case 'startIncident':
        // The command and its argument are the host's own: the panel's runbook, not message text.
        await vscode.commands.executeCommand('runbookAssistant.startIncident', this.runbookId, 'view');
        return;
      default:
        return; // checklist messages mean nothing in the runbook view
    }
  }

  dispose(): void {
    if (RunbookPanel.panels.get(this.runbookId) === this) RunbookPanel.panels.delete(this.runbookId);
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

export async function openRunbookSource(rb: Runbook): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(rb.source.file));
  const line = Math.max(0, rb.source.line - 1);
  await vscode.window.showTextDocument(doc, {
    selection: new vscode.Range(line, 0, line, 0),
    // Bundled runbooks live inside the extension: show them without inviting edits.
    preview: rb.source.kind === 'bundled',
  });
}
