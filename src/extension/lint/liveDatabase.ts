// Table sizes from the live database, in the editor. Thin: the queries, the cache and the error
// messages are src/db (its drivers are dist/db.js, loaded on the first refresh); the merge under
// `.runbooklint.yaml` is src/core/lint/liveSizes.ts, applied by lintDiagnostics.ts. This file
// reads the `runbookAssistant.database.*` settings, keeps the password in SecretStorage, shows the
// connection's state in the status bar and decides when to refresh.
//
// The editor never waits on the network: lint reads `current()` (the last snapshot, possibly from
// the cache of a previous session) synchronously; a refresh runs in the background with a short
// timeout and re-lints open files when sizes arrive or go away. A failure is one message per
// distinct failure (never one per lint), and lint falls back to the config file.
//
// Restricted Mode: in an untrusted workspace, settings from the workspace (.vscode/settings.json,
// folder settings) are ignored: only user settings can open a connection. The refresh command
// checks this itself, not only the UI.
import * as vscode from 'vscode';
import type { LiveSnapshot } from '../../core/lint/liveSizes';
import type { DatabaseConnection, DbFailureKind, LiveSizeCache } from '../../db';
import { loadLazyBundle } from '../loadLazyBundle';

export const REFRESH_COMMAND = 'runbookAssistant.database.refresh';
export const FORGET_PASSWORD_COMMAND = 'runbookAssistant.database.forgetPassword';
const CACHE_KEY = 'runbookAssistant.database.sizeCache';
const SECRET_PREFIX = 'runbookAssistant.database.password:';
const SETTING_KEYS = ['type', 'host', 'port', 'database', 'user', 'ssl'] as const;

export type DatabaseState = 'off' | 'restricted' | 'password-needed' | 'connecting' | 'connected' | 'error';

export interface DatabaseStatus {
  state: DatabaseState;
  /** The failure's message, or what is connected. */
  message?: string;
  failure?: DbFailureKind;
  tables?: number;
  serverVersion?: string;
  /** Warning messages shown so far (the tests check there is one per failure, not one per lint). */
  messagesShown: number;
}

/** What the integration tests drive (no password prompt in a headless workbench). */
export interface DatabaseSizesApi {
  databaseStatus(): DatabaseStatus;
  setDatabasePassword(password: string): Promise<void>;
  /** Refreshes now (no prompt) and resolves when the attempt has ended. */
  refreshDatabase(): Promise<DatabaseStatus>;
}

interface Settings {
  /** Undefined when off or ignored. */
  conn?: Omit<DatabaseConnection, 'password'>;
  restricted: boolean;
  cacheMs: number;
  timeoutMs: number;
}

function readSettings(): Settings {
  const cfg = vscode.workspace.getConfiguration('runbookAssistant.database');
  const trusted = vscode.workspace.isTrusted;
  // Untrusted: user settings only, whatever VS Code itself does with restrictedConfigurations.
  const value = <T>(key: string): T | undefined => {
    if (trusted) return cfg.get<T>(key);
    const i = cfg.inspect<T>(key);
    return i?.globalValue ?? i?.defaultValue;
  };
  const fromWorkspace = SETTING_KEYS.some((k) => {
    const i = cfg.inspect(k);
    return i?.workspaceValue !== undefined || i?.workspaceFolderValue !== undefined;
  });
  const cacheMinutes = value<number>('cacheMinutes');
  const timeoutSeconds = value<number>('timeoutSeconds');
  const settings: Settings = {
    restricted: !trusted && fromWorkspace,
    cacheMs: (typeof cacheMinutes === 'number' && cacheMinutes > 0 ? cacheMinutes : 60) * 60_000,
    timeoutMs: Math.round((typeof timeoutSeconds === 'number' && timeoutSeconds > 0 ? Math.min(timeoutSeconds, 60) : 5) * 1000),
  };
  const type = value<string>('type');
  if (type !== 'postgresql' && type !== 'mysql') return settings;
  const port = value<number>('port');
  settings.conn = {
    kind: type,
    host: (value<string>('host') ?? '').trim() || 'localhost',
    port: typeof port === 'number' && port > 0 && port < 65536 ? Math.floor(port) : type === 'postgresql' ? 5432 : 3306,
    database: (value<string>('database') ?? '').trim(),
    user: (value<string>('user') ?? '').trim(),
    ssl: value<boolean>('ssl') === true,
  };
  return settings;
}

export class LiveDatabaseSizes implements vscode.Disposable {
  private settings = readSettings();
  private snapshot: LiveSnapshot | undefined;
  private status: DatabaseStatus = { state: 'off', messagesShown: 0 };
  private lastShownFailure: string | undefined;
  private running: Promise<void> | undefined;
  private generation = 0;
  private item: vscode.StatusBarItem | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly onSizesChanged: () => void,
  ) {
    this.disposables.push(
      vscode.commands.registerCommand(REFRESH_COMMAND, () => this.refresh({ prompt: true, explicit: true })),
      vscode.commands.registerCommand(FORGET_PASSWORD_COMMAND, async () => {
        const conn = this.settings.conn;
        if (!conn) return;
        await this.context.secrets.delete(await this.secretKey(conn));
        void vscode.window.showInformationMessage('Runbook Assistant: the database password is forgotten.');
        this.setStatus({ state: 'password-needed', message: 'No password stored: run "Runbook: Refresh Table Sizes from the Database".' });
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('runbookAssistant.database')) this.restart();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.restart()),
    );
    // Nothing is loaded or read at activation: the first look at the cache runs afterwards.
    if (this.settings.conn || this.settings.restricted) setTimeout(() => this.restart(), 0);
  }

  /** The sizes lint uses now: never waits. */
  current(): LiveSnapshot | undefined {
    return this.snapshot;
  }

  api(): DatabaseSizesApi {
    return {
      databaseStatus: () => ({ ...this.status }),
      setDatabasePassword: async (password) => {
        if (this.settings.conn) await this.context.secrets.store(await this.secretKey(this.settings.conn), password);
      },
      refreshDatabase: async () => {
        await this.refresh({ prompt: false, explicit: false });
        return { ...this.status };
      },
    };
  }

  private async secretKey(conn: Omit<DatabaseConnection, 'password'>): Promise<string> {
    return SECRET_PREFIX + loadLazyBundle().db.connectionKey(conn);
  }

  /** The size cache kept in globalState (it outlives the session), with this expiry. */
  private storedCache(): LiveSizeCache {
    const cache = new (loadLazyBundle().db.LiveSizeCache)(this.settings.cacheMs);
    cache.load(this.context.globalState.get(CACHE_KEY));
    return cache;
  }

  /** Settings changed (or trust granted, or activation): use the cache, then refresh in the background. */
  private restart(): void {
    this.settings = readSettings();
    this.generation++;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const hadSizes = this.snapshot !== undefined;
    this.snapshot = undefined;
    this.lastShownFailure = undefined;
    const { conn } = this.settings;
    if (!conn) {
      this.setStatus(this.settings.restricted ? { state: 'restricted', message: 'The database settings of this workspace are ignored in Restricted Mode; trust the workspace or set them in your user settings.' } : { state: 'off' });
      if (hadSizes) this.onSizesChanged();
      return;
    }
    const cached = this.storedCache().get(loadLazyBundle().db.connectionKey(conn));
    if (cached) {
      this.snapshot = cached.snapshot;
      this.setConnected(cached.snapshot, cached.stale ? ' (cached, refreshing)' : ' (cached)');
      this.onSizesChanged();
    } else if (hadSizes) this.onSizesChanged();
    if (!cached || cached.stale) void this.refresh({ prompt: false, explicit: false });
    this.timer = setInterval(() => void this.refresh({ prompt: false, explicit: false }), this.settings.cacheMs);
    this.timer.unref?.();
  }

  private async refresh(opts: { prompt: boolean; explicit: boolean }): Promise<void> {
    if (this.running) return this.running;
    this.running = this.doRefresh(opts).finally(() => (this.running = undefined));
    return this.running;
  }

  private async doRefresh({ prompt, explicit }: { prompt: boolean; explicit: boolean }): Promise<void> {
    this.settings = readSettings();
    const { conn } = this.settings;
    if (!conn) {
      if (explicit) {
        void vscode.window.showInformationMessage(
          this.settings.restricted
            ? 'Runbook Assistant: no database connection from workspace settings in Restricted Mode. Trust the workspace, or set runbookAssistant.database.* in your user settings.'
            : 'Runbook Assistant: no database is configured (runbookAssistant.database.type).',
        );
      }
      return;
    }
    const generation = this.generation;
    const { db } = loadLazyBundle();
    const key = await this.secretKey(conn);
    let password = await this.context.secrets.get(key);
    if (password === undefined || (prompt && this.status.failure === 'auth')) {
      if (!prompt) {
        this.setStatus({ state: 'password-needed', message: `Enter the password of ${conn.user || 'the user'} for ${db.describeConnection(conn)}: run "Runbook: Refresh Table Sizes from the Database".` });
        return;
      }
      password = await vscode.window.showInputBox({
        title: 'Database password for table sizes',
        prompt: `Password of ${conn.user || '(no user)'} for ${db.describeConnection(conn)}. Kept in VS Code's secret storage, never in settings.`,
        password: true,
        ignoreFocusOut: true,
      });
      if (password === undefined) return;
      await this.context.secrets.store(key, password);
    }
    this.setStatus({ state: 'connecting', message: `Reading table statistics from ${db.describeConnection(conn)}…` });
    const client = await db.loadDbClient();
    const result = await client.fetchLiveSizes({ ...conn, password }, { timeoutMs: this.settings.timeoutMs });
    if (generation !== this.generation) return; // settings changed meanwhile
    if (result.ok) {
      this.snapshot = result.snapshot;
      this.lastShownFailure = undefined;
      const cache = this.storedCache();
      cache.set(db.connectionKey(conn), result.snapshot);
      await this.context.globalState.update(CACHE_KEY, cache.toJSON());
      this.setConnected(result.snapshot, '');
    } else {
      const hadSizes = this.snapshot !== undefined;
      this.snapshot = undefined;
      const cache = this.storedCache();
      cache.delete(db.connectionKey(conn));
      await this.context.globalState.update(CACHE_KEY, cache.toJSON());
      this.setStatus({ state: 'error', message: result.failure.message, failure: result.failure.kind });
      if (explicit || this.lastShownFailure !== result.failure.message) {
        this.lastShownFailure = result.failure.message;
        this.status.messagesShown++;
        const again = result.failure.kind === 'auth' ? 'Enter Password' : 'Retry';
        void vscode.window.showWarningMessage(`Runbook Assistant: ${result.failure.message}`, again).then((choice) => {
          if (choice) void this.refresh({ prompt: true, explicit: true });
        });
      }
      if (!hadSizes) return;
    }
    this.onSizesChanged();
  }

  private setConnected(snapshot: LiveSnapshot, note: string): void {
    const label = loadLazyBundle().liveSizes.productLabel({ product: snapshot.product, version: snapshot.serverVersion });
    this.setStatus({
      state: 'connected',
      message: `${label}, database ${snapshot.database}: ${snapshot.tables.length} tables, read ${new Date(snapshot.fetchedAt).toLocaleString()}${note}. Sizes in .runbooklint.yaml win.`,
      tables: snapshot.tables.length,
      serverVersion: snapshot.serverVersion,
    });
  }

  private setStatus(s: Omit<DatabaseStatus, 'messagesShown'>): void {
    this.status = { ...s, messagesShown: this.status.messagesShown };
    if (s.state === 'off') {
      this.item?.hide();
      return;
    }
    if (!this.item) {
      this.item = vscode.window.createStatusBarItem('runbookAssistant.database', vscode.StatusBarAlignment.Left, 10);
      this.item.name = 'Runbook Assistant: database table sizes';
      this.item.command = REFRESH_COMMAND;
      this.disposables.push(this.item);
    }
    const name = this.settings.conn?.kind === 'mysql' ? 'MySQL' : this.settings.conn ? 'PostgreSQL' : 'Database';
    const text: Record<Exclude<DatabaseState, 'off'>, string> = {
      restricted: '$(shield) DB sizes: Restricted Mode',
      'password-needed': `$(key) ${name}: password needed`,
      connecting: `$(sync~spin) ${name} sizes…`,
      connected: `$(database) ${name}: ${s.tables ?? 0} tables`,
      error: `$(warning) ${name}: ${s.failure ?? 'error'}`,
    };
    this.item.text = text[s.state];
    this.item.tooltip = `${s.message ?? ''}\nClick to refresh table sizes.`;
    this.item.backgroundColor = s.state === 'error' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
