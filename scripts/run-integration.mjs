// Integration tier: runs test/integration (bundled to out/test/integration) inside a real VS Code
// — code-server 4.100.3 = VS Code 1.100.3 — driven by headless Chromium. Works offline.
//
//   node scripts/run-integration.mjs [--no-build] [--grep REGEX] [--pass trusted|restricted] [--keep-open]
//
// The extension under development is loaded from this repository (extensionDevelopmentPath);
// the tests module's run() runs in the Node extension host with the real `vscode` API.
// Two passes, each on a temporary COPY of its fixture (tests may edit files):
//   trusted     test/fixtures/workspace, --disable-workspace-trust; every test file but restricted*
//   restricted  test/fixtures/restricted-workspace opened WITHOUT trust (Restricted Mode);
//               only restricted*.test.ts (index.ts picks them with RUNBOOK_TEST_TRUST=untrusted)
//   reload      test/fixtures/workspace; only reload*.test.ts, before and after a real window reload
//   production  test/fixtures/workspace; only production*.test.ts, with the extension INSTALLED
//               (in the extensions folder, not under development), so VS Code runs it in
//               production mode while the tests run from a stand-in development extension
// Writes to test-results/:
//   integration-results.json           what the tests reported, both passes merged
//   integration-summary.json           { tier, vscodeVersion, passed, failed, ... } for scripts/test.mjs
//   integration-final.png, integration-restricted-final.png   the workbench when each pass ended
//   integration-<pass>-code-server.log, integration-<pass>-console.log
// Exit status 0 only if tests ran and none failed.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCodeServer, startCodeServer, chromiumPath, CHROMIUM_ARGS, REPO, RESULTS_DIR } from './vscode-server.mjs';

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const TIMEOUT_MS = Number(process.env.RUNBOOK_INTEGRATION_TIMEOUT_MS ?? 5 * 60_000);
const extensionPath = opt('--extension') ?? REPO;
const testsModule = opt('--tests') ?? join(REPO, 'out', 'test', 'integration', 'index');

const PASSES = [
  { name: 'trusted', fixture: opt('--workspace') ?? join(REPO, 'test', 'fixtures', 'workspace'), trust: true, screenshot: 'integration-final.png' },
  { name: 'restricted', fixture: join(REPO, 'test', 'fixtures', 'restricted-workspace'), trust: false, screenshot: 'integration-restricted-final.png' },
  // reload*.test.ts: phase 1, a real window reload, phase 2 on the same workspace (see test/integration/index.ts).
  { name: 'reload', fixture: join(REPO, 'test', 'fixtures', 'workspace'), trust: true, screenshot: 'integration-reload-final.png' },
  // production*.test.ts: the extension as a user has it, to check what it gives other extensions.
  { name: 'production', fixture: join(REPO, 'test', 'fixtures', 'workspace'), trust: true, screenshot: 'integration-production-final.png', installed: true },
];

/**
 * Installs the extension at `extensionPath` into `extensionsDir` as an installed extension (a link
 * to the folder and its entry in extensions.json, what --install-extension writes), and returns a
 * stand-in development extension: extension tests need one, and the extension under test must
 * not be it (VS Code gives an extension under development test mode).
 */
function installForProductionPass(extensionsDir, tmp) {
  const manifest = JSON.parse(readFileSync(join(extensionPath, 'package.json'), 'utf8'));
  const id = `${manifest.publisher}.${manifest.name}`;
  const folder = `${id}-${manifest.version}`;
  mkdirSync(extensionsDir, { recursive: true });
  symlinkSync(extensionPath, join(extensionsDir, folder), 'dir');
  const location = { $mid: 1, scheme: 'file', path: join(extensionsDir, folder) };
  writeFileSync(join(extensionsDir, 'extensions.json'), JSON.stringify([{ identifier: { id }, version: manifest.version, location, relativeLocation: folder }]));
  const standIn = join(tmp, 'test-runner-extension');
  mkdirSync(standIn, { recursive: true });
  writeFileSync(join(standIn, 'package.json'), JSON.stringify({ name: 'test-runner', publisher: 'runbook-assistant-tests', version: '0.0.0', engines: { vscode: '*' } }));
  return standIn;
}

const SUMMARY = join(RESULTS_DIR, 'integration-summary.json');
const RESULTS = join(RESULTS_DIR, 'integration-results.json');
const MARKER = '@@RUNBOOK_TEST_RESULTS@@';

function summary(s) {
  writeFileSync(SUMMARY, JSON.stringify({ tier: 'integration', ...s }, null, 2));
  const version = s.vscodeVersion ?? 'unknown';
  const line = s.error && !s.ran
    ? `integration (VS Code ${version}): did not run — ${s.error}`
    : `integration (VS Code ${version}): ${s.passed} passed, ${s.failed} failed`;
  console.log(line);
}

/** One code-server + Chromium session running the tests module; resolves with its results. */
async function runPass(pass, chromium) {
  const tag = pass.name === 'trusted' ? '[integration]' : `[integration:${pass.name}]`;
  const resultsFile = join(RESULTS_DIR, `integration-results-${pass.name}.json`);
  const consoleLog = join(RESULTS_DIR, `integration-${pass.name}-console.log`);
  rmSync(resultsFile, { force: true });
  rmSync(`${resultsFile}.before-reload.json`, { force: true });
  writeFileSync(consoleLog, '');

  const tmp = mkdtempSync(join(tmpdir(), `runbook-integration-${pass.name}-`));
  const workspace = join(tmp, 'workspace');
  cpSync(pass.fixture, workspace, { recursive: true });
  const extensionsDir = join(tmp, 'extensions');
  const developmentPath = pass.installed ? installForProductionPass(extensionsDir, tmp) : extensionPath;
  const server = await startCodeServer({
    workspace,
    userDataDir: join(tmp, 'user-data'),
    extensionsDir,
    trust: pass.trust,
    logName: `integration-${pass.name}-code-server`,
    env: {
      RUNBOOK_TEST_RESULTS: resultsFile,
      RUNBOOK_TEST_TRUST: pass.trust ? 'trusted' : 'untrusted',
      RUNBOOK_TEST_PASS: pass.name,
      RUNBOOK_TEST_GREP: opt('--grep') ?? process.env.RUNBOOK_TEST_GREP ?? '',
    },
  });
  console.log(`${tag} ${pass.name} pass: code-server on ${server.url}, workspace ${workspace}${pass.trust ? '' : ' (NOT trusted)'}`);

  const { chromium: pw } = await import('playwright-core');
  const browser = await pw.launch({ executablePath: chromium, headless: true, args: CHROMIUM_ARGS });
  let exitCode = null;
  let markerResults = null;
  let timedOut = false;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    const seen = new Set();
    const onLine = (source, text) => {
      appendFileSync(consoleLog, `[${source}] ${text}\n`);
      const at = text.indexOf(MARKER);
      if (at >= 0) {
        try { markerResults = JSON.parse(text.slice(at + MARKER.length).trim()); } catch { /* partial line */ }
        return;
      }
      // Test lines come through both the automation log and the page console: print each once.
      const i = text.indexOf('[integration]');
      if (i >= 0) {
        const clean = text.slice(i).replace(/%c/g, '');
        if (seen.has(clean)) return;
        seen.add(clean);
        console.log(pass.name === 'trusted' ? clean : clean.replace('[integration]', tag));
      }
    };
    await page.exposeFunction('codeAutomationExit', (code) => {
      exitCode = code;
      resolveExit(code);
    });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      onLine(`log:${type}`, text);
    });
    page.on('console', (m) => onLine(`console:${m.type()}`, m.text()));
    page.on('pageerror', (e) => onLine('pageerror', String(e?.stack ?? e)));

    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(developmentPath)],
      ['extensionTestsPath', remote(testsModule)],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const tGoto = Date.now();
    await page.goto(url);

    let timer;
    const timeout = new Promise((r) => (timer = setTimeout(() => r('timeout'), TIMEOUT_MS)));
    const outcome = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    timedOut = outcome === 'timeout';
    console.log(`${tag} workbench start + tests took ${((Date.now() - tGoto) / 1000).toFixed(1)}s`);
    await page.screenshot({ path: join(RESULTS_DIR, pass.screenshot) }).catch((err) => console.log(`${tag} screenshot failed: ${err.message}`));
    if (timedOut) console.log(`${tag} timed out after ${TIMEOUT_MS / 1000}s waiting for the tests to finish`);
    if (argv.includes('--keep-open')) {
      console.log(`${tag} --keep-open: ${server.url} stays up; Ctrl+C to stop`);
      await new Promise(() => {});
    }
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }

  let results = null;
  if (existsSync(resultsFile)) {
    try { results = JSON.parse(readFileSync(resultsFile, 'utf8')); } catch { /* fall back */ }
  }
  results ??= markerResults;
  if (!results) {
    const error = timedOut ? 'timed out before the tests reported' : `the tests module reported nothing (exit ${exitCode}); see ${consoleLog}`;
    return { name: pass.name, ran: false, passed: 0, failed: 1, failures: [{ title: `${pass.name} pass`, error }], error, exitCode };
  }
  // A non-zero exit with no failing test (e.g. run() threw, or nothing ran) is still a failure.
  if (exitCode !== 0 && results.failed === 0) {
    results.failed = 1;
    results.failures = [...(results.failures ?? []), { title: `${pass.name} pass`, error: `workbench exit code ${exitCode}${results.passed === 0 ? ' (no test ran)' : ''}` }];
  }
  return { name: pass.name, ran: true, ...results, exitCode };
}

async function main() {
  mkdirSync(RESULTS_DIR, { recursive: true });
  rmSync(SUMMARY, { force: true });
  rmSync(RESULTS, { force: true });
  const t0 = Date.now();

  if (!argv.includes('--no-build')) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs', '--tests'], { cwd: REPO, stdio: 'inherit' });
    if (b.status !== 0) return summary({ ran: false, passed: 0, failed: 0, error: 'build failed' }), 1;
  }
  if (!existsSync(`${testsModule}.js`)) {
    summary({ ran: false, passed: 0, failed: 0, error: `${testsModule}.js is missing (run node scripts/build.mjs --tests)` });
    return 1;
  }
  const chromium = chromiumPath();
  if (!chromium) {
    summary({ ran: false, passed: 0, failed: 0, error: 'no Chromium (apt-get install -y chromium)' });
    return 1;
  }
  let cs;
  try {
    cs = await ensureCodeServer();
  } catch (err) {
    summary({ ran: false, passed: 0, failed: 0, error: `code-server install failed: ${err.message}` });
    return 1;
  }
  console.log(`[integration] code-server ${cs.codeServerVersion} (VS Code ${cs.vscodeVersion}); extension ${extensionPath}`);

  // The restricted pass runs only when its fixture and a restricted*.test.js exist (and for the
  // repository's own tests module).
  const testsDir = join(testsModule, '..');
  const hasFiles = (prefix) => existsSync(testsDir) && readdirSync(testsDir).some((f) => f.startsWith(prefix) && f.endsWith('.test.js'));
  const passes = PASSES.filter((p) => (!opt('--pass') || p.name === opt('--pass')) && existsSync(p.fixture))
    .filter((p) => p.name === 'trusted' || hasFiles(p.name));

  const runs = [];
  for (const pass of passes) runs.push(await runPass(pass, chromium));

  const merged = {
    vscodeVersion: runs.find((r) => r.vscodeVersion)?.vscodeVersion ?? cs.vscodeVersion,
    passed: runs.reduce((n, r) => n + (r.passed ?? 0), 0),
    failed: runs.reduce((n, r) => n + (r.failed ?? 0), 0),
    pending: runs.reduce((n, r) => n + (r.pending ?? 0), 0),
    passes: runs.map((r) => ({ name: r.name, ran: r.ran, passed: r.passed, failed: r.failed, exitCode: r.exitCode })),
    tests: runs.flatMap((r) => (r.tests ?? []).map((t) => ({ ...t, pass: r.name }))),
    failures: runs.flatMap((r) => (r.failures ?? []).map((f) => ({ ...f, pass: r.name }))),
  };
  writeFileSync(RESULTS, JSON.stringify(merged, null, 2));
  for (const f of merged.failures) console.log(`\n[integration] FAILED (${f.pass}): ${f.title}\n${f.error}`);
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`[integration] ${runs.map((r) => `${r.name}: ${r.passed} passed, ${r.failed} failed`).join('; ')} — ${seconds}s`);
  const ran = runs.some((r) => r.ran);
  summary({
    ran,
    vscodeVersion: merged.vscodeVersion,
    passed: merged.passed,
    failed: merged.failed,
    pending: merged.pending,
    passes: merged.passes,
    seconds,
    ...(ran ? {} : { error: runs[0]?.error ?? 'no pass ran' }),
  });
  return ran && merged.failed === 0 && merged.passed > 0 ? 0 : 1;
}

process.exitCode = await main().catch((err) => {
  console.error(err);
  try { summary({ ran: false, passed: 0, failed: 0, error: err.message }); } catch { /* ignore */ }
  return 1;
});
