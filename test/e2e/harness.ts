// What the e2e files share: the packaged .vsix installed into a fresh code-server (VS Code 1.100.3),
// a headless Chromium page on its workbench, and small helpers to find things in it.
import * as assert from 'node:assert/strict';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Frame, Locator, Page } from 'playwright-core';

// out/test/e2e/*.js → the repository root.
export const REPO = resolve(__dirname, '..', '..', '..');
export const RESULTS_DIR = join(REPO, 'test-results');
export const VSIX = process.env.RUNBOOK_VSIX ?? join(REPO, 'runbook-assistant.vsix');
/** The workbench theme of this run (scripts/test.mjs --theme): the theme's kind and the VS Code theme that has it. */
const THEMES = {
  light: { setting: undefined, workbenchClass: /(^|\s)vs(\s|$)/ },
  dark: { setting: 'Default Dark Modern', workbenchClass: /\bvs-dark\b/ },
  'hc-black': { setting: 'Default High Contrast', workbenchClass: /\bhc-black\b/ },
  'hc-light': { setting: 'Default High Contrast Light', workbenchClass: /\bhc-light\b/ },
} as const;
export type ThemeName = keyof typeof THEMES;
const themeEnv = process.env.RUNBOOK_E2E_THEME ?? 'light';
export const THEME: ThemeName = themeEnv in THEMES ? (themeEnv as ThemeName) : 'light';
/** The class VS Code puts on `.monaco-workbench` once this run's theme is applied. */
export const WORKBENCH_THEME_CLASS: RegExp = THEMES[THEME].workbenchClass;
export const EXTENSION_ID = 'runbook-assistant.runbook-assistant';
/** The workbench may take a while on a 2-core CI machine. */
export const UI_TIMEOUT = 30_000;

interface CodeServer {
  url: string;
  port: number;
  logFile: string;
  stop(): Promise<void>;
}
interface VscodeServerModule {
  ensureCodeServer(): Promise<{ vscodeVersion: string; codeServerVersion: string }>;
  startCodeServer(o: {
    workspace: string;
    userDataDir: string;
    extensionsDir: string;
    settings?: Record<string, unknown>;
    trust?: boolean;
    logName?: string;
  }): Promise<CodeServer>;
  runCodeServerCli(args: string[], o: { userDataDir: string; extensionsDir: string }): Promise<string>;
  chromiumPath(): string | null;
  CHROMIUM_ARGS: string[];
}

export async function poll<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = UI_TIMEOUT): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

export class Workbench {
  page!: Page;
  tmp!: string;
  workspace!: string;
  extensionsDir!: string;
  /** Console errors of the workbench that mention the extension (tree, webview, host). */
  readonly extensionErrors: string[] = [];
  private server: CodeServer | undefined;
  private browser: Browser | undefined;
  private url = '';

  /** Installs the .vsix, starts code-server on a copy of demo-workspace (plus `files`), opens the page. */
  async start(name: string, o: { files?: Record<string, string>; settings?: Record<string, unknown> } = {}): Promise<void> {
    const vs = (await import(pathToFileURL(join(REPO, 'scripts', 'vscode-server.mjs')).href)) as VscodeServerModule;
    assert.ok(existsSync(VSIX), `${VSIX} is missing: run \`npm run package\` first`);
    const chromium = vs.chromiumPath();
    assert.ok(chromium, 'Chromium is not installed (apt-get install -y chromium)');
    const info = await vs.ensureCodeServer();
    console.log(`# VS Code ${info.vscodeVersion} (code-server ${info.codeServerVersion}), theme ${THEME}`);

    this.tmp = mkdtempSync(join(tmpdir(), `runbook-e2e-${name}-${THEME}-`));
    this.workspace = join(this.tmp, 'demo-workspace');
    cpSync(join(REPO, 'demo-workspace'), this.workspace, { recursive: true });
    for (const [file, text] of Object.entries(o.files ?? {})) {
      const full = join(this.workspace, file);
      mkdirSync(resolve(full, '..'), { recursive: true });
      writeFileSync(full, text);
    }
    this.extensionsDir = join(this.tmp, 'extensions');
    const userDataDir = join(this.tmp, 'user-data');
    // Install the .vsix the way a user does, into a fresh extensions folder.
    const out = await vs.runCodeServerCli(['--install-extension', VSIX], { userDataDir, extensionsDir: this.extensionsDir });
    console.log(`# ${out.trim().split('\n').pop()}`);

    const theme = THEMES[THEME].setting;
    // High contrast themes are set as the preferred ones too, so auto-detection cannot switch away.
    const themeSettings: Record<string, unknown> = theme
      ? { 'workbench.colorTheme': theme, ...(THEME.startsWith('hc-') ? { 'window.autoDetectHighContrast': false } : {}) }
      : {};
    this.server = await vs.startCodeServer({
      workspace: this.workspace,
      userDataDir,
      extensionsDir: this.extensionsDir,
      settings: { ...themeSettings, ...o.settings },
      trust: true,
      logName: `e2e-${name}-${THEME}-code-server`,
    });
    const { chromium: pw } = await import('playwright-core');
    this.browser = await pw.launch({ executablePath: chromium, headless: true, args: vs.CHROMIUM_ARGS });
    this.page = await this.browser.newPage({ viewport: { width: 1400, height: 900 } });
    this.page.setDefaultTimeout(UI_TIMEOUT);
    const consoleLog = join(RESULTS_DIR, `e2e-${name}-${THEME}-console.log`);
    writeFileSync(consoleLog, '');
    this.page.on('console', (m) => {
      appendFileSync(consoleLog, `[${m.type()}] ${m.text()}\n`);
      if (m.type() === 'error' && /runbook/i.test(m.text())) this.extensionErrors.push(m.text().split('\n')[0]);
    });
    this.page.on('pageerror', (e) => appendFileSync(consoleLog, `[pageerror] ${String(e?.stack ?? e)}\n`));
    this.url = `${this.server.url}/?folder=${encodeURIComponent(this.workspace)}`;
    await this.page.goto(this.url);
    await this.ready();
  }

  async ready(): Promise<void> {
    await this.page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
  }

  /** Reloads the page: the workbench, the extension host and every webview start again. */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.ready();
  }

  async stop(): Promise<void> {
    if (this.page && !this.page.isClosed()) await this.snap('final').catch(() => undefined);
    await this.browser?.close().catch(() => undefined);
    await this.server?.stop();
    if (this.tmp) rmSync(this.tmp, { recursive: true, force: true });
  }

  /** Saves a screenshot as test-results/e2e-<name>-<theme>.png, without a hover tooltip in it. */
  async snap(name: string): Promise<string> {
    await this.page.mouse.move(1300, 700);
    await this.page.waitForTimeout(400);
    const file = join(RESULTS_DIR, `e2e-${name}-${THEME}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Runs a command from the palette, picking the row whose label is `title` (not merely the first match). */
  async runCommand(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    const item = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).filter({ visible: true }).first();
    // Right after the workbench starts, F1 can be swallowed: try again rather than wait forever.
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('F1');
      try {
        await input.waitFor({ state: 'visible', timeout: 5_000 });
        await input.fill(`>${title}`);
        await item.waitFor({ state: 'visible', timeout: 10_000 });
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
        await this.page.keyboard.press('Escape');
      }
    }
    await item.click();
  }

  /**
   * Runs `command`, which opens a quick pick, and clicks the pick's visible row containing `row`.
   * The extension shows a pick again when the workbench's focus hand-back to a webview closes it
   * at once (src/extension/quickInput.ts); should a pick still not show, or vanish before the
   * click, the command is run again, up to three times, and the retry is printed.
   */
  async pickAfterCommand(command: string, row: string | RegExp): Promise<void> {
    const item = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: row }).filter({ visible: true }).first();
    for (let attempt = 1; ; attempt++) {
      await this.runCommand(command);
      try {
        await item.waitFor({ state: 'visible', timeout: 10_000 });
        await item.click({ timeout: 5_000 });
        return;
      } catch (err) {
        if (attempt >= 3) throw err;
        console.log(`# retry: the pick of "${command}" did not show or vanished (attempt ${attempt}): ${String(err).split('\n')[0]}`);
        await this.snap(`pick-retry-${attempt}`).catch(() => undefined);
        await this.page.keyboard.press('Escape');
      }
    }
  }

  /** Rows of the trees in the side bar. */
  treeRows(): Locator {
    return this.page.locator('.part.sidebar .monaco-list-row');
  }

  rowWith(text: string | RegExp): Locator {
    return this.treeRows().filter({ hasText: text });
  }

  /** Waits until the tree's rows have not changed for a second (the extension may refresh it after its load). */
  async settled(): Promise<void> {
    let last = '';
    let since = Date.now();
    await poll(async () => {
      const now = (await this.treeRows().allInnerTexts()).join('\n');
      if (now !== last) {
        last = now;
        since = Date.now();
      }
      return Date.now() - since >= 1000;
    }, 'the side bar trees to settle');
  }

  /** Opens the Runbooks view, clicks the library row matching `row`, and returns the runbook view's frame. */
  async openRunbookFromLibrary(row: RegExp): Promise<Frame> {
    await this.page.locator('.activitybar [aria-label*="Runbooks"]').first().click();
    const item = this.rowWith(row).first();
    await item.waitFor({ state: 'visible' });
    await this.settled();
    await item.click();
    return this.webviewFrameWith('Start Incident');
  }

  /** The frame of a webview whose document contains `text` (or matches `selector`). */
  async webviewFrameWith(text: string, selector = 'body'): Promise<Frame> {
    return poll(async () => {
      for (const frame of this.page.frames()) {
        if (frame === this.page.mainFrame()) continue;
        const body = await frame.locator(selector).first().innerText({ timeout: 1000 }).catch(() => '');
        if (body.includes(text)) return frame;
      }
      return undefined;
    }, `a webview containing "${text}"`);
  }

  /** Types into the quick input (an input box the extension opened) and presses Enter. */
  async answerInput(text: string, expectTitle?: RegExp): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    if (expectTitle) await widget.filter({ hasText: expectTitle }).waitFor({ state: 'visible' });
    const input = widget.locator('input');
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
    await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
  }
}

// ---------------------------------------------------------------- axe-core in a webview

/** The WCAG 2.1 A and AA rules: what the webviews are held to. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; html: string; summary: string }[];
}

let axeSource: string | undefined;

/**
 * Runs axe-core in a webview's frame (the inner "active-frame" that holds the extension's document;
 * Playwright evaluates there despite the webview's Content Security Policy) and returns its violations.
 */
export async function axeViolations(frame: Frame): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(join(REPO, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  if ((await frame.evaluate('typeof window.axe')) === 'undefined') await frame.evaluate(axeSource);
  const options = JSON.stringify({ runOnly: { type: 'tag', values: AXE_TAGS }, resultTypes: ['violations'] });
  return frame.evaluate<AxeViolation[]>(`window.axe.run(document, ${options}).then((r) => r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 200), summary: (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 300) })),
  })))`);
}

/** Rule id → number of elements, e.g. { "color-contrast": 3 }. */
export function axeCounts(violations: AxeViolation[]): Record<string, number> {
  return Object.fromEntries(violations.map((v) => [v.id, v.nodes.length]));
}

/** Saves the violations as test-results/e2e-axe-<view>-<theme>.json and fails with each rule id and element. */
export function assertNoAxeViolations(view: string, violations: AxeViolation[]): void {
  writeFileSync(join(RESULTS_DIR, `e2e-axe-${view}-${THEME}.json`), JSON.stringify({ counts: axeCounts(violations), violations }, null, 2));
  console.log(`# axe ${view} (${THEME}): ${JSON.stringify(axeCounts(violations))}`);
  const lines = violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target} — ${n.summary}`));
  assert.equal(lines.length, 0, `axe-core found ${lines.length} violation(s) in the ${view} view (${THEME} theme):\n${lines.join('\n')}`);
}
