// Publishes the risky-config linter's findings as diagnostics. Thin on purpose: deciding what is
// risky is src/core/lint's job; this file decides when to lint, with which config, and turns
// findings into vscode.Diagnostic objects.
//
// Restricted Mode: linting only reads the document's text, and `.runbooklint.yaml` holds data
// (severities, table sizes, SQL dialect) that is never executed and never names other files to
// read, so both are used in untrusted workspaces too. So are a migration's sibling migrations
// (migrationHistoryCache.ts): regular files only, read as data into the schema model, never
// quoted in a finding. Nothing here runs a command or a tool.
import * as vscode from 'vscode';
import { loadLazyBundle, type LazyBundle } from '../loadLazyBundle';
import { detectFileKind } from '../../core/lint/fileKinds';
import type { LintConfigCache, SiblingDialects } from '../../core/lint/configDiscovery';
import type { FileKind, Finding, LintSeverity, ResolvedLintConfig } from '../../core/lint/types';
import type { LiveSnapshot } from '../../core/lint/liveSizes';
import type { SchemaKnowledge } from '../../core/sql/migrationSchema';
import { MigrationHistoryCache } from './migrationHistoryCache';

export const LINT_SOURCE = 'runbook-lint';
const DEBOUNCE_MS = 300;

type RunMode = 'onType' | 'onSave' | 'off';

export interface LintSettings {
  run: RunMode;
  maxBytes: number;
  rules: Record<string, 'off' | LintSeverity>;
}

// Untitled documents have no file name: their language id stands in for one.
const UNTITLED_NAMES: Record<string, string> = {
  properties: 'untitled.properties',
  yaml: 'untitled.yaml',
  dockercompose: 'untitled.yaml',
  sql: 'untitled.sql',
  ini: 'untitled.ini',
  toml: 'untitled.toml',
  json: 'untitled.json',
  jsonc: 'untitled.json',
  xml: 'untitled.xml',
  dotenv: '.env',
};

/** The path the engine sees: the file's path, or a stand-in name for an untitled document. */
export function lintPath(document: vscode.TextDocument): string | undefined {
  if (document.uri.scheme === 'file') return document.uri.fsPath;
  if (document.uri.scheme === 'untitled') return UNTITLED_NAMES[document.languageId];
  return undefined;
}

/** The file kind the linter reads `document` as, or undefined when it does not lint it. Cheap. */
export function lintKindOf(document: vscode.TextDocument): FileKind | undefined {
  const file = lintPath(document);
  if (!file) return undefined;
  const kind = detectFileKind(file);
  if (kind || !/\.xml$/i.test(file)) return kind;
  // Only an XML file's head tells whether it is a web.xml descriptor.
  return detectFileKind(file, document.getText(new vscode.Range(0, 0, 200, 0)));
}

/** The lint settings in force for a file (the workspace scan follows the editor's). */
export function lintSettingsFor(scope: vscode.Uri): LintSettings {
  return readSettings(scope);
}

function readSettings(scope: vscode.Uri): LintSettings {
  const cfg = vscode.workspace.getConfiguration('runbookAssistant.lint', scope);
  const run = cfg.get<string>('run');
  const kb = cfg.get<number>('maxFileSizeKB');
  const rules: Record<string, 'off' | LintSeverity> = {};
  const raw = cfg.get<unknown>('rules');
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
      if (value === 'off' || value === 'error' || value === 'warning' || value === 'info') rules[id] = value;
    }
  }
  return {
    run: run === 'onSave' || run === 'off' ? run : 'onType',
    maxBytes: (typeof kb === 'number' && Number.isFinite(kb) && kb > 0 ? kb : 2048) * 1024,
    rules,
  };
}

const SEVERITY: Record<LintSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The rule's doc as packaged in the .vsix; a file URI because `code.target` may not be a command. */
export function ruleDocUri(extensionUri: vscode.Uri, ruleId: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${ruleId}.md`);
}

/** Engine lines and columns are 1-based, end exclusive; VS Code's are 0-based. */
export function findingRange(f: Finding): vscode.Range {
  return new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1);
}

export function diagnosticRuleId(d: vscode.Diagnostic): string | undefined {
  if (d.source !== LINT_SOURCE) return undefined;
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return code === undefined ? undefined : String(code);
}

/** The finding a diagnostic was made from (diagnostics come back to providers as copies). */
export function findingForDiagnostic(findings: readonly Finding[], d: vscode.Diagnostic): Finding | undefined {
  const ruleId = diagnosticRuleId(d);
  return ruleId === undefined ? undefined : findings.find((f) => f.ruleId === ruleId && findingRange(f).isEqual(d.range));
}

export interface LintResult {
  version: number;
  kind: FileKind;
  findings: Finding[];
  /** Over the size cap: the findings are the engine's one `file-too-large` notice. */
  tooLarge: boolean;
}

interface DocState {
  /** Bumped by every request to lint; a run whose generation is no longer current is dropped. */
  generation: number;
  timer?: NodeJS.Timeout;
  cancel?: vscode.CancellationTokenSource;
}

export class LintDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(LINT_SOURCE);
  private readonly states = new Map<string, DocState>();
  private readonly results = new Map<string, LintResult>();
  /** `.runbooklint.yaml` found per folder and parsed per file (the CLI's cache); cleared when one changes. */
  private configCache: LintConfigCache | undefined;
  /** What the other migrations of a folder say about their dialect, for a migration that does not say (read in the background, cached). */
  private siblings: SiblingDialects | undefined;
  /** Rule ids with a packaged doc; a finding of another id (engine notices) gets no link. */
  private docIds: Promise<Set<string>> | undefined;
  /** Problems in the `.runbooklint.yaml` files read (a typo there would otherwise be ignored silently). */
  private readonly configProblems = vscode.languages.createDiagnosticCollection(`${LINT_SOURCE}-config`);
  /** The migration history of open migrations' folders (built in the background, cached per folder). */
  private readonly histories = new MigrationHistoryCache((folder) => {
    for (const doc of vscode.workspace.textDocuments) if (this.histories.folderOf(doc) === folder) this.schedule(doc, 0);
  });
  private readonly disposables: vscode.Disposable[] = [this.collection, this.configProblems, this.histories];

  constructor(
    private readonly extensionUri: vscode.Uri,
    /** Table sizes from the live database (liveDatabase.ts), read without waiting; merged under the config file's. */
    private readonly liveSizes: () => LiveSnapshot | undefined = () => undefined,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/.runbooklint.{yaml,yml}');
    const configChanged = (): void => {
      this.configCache?.clear();
      this.configProblems.clear();
      this.relintAll();
    };
    this.disposables.push(
      watcher,
      watcher.onDidCreate(configChanged),
      watcher.onDidChange(configChanged),
      watcher.onDidDelete(configChanged),
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        const run = readSettings(e.document.uri).run;
        if (run === 'onType') this.schedule(e.document, DEBOUNCE_MS);
        // On save only: a result for an older version must not be published meanwhile.
        else this.cancel(e.document.uri);
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (readSettings(doc.uri).run === 'onSave') this.schedule(doc, 0);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('runbookAssistant.lint')) this.relintAll();
      }),
    );
    // Documents already open at activation; the timers run after activate() has returned.
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  /** The findings last computed for the document (the test API and the code actions read them). */
  lastResult(uri: vscode.Uri): LintResult | undefined {
    return this.results.get(uri.toString());
  }

  /**
   * Findings for the document's current version: the published ones when they are current,
   * otherwise linted now (a code action may be asked for before the debounced lint ran).
   */
  async findingsFor(document: vscode.TextDocument): Promise<LintResult | undefined> {
    const cached = this.results.get(document.uri.toString());
    if (cached && cached.version === document.version) return cached;
    const kind = lintKindOf(document);
    if (!kind) return undefined;
    const bundle = loadLazyBundle();
    const settings = readSettings(document.uri);
    const config = await this.configFor(document.uri, settings, bundle);
    const history = kind === 'sql' ? await this.histories.historyFor(document, config, bundle) : undefined;
    const result = this.run(document, kind, settings, config, bundle, history);
    if (result && !document.isClosed) this.results.set(document.uri.toString(), result);
    return result;
  }

  relintAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    const kind = lintKindOf(document);
    if (!kind) return;
    const key = document.uri.toString();
    const settings = readSettings(document.uri);
    if (settings.run === 'off') {
      this.forget(document.uri);
      return;
    }
    const state = this.states.get(key) ?? { generation: 0 };
    this.states.set(key, state);
    this.stop(state);
    const generation = ++state.generation;
    const cancel = new vscode.CancellationTokenSource();
    state.cancel = cancel;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.lint(document, kind, generation, cancel.token).catch((err: unknown) => {
        console.error(`[runbook-lint] linting ${document.uri.toString()} failed: ${String(err instanceof Error ? err.stack : err)}`);
      });
    }, delayMs);
  }

  private async lint(document: vscode.TextDocument, kind: FileKind, generation: number, token: vscode.CancellationToken): Promise<void> {
    const key = document.uri.toString();
    const current = (): boolean => !token.isCancellationRequested && !document.isClosed && this.states.get(key)?.generation === generation;
    const bundle = loadLazyBundle();
    if (!current()) return;
    const settings = readSettings(document.uri);
    const config = await this.configFor(document.uri, settings, bundle);
    const docIds = await this.documentedRules();
    if (kind === 'sql' && document.uri.scheme === 'file') {
      this.siblings ??= new bundle.lintConfigDiscovery.SiblingDialects();
      await this.siblings.load(document.uri.fsPath);
    }
    // A migration: the schema its folder's earlier migrations build (read once, then cached).
    const history = kind === 'sql' ? await this.histories.historyFor(document, config, bundle) : undefined;
    if (!current()) return;
    // Everything from here to publishing is synchronous: the text cannot change in between.
    const result = this.run(document, kind, settings, config, bundle, history);
    this.results.set(key, result);
    this.collection.set(
      document.uri,
      result.findings.map((f) => {
        const d = this.toDiagnostic(f, docIds);
        // Say which setting raised the cap, since the editor's cap is not the CLI's.
        if (result.tooLarge) d.message = `${f.message} (setting runbookAssistant.lint.maxFileSizeKB)`;
        return d;
      }),
    );
  }

  /** Lints the current text (synchronously, so the version and the text agree). */
  private run(document: vscode.TextDocument, kind: FileKind, settings: LintSettings, config: ResolvedLintConfig, bundle: LazyBundle, history: SchemaKnowledge | undefined): LintResult {
    const version = document.version;
    const out = bundle.lintEngine.lintText(document.getText(), lintPath(document) ?? document.uri.path, config, {
      kind,
      maxBytes: settings.maxBytes,
      history,
      siblingDialect: () => (document.uri.scheme === 'file' ? this.siblings?.cached(document.uri.fsPath) : undefined),
    });
    return { version, kind: out.kind ?? kind, findings: out.findings, tooLarge: out.skipped === 'too-large' };
  }

  private toDiagnostic(f: Finding, docIds: Set<string>): vscode.Diagnostic {
    const d = new vscode.Diagnostic(findingRange(f), f.message, SEVERITY[f.severity]);
    d.source = LINT_SOURCE;
    d.code = docIds.has(f.ruleId) ? { value: f.ruleId, target: ruleDocUri(this.extensionUri, f.ruleId) } : f.ruleId;
    return d;
  }

  /** Read once: the docs ship with the extension and do not change while it runs. */
  documentedRules(): Promise<Set<string>> {
    this.docIds ??= Promise.resolve(vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(this.extensionUri, 'docs', 'rules'))).then(
      (entries) => new Set(entries.filter(([name]) => name.endsWith('.md')).map(([name]) => name.slice(0, -3))),
      () => new Set<string>(),
    );
    return this.docIds;
  }

  /** The config a file is linted with, as for an open document (the workspace scan uses it). */
  configForUri(uri: vscode.Uri): Promise<ResolvedLintConfig> {
    return this.configFor(uri, readSettings(uri), loadLazyBundle());
  }

  /** The nearest `.runbooklint.yaml` (cached) with the user's per-rule settings on top. */
  private async configFor(uri: vscode.Uri, settings: LintSettings, bundle: LazyBundle): Promise<ResolvedLintConfig> {
    let base = bundle.lintConfig.defaultLintConfig();
    // Untitled documents have no folder to walk up from: defaults and settings only.
    if (uri.scheme === 'file') {
      this.configCache ??= new bundle.lintConfigDiscovery.LintConfigCache([...bundle.lintRules.allRules.map((r) => r.id), ...bundle.lintEngine.ENGINE_RULES.map((r) => r.id)]);
      const loaded = await this.configCache.configFor(uri.fsPath);
      base = loaded.config;
      if (base.configFile) this.showConfigProblems(base.configFile, loaded.problems);
    }
    const { config } = bundle.liveSizes.mergeLiveSizes(base, this.liveSizes());
    return { ...config, rules: { ...config.rules, ...settings.rules } };
  }

  /** The rest of a config applies even when part of it is wrong; the problems are shown on the file. */
  private showConfigProblems(configFile: string, problems: readonly { line: number; column: number; message: string }[]): void {
    this.configProblems.set(
      vscode.Uri.file(configFile),
      problems.map((p) => {
        const at = new vscode.Position(Math.max(0, p.line - 1), Math.max(0, p.column - 1));
        const d = new vscode.Diagnostic(new vscode.Range(at, at), p.message, vscode.DiagnosticSeverity.Warning);
        d.source = LINT_SOURCE;
        return d;
      }),
    );
  }

  private stop(state: DocState): void {
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
    state.cancel?.cancel();
    state.cancel?.dispose();
    state.cancel = undefined;
  }

  /** Drops any pending or running lint of the document without clearing what is shown. */
  private cancel(uri: vscode.Uri): void {
    const state = this.states.get(uri.toString());
    if (!state) return;
    state.generation++;
    this.stop(state);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const state = this.states.get(key);
    if (state) this.stop(state);
    this.states.delete(key);
    this.results.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const state of this.states.values()) this.stop(state);
    this.states.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
