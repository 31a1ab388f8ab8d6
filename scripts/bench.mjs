// `npm run bench`: the figures the README quotes, each next to its peer or goal.
//  1. Loading 1,000 runbooks with the core loader vs. bare `yaml.parse` of the same files.
//  2. Bundle sizes (dist/extension.js, dist/webview.js, dist/cli.js, the .vsix).
//  3. Activation time in the real VS Code, as recorded by the last integration run.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const COUNT = Number(process.env.BENCH_RUNBOOKS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const repo = process.cwd();

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

// 1. 1,000 runbooks: copies of the bundled ones with fresh ids.
const dir = join(tmpdir(), `runbook-bench-${process.pid}`);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const sources = readdirSync(join(repo, 'runbooks')).filter((f) => f.endsWith('.yaml'));
for (let i = 0; i < COUNT; i++) {
  const text = readFileSync(join(repo, 'runbooks', sources[i % sources.length]), 'utf8');
  writeFileSync(join(dir, `rb-${i}.yaml`), text.replace(/^id: (.+)$/m, `id: $1-${i}`));
}
const totalBytes = readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);

const benchOut = join(repo, 'out', 'bench', 'loadRunbooks.cjs');
await esbuild.build({
  entryPoints: ['test/bench/loadRunbooks.bench.ts'],
  outfile: benchOut,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  logLevel: 'warning',
});
const require = createRequire(import.meta.url);
const { benchLoad } = require(benchOut);
const load = await benchLoad(dir, RUNS);
rmSync(dir, { recursive: true, force: true });

// 2. Sizes of what ships: build production bundles unless they exist.
if (!existsSync('dist/extension.js') || process.argv.includes('--rebuild')) {
  execFileSync('node', ['scripts/build.mjs', '--production'], { stdio: 'inherit' });
}
const sizes = ['dist/extension.js', 'dist/webview.js', 'dist/cli.js', 'runbook-assistant.vsix']
  .filter((f) => existsSync(f))
  .map((f) => [f, statSync(f).size]);

// 3. Activation in the real VS Code (written by test/integration/library.test.ts).
const activationFile = 'test-results/integration/activation.json';
const activation = existsSync(activationFile) ? JSON.parse(readFileSync(activationFile, 'utf8')) : undefined;

const ratio = load.ours.medianMs / load.peer.medianMs;
console.log(`\nRunbook Assistant benchmark (Node ${process.version}, ${RUNS} runs after a warm-up, medians)\n`);
console.log(`Load ${COUNT} runbooks (${kb(totalBytes)} of YAML; goal < 200 ms)`);
console.log(`  ${'core loader (read, parse with positions, validate, duplicates)'.padEnd(66)} ${load.ours.medianMs.toFixed(1).padStart(7)} ms  (min ${load.ours.minMs.toFixed(1)})  ${load.loaded} runbooks, ${load.problems} problems`);
console.log(`  ${'peer: read + bare yaml.parse, no validation, no positions'.padEnd(66)} ${load.peer.medianMs.toFixed(1).padStart(7)} ms  (min ${load.peer.minMs.toFixed(1)})`);
console.log(`  ratio ${ratio.toFixed(2)}x the bare parse`);
console.log(`\nBundle sizes (production build)`);
for (const [f, size] of sizes) console.log(`  ${f.padEnd(30)} ${kb(size).padStart(10)}`);
console.log(`\nActivation in the real VS Code (goal < 50 ms)`);
if (activation) {
  console.log(`  VS Code ${activation.vscodeVersion}: module load + activate() ${activation.moduleAndActivateMs.toFixed(1)} ms, activate() alone ${activation.activateMs.toFixed(1)} ms;`);
  console.log(`  first load of ${activation.runbooks} runbooks after activation: ${activation.firstLoadMs?.toFixed(1)} ms (off the activation path)`);
} else {
  console.log(`  not measured yet: run \`npm test -- --integration\`, then \`npm run bench\` again`);
}
if (load.loaded !== COUNT) {
  console.error(`\nexpected ${COUNT} runbooks, loaded ${load.loaded}`);
  process.exit(1);
}
