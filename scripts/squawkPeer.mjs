// Squawk, the benchmark's peer: squawk-cli 2.66.0 from npm, whose platform binary ships inside an
// npm package (@squawk-cli/<platform>), no download. Installed on first use into the git-ignored
// .vscode-test/bench-peers, not as a dev dependency: registries that carry only some platforms'
// packages would break `npm ci`. Used by scripts/bench.mjs and scripts/bench-squawk.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const SQUAWK_PACKAGE = 'squawk-cli@2.66.0';

/** `{ bin, version }` when Squawk runs here, else `{ missing }` saying why. */
export function ensureSquawk(repo) {
  const peersDir = join(repo, '.vscode-test', 'bench-peers');
  const bin = join(peersDir, 'node_modules', '.bin', process.platform === 'win32' ? 'squawk.cmd' : 'squawk');
  if (!existsSync(bin)) {
    console.log(`installing ${SQUAWK_PACKAGE} into .vscode-test/bench-peers (the benchmark peer)…`);
    mkdirSync(peersDir, { recursive: true });
    spawnSync('npm', ['install', '--prefix', peersDir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', SQUAWK_PACKAGE], { stdio: 'inherit' });
  }
  if (!existsSync(bin)) return { missing: `not installed (npm install ${SQUAWK_PACKAGE} failed)` };
  const probe = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return { missing: `not installed (${(probe.error?.message ?? probe.stderr).split('\n')[0] || 'no binary for this platform'})` };
  return { bin, version: probe.stdout.trim() };
}
