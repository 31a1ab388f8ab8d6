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

// 1. 1,000 runbooks, two corpora: copies of the bundled runbooks (long: about 10 KB each) and
// runbooks the size of the "New Runbook" template (a team's first runbooks: about 1.5 KB each).
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
const { benchLoad, templateRunbook } = require(benchOut);

function writeCorpus(name, textFor) {
  const dir = join(tmpdir(), `runbook-bench-${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < COUNT; i++) writeFileSync(join(dir, `rb-${i}.yaml`), textFor(i));
  const bytes = readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
  return { dir, bytes };
}
const bundledTexts = readdirSync(join(repo, 'runbooks'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => readFileSync(join(repo, 'runbooks', f), 'utf8'));
const corpora = [
  { label: 'template-sized runbooks', ...writeCorpus('small', (i) => templateRunbook(i)) },
  {
    label: 'copies of the bundled runbooks',
    ...writeCorpus('bundled', (i) => bundledTexts[i % bundledTexts.length].replace(/^id: (.+)$/m, `id: $1-${i}`)),
  },
];
for (const c of corpora) {
  c.result = await benchLoad(c.dir, RUNS);
  rmSync(c.dir, { recursive: true, force: true });
}

// 2. Sizes of what ships: always the minified production bundles.
execFileSync('node', ['scripts/build.mjs', '--production'], { stdio: 'inherit' });
const sizes = ['dist/extension.js', 'dist/webview.js', 'dist/cli.js', 'runbook-assistant.vsix']
  .filter((f) => existsSync(f))
  .map((f) => [f, statSync(f).size]);

// 3. Activation in the real VS Code (written by test/integration/library.test.ts).
const activationFile = 'test-results/activation.json';
const activation = existsSync(activationFile) ? JSON.parse(readFileSync(activationFile, 'utf8')) : undefined;

console.log(`\nRunbook Assistant benchmark (Node ${process.version}, ${RUNS} runs after a warm-up, medians)`);
for (const c of corpora) {
  const { ours, warm, peer, loaded, problems } = c.result;
  console.log(`\nLoad ${COUNT} ${c.label} (${kb(c.bytes)} of YAML; goal < 200 ms)`);
  console.log(`  ${'core loader (read, parse with positions, validate, duplicates)'.padEnd(66)} ${ours.medianMs.toFixed(1).padStart(7)} ms  (min ${ours.minMs.toFixed(1)})  ${loaded} runbooks, ${problems} problems`);
  console.log(`  ${'core loader, warm parse cache (a reload: read, hash, cached result)'.padEnd(66)} ${warm.medianMs.toFixed(1).padStart(7)} ms  (min ${warm.minMs.toFixed(1)})`);
  console.log(`  ${'peer: read + bare yaml.parse, no validation, no positions'.padEnd(66)} ${peer.medianMs.toFixed(1).padStart(7)} ms  (min ${peer.minMs.toFixed(1)})`);
  console.log(`  ratio ${(ours.medianMs / peer.medianMs).toFixed(2)}x the bare parse`);
}
console.log(`\nBundle sizes (production build)`);
for (const [f, size] of sizes) console.log(`  ${f.padEnd(30)} ${kb(size).padStart(10)}`);
console.log(`\nActivation in the real VS Code (goal < 50 ms)`);
if (activation) {
  console.log(`  VS Code ${activation.vscodeVersion}: module load + activate() ${activation.moduleAndActivateMs.toFixed(1)} ms, activate() alone ${activation.activateMs.toFixed(1)} ms;`);
  console.log(`  first load of ${activation.runbooks} runbooks after activation: ${activation.firstLoadMs?.toFixed(1)} ms (off the activation path)`);
} else {
  console.log(`  not measured yet: run \`npm test -- --integration\`, then \`npm run bench\` again`);
}
for (const c of corpora) {
  if (c.result.loaded !== COUNT || c.result.warmLoaded !== COUNT || c.result.problems !== 0) {
    console.error(`\n${c.label}: expected ${COUNT} runbooks and no problems, got ${c.result.loaded} and ${c.result.problems}`);
    process.exit(1);
  }
}
