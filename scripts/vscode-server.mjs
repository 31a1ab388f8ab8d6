// A real VS Code (the workbench, server and Node extension host) on this machine without the
// Microsoft download servers: code-server from the npm registry, driven by headless Chromium.
// See docs in /work/shared/reference/real-vscode-here.md (the recipe this follows).
//
//   ensureCodeServer()  installs code-server into .vscode-test/code-server once (a marker file
//                       makes later runs instant) and returns { root, entry, vscodeVersion, ... }.
//   startCodeServer({...}) starts it on a free port and resolves when it answers HTTP.
//
// Run directly (`node scripts/vscode-server.mjs`) to install and print the version.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import {
  existsSync, mkdirSync, readFileSync, writeFileSync, copyFileSync, chmodSync, symlinkSync,
  lstatSync, rmSync, openSync, closeSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { get } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE = join(REPO, '.vscode-test', 'code-server');
export const RESULTS_DIR = join(REPO, 'test-results');

const PKG = join(CACHE, 'node_modules', 'code-server');
const VSCODE = join(PKG, 'lib', 'vscode');
const MARKER = join(CACHE, `.installed-${CODE_SERVER_VERSION}`);
// Keep code-server from writing ~/.config/code-server/config.yaml: give it its own config file.
const CONFIG = join(CACHE, 'config.yaml');

function log(msg) {
  process.stderr.write(`[code-server] ${msg}\n`);
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * node-gyp downloads Node's headers from nodejs.org unless told where they are: on a closed
 * network point it at the headers of the running Node (e.g. /usr/include/node → nodedir /usr).
 */
function nodedirEnv() {
  if (process.env.npm_config_nodedir) return {};
  const prefix = resolve(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node.h')) ? { npm_config_nodedir: prefix } : {};
}

function step(title, cmd, args, opts = {}) {
  const t0 = Date.now();
  log(`${title} …`);
  const logFile = join(CACHE, 'install.log');
  const fd = openSync(logFile, 'a');
  writeFileSync(fd, `\n$ (cd ${opts.cwd ?? CACHE} && ${cmd} ${args.join(' ')})\n`);
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd ?? CACHE,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, ...nodedirEnv(), npm_config_yes: 'true', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false', ...opts.env },
  });
  closeSync(fd);
  if (r.status !== 0) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    throw new Error(`${title} failed (exit ${r.status ?? r.signal}); see ${logFile}\n${tail}`);
  }
  log(`${title} done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

/** The VS Code version inside the installed code-server, read at run time. */
export function vscodeVersion() {
  for (const f of [join(VSCODE, 'product.json'), join(VSCODE, 'package.json')]) {
    try {
      const j = JSON.parse(readFileSync(f, 'utf8'));
      if (j.version) return j.version;
    } catch { /* try the next */ }
  }
  return 'unknown';
}

function info() {
  return {
    root: CACHE,
    entry: join(PKG, 'out', 'node', 'entry.js'),
    vscodeDir: VSCODE,
    codeServerVersion: JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')).version,
    vscodeVersion: vscodeVersion(),
  };
}

/** Installs code-server@4.100.3 into .vscode-test/code-server (idempotent). */
export async function ensureCodeServer() {
  if (existsSync(MARKER) && existsSync(join(PKG, 'out', 'node', 'entry.js'))) return info();
  const t0 = Date.now();
  const missing = [];
  if (!which('rg')) missing.push('ripgrep (rg)');
  if (!existsSync('/usr/include/gssapi/gssapi.h') && !existsSync('/usr/include/krb5.h')) missing.push('libkrb5-dev');
  if (!which('c++') || !which('make')) missing.push('build-essential');
  if (!which('python3')) missing.push('python3');
  if (missing.length) {
    throw new Error(`code-server needs system packages: ${missing.join(', ')}; run: apt-get install -y libkrb5-dev ripgrep chromium build-essential python3`);
  }
  log(`installing code-server@${CODE_SERVER_VERSION} into ${CACHE} (one time, about a minute; log: ${join(CACHE, 'install.log')})`);
  rmSync(CACHE, { recursive: true, force: true });
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(join(CACHE, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }, null, 2));

  step(`npm install code-server@${CODE_SERVER_VERSION}`, 'npm', ['install', '--ignore-scripts', '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`]);
  step('npm install lib/vscode dependencies', 'npm', ['install', '--omit=dev', '--ignore-scripts'], { cwd: VSCODE });

  const rgDir = join(VSCODE, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgDir, { recursive: true });
  copyFileSync(which('rg'), join(rgDir, 'rg'));
  chmodSync(join(rgDir, 'rg'), 0o755);
  log(`copied ${which('rg')} to @vscode/ripgrep/bin/rg`);

  step('npm rebuild (native modules of lib/vscode)', 'npm', ['rebuild'], { cwd: VSCODE });
  const asar = join(VSCODE, 'node_modules.asar');
  try { lstatSync(asar); rmSync(asar, { force: true }); } catch { /* absent */ }
  symlinkSync('node_modules', asar);
  step('npm rebuild argon2', 'npm', ['rebuild', 'argon2']);

  // Smoke check: the entry point loads and prints its version.
  const out = execFileSync(process.execPath, [join(PKG, 'out', 'node', 'entry.js'), '--config', CONFIG, '--version'], { encoding: 'utf8' });
  log(`code-server --version: ${out.trim().split('\n').pop()}`);

  writeFileSync(MARKER, new Date().toISOString() + '\n');
  log(`installed in ${((Date.now() - t0) / 1000).toFixed(1)}s (VS Code ${vscodeVersion()})`);
  return info();
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((res) => {
    const req = get(url, (r) => { r.resume(); res(r.statusCode ?? 0); });
    req.on('error', () => res(0));
    req.setTimeout(2000, () => { req.destroy(); res(0); });
  });
}

function killTree(pid, signal) {
  // The server is started detached, so it leads its own process group: kill the group.
  try { process.kill(-pid, signal); } catch { /* already gone */ }
}

/**
 * Runs code-server with the given options once (`--install-extension` etc.) and waits for it.
 * Returns the combined output.
 */
export async function runCodeServerCli(args, { userDataDir, extensionsDir, env } = {}) {
  const { entry } = await ensureCodeServer();
  const full = [entry, '--config', CONFIG];
  if (userDataDir) full.push('--user-data-dir', userDataDir);
  if (extensionsDir) full.push('--extensions-dir', extensionsDir);
  full.push(...args);
  const r = spawnSync(process.execPath, full, { encoding: 'utf8', env: { ...process.env, ...env } });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) throw new Error(`code-server ${args.join(' ')} failed (exit ${r.status}):\n${out}`);
  return out;
}

/**
 * Starts code-server. Resolves with { url, port, logFile, stop() } once it answers HTTP.
 * @param {{ workspace?: string, userDataDir: string, extensionsDir: string,
 *           settings?: object, env?: Record<string,string>, trust?: boolean,
 *           logName?: string, extraArgs?: string[], port?: number }} o
 */
export async function startCodeServer(o) {
  const { entry } = await ensureCodeServer();
  const port = o.port ?? (await freePort());
  mkdirSync(join(o.userDataDir, 'User'), { recursive: true });
  mkdirSync(o.extensionsDir, { recursive: true });
  mkdirSync(RESULTS_DIR, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    // The extension opens its walkthrough on first use unless this is off: off for the tests.
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'security.workspace.trust.enabled': o.trust !== false ? false : true,
    ...o.settings,
  };
  writeFileSync(join(o.userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  const args = [
    entry,
    '--config', CONFIG,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir', o.userDataDir,
    '--extensions-dir', o.extensionsDir,
  ];
  if (o.trust !== false) args.push('--disable-workspace-trust');
  args.push(...(o.extraArgs ?? []));
  if (o.workspace) args.push(o.workspace);

  const logFile = join(RESULTS_DIR, `${o.logName ?? "code-server"}.log`);
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, ...o.env },
  });
  closeSync(fd);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) {
      throw new Error(`code-server exited (${exited.code ?? exited.signal}) before answering; log ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
    }
    const status = await httpStatus(`${url}/healthz`);
    if (status >= 200 && status < 500) break;
    if (Date.now() > deadline) {
      killTree(child.pid, 'SIGKILL');
      throw new Error(`code-server did not answer on ${url} within 60s; log ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (exited) return;
    const gone = new Promise((r) => child.once('exit', r));
    killTree(child.pid, 'SIGTERM');
    const t = setTimeout(() => killTree(child.pid, 'SIGKILL'), 5000);
    await gone;
    clearTimeout(t);
    // Extension hosts and other children share the process group; make sure none linger.
    killTree(child.pid, 'SIGKILL');
  };
  return { url, port, logFile, pid: child.pid, stop };
}

/** Chromium flags that avoid stalls on a closed network (see the recipe). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];

/** The Chromium binary, or null. */
export function chromiumPath() {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', which('chromium'), which('google-chrome')]) {
    if (p && existsSync(p)) return p;
  }
  return null;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  const i = await ensureCodeServer();
  console.log(`code-server ${i.codeServerVersion} (VS Code ${i.vscodeVersion}) ready in ${CACHE} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
}
