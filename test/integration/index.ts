// The tests module the extension host loads (`extensionTestsPath`). Both launchers use it:
// scripts/run-integration.mjs (code-server + headless Chromium, works offline) and
// scripts/run-integration-electron.mjs (@vscode/test-electron, desktop with network access).
//
// Every `*.test.ts` next to this file is bundled on its own by `node scripts/build.mjs --tests`
// into out/test/integration/*.test.js; `run()` loads all of them, so a new test file needs no
// registration here. Tests use Mocha's TDD interface: `suite`, `test`, `suiteSetup`, `setup`…
//
// Restricted Mode: `restricted*.test.ts` files run only in the launchers' second pass, on
// test/fixtures/restricted-workspace opened without workspace trust (RUNBOOK_TEST_TRUST=untrusted);
// every other test file runs in the first, trusted pass.
//
// Production mode: `production*.test.ts` files run only in a pass where the extension is installed
// rather than under development (RUNBOOK_TEST_PASS=production; see scripts/run-integration.mjs).
//
// Window reload: `reload*.test.ts` files run in a third pass (RUNBOOK_TEST_PASS=reload) in two
// phases. Phase 1 runs the suites titled "before reload", saves its results next to the results
// file and reloads the window (workbench.action.reloadWindow, a real reload of the page); the
// page comes back with the same payload, so this module runs again and phase 2 runs the suites
// titled "after reload" on the same workspace and user data, then reports both phases.
//
// Environment:
//   RUNBOOK_TEST_RESULTS  path of the JSON result file ({ passed, failed, failures, ... })
//   RUNBOOK_TEST_GREP     only run tests whose full title matches this regular expression
//   RUNBOOK_TEST_TRUST    'untrusted' for the Restricted Mode pass
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface TestResults {
  vscodeVersion: string;
  appName: string;
  passed: number;
  failed: number;
  pending: number;
  durationMs: number;
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; durationMs?: number }[];
  failures: { title: string; error: string }[];
}

/** Marker the code-server launcher looks for in the forwarded console, in case the file is lost. */
export const RESULT_MARKER = '@@RUNBOOK_TEST_RESULTS@@';

export function run(): Promise<void> {
  const started = Date.now();
  const results: TestResults = {
    vscodeVersion: vscode.version,
    appName: vscode.env.appName,
    passed: 0,
    failed: 0,
    pending: 0,
    durationMs: 0,
    tests: [],
    failures: [],
  };
  console.log(
    `[integration] VS Code ${vscode.version} (${vscode.env.appName}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI), ` +
      `workspace ${vscode.workspace.isTrusted ? 'trusted' : 'NOT trusted (Restricted Mode)'}`,
  );

  // A reporter that only logs: the default reporters write to process.stdout, which the
  // extension host of code-server does not forward to the browser console.
  function LogReporter(runner: Mocha.Runner): void {
    runner.on('suite', (s: Mocha.Suite) => {
      if (s.title) console.log(`[integration] suite: ${s.fullTitle()}`);
    });
    runner.on('pass', (t: Mocha.Test) => {
      results.passed++;
      results.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration });
      console.log(`[integration]   ✓ ${t.fullTitle()} (${t.duration ?? 0} ms)`);
    });
    runner.on('fail', (t: Mocha.Runnable, err: Error) => {
      results.failed++;
      const error = (err && (err.stack || err.message)) || String(err);
      results.tests.push({ title: t.fullTitle(), state: 'failed' });
      results.failures.push({ title: t.fullTitle(), error });
      console.log(`[integration]   ✗ ${t.fullTitle()}\n${indent(error)}`);
    });
    runner.on('pending', (t: Mocha.Test) => {
      results.pending++;
      results.tests.push({ title: t.fullTitle(), state: 'pending' });
      console.log(`[integration]   - ${t.fullTitle()} (pending)`);
    });
  }

  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    timeout: 30_000,
    reporter: LogReporter as unknown as typeof Mocha.reporters.Base,
  });
  if (process.env.RUNBOOK_TEST_GREP) mocha.grep(new RegExp(process.env.RUNBOOK_TEST_GREP));

  // Load each bundled test file with the TDD globals in place (what mocha.loadFiles does).
  const dir = __dirname;
  const load = createRequire(join(dir, 'index.js'));
  const untrusted = process.env.RUNBOOK_TEST_TRUST === 'untrusted';
  const reloadPass = process.env.RUNBOOK_TEST_PASS === 'reload';
  const productionPass = process.env.RUNBOOK_TEST_PASS === 'production';
  const ownPass = (f: string): boolean => {
    if (reloadPass) return f.startsWith('reload');
    if (productionPass) return f.startsWith('production');
    return f.startsWith('restricted') === untrusted && !f.startsWith('reload') && !f.startsWith('production');
  };
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .filter(ownPass)
    .sort();
  const phaseFile = process.env.RUNBOOK_TEST_RESULTS ? `${process.env.RUNBOOK_TEST_RESULTS}.before-reload.json` : undefined;
  let beforeReload: TestResults | undefined;
  if (reloadPass) {
    if (!phaseFile) throw new Error('the reload pass needs RUNBOOK_TEST_RESULTS');
    try {
      beforeReload = JSON.parse(readFileSync(phaseFile, 'utf8')) as TestResults;
    } catch {
      beforeReload = undefined; // phase 1
    }
    mocha.grep(beforeReload ? /^after reload\b/ : /^before reload\b/);
    console.log(`[integration] reload pass, ${beforeReload ? 'after' : 'before'} the window reload`);
  }
  for (const f of files) {
    const file = join(dir, f);
    mocha.suite.emit('pre-require', globalThis, file, mocha);
    mocha.suite.emit('require', load(file), file, mocha);
    mocha.suite.emit('post-require', globalThis, file, mocha);
  }
  console.log(`[integration] loaded ${files.length} test file(s): ${files.join(', ')}`);

  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        results.durationMs = Date.now() - started;
        if (reloadPass && !beforeReload && phaseFile) {
          // Phase 1 done: keep its results, then reload the window for real; run() never settles here.
          writeFileSync(phaseFile, JSON.stringify(results));
          if (failures === 0 && results.passed > 0) {
            console.log('[integration] reloading the window');
            void vscode.commands.executeCommand('workbench.action.reloadWindow');
            return;
          }
        }
        if (beforeReload) {
          results.passed += beforeReload.passed;
          results.failed += beforeReload.failed;
          results.pending += beforeReload.pending;
          results.tests.unshift(...beforeReload.tests);
          results.failures.unshift(...beforeReload.failures);
        }
        writeResults(results);
        console.log(`[integration] ${results.passed} passed, ${results.failed} failed, ${results.pending} pending (${results.durationMs} ms)`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else if (results.passed === 0) reject(new Error('no integration test ran'));
        else resolve();
      });
    } catch (err) {
      results.failed++;
      results.failures.push({ title: 'mocha.run', error: String((err as Error)?.stack ?? err) });
      writeResults(results);
      reject(err);
    }
  });
}

function writeResults(results: TestResults): void {
  const json = JSON.stringify(results);
  console.log(`${RESULT_MARKER}${json}`);
  const out = process.env.RUNBOOK_TEST_RESULTS;
  if (!out) return;
  try {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(results, null, 2));
  } catch (err) {
    console.error(`[integration] could not write ${out}: ${String(err)}`);
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');
}
