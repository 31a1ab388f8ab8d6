// End-to-end: the packaged extension (runbook-assistant.vsix, what users install) in the real
// VS Code workbench (code-server 4.100.3 = VS Code 1.100.3), driven by headless Chromium.
//
// Run by scripts/test.mjs (`npm test -- --e2e`) once per theme:
//   RUNBOOK_E2E_THEME=light|dark node --test out/test/e2e/workbench.test.js
// Needs: `npm run package` (runbook-assistant.vsix), Chromium (/usr/bin/chromium), and the
// code-server cache (installed on first use by scripts/vscode-server.mjs).
// Screenshots: test-results/e2e-<view>-<theme>.png
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Frame, Locator, Page } from 'playwright-core';

// out/test/e2e/*.js → the repository root.
const REPO = resolve(__dirname, '..', '..', '..');
const RESULTS_DIR = join(REPO, 'test-results');
const VSIX = process.env.RUNBOOK_VSIX ?? join(REPO, 'runbook-assistant.vsix');
const THEME = process.env.RUNBOOK_E2E_THEME === 'dark' ? 'dark' : 'light';
const THEME_SETTINGS: Record<string, unknown> = THEME === 'dark' ? { 'workbench.colorTheme': 'Default Dark Modern' } : {};
const EXTENSION_ID = 'runbook-assistant.runbook-assistant';

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

/** The workbench may take a while on a 2-core CI machine. */
const UI_TIMEOUT = 30_000;

/** Saves a screenshot as test-results/e2e-<name>-<theme>.png, without a hover tooltip in it. */
async function snap(page: Page, name: string): Promise<void> {
  await page.mouse.move(1300, 700);
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(RESULTS_DIR, `e2e-${name}-${THEME}.png`) });
}

async function poll<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = UI_TIMEOUT): Promise<T> {
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

describe(`Runbook Assistant in the browser workbench (${THEME} theme)`, { timeout: 5 * 60_000 }, () => {
  let vs: VscodeServerModule;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let tmp: string;
  let extensionsDir: string;
  /** Console errors of the workbench that mention the extension (tree, webview, host). */
  const extensionErrors: string[] = [];

  /** Rows of the Runbook Library tree. */
  const treeRows = (): Locator => page.locator('.part.sidebar .monaco-list-row');
  const rowWith = (text: string | RegExp): Locator => treeRows().filter({ hasText: text });

  async function runCommand(title: string): Promise<void> {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const item = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    await item.waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
  }

  /** Waits until the tree's rows have not changed for a second (the extension may refresh it after its load). */
  async function settled(): Promise<void> {
    let last = '';
    let since = Date.now();
    await poll(async () => {
      const now = (await treeRows().allInnerTexts()).join('\n');
      if (now !== last) {
        last = now;
        since = Date.now();
      }
      return Date.now() - since >= 1000;
    }, 'the Runbook Library tree to settle');
  }

  /** The frame of a webview whose document contains `text`. */
  async function webviewFrameWith(text: string): Promise<Frame> {
    return poll(async () => {
      for (const frame of page.frames()) {
        if (frame === page.mainFrame()) continue;
        const body = await frame.locator('body').innerText({ timeout: 1000 }).catch(() => '');
        if (body.includes(text)) return frame;
      }
      return undefined;
    }, `a webview containing "${text}"`);
  }

  before(async () => {
    vs = (await import(pathToFileURL(join(REPO, 'scripts', 'vscode-server.mjs')).href)) as VscodeServerModule;
    assert.ok(existsSync(VSIX), `${VSIX} is missing: run \`npm run package\` first`);
    const chromium = vs.chromiumPath();
    assert.ok(chromium, 'Chromium is not installed (apt-get install -y chromium)');
    const info = await vs.ensureCodeServer();
    console.log(`# VS Code ${info.vscodeVersion} (code-server ${info.codeServerVersion}), theme ${THEME}`);

    tmp = mkdtempSync(join(tmpdir(), `runbook-e2e-${THEME}-`));
    const workspace = join(tmp, 'demo-workspace');
    cpSync(join(REPO, 'demo-workspace'), workspace, { recursive: true });
    extensionsDir = join(tmp, 'extensions');
    const userDataDir = join(tmp, 'user-data');
    // Install the .vsix the way a user does, into a fresh extensions folder.
    const out = await vs.runCodeServerCli(['--install-extension', VSIX], { userDataDir, extensionsDir });
    console.log(`# ${out.trim().split('\n').pop()}`);

    server = await vs.startCodeServer({
      workspace,
      userDataDir,
      extensionsDir,
      settings: THEME_SETTINGS,
      trust: true,
      logName: `e2e-${THEME}-code-server`,
    });
    const { chromium: pw } = await import('playwright-core');
    browser = await pw.launch({ executablePath: chromium, headless: true, args: vs.CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(UI_TIMEOUT);
    // Keep the workbench's console (it carries the extension host's errors) for debugging.
    const consoleLog = join(RESULTS_DIR, `e2e-${THEME}-console.log`);
    writeFileSync(consoleLog, '');
    page.on('console', (m) => {
      appendFileSync(consoleLog, `[${m.type()}] ${m.text()}\n`);
      if (m.type() === 'error' && /runbook/i.test(m.text())) extensionErrors.push(m.text().split('\n')[0]);
    });
    page.on('pageerror', (e) => appendFileSync(consoleLog, `[pageerror] ${String(e?.stack ?? e)}\n`));
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
  });

  after(async () => {
    if (page && !page.isClosed()) await snap(page, 'final').catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('the .vsix is installed into the fresh extensions folder', () => {
    const dirs = readdirSync(extensionsDir).filter((d) => d.toLowerCase().startsWith(`${EXTENSION_ID}-`));
    assert.equal(dirs.length, 1, `extensions folder holds: ${readdirSync(extensionsDir).join(', ')}`);
    assert.ok(existsSync(join(extensionsDir, dirs[0], 'dist', 'extension.js')), 'dist/extension.js is not in the package');
  });

  it(`the workbench uses the ${THEME} theme`, async () => {
    // The workbench starts with its cached theme and applies settings.json's a moment later.
    const want = THEME === 'dark' ? /\bvs-dark\b/ : /(^|\s)vs(\s|$)/;
    await poll(async () => want.test((await page.locator('.monaco-workbench').getAttribute('class')) ?? ''), `the ${THEME} theme`);
  });

  it('opens the Runbooks view from the activity bar and lists bundled runbooks', async () => {
    const item = page.locator('.activitybar [aria-label*="Runbooks"]').first();
    await item.waitFor({ state: 'visible' });
    await item.click();
    // A container with a single view shows the view's name in the sidebar title, not a pane header.
    await page.locator('.part.sidebar .composite.title', { hasText: /Runbook/i }).first().waitFor({ state: 'visible' });
    await rowWith(/logged out/i).first().waitFor({ state: 'visible' });
    assert.ok((await treeRows().count()) > 3, 'the tree shows only a few rows');
    // The demo workspace's own runbook is listed too.
    await rowWith(/Checkout is slow/i).first().waitFor({ state: 'visible' });
    await snap(page, 'sidebar');
  });

  it('opens a runbook by clicking it and shows its phases and timeboxes', async () => {
    const row = rowWith(/logged out/i).first();
    await settled();
    await row.click();
    const tab = page.locator('.part.editor .tab', { hasText: /logged out/i }).first();
    await tab.waitFor({ state: 'visible' });
    const frame = await webviewFrameWith('Triage');
    const text = await frame.locator('body').innerText();
    for (const phase of ['Triage', 'Isolate', 'Fix', 'Verify']) {
      assert.ok(text.includes(phase), `phase "${phase}" is not shown`);
    }
    assert.match(text, /0\s*[–-]\s*10\s*min/, 'the timebox "0–10 min" is not shown');
    await snap(page, 'runbook');
  });

  it('filters the tree with "Runbook: Filter Runbooks…" from the command palette', async () => {
    await runCommand('Runbook: Filter');
    await page.locator('.quick-input-widget', { hasText: /Filter Runbooks/i }).waitFor({ state: 'visible' });
    await page.keyboard.type('cron');
    await page.keyboard.press('Enter');
    await poll(async () => (await rowWith(/logged out/i).count()) === 0, 'the session runbook to be filtered out');
    await rowWith(/cron/i).first().waitFor({ state: 'visible' });
    const texts = await treeRows().allInnerTexts();
    assert.ok(texts.length > 0, 'no row left');
    await snap(page, 'sidebar-filtered');

    // Clear it again.
    await runCommand('Runbook: Clear Runbook Filter');
    await rowWith(/logged out/i).first().waitFor({ state: 'visible' });
  });

  // Risky-config lint: demo-workspace/application.properties has `server.servlet.session.timeout=30`.
  /** The wavy underline(s) Monaco draws for diagnostics in the visible editor. */
  const squiggles = (): Locator => page.locator('.part.editor .monaco-editor .view-overlays [class*="squiggly-"]');

  it('lints application.properties and lists the finding in the Problems panel', async () => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('application.properties');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'application.properties' }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.locator('.part.editor .tab', { hasText: 'application.properties' }).first().waitFor({ state: 'visible' });
    await squiggles().first().waitFor({ state: 'visible' });

    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    const row = rows.filter({ hasText: /duration-without-unit/ }).first();
    await row.waitFor({ state: 'visible' });
    const text = await row.innerText();
    assert.match(text, /runbook-lint/, `the Problems row names the source: ${text}`);
    assert.match(text, /30/, `the Problems row carries the message: ${text}`);
    // The file's row (the parent) is listed with the count.
    await rows.filter({ hasText: 'application.properties' }).first().waitFor({ state: 'visible' });
    await snap(page, 'problems');
  });

  it('hovering the squiggle shows the finding with its rule and source', async () => {
    const squiggle = squiggles().first();
    const box = await squiggle.boundingBox();
    assert.ok(box, 'the squiggle has no box');
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: /duration-without-unit/ }).first();
    // Hovers open after a delay and close when the mouse leaves: move onto the word and wait.
    await poll(async () => {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 3);
      return hover.isVisible();
    }, 'the diagnostic hover');
    const text = await hover.innerText();
    assert.match(text, /runbook-lint/, `hover: ${text}`);
    assert.match(text, /30/, `hover: ${text}`);
    await page.screenshot({ path: join(RESULTS_DIR, `e2e-hover-${THEME}.png`) });
  });

  it('the workbench logged no error about the extension', () => {
    assert.deepEqual([...new Set(extensionErrors)], []);
  });
});
