// What `activate()` returns to the integration tests, and only to them: it exists when VS Code runs
// the extension in test mode (ExtensionMode.Test: a launcher's extensionTestsPath, as
// scripts/run-integration.mjs and scripts/run-integration-electron.mjs use), never for an installed
// extension, so no other extension can answer the destructive-command confirmation or post messages
// as if from a checklist. What the tests look at is kept by recorders installed here, from events
// the product fires anyway; product classes keep nothing for the tests.
import * as vscode from 'vscode';
import type { Problem, Runbook } from '../core/runbook/runbookModel';
import type { IncidentsWiring } from './incidents';
import type { TerminalSend } from './incidents/incidentCommands';
import { type Prompter, dialogPrompter } from './incidents/incidentHost';
import { IncidentPanel } from './incidents/incidentPanel';
import type { LoadedIncident } from './incidents/incidentStore';
import type { RiskyConfigLintingApi } from './lint';
import { RunbookPanel } from './runbookPanel';
import type { RunbookStore } from './runbookStore';
import type { RunbookTreeProvider } from './runbookTree';

export type { Prompter, TerminalSend };

export interface ActivationTiming {
  /** Evaluating dist/extension.js, from its first line to its last. */
  moduleLoadMs: number;
  /** activate() alone. */
  activateMs: number;
  /** What the extension itself costs the window: moduleLoadMs + activateMs. */
  totalMs: number;
  /** From the end of activate() until every runbook source was read and parsed. */
  firstLoadMs?: number;
  /** From the end of activate() until the first runbooks were listed for the tree (the bundled ones). */
  firstListedMs?: number;
  /** From the end of activate() until the top-level .runbooks/ folders' runbooks were listed too (headers or parsed). */
  listedMs?: number;
  /** From the end of activate() until every source was searched and its runbooks listed. */
  searchedMs?: number;
  /** From the end of activate() until the extension host first ran other work of this extension (its start-up keeps it busy). */
  hostBusyMs?: number;
  /** From the end of activate() until the view first asked for and got runbooks (only when it is open). */
  treeShownMs?: number;
}

export interface IncidentsTestApi {
  incidents(): LoadedIncident[];
  /** Record files that could not be read, with why. */
  unreadableRecords(): { uri: vscode.Uri; problems: string[] }[];
  whenIncidentsLoaded(): Promise<void>;
  onDidChangeIncidents: vscode.Event<string | undefined>;
  /** Posts a raw message as if the checklist view of that incident sent it; false when the protocol rejected it. */
  postFromChecklist(incidentId: string, message: unknown): Promise<boolean>;
  openIncidentPanels(): { incidentId: string; visible: boolean; ready: boolean; runbookChanges: string[]; csp: string }[];
  /** Replaces the dialogs (confirmations, input boxes) with answers given by the test; undefined restores them. */
  setPrompter(prompter: Prompter | undefined): void;
  /** Every command typed into a terminal since activation, oldest first. */
  terminalSends(): TerminalSend[];
  statusBarText(): string | undefined;
  handleUri(uri: vscode.Uri): Promise<LoadedIncident | undefined>;
  checkOverdue(): Promise<void>;
}

export interface RunbookAssistantTestApi extends RiskyConfigLintingApi, IncidentsTestApi {
  whenLoaded(): Promise<void>;
  runbooks(): Runbook[];
  problems(): Problem[];
  onDidChangeRunbooks: vscode.Event<void>;
  openPanels(): { runbookId: string; visible: boolean; restricted?: boolean; csp: string }[];
  filterText(): string;
  activationTiming(): ActivationTiming;
}

export interface TestApiParts {
  context: vscode.ExtensionContext;
  store: RunbookStore;
  tree: RunbookTreeProvider;
  timing: ActivationTiming;
  linting: RiskyConfigLintingApi;
  incidents: IncidentsWiring;
}

/** The test API in test mode, else undefined: an installed extension exports nothing. */
export function testApiFor(mode: vscode.ExtensionMode, parts: () => TestApiParts): RunbookAssistantTestApi | undefined {
  return mode === vscode.ExtensionMode.Test ? createTestApi(parts()) : undefined;
}

function createTestApi({ context, store, tree, timing, linting, incidents }: TestApiParts): RunbookAssistantTestApi {
  const { controller, statusBar } = incidents;
  const sends: TerminalSend[] = [];
  context.subscriptions.push(controller.commands.onDidSend((send) => sends.push(send)));
  return {
    whenLoaded: () => store.whenLoaded(),
    runbooks: () => store.runbooks(),
    problems: () => store.problems(),
    onDidChangeRunbooks: store.onDidChange,
    openPanels: () => RunbookPanel.openPanels(),
    filterText: () => tree.filterText,
    activationTiming: () => ({ ...timing }),
    lintFindings: (uri) => linting.lintFindings(uri),
    lastRevealedStep: () => linting.lastRevealedStep(),
    database: linting.database,
    workspaceEvidence: (runbookId, stepIds) => linting.workspaceEvidence(runbookId, stepIds),
    incidents: () => incidents.store.all(),
    unreadableRecords: () => incidents.store.unreadableRecords(),
    whenIncidentsLoaded: () => incidents.store.whenLoaded(),
    onDidChangeIncidents: incidents.store.onDidChange,
    postFromChecklist: async (incidentId, message) => (await IncidentPanel.get(incidentId)?.receive(message)) ?? false,
    openIncidentPanels: () => IncidentPanel.openPanels(),
    setPrompter: (prompter) => {
      controller.prompter = prompter ?? dialogPrompter;
    },
    terminalSends: () => sends.map((s) => ({ ...s })),
    statusBarText: () => statusBar.text(),
    handleUri: (uri) => controller.handleUri(uri),
    checkOverdue: () => controller.checkOverdue(),
  };
}
