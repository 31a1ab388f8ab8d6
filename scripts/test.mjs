// `npm test`: typecheck, build, then the three test tiers, and one summary line per tier:
//   unit: N passed, M failed
//   integration (VS Code X.Y.Z): N passed, M failed
//   e2e (browser): N passed, M failed
// Exit status 1 if the typecheck, the build or any tier failed.
//
//   npm test                   everything (typecheck, build, unit, integration, package, e2e)
//   npm test -- --unit         only the unit tier (plus the build; add --typecheck to typecheck)
//   npm test -- --integration  only the integration tier
//   npm test -- --e2e          only the e2e tier (runs `npm run package` first)
//   npm test -- --e2e --theme dark   one theme, every e2e file (light, dark, hc-black or hc-light)
//
// Without --theme the e2e tier runs every file in light and dark, then the accessibility file
// (axe-core in both webviews, the keyboard-only incident) in high contrast dark and light:
// the other files in those themes would add about 6 minutes for little (their colours come from the theme).
//   npm test -- --e2e --vsix x.vsix  test that package instead of running `npm run package`
//
// With CI=true a tier that cannot start (no Chromium, code-server install failed) is a
// failure; without CI it is reported as skipped, with the reason.
//
// Before the unit and integration tiers, a throwaway PostgreSQL and MariaDB start on loopback
// (scripts/test-databases.mjs; add --no-databases to skip them) for the live table-size tests,
// and stop at the end. Those tests fail on CI when the servers could not start, skip elsewhere.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { REPO, RESULTS_DIR, chromiumPath, ensureCodeServer } from './vscode-server.mjs';
import { startTestDatabases } from './test-databases.mjs';

const argv = process.argv.slice(2);
const args = new Set(argv);
const CI = !!process.env.CI && !/^(false|0)$/i.test(process.env.CI);
const selected = ['unit', 'integration', 'e2e'].filter((t) => args.has(`--${t}`));
const tiers = selected.length ? selected : ['unit', 'integration', 'e2e'];
const themeArg = argv.includes('--theme') ? argv[argv.indexOf('--theme') + 1] : undefined;
const FULL_THEMES = ['light', 'dark'];
const ACCESSIBILITY_THEMES = ['hc-black', 'hc-light'];
const ACCESSIBILITY_FILE = 'accessibility.test.js';
const themes = themeArg ? [themeArg] : [...FULL_THEMES, ...ACCESSIBILITY_THEMES];
/** The e2e files a theme runs: all of them, or only the accessibility file in a high contrast theme by default. */
const e2eFilesFor = (theme, files) => (!themeArg && ACCESSIBILITY_THEMES.includes(theme) ? files.filter((f) => f.endsWith(ACCESSIBILITY_FILE)) : files);
const vsixArg = argv.includes('--vsix') ? argv[argv.indexOf('--vsix') + 1] : undefined;
const doTypecheck = selected.length === 0 || args.has('--typecheck');

const started = Date.now();
const timings = [];
const results = {}; // tier → { passed, failed, skipped?, reason?, label }
let databases; // { env, error?, stop() } once started
process.on('exit', () => databases?.stop());
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

function banner(text) {
  console.log(`\n━━━ ${text} ${'━'.repeat(Math.max(0, 70 - text.length))}`);
}

/** Runs a command with inherited output (optionally teeing stdout); resolves { code, stdout }. */
function run(cmd, cmdArgs, { env, capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
    });
    let stdout = '';
    if (capture) {
      child.stdout.on('data', (d) => {
        stdout += d;
        process.stdout.write(d);
      });
    }
    child.on('error', (err) => resolve({ code: 127, stdout: `${stdout}\n${err.message}` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout }));
  });
}

async function timed(name, fn) {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    timings.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  }
}

/** Counts from a TAP stream written by `node --test --test-reporter=tap`. */
function tapCounts(file) {
  if (!existsSync(file)) return null;
  const tap = readFileSync(file, 'utf8');
  const pass = /^# pass (\d+)$/m.exec(tap);
  const fail = /^# fail (\d+)$/m.exec(tap);
  const cancelled = /^# cancelled (\d+)$/m.exec(tap);
  if (!pass || !fail) return null;
  return { passed: Number(pass[1]), failed: Number(fail[1]) + Number(cancelled?.[1] ?? 0) };
}

/** Runs node:test files, spec to the console and TAP to a file; returns counts. */
async function nodeTest(files, tapFile, env) {
  rmSync(tapFile, { force: true });
  const r = await run(process.execPath, [
    '--enable-source-maps',
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
    ...files,
  ], { env });
  const counts = tapCounts(tapFile);
  if (!counts) return { passed: 0, failed: 1, reason: `node --test exited ${r.code} without a summary` };
  if (r.code !== 0 && counts.failed === 0) counts.failed = 1; // crashed after the summary: never report green
  return counts;
}

function testFiles(dir) {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort().map((f) => join(dir, f)) : [];
}

/** A tier that could not start: failure on CI, skipped otherwise. */
function cannotStart(tier, label, reason) {
  results[tier] = CI ? { label, passed: 0, failed: 1, reason: `could not start: ${reason}` } : { label, skipped: true, reason };
  console.log(`${tier}: ${CI ? 'FAILED' : 'skipped'} — ${reason}`);
}

async function preflightBrowserTier() {
  const chromium = chromiumPath();
  if (!chromium) return { error: 'Chromium not found (apt-get install -y chromium)' };
  try {
    return { info: await timed('code-server install/check', () => ensureCodeServer()) };
  } catch (err) {
    return { error: `code-server install failed: ${err.message.split('\n')[0]}` };
  }
}

async function main() {
  mkdirSync(RESULTS_DIR, { recursive: true });
  let typecheckFailed = false;
  let buildFailed = false;

  if (doTypecheck) {
    banner('typecheck');
    const r = await timed('typecheck', () => run('npm', ['run', '--silent', 'typecheck']));
    typecheckFailed = r.code !== 0;
    console.log(typecheckFailed ? 'typecheck: FAILED' : 'typecheck: ok');
  }

  banner('build (node scripts/build.mjs --tests)');
  const b = await timed('build', () => run(process.execPath, ['scripts/build.mjs', '--tests']));
  buildFailed = b.code !== 0;
  if (buildFailed) console.log('build: FAILED');

  if (!buildFailed && !args.has('--no-databases') && (tiers.includes('unit') || tiers.includes('integration'))) {
    banner('test databases (PostgreSQL and MariaDB on 127.0.0.1, throwaway)');
    databases = await timed('databases', () => startTestDatabases());
    // The tiers' processes (node --test, code-server's extension host) inherit these.
    Object.assign(process.env, databases.env);
    if (databases.error) console.log(`databases: ${CI ? 'FAILED' : 'not available'} — ${databases.error} (the live-database tests ${CI ? 'fail' : 'skip'})`);
  }

  if (tiers.includes('unit')) {
    banner('unit (node --test out/test/unit)');
    if (buildFailed) results.unit = { label: 'unit', passed: 0, failed: 1, reason: 'build failed' };
    else {
      const files = testFiles(join(REPO, 'out', 'test', 'unit'));
      const r = files.length
        ? await timed('unit', () => nodeTest(files, join(RESULTS_DIR, 'unit.tap')))
        : { passed: 0, failed: 1, reason: 'no unit test files in out/test/unit' };
      results.unit = { label: 'unit', ...r };
    }
  }

  let browserTier;
  if (tiers.includes('integration') || tiers.includes('e2e')) {
    if (!buildFailed) browserTier = await preflightBrowserTier();
  }
  const version = browserTier?.info?.vscodeVersion ?? 'unknown';

  if (tiers.includes('integration')) {
    banner('integration (VS Code in code-server + headless Chromium)');
    const label = `integration (VS Code ${version})`;
    if (buildFailed) results.integration = { label, passed: 0, failed: 1, reason: 'build failed' };
    else if (browserTier.error) cannotStart('integration', label, browserTier.error);
    else {
      const summaryFile = join(RESULTS_DIR, 'integration-summary.json');
      rmSync(summaryFile, { force: true });
      const r = await timed('integration', () => run(process.execPath, ['scripts/run-integration.mjs', '--no-build']));
      let s = null;
      try { s = JSON.parse(readFileSync(summaryFile, 'utf8')); } catch { /* none */ }
      if (!s) results.integration = { label, passed: 0, failed: 1, reason: `run-integration exited ${r.code} without a summary` };
      else {
        const failed = s.failed + (r.code !== 0 && s.failed === 0 ? 1 : 0);
        results.integration = {
          label: `integration (VS Code ${s.vscodeVersion ?? version})`,
          passed: s.passed,
          failed,
          reason: s.error ?? (failed > s.failed ? `exit ${r.code}` : undefined),
        };
      }
    }
  }

  databases?.stop();

  if (tiers.includes('e2e')) {
    banner('e2e (packaged .vsix in the browser workbench)');
    const label = 'e2e (browser)';
    if (buildFailed) results.e2e = { label, passed: 0, failed: 1, reason: 'build failed' };
    else if (browserTier.error) cannotStart('e2e', label, browserTier.error);
    else {
      const vsix = vsixArg ? resolve(vsixArg) : join(REPO, 'runbook-assistant.vsix');
      if (!vsixArg) rmSync(vsix, { force: true });
      const p = vsixArg ? { code: 0 } : await timed('package', () => run('npm', ['run', '--silent', 'package']));
      if (p.code !== 0 || !existsSync(vsix)) {
        results.e2e = { label, passed: 0, failed: 1, reason: vsixArg ? `${vsix} not found` : '`npm run package` failed' };
      } else {
        const files = testFiles(join(REPO, 'out', 'test', 'e2e'));
        let passed = 0;
        let failed = 0;
        const reasons = [];
        for (const theme of themes) {
          const themeFiles = e2eFilesFor(theme, files);
          console.log(`\n── e2e, ${theme} theme${themeFiles.length < files.length ? ` (${themeFiles.map((f) => basename(f)).join(', ')})` : ''}`);
          const r = themeFiles.length
            ? await timed(`e2e ${theme}`, () => nodeTest(themeFiles, join(RESULTS_DIR, `e2e-${theme}.tap`), { RUNBOOK_E2E_THEME: theme, RUNBOOK_VSIX: vsix }))
            : { passed: 0, failed: 1, reason: 'no e2e test files in out/test/e2e' };
          passed += r.passed;
          failed += r.failed;
          if (r.reason) reasons.push(`${theme}: ${r.reason}`);
        }
        results.e2e = { label, passed, failed, reason: reasons.join('; ') || undefined };
      }
    }
  }

  // Summary.
  banner('summary');
  console.log(`timings: ${timings.join(', ')}; total ${((Date.now() - started) / 1000).toFixed(1)}s`);
  if (typecheckFailed) console.log('typecheck: FAILED');
  if (buildFailed) console.log('build: FAILED');
  let ok = !typecheckFailed && !buildFailed;
  for (const tier of tiers) {
    const r = results[tier];
    if (!r) continue;
    if (r.skipped) {
      console.log(`${r.label}: skipped (${r.reason})`);
      continue;
    }
    if (r.failed > 0 || r.passed === 0) ok = false;
    const note = r.reason ? ` (${r.reason})` : r.passed === 0 && r.failed === 0 ? ' (nothing ran)' : '';
    console.log(`${r.label}: ${r.passed} passed, ${r.failed} failed${note}`);
  }
  return ok ? 0 : 1;
}

process.exitCode = await main().catch((err) => {
  console.error(err);
  return 1;
});
