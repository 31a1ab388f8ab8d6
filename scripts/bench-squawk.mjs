// `npm run bench:squawk` (also `BENCH_ONLY=squawk npm run bench`, and a section of the whole
// `npm run bench`): both tools on every case of the labelled set in
// test/fixtures/squawk-comparison/, Squawk's result and ours per case, and the totals side by side.
// Each tool runs once over the whole set as a process (`runbook lint --format json`, `squawk
// --reporter json`); a case is flagged by a tool when any of its rules within our scope fires.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureSquawk } from './squawkPeer.mjs';

/** Runs the comparison from the repository root `repo` (dist/cli.js must be built); returns the report's text. */
export async function runSquawkComparison(repo) {
  const outfile = join(repo, 'out', 'bench', 'squawkComparison.cjs');
  await esbuild.build({ entryPoints: [join(repo, 'test', 'bench', 'squawkComparison.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
  const cmp = createRequire(import.meta.url)(outfile);
  const casesDir = join(repo, 'test', 'fixtures', 'squawk-comparison');
  const cases = cmp.readCases(casesDir);
  const files = cases.map((c) => c.file);

  const ourRun = spawnSync(process.execPath, [join(repo, 'dist', 'cli.js'), 'lint', '--format', 'json', ...files], { cwd: casesDir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ours = cmp.resultsByFile(JSON.parse(ourRun.stdout).findings, cmp.ourRuleInScope);

  const peer = ensureSquawk(repo);
  let squawk;
  let squawkName = 'squawk';
  if (peer.bin) {
    squawkName = peer.version;
    // require-timeout-settings is opt-in; within our scope, so it is included.
    const run = spawnSync(peer.bin, ['--reporter', 'json', '--include', 'require-timeout-settings', ...files], { cwd: casesDir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const start = run.stdout.indexOf('[');
    const violations = start >= 0 ? JSON.parse(run.stdout.slice(start)) : [];
    squawk = cmp.resultsByFile(violations.map((v) => ({ file: v.file, rule: v.rule_name })), cmp.squawkRuleInScope);
  }
  const report = cmp.formatReport(cases, squawk, ours, squawkName);
  return peer.bin ? report : `${report}\n  squawk: ${peer.missing}`;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const repo = process.cwd();
  spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repo, stdio: 'inherit' });
  console.log(`\nSquawk comparison (test/fixtures/squawk-comparison/)\n${await runSquawkComparison(repo)}`);
}
