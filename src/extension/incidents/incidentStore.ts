// Keeps the incidents of this window: each is a record file (.runbooks/incidents/<id>.md in the
// first workspace folder, else the extension's global storage) and the state replayed from it.
// Every change is appended to the file before the in-memory state moves, so closing the view,
// reloading the window or a crash never loses what was already shown as done.
import * as vscode from 'vscode';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import type { Runbook } from '../../core/runbook/runbookModel';
import type { IncidentAction, IncidentEvent, IncidentState } from '../../core/incident/incidentModel';
import { INCIDENTS_FOLDER } from '../../core/runbook/runbookFiles';
import { loadLazyBundle } from '../loadLazyBundle';
import { readRegularFile } from '../../core/regularFile';

/** A record bigger than this is not read (a real one is a few hundred KB after a long night). */
const MAX_RECORD_BYTES = 10 * 1024 * 1024;

export interface LoadedIncident {
  uri: vscode.Uri;
  state: IncidentState;
  /** Problems reading the record back: "line 14: …". */
  problems: string[];
  /** Real values of secret placeholders: never in the record, kept in SecretStorage. */
  secrets: Record<string, string>;
}

/** A record that could not be read far enough to know its incident. */
export interface UnreadableRecord {
  uri: vscode.Uri;
  problems: string[];
}

export type ActionResult = { ok: true; incident: LoadedIncident } | { ok: false; message: string };

export class IncidentStore implements vscode.Disposable {
  private readonly byId = new Map<string, LoadedIncident>();
  private readonly unreadable = new Map<string, UnreadableRecord>();
  private readonly changeEmitter = new vscode.EventEmitter<string | undefined>();
  /** Fires with the incident id that changed, or undefined after a reload of everything. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  /** Appends are chained per file: events reach the record in the order they happened. */
  private readonly writeQueues = new Map<string, Promise<unknown>>();
  /** Size and mtime of each record after our own last write or read: a watcher event that finds them unchanged is our own. */
  private readonly ownStamps = new Map<string, string>();
  private loading: Promise<void> = Promise.resolve();
  private ownerName: Promise<string> | undefined;

  constructor(private readonly context: vscode.ExtensionContext) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${INCIDENTS_FOLDER}/*.md`);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.scheduleRead(uri)),
      watcher.onDidChange((uri) => this.scheduleRead(uri)),
      watcher.onDidDelete((uri) => this.forget(uri)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reloadAll()),
    );
  }

  whenLoaded(): Promise<void> {
    return this.loading;
  }

  all(): LoadedIncident[] {
    return [...this.byId.values()].sort((a, b) => b.state.startedAt.localeCompare(a.state.startedAt));
  }

  active(): LoadedIncident[] {
    return this.all().filter((i) => !i.state.resolvedAt);
  }

  get(id: string): LoadedIncident | undefined {
    return this.byId.get(id);
  }

  unreadableRecords(): UnreadableRecord[] {
    return [...this.unreadable.values()];
  }

  /** The folder new records go to: the first workspace folder's .runbooks/incidents, else global storage. */
  recordsFolder(): vscode.Uri {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    return folder ? vscode.Uri.joinPath(folder.uri, ...INCIDENTS_FOLDER.split('/')) : vscode.Uri.joinPath(this.context.globalStorageUri, 'incidents');
  }

  private folders(): vscode.Uri[] {
    const list = (vscode.workspace.workspaceFolders ?? [])
      .filter((f) => f.uri.scheme === 'file')
      .map((f) => vscode.Uri.joinPath(f.uri, ...INCIDENTS_FOLDER.split('/')));
    list.push(vscode.Uri.joinPath(this.context.globalStorageUri, 'incidents'));
    return list;
  }

  reloadAll(): Promise<void> {
    this.loading = this.loading.then(async () => {
      this.byId.clear();
      this.unreadable.clear();
      for (const folder of this.folders()) {
        let entries: [string, vscode.FileType][] = [];
        try {
          entries = await vscode.workspace.fs.readDirectory(folder);
        } catch {
          continue; // no records yet
        }
        for (const [name, type] of entries) {
          if (type & vscode.FileType.File && name.endsWith('.md')) await this.read(vscode.Uri.joinPath(folder, name));
        }
      }
      this.changeEmitter.fire(undefined);
    });
    return this.loading;
  }

  private readTimers = new Map<string, NodeJS.Timeout>();

  private scheduleRead(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.readTimers.get(key));
    this.readTimers.set(
      key,
      setTimeout(() => {
        this.readTimers.delete(key);
        this.loading = this.loading.then(async () => {
          // Our own appends also fire the watcher: skip a file that is as we left it.
          const now = await stat(uri.fsPath).then(fileStamp, () => '');
          if (now === this.ownStamps.get(key)) return;
          const id = await this.read(uri);
          this.changeEmitter.fire(id);
        });
      }, 200),
    );
  }

  private forget(uri: vscode.Uri): void {
    this.loading = this.loading.then(() => {
      for (const [id, incident] of this.byId) {
        if (incident.uri.toString() === uri.toString()) {
          this.byId.delete(id);
          this.changeEmitter.fire(id);
        }
      }
      this.unreadable.delete(uri.toString());
    });
  }

  /** Reads one record; a broken one is kept as far as it is valid, with its problems. */
  private async read(uri: vscode.Uri): Promise<string | undefined> {
    const { incidents } = loadLazyBundle();
    const key = uri.toString();
    let text: string;
    try {
      // Only a regular file, judged on the open handle: a FIFO or a link to /dev/zero named like a
      // record must neither block the Incidents view nor fill the host's memory.
      const read = await readRegularFile(uri.fsPath, MAX_RECORD_BYTES);
      if ('notRegular' in read) {
        this.unreadable.set(key, { uri, problems: [`not read: it is ${read.notRegular}, not a regular file`] });
        return undefined;
      }
      if ('tooLargeBytes' in read) {
        this.unreadable.set(key, { uri, problems: [`the record is ${(read.tooLargeBytes / 1048576).toFixed(1)} MB; records over 10 MB are not read`] });
        return undefined;
      }
      text = new TextDecoder('utf-8').decode(read.bytes);
      this.ownStamps.set(key, fileStamp(read.stats));
    } catch (err) {
      this.unreadable.set(key, { uri, problems: [`cannot read the record: ${err instanceof Error ? err.message : String(err)}`] });
      return undefined;
    }
    const result = incidents.parseRecord(text);
    const problems = problemTexts(result.problems);
    if (!result.state) {
      this.unreadable.set(key, { uri, problems: problems.length ? problems : ['no incident found in this file'] });
      return undefined;
    }
    this.unreadable.delete(key);
    const id = result.state.id;
    const existing = this.byId.get(id);
    if (existing && existing.uri.toString() !== key) {
      problems.push(`another record (${vscode.workspace.asRelativePath(existing.uri)}) has the same incident id; this one is shown`);
    }
    const secrets = existing?.secrets ?? (await this.loadSecrets(id, result.state.secretVariables));
    this.byId.set(id, { uri, state: result.state, problems, secrets });
    return id;
  }

  private async loadSecrets(id: string, names: string[]): Promise<Record<string, string>> {
    const secrets: Record<string, string> = {};
    for (const name of names) {
      const value = await this.context.secrets.get(secretKey(id, name));
      if (value !== undefined) secrets[name] = value;
    }
    return secrets;
  }

  /** git user.name in the first workspace folder, else the OS user. Asked once per window. */
  owner(): Promise<string> {
    this.ownerName ??= new Promise((resolve) => {
      const fallback = (): string => {
        try {
          return userInfo().username || 'unknown';
        } catch {
          return process.env.USER ?? process.env.USERNAME ?? 'unknown';
        }
      };
      const cwd = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
      execFile('git', ['config', 'user.name'], { cwd, timeout: 2000, windowsHide: true }, (err, stdout) => {
        const name = String(stdout ?? '').trim();
        resolve(!err && name ? name.slice(0, 100) : fallback());
      });
    });
    return this.ownerName;
  }

  /** Starts an incident: writes its record (header and the 'started' line) and returns it. */
  async start(runbook: Runbook, o: { title?: string; variables?: Record<string, string>; origin: string }): Promise<LoadedIncident> {
    const { incidents } = loadLazyBundle();
    await this.loading;
    const owner = await this.owner();
    const now = new Date();
    const folder = this.recordsFolder();
    await mkdir(folder.fsPath, { recursive: true });
    const secrets: Record<string, string> = {};
    const variables: Record<string, string> = {};
    for (const [name, value] of Object.entries(o.variables ?? {})) {
      if (incidents.isSecretName(name)) secrets[name] = value;
      variables[name] = value;
    }
    // Two incidents started in the same minute from the same runbook get -2, -3, ...
    const baseId = incidents.newIncidentId(now, runbook.id);
    for (let n = 1; n < 100; n++) {
      const incidentId = n === 1 ? baseId : `${baseId.slice(0, 76)}-${n}`;
      if (this.byId.has(incidentId)) continue;
      const started = incidents.startIncident({ runbook, owner, now, title: o.title, variables, origin: o.origin, incidentId });
      if (started.type !== 'started') throw new Error('startIncident did not return a started event');
      const uri = vscode.Uri.joinPath(folder, incidents.recordFileName(started));
      try {
        // 'wx': never overwrite a record, even one this window does not know about.
        await writeFile(uri.fsPath, incidents.recordHeader(started), { encoding: 'utf8', flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
        // A header half written (a full disk) would be a broken record: leave none.
        await rm(uri.fsPath, { force: true }).catch(() => undefined);
        throw err;
      }
      this.ownStamps.set(uri.toString(), fileStamp(await stat(uri.fsPath)));
      const replayed = incidents.replay([started]);
      if (!replayed.state) throw new Error('the new incident could not be replayed');
      for (const [name, value] of Object.entries(secrets)) await this.context.secrets.store(secretKey(incidentId, name), value);
      const loaded: LoadedIncident = { uri, state: replayed.state, problems: [], secrets };
      this.byId.set(incidentId, loaded);
      this.changeEmitter.fire(incidentId);
      return loaded;
    }
    throw new Error(`too many incidents with the id ${baseId}`);
  }

  /** Validates an action against the state, appends its event, then moves the state. */
  async apply(id: string, action: IncidentAction): Promise<ActionResult> {
    const incident = this.byId.get(id);
    if (!incident) return { ok: false, message: `The incident ${id} is no longer available.` };
    const { incidents } = loadLazyBundle();
    const by = incident.state.owner || (await this.owner());
    const result = incidents.actionToEvent(incident.state, action, by, new Date());
    if ('error' in result) return { ok: false, message: result.error };
    return this.append(id, [result.event]);
  }

  /** Appends events that the host itself made (commands used, overdue phases, placeholders). */
  async append(id: string, events: IncidentEvent[]): Promise<ActionResult> {
    const incident = this.byId.get(id);
    if (!incident) return { ok: false, message: `The incident ${id} is no longer available.` };
    const { incidents } = loadLazyBundle();
    const key = incident.uri.toString();
    const queued = (this.writeQueues.get(key) ?? Promise.resolve()).then(async (): Promise<ActionResult> => {
      const current = this.byId.get(id) ?? incident;
      // Checked against the file as it is, written in one go, and read back: see recordAppend.ts.
      const outcome = await incidents.appendToRecord(current.uri.fsPath, events);
      if (!outcome.ok) return { ok: false, message: `Not recorded in ${vscode.workspace.asRelativePath(current.uri)}: ${outcome.message}.` };
      this.ownStamps.set(key, fileStamp(outcome));
      if (outcome.closedLine !== undefined) {
        void vscode.window.showWarningMessage(
          `The incident record ${vscode.workspace.asRelativePath(current.uri)} ended in a cut line (line ${outcome.closedLine}, probably from a crash): it was closed and is reported in the record's problems; the new change was added after it.`,
        );
      }
      const state = outcome.after.state;
      if (!state) return { ok: false, message: 'The incident record could not be read back after writing.' };
      const updated: LoadedIncident = { ...current, state, problems: problemTexts(outcome.after.problems) };
      this.byId.set(id, updated);
      this.changeEmitter.fire(id);
      return { ok: true, incident: updated };
    });
    this.writeQueues.set(key, queued.catch(() => undefined));
    return queued;
  }

  /** Records a placeholder value: secret ones go to SecretStorage and are recorded masked. */
  /** `secret`: the runbook declares it so; by default a name that looks like a secret (password, token...) is one. */
  async setVariable(id: string, name: string, value: string, secret?: boolean): Promise<ActionResult> {
    const incident = this.byId.get(id);
    if (!incident) return { ok: false, message: `The incident ${id} is no longer available.` };
    const { incidents } = loadLazyBundle();
    const invalid = incidents.validateVariableValue(value);
    if (invalid) return { ok: false, message: invalid };
    secret = secret || incidents.isSecretName(name);
    if (secret) {
      incident.secrets[name] = value;
      await this.context.secrets.store(secretKey(id, name), value);
    }
    const event: IncidentEvent = {
      type: 'variable-set',
      at: new Date().toISOString(),
      by: incident.state.owner,
      name,
      value: secret ? '••••' : value,
      secret,
    };
    return this.append(id, [event]);
  }

  /** Every placeholder value, secrets included: only for filling a command, never for display. */
  values(incident: LoadedIncident): Record<string, string> {
    return { ...incident.state.variables, ...incident.secrets };
  }

  dispose(): void {
    for (const t of this.readTimers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

/** The reader's messages already start with "line N:". */
function problemTexts(problems: { line: number; message: string }[]): string[] {
  return problems.map((p) => p.message);
}

function fileStamp(info: { size: number; mtimeMs: number }): string {
  return `${info.size}:${info.mtimeMs}`;
}

function secretKey(incidentId: string, name: string): string {
  return `runbookAssistant.incident.${incidentId}.${name}`;
}
