// Wires incidents into VS Code: the store of records, the checklist panels and their serializer,
// the Incidents view, the status bar, the commands and the alert-link URI handler.
import * as vscode from 'vscode';
import { loadLazyBundle } from '../loadLazyBundle';
import { pickOne } from '../quickInput';
import { pickRunbook } from '../runbookPick';
import type { RunbookStore } from '../runbookStore';
import { IncidentController, runbookFromArg } from './incidentController';
import { INCIDENT_VIEW_TYPE, IncidentPanel } from './incidentPanel';
import { IncidentStore } from './incidentStore';
import { type IncidentNode, IncidentStatusBar, IncidentTreeProvider } from './incidentTree';

/** The parts the test API (src/extension/testApi.ts) reaches in test mode; nothing else uses them. */
export interface IncidentsWiring {
  store: IncidentStore;
  controller: IncidentController;
  statusBar: IncidentStatusBar;
}

export function registerIncidents(context: vscode.ExtensionContext, runbooks: RunbookStore): IncidentsWiring {
  const store = new IncidentStore(context);
  const controller = new IncidentController(context.extensionUri, store, runbooks);
  const tree = new IncidentTreeProvider(store);
  const view = vscode.window.createTreeView('runbookAssistant.incidents', { treeDataProvider: tree });
  const statusBar = new IncidentStatusBar(store);
  const deps = { incidents: store, runbooks, actions: controller };

  const updateViews = (): void => {
    const active = store.active().length;
    view.badge = active ? { value: active, tooltip: `${active} active incident${active === 1 ? '' : 's'}` } : undefined;
    void vscode.commands.executeCommand('setContext', 'runbookAssistant.activeIncidents', active);
    void vscode.commands.executeCommand('setContext', 'runbookAssistant.hasIncidents', store.all().length > 0);
    tree.refresh();
    statusBar.update();
  };
  // Elapsed times in the tree move on by themselves.
  const treeTimer = setInterval(() => {
    if (store.active().length) tree.refresh();
  }, 30_000);

  /**
   * A command argument: an incident id or a tree node; without one, the incident whose checklist
   * is the active tab (not for "Open…", which always lets you pick), else the only active one, else a pick.
   */
  const incidentFromArg = async (arg: unknown, title: string, pickAlways = false): Promise<string | undefined> => {
    await store.whenLoaded();
    if (typeof arg === 'string' && store.get(arg)) return arg;
    const node = arg as IncidentNode | undefined;
    if (node && typeof node === 'object' && node.type === 'incident') return node.incident.state.id;
    const inView = IncidentPanel.activeIncidentId();
    if (inView && !pickAlways) return inView;
    const active = store.active();
    if (active.length === 1 && store.all().length === 1) return active[0].state.id;
    if (active.length === 1 && !pickAlways) return active[0].state.id;
    const all = store.all();
    if (all.length === 0) {
      void vscode.window.showInformationMessage('No incident yet. Start one from a runbook: "Runbook: Start Incident…".');
      return undefined;
    }
    const { incidents } = loadLazyBundle();
    const picked = await pickOne(
      all.map((i) => ({
        label: i.state.title,
        description: i.state.resolvedAt ? 'resolved' : `${incidents.formatDuration(incidents.elapsedMs(i.state, Date.now()))} · active`,
        detail: `${i.state.runbook.title} · started ${new Date(i.state.startedAt).toLocaleString()} by ${i.state.owner}`,
        id: i.state.id,
      })),
      { title, placeHolder: 'Pick an incident' },
    );
    return picked?.id;
  };

  const withIncident = (title: string, fn: (id: string) => unknown, pickAlways = false) => async (arg?: unknown) => {
    const id = await incidentFromArg(arg, title, pickAlways);
    if (id) await fn(id);
  };

  context.subscriptions.push(
    store,
    controller,
    view,
    statusBar,
    { dispose: () => clearInterval(treeTimer) },
    { dispose: () => IncidentPanel.disposeAll() },
    store.onDidChange(updateViews),
    vscode.window.registerWebviewPanelSerializer(INCIDENT_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state) {
        await Promise.all([runbooks.whenLoaded(), store.whenLoaded()]);
        IncidentPanel.revive(panel, context.extensionUri, deps, state);
      },
    }),
    vscode.window.registerUriHandler({ handleUri: async (uri) => void (await controller.handleUri(uri)) }),
    vscode.commands.registerCommand('runbookAssistant.startIncident', async (arg?: unknown, origin?: unknown) => {
      await runbooks.whenLoaded();
      let runbook = runbookFromArg(runbooks, arg);
      if (!runbook) {
        runbook = await pickRunbook(runbooks, 'Start Incident');
      }
      if (!runbook) return undefined;
      const incident = await controller.start(runbook, {
        origin: typeof origin === 'string' && /^[a-z ]{1,20}$/.test(origin) ? origin : typeof arg === 'object' ? 'library' : 'command palette',
        askTitle: true,
      });
      return incident?.state.id;
    }),
    vscode.commands.registerCommand(
      'runbookAssistant.openIncident',
      withIncident(
        'Open Incident Checklist',
        (id) => {
          statusBar.focused = id;
          controller.open(id);
        },
        true,
      ),
    ),
    vscode.commands.registerCommand('runbookAssistant.resolveIncident', withIncident('Resolve Incident', (id) => controller.resolve(id))),
    vscode.commands.registerCommand('runbookAssistant.reopenIncident', withIncident('Reopen Incident', (id) => controller.act(id, { type: 'reopen' }))),
    // Palette and menu commands that do what the checklist's buttons do.
    ...(
      [
        ['renameIncident', 'Rename Incident', { type: 'incidentCommand', command: 'rename' }],
        ['setIncidentOwner', 'Set Incident Owner', { type: 'incidentCommand', command: 'setOwner' }],
        ['setIncidentSeverity', 'Set Incident Severity', { type: 'incidentCommand', command: 'setSeverity' }],
        ['setIncidentCommander', 'Set Incident Commander', { type: 'incidentCommand', command: 'setCommander' }],
        ['addIncidentNote', 'Add Note to Incident', { type: 'addNote' }],
        ['setIncidentPlaceholders', 'Set Placeholder Values', { type: 'incidentCommand', command: 'setPlaceholders' }],
        ['openIncidentRecord', 'Open Incident Record', { type: 'incidentCommand', command: 'openRecord' }],
      ] as const
    ).map(([name, title, message]) =>
      vscode.commands.registerCommand(`runbookAssistant.${name}`, withIncident(title, (id) => controller.handle(id, message))),
    ),
    vscode.commands.registerCommand('runbookAssistant.exportPostmortem', async (arg?: unknown) => {
      const id = await incidentFromArg(arg, 'Export Postmortem Draft');
      const written = id ? await controller.exportPostmortem(id) : undefined;
      return written && { markdown: written.markdown.toString(), html: written.html.toString() };
    }),
  );

  // Which incident the status bar shows: the one whose checklist was used last.
  const focusWatcher = vscode.window.tabGroups.onDidChangeTabs(() => {
    const id = IncidentPanel.activeIncidentId();
    if (id && id !== statusBar.focused) {
      statusBar.focused = id;
      statusBar.update();
    }
  });
  context.subscriptions.push(focusWatcher);

  void store.reloadAll().then(() => {
    updateViews();
    return controller.checkOverdue();
  });

  return { store, controller, statusBar };
}
