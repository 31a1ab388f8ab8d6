// `npm start`: build, then open a fresh copy of the demo workspace (in a temporary folder, each
// run: the tracked demo-workspace/ is never edited) with the extension in development mode.
//   - a desktop VS Code (`code` on PATH): `code --extensionDevelopmentPath=<repo> <copy>`
//   - otherwise (or with --browser): VS Code 1.100.3 in code-server on http://127.0.0.1:PORT, the
//     extension loaded from this folder (extensionDevelopmentPath in the `payload` URL parameter);
//     open the printed URL in a browser. Runs until Ctrl+C.
// Options: --browser (use code-server even if `code` exists), --port N, --no-watch (no esbuild
// watch; by default sources are rebuilt on change: reload the window to pick them up),
// --theme dark.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { freshDemoWorkspace } from './demoWorkspace.mjs';
import { REPO, ensureCodeServer, startCodeServer } from './vscode-server.mjs';

const argv = process.argv.slice(2);
const opt = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const port = opt('--port') === undefined ? undefined : Number(opt('--port'));
if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
  console.error(`--port needs a port number (1–65535), got ${JSON.stringify(opt('--port') ?? '')}`);
  process.exit(2);
}

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const { workspace: demo, remove: removeDemo } = freshDemoWorkspace(join(REPO, 'demo-workspace'));
console.log(`Demo workspace: a fresh copy of demo-workspace/ in ${demo}`);

const code = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).stdout.trim();
if (code && !argv.includes('--browser')) {
  console.log(`Starting ${code} with the extension in development mode on ${demo}`);
  const r = spawnSync(code, [`--extensionDevelopmentPath=${REPO}`, demo], { stdio: 'inherit' });
  process.exit(r.status ?? 0);
}

const watch = argv.includes('--no-watch')
  ? null
  : spawn(process.execPath, ['scripts/build.mjs', '--watch'], { cwd: REPO, stdio: 'inherit' });

const info = await ensureCodeServer();
const server = await startCodeServer({
  workspace: demo,
  userDataDir: join(REPO, '.vscode-test', 'start', 'user-data'),
  extensionsDir: join(REPO, '.vscode-test', 'start', 'extensions'),
  settings: {
    ...(opt('--theme') === 'dark' ? { 'workbench.colorTheme': 'Default Dark Modern' } : {}),
    // The walkthrough opens on the first start of this user data folder, as for a new user.
    'workbench.welcomePage.walkthroughs.openOnInstall': true,
  },
  trust: true,
  logName: 'start-code-server',
  port,
});
const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${REPO}`]];
const url = `${server.url}/?folder=${encodeURIComponent(demo)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
console.log(`
VS Code ${info.vscodeVersion} (code-server ${info.codeServerVersion}) is running with Runbook Assistant in development mode.
Open in a browser:

  ${url}

(the window title shows "[Extension Development Host]"; server log: ${server.logFile})
Press Ctrl+C to stop.`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  watch?.kill('SIGTERM');
  await server.stop();
  removeDemo();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
await new Promise(() => {});
