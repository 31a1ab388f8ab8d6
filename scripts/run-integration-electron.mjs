// Integration tier on desktop VS Code (Electron) through @vscode/test-electron — the same tests
// module (out/test/integration/index.js) as scripts/run-integration.mjs, another launcher.
//
//   npm run test:electron              (package.json: "test:electron": "node scripts/run-integration-electron.mjs")
//   VSCODE_TEST_VERSION=1.100.3 npm run test:electron     (default: stable)
//   VSCODE_EXECUTABLE=/path/to/code npm run test:electron  (use an installed VS Code, no download)
//
// It downloads VS Code from update.code.visualstudio.com into .vscode-test/ on first use, so it
// needs network access to Microsoft's servers: on the closed CI network it fails at the
// download (expected; CI uses scripts/run-integration.mjs with code-server instead).
// On Linux without a display it re-runs itself under `xvfb-run` when that is installed.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_DIR = join(REPO, 'test-results');

if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && !process.env.RUNBOOK_UNDER_XVFB) {
  const xvfb = spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' }).stdout.trim();
  if (xvfb) {
    const r = spawnSync(xvfb, ['-a', process.execPath, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, RUNBOOK_UNDER_XVFB: '1' },
    });
    process.exit(r.status ?? 1);
  }
  console.warn('[electron] no DISPLAY and no xvfb-run: Electron may fail to start (apt-get install -y xvfb)');
}

async function main() {
  if (!process.argv.includes('--no-build')) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs', '--tests'], { cwd: REPO, stdio: 'inherit' });
    if (b.status !== 0) return 1;
  }
  const { runTests } = await import('@vscode/test-electron');
  mkdirSync(RESULTS_DIR, { recursive: true });
  // Same two passes as scripts/run-integration.mjs: the trusted fixture with every test file but
  // restricted*, then test/fixtures/restricted-workspace without trust (Restricted Mode; only on
  // desktop with network access, so not verified on the closed CI network).
  const passes = [
    { name: 'trusted', fixture: join(REPO, 'test', 'fixtures', 'workspace'), trust: true },
    { name: 'restricted', fixture: join(REPO, 'test', 'fixtures', 'restricted-workspace'), trust: false },
  ].filter((p) => existsSync(p.fixture));
  let code = 0;
  let passed = 0;
  let failed = 0;
  let version = 'unknown';
  for (const pass of passes) {
    const results = join(RESULTS_DIR, `integration-electron-${pass.name}.json`);
    rmSync(results, { force: true });
    const tmp = mkdtempSync(join(tmpdir(), `runbook-electron-${pass.name}-`));
    const workspace = join(tmp, 'workspace');
    cpSync(pass.fixture, workspace, { recursive: true });
    let passCode = 1;
    try {
      passCode = await runTests({
        ...(process.env.VSCODE_EXECUTABLE
          ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE }
          : { version: process.env.VSCODE_TEST_VERSION ?? 'stable' }),
        extensionDevelopmentPath: REPO,
        extensionTestsPath: join(REPO, 'out', 'test', 'integration', 'index'),
        extensionTestsEnv: { RUNBOOK_TEST_RESULTS: results, RUNBOOK_TEST_TRUST: pass.trust ? 'trusted' : 'untrusted' },
        launchArgs: [
          workspace,
          '--disable-extensions', // only the extension under development
          ...(pass.trust ? ['--disable-workspace-trust'] : []),
          '--skip-welcome',
          '--skip-release-notes',
          '--user-data-dir', join(tmp, 'user-data'),
          '--extensions-dir', join(tmp, 'extensions'),
        ],
      });
    } catch (err) {
      console.error(`[electron] ${err?.message ?? err}`);
      console.error('[electron] @vscode/test-electron could not download or start VS Code. It needs network access to ' +
        'update.code.visualstudio.com (or VSCODE_EXECUTABLE); offline, use `node scripts/run-integration.mjs` (code-server).');
      passCode = 1;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    if (existsSync(results)) {
      const r = JSON.parse(readFileSync(results, 'utf8'));
      for (const f of r.failures ?? []) console.log(`\n[electron] FAILED (${pass.name}): ${f.title}\n${f.error}`);
      passed += r.passed;
      failed += r.failed;
      version = r.vscodeVersion ?? version;
      if (r.failed > 0 || r.passed === 0) passCode = passCode || 1;
    } else {
      console.log(`[electron] the ${pass.name} pass did not run`);
      passCode = passCode || 1;
      failed += 1;
    }
    code = code || passCode;
    if (pass.trust && !existsSync(results)) break; // no VS Code: do not try the second pass
  }
  console.log(`integration (VS Code ${version}, desktop): ${passed} passed, ${failed} failed`);
  return code;
}

process.exitCode = await main();
