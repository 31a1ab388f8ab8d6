// The VS Code adapter: wires the core (parsing, rendering) to the tree, the panel and commands.
// Kept thin on purpose; anything that does not need `vscode` lives in src/core.
import * as vscode from 'vscode';
import type { Runbook } from '../core/runbook/runbookModel';
import { LOAD_MARKS, RunbookStore } from './runbookStore';
import { RunbookTreeProvider, type TreeNode } from './runbookTree';
import { RUNBOOK_VIEW_TYPE, RunbookPanel, openRunbookSource } from './runbookPanel';
import { createRunbookFromTemplate } from './newRunbook';
import { registerRiskyConfigLinting } from './lint';
import { registerIncidents } from './incidents';
import { type ActivationTiming, type RunbookAssistantTestApi, testApiFor } from './testApi';
import { pickRunbook } from './runbookPick';
import { askText } from './quickInput';
import { LibrarySearch } from './runbookSearch';
import { findRunbookForAlert } from './findRunbook';
import { showWalkthroughOnFirstUse, trackWalkthroughProgress } from './walkthrough';

// Set by the bundle's first line (scripts/build.mjs) so activation timing includes module load.
declare const __runbookAssistantModuleStart: number | undefined;
declare const __runbookAssistantModuleEnd: number | undefined;
// Replaced by scripts/build.mjs with the build's time: the parse cache's version.
declare const __RUNBOOK_ASSISTANT_BUILD__: string;

/** In test mode (the integration launchers) the test API, else nothing: see testApi.ts. */
export function activate(context: vscode.ExtensionContext): RunbookAssistantTestApi | undefined {
  const activateStart = performance.now();
  const timing: ActivationTiming = { moduleLoadMs: 0, activateMs: 0, totalMs: 0 };
  const diagnostics = vscode.languages.createDiagnosticCollection('runbook');
  const store = new RunbookStore(context.extensionUri, diagnostics, {
    uri: vscode.Uri.joinPath(context.globalStorageUri, 'parse-cache.json'),
    version: `${String(context.extension.packageJSON.version)} ${__RUNBOOK_ASSISTANT_BUILD__}`,
  });
  // One index for the view's filter and "Find Runbook for Alert…".
  const search = new LibrarySearch(() => store.runbooks());
  // Set when activate() returns: the load timings count from there.
  let activateEnd = Number.NaN;
  const tree = new RunbookTreeProvider(store, search, () => {
    timing.treeShownMs = performance.now() - activateEnd;
  });
  const view = vscode.window.createTreeView('runbookAssistant.runbooks', {
    treeDataProvider: tree,
    showCollapseAll: true,
  });

  const updateViewState = (): void => {
    const total = store.summaries().length;
    const shown = tree.visibleRunbooks().length;
    view.description = tree.filterText ? `“${tree.filterText}” · ${shown} of ${total}` : undefined;
    view.message =
      tree.filterText && shown === 0 ? `No runbook matches “${tree.filterText}”. Clear the filter to see all ${total}.` : undefined;
    void vscode.commands.executeCommand('setContext', 'runbookAssistant.empty', total === 0);
    tree.refresh();
  };

  context.subscriptions.push(
    diagnostics,
    store,
    view,
    store.onDidChange(updateViewState),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('runbookAssistant.groupBy')) tree.refresh();
    }),
    vscode.window.registerWebviewPanelSerializer(RUNBOOK_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state) {
        await store.whenLoaded();
        RunbookPanel.revive(panel, context.extensionUri, store, state);
      },
    }),
    { dispose: () => RunbookPanel.disposeAll() },
    vscode.commands.registerCommand('runbookAssistant.refresh', () => store.reloadAll()),
    vscode.commands.registerCommand('runbookAssistant.filter', async () => {
      const query = await askText({
        title: 'Filter Runbooks',
        prompt: 'An alert, an error message or a few words; the best matches come first (empty shows all)',
        placeHolder: 'e.g. sessions expire after 30 seconds',
        value: tree.filterText,
      });
      if (query === undefined) return;
      tree.setFilter(query);
      updateViewState();
    }),
    vscode.commands.registerCommand('runbookAssistant.clearFilter', () => {
      tree.setFilter('');
      updateViewState();
    }),
    // An optional string argument pre-fills the query (for links and keybindings).
    vscode.commands.registerCommand('runbookAssistant.findForAlert', async (query?: unknown) => {
      const rb = await findRunbookForAlert(store, search, typeof query === 'string' ? query : '');
      if (rb) await vscode.commands.executeCommand('runbookAssistant.openRunbook', { type: 'runbook', runbook: rb, duplicate: false, groupKey: 'find' } satisfies TreeNode);
    }),
    vscode.commands.registerCommand('runbookAssistant.groupByTag', () => setGroupBy('tag')),
    vscode.commands.registerCommand('runbookAssistant.groupBySource', () => setGroupBy('source')),
    vscode.commands.registerCommand('runbookAssistant.openRunbook', async (arg?: unknown) => {
      await store.whenLoaded();
      const rb = resolveRunbook(store, arg) ?? (await pickRunbook(store, 'Open Runbook'));
      if (rb) RunbookPanel.show(context.extensionUri, store, rb);
    }),
    vscode.commands.registerCommand('runbookAssistant.openSource', async (arg?: unknown) => {
      await store.whenLoaded();
      const rb = resolveRunbook(store, arg) ?? (await pickRunbook(store, 'Open Runbook Source File'));
      if (rb) await openRunbookSource(rb);
    }),
    vscode.commands.registerCommand('runbookAssistant.newRunbook', () => createRunbookFromTemplate()),
  );

  const linting = registerRiskyConfigLinting(context, store);
  const incidents = registerIncidents(context, store);
  context.subscriptions.push(trackWalkthroughProgress(store));
  void showWalkthroughOnFirstUse(context);

  // Runbooks load after activate() returns (the window never waits on the file system), but for
  // the bundled ones: listed here, from the build's index, in a few milliseconds (part of activateMs).
  const loaded = store.reloadAll();
  activateEnd = performance.now();
  const moduleLoadMs =
    typeof __runbookAssistantModuleStart === 'number' && typeof __runbookAssistantModuleEnd === 'number'
      ? __runbookAssistantModuleEnd - __runbookAssistantModuleStart
      : 0;
  const activateMs = activateEnd - activateStart;
  Object.assign(timing, { moduleLoadMs, activateMs, totalMs: moduleLoadMs + activateMs });
  // How long the extension host is busy with other work (the window's start-up) after activate():
  // anything asynchronous, the load included, waits for it.
  setImmediate(() => {
    timing.hostBusyMs = performance.now() - activateEnd;
  });
  void loaded.then(() => {
    timing.firstLoadMs ??= performance.now() - activateEnd;
    // The load's User Timing marks: first runbooks listed, all listed (what the tree shows first).
    const since = (name: string): number | undefined => {
      const [mark] = performance.getEntriesByName(name, 'mark');
      // Marked inside activate() (the bundled runbooks): 0, the list was there when it returned.
      return mark ? Math.max(0, mark.startTime - activateEnd) : undefined;
    };
    timing.firstListedMs = since(LOAD_MARKS.firstListed);
    timing.listedMs = since(LOAD_MARKS.listed);
    timing.searchedMs = since(LOAD_MARKS.searched);
  });
  return testApiFor(context.extensionMode, () => ({ context, store, tree, timing, linting, incidents }));
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

async function setGroupBy(mode: 'tag' | 'source'): Promise<void> {
  await vscode.workspace.getConfiguration('runbookAssistant').update('groupBy', mode, vscode.ConfigurationTarget.Global);
}

/** Accepts what menus, links and tests pass: a tree node, a runbook id, or nothing. */
function resolveRunbook(store: RunbookStore, arg: unknown): Runbook | undefined {
  if (typeof arg === 'string') return store.find(arg);
  const node = arg as TreeNode | undefined;
  if (node && typeof node === 'object' && node.type === 'runbook') {
    // Prefer the exact file of the node: duplicate ids are both kept.
    return (
      store.runbooks().find((r) => r.id === node.runbook.id && r.source.file === node.runbook.source.file) ??
      store.find(node.runbook.id)
    );
  }
  return undefined;
}
