// `npm run bench`: the figures the README quotes, each next to its peer or goal.
//  1. Loading 1,000 runbooks with the core loader vs. bare `yaml.parse` of the same files.
//  2. Bundle sizes (dist/extension.js, dist/webview.js, dist/cli.js, the .vsix).
//  3. Activation time in the real VS Code, as recorded by the last integration run.
//  4. The linter against Squawk.
//  5. The command assessment (destructive/readable) over the unit tests' table, next to the
//     hand-written assessor it replaced, and the shell parser's bytes in dist/extension-core.js.
//  6. The search ("Find Runbook for Alert…", the view's filter, `runbook search`): top-1/top-3 on
//     the alert evaluation set next to the old substring filter, and the index's build time.
import * as esbuild from 'esbuild';
import { compiledSchemas } from './compiledSchemas.mjs';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { ensureSquawk } from './squawkPeer.mjs';
import { runSquawkComparison } from './bench-squawk.mjs';

const COUNT = Number(process.env.BENCH_RUNBOOKS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const repo = process.cwd();
// BENCH_ONLY=lint runs only section 4 (the linter), on the production build.
const lintOnly = process.env.BENCH_ONLY === 'lint';
// BENCH_ONLY=commands runs only section 5 (the command assessment), on the production build.
const commandsOnly = process.env.BENCH_ONLY === 'commands';
// BENCH_ONLY=library runs only sections 1 to 3 (loading runbooks, sizes, activation and the library in VS Code).
const libraryOnly = process.env.BENCH_ONLY === 'library';
// BENCH_ONLY=squawk runs only the comparison with Squawk on the labelled cases (also `npm run bench:squawk`).
if (process.env.BENCH_ONLY === 'squawk') {
  execFileSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
  console.log(`\nSquawk comparison (test/fixtures/squawk-comparison/)\n${await runSquawkComparison(repo)}`);
  process.exit(0);
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

// 1. 1,000 runbooks, two corpora: copies of the bundled runbooks (long: about 10 KB each) and
// runbooks the size of the "New Runbook" template (a team's first runbooks: about 1.5 KB each).
const require = createRequire(import.meta.url);
/** Bundles a benchmark entry (TypeScript, using the core) and loads it. */
async function loadBench(entry, name) {
  const outfile = join(repo, 'out', 'bench', name);
  await esbuild.build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, logLevel: 'warning', plugins: [compiledSchemas] });
  return require(outfile);
}
// 6. The search, first (BENCH_ONLY=search runs only this): quality on test/fixtures/search/alerts.yaml,
// ours next to the substring filter the view had before, and the cost of the index.
{
  const { benchSearch } = await loadBench('test/bench/search.bench.ts', 'search.cjs');
  const s = await benchSearch(repo, RUNS);
  const row = (label, q) => console.log(`  ${label.padEnd(58)} top-1 ${String(q.top1).padStart(2)}/${q.total} (${Math.round((100 * q.top1) / q.total)}%)  top-3 ${String(q.top3).padStart(2)}/${q.total} (${Math.round((100 * q.top3) / q.total)}%)`);
  console.log(`\nFind the runbook from an alert: ${s.alerts} alert texts and chat lines over the ${s.runbooks} bundled runbooks`);
  row('search engine (MiniSearch, stems, aliases)', s.ours);
  row('search engine, the runbooks\' aliases left out', s.withoutAliases);
  row('peer: the old substring filter (every word, title order)', s.substring);
  console.log(`  held out (${s.heldOut} written after tuning, never tuned on):`);
  row('search engine', s.oursHeldOut);
  row('peer: the old substring filter', s.substringHeldOut);
  for (const m of s.ours.misses) console.log(`  miss: "${m.query}" → ${m.got.join(', ') || 'nothing'} (expected ${m.expect})`);
  console.log(`  index build (goal < 200 ms for 1,000): the ${s.runbooks} bundled runbooks ${s.buildBundled.medianMs.toFixed(2)} ms (min ${s.buildBundled.minMs.toFixed(2)})`);
  console.log(`    1,000 template-sized runbooks (1.5 KB) ${s.build1000Small.medianMs.toFixed(1)} ms (min ${s.build1000Small.minMs.toFixed(1)}); 1,000 copies of the bundled ones (10 KB) ${s.build1000.medianMs.toFixed(1)} ms (min ${s.build1000.minMs.toFixed(1)})`);
  console.log(`  one search over 1,000 runbooks: ${s.query1000.medianMs.toFixed(2)} ms (min ${s.query1000.minMs.toFixed(2)})`);
  if (process.env.BENCH_ONLY === 'search') process.exit(process.exitCode ?? 0);
}

if (!lintOnly && !commandsOnly) {
const { benchLoad, templateRunbook } = await loadBench('test/bench/loadRunbooks.bench.ts', 'loadRunbooks.cjs');

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

// Hostile runbook files: how fast `runbook validate` (the whole process) rejects each one.
const hostileDir = join(tmpdir(), `runbook-bench-hostile-${process.pid}`);
mkdirSync(hostileDir, { recursive: true });
const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
for (const [prev, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f'], ['f', 'g'], ['g', 'h'], ['h', 'i']]) {
  laughs.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
}
const hostile = {
  'alias bomb (billion laughs)': laughs.join('\n') + '\n',
  '10,000-deep nested flow sequence': `id: deep\ntitle: Deep\nsymptom: x\nphases: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
  'truncated runbook': readFileSync(join(repo, 'runbooks', 'session-logout-30s.yaml'), 'utf8').slice(0, 700),
};
const hostileTimes = [];
execFileSync('node', ['scripts/build.mjs'], { stdio: 'inherit' }); // dist/cli.js for the timing below
for (const [label, text] of Object.entries(hostile)) {
  const file = join(hostileDir, `${label.replace(/[^a-z0-9]+/gi, '-')}.yaml`);
  writeFileSync(file, text);
  const t0 = performance.now();
  let out = '';
  try {
    execFileSync('node', ['dist/cli.js', 'validate', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = String(e.stdout).split('\n')[0];
  }
  hostileTimes.push([label, performance.now() - t0, out.slice(file.length)]);
}
rmSync(hostileDir, { recursive: true, force: true });

// 2. Sizes of what ships: always the minified production bundles.
execFileSync('node', ['scripts/build.mjs', '--production'], { stdio: 'inherit' });
const sizes = ['dist/extension.js', 'dist/extension-core.js', 'dist/webview.js', 'dist/cli.js', 'dist/cli-runbooks.js', 'dist/cli-incident.js', 'dist/cli-tables.js', 'dist/cli-yaml.js', 'dist/shell-parser.js', 'runbook-assistant.vsix']
  .filter((f) => existsSync(f))
  .map((f) => [f, statSync(f).size]);

// Reading + compiling + evaluating dist/extension.js in a fresh Node process, median of 9.
const requireTimes = Array.from({ length: 9 }, () =>
  Number(execFileSync('node', ['test/bench/requireExtension.cjs', join(repo, 'dist', 'extension.js')], { encoding: 'utf8' })),
).sort((a, b) => a - b);
const requireMs = requireTimes[4];

// 3. Activation and the library's first load in the real VS Code: the bench runs the measuring
// test (test/integration/library.test.ts, which writes test-results/activation.json) a few times
// on the production bundles and prints the medians. BENCH_VSCODE_RUNS=0 prints the last run's file.
const activationFile = 'test-results/activation.json';
const VSCODE_RUNS = Number(process.env.BENCH_VSCODE_RUNS ?? 3);
const activationRuns = [];
if (VSCODE_RUNS > 0) {
  execFileSync('node', ['scripts/build.mjs', '--production', '--tests'], { stdio: 'inherit' });
  for (let i = 0; i < VSCODE_RUNS; i++) {
    rmSync(activationFile, { force: true });
    try {
      execFileSync('node', ['scripts/run-integration.mjs', '--no-build', '--pass', 'trusted', '--grep', 'activation is timed'], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      console.error(`the measuring run in VS Code failed: ${String(e.stdout ?? e.message).split('\n').slice(-5).join('\n')}`);
    }
    if (existsSync(activationFile)) activationRuns.push(JSON.parse(readFileSync(activationFile, 'utf8')));
  }
} else if (existsSync(activationFile)) {
  activationRuns.push(JSON.parse(readFileSync(activationFile, 'utf8')));
}
const medianOf = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : undefined);
const activation = activationRuns.length
  ? Object.fromEntries(
      Object.keys(activationRuns[0]).map((k) => [k, typeof activationRuns[0][k] === 'number' ? medianOf(activationRuns.map((r) => r[k]).filter((v) => typeof v === 'number')) : activationRuns[0][k]]),
    )
  : undefined;

console.log(`\nRunbook Assistant benchmark (Node ${process.version}, ${RUNS} runs after a warm-up, medians)`);
for (const c of corpora) {
  const { ours, warm, peer, loaded, problems, headers, listed, headerParsedFiles } = c.result;
  console.log(`\nLoad ${COUNT} ${c.label} (${kb(c.bytes)} of YAML; goal < 200 ms)`);
  console.log(`  ${'listed for the tree, cold (read, header of each file; no cache)'.padEnd(66)} ${headers.medianMs.toFixed(1).padStart(7)} ms  (min ${headers.minMs.toFixed(1)}; first run in this process ${headers.firstMs.toFixed(1)})  ${listed} runbooks, ${headerParsedFiles} files parsed instead`);
  console.log(`  ${'full load, cold (read, parse with positions, validate, duplicates)'.padEnd(66)} ${ours.medianMs.toFixed(1).padStart(7)} ms  (min ${ours.minMs.toFixed(1)})  ${loaded} runbooks, ${problems} problems`);
  console.log(`  ${'core loader, warm parse cache (a reload: read, hash, cached result)'.padEnd(66)} ${warm.medianMs.toFixed(1).padStart(7)} ms  (min ${warm.minMs.toFixed(1)})`);
  console.log(`  ${'peer: read + bare yaml.parse, no validation, no positions'.padEnd(66)} ${peer.medianMs.toFixed(1).padStart(7)} ms  (min ${peer.minMs.toFixed(1)})`);
  console.log(`  ratio ${(ours.medianMs / peer.medianMs).toFixed(2)}x the bare parse`);
}
console.log(`\nHostile files rejected by \`runbook validate\` (whole process, Node start-up included; goal well under 1 s)`);
for (const [label, ms, first] of hostileTimes) console.log(`  ${label.padEnd(36)} ${ms.toFixed(0).padStart(6)} ms  ${first}`);
console.log(`\nBundle sizes (production build)`);
for (const [f, size] of sizes) console.log(`  ${f.padEnd(30)} ${kb(size).padStart(10)}`);
console.log(`\nActivation (goal < 50 ms)`);
console.log(`  require('dist/extension.js') in a fresh Node process (read, compile, evaluate): ${requireMs.toFixed(1)} ms (median of 9)`);
if (activation) {
  const ms = (v) => (typeof v === 'number' ? `${v.toFixed(1)} ms` : 'not measured');
  console.log(`  VS Code ${activation.vscodeVersion} (median of ${activationRuns.length} window${activationRuns.length === 1 ? '' : 's'}): evaluating dist/extension.js ${ms(activation.moduleLoadMs)} + activate() ${ms(activation.activateMs)} = ${ms(activation.totalMs)}`);
  console.log(`\nThe Runbook Library after activation, ${activation.runbooks} runbooks (bundled + the test workspace's; goal: listed < 100 ms)`);
  console.log(`  bundled runbooks listed for the tree (inside activate(), from dist/bundled-runbooks.json):  ${ms(activation.firstListedMs)}`);
  console.log(`  the host busy with the window's start-up: this extension's first asynchronous turn at      ${ms(activation.hostBusyMs)}`);
  console.log(`  + the workspace's top-level .runbooks/ listed, by their headers:                          ${ms(activation.listedMs)}`);
  console.log(`  every source searched and listed (findFiles over the workspace, runbookPaths):          ${ms(activation.searchedMs)}`);
  console.log(`  the view open, given its runbooks (only when the view was open at start-up):             ${ms(activation.treeShownMs)}`);
  console.log(`  every runbook fully parsed, diagnostics published (in the background):                  ${ms(activation.firstLoadMs)}`);
} else {
  console.log(`  not measured yet: run \`npm test -- --integration\`, then \`npm run bench\` again`);
}
for (const c of corpora) {
  if (c.result.loaded !== COUNT || c.result.warmLoaded !== COUNT || c.result.listed !== COUNT || c.result.problems !== 0) {
    console.error(`\n${c.label}: expected ${COUNT} runbooks and no problems, got ${c.result.loaded} and ${c.result.problems}`);
    process.exit(1);
  }
}

} else {
  execFileSync('node', ['scripts/build.mjs', '--production'], { stdio: 'inherit' });
}

// 4. The linter. Whole process, `runbook lint --format json` vs Squawk (`squawk --reporter json`,
// squawk-cli from npm) on the same generated 80,000-line PostgreSQL migration, and the
// in-editor cost: one in-process lint of a 5,000-line migration and a 2,000-line properties file.
if (!commandsOnly && !libraryOnly) {
  const LINT_RUNS = Number(process.env.BENCH_LINT_RUNS ?? 7);
  const { generateMigration, generateProperties, benchLint, WARM_UP_RUNS } = await loadBench('test/bench/lint.bench.ts', 'lint.cjs');
  const migration = generateMigration(80_000);
  const benchDir = join(tmpdir(), `runbook-bench-lint-${process.pid}`);
  rmSync(benchDir, { recursive: true, force: true });
  mkdirSync(benchDir, { recursive: true });
  const sqlFile = join(benchDir, 'V100__big_migration.sql');
  writeFileSync(sqlFile, migration.text);
  const sqlBytes = statSync(sqlFile).size;

  const { spawnSync } = await import('node:child_process');
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  // Squawk (scripts/squawkPeer.mjs): installed on first use into the git-ignored .vscode-test/.
  const peer = ensureSquawk(repo);
  const squawkBin = peer.bin;
  const squawkVersion = peer.version;
  const squawkMissing = peer.missing ?? '';

  // Both tools run in the same environment, without NODE_EXTRA_CA_CERTS: Node reads and parses
  // that CA bundle at every start-up, before any script runs (this machine sets it: about 40 ms
  // per process here), and it is not part of linting. The run with the environment as it is, is
  // measured and printed too.
  const caBundle = process.env.NODE_EXTRA_CA_CERTS;
  const cleanEnv = { ...process.env };
  delete cleanEnv.NODE_EXTRA_CA_CERTS;
  const ourArgs = [join(repo, 'dist', 'cli.js'), 'lint', '--format', 'json', sqlFile];
  const commands = [
    { name: 'ours', cmd: process.execPath, args: ourArgs, env: cleanEnv },
    ...(squawkVersion ? [{ name: 'squawk', cmd: squawkBin, args: ['--reporter', 'json', sqlFile], env: cleanEnv }] : []),
    ...(caBundle ? [{ name: 'oursWithCa', cmd: process.execPath, args: ourArgs, env: process.env }] : []),
    { name: 'nodeStart', cmd: process.execPath, args: ['-e', '0'], env: cleanEnv },
    ...(caBundle ? [{ name: 'nodeStartWithCa', cmd: process.execPath, args: ['-e', '0'], env: process.env }] : []),
  ];
  // Interleaved, one run of each per round: a slow spell of a shared machine hits them all alike.
  const timings = Object.fromEntries(commands.map((c) => [c.name, { times: [], run: undefined }]));
  for (let i = 0; i < LINT_RUNS; i++) {
    for (const c of commands) {
      const t = timings[c.name];
      if (t.run?.error) continue;
      const t0 = performance.now();
      // Output kept as bytes: decoding it into a string is the benchmark's work, not the tool's.
      t.run = spawnSync(c.cmd, c.args, { cwd: benchDir, env: c.env, maxBuffer: 1024 * 1024 * 1024 });
      t.times.push(performance.now() - t0);
    }
  }
  const figure = (name) => timings[name] && timings[name].times.length ? { ms: median(timings[name].times), min: Math.min(...timings[name].times), run: timings[name].run } : undefined;
  const ours = figure('ours');
  let ourIndexFindings = -1;
  let ourError = '';
  try {
    ourIndexFindings = JSON.parse(ours.run.stdout.toString('utf8')).findings.filter((f) => f.rule === 'index-without-concurrently').length;
  } catch (e) {
    ourError = `${ours.run.stderr?.toString('utf8') || e.message}`.split('\n')[0];
  }
  const squawk = squawkVersion ? { version: squawkVersion, ...figure('squawk') } : undefined;
  let squawkIndexFindings = -1;
  if (squawk) {
    try {
      squawkIndexFindings = JSON.parse(squawk.run.stdout.toString('utf8')).filter((v) => v.rule_name === 'require-concurrent-index-creation').length;
    } catch {
      squawkIndexFindings = -1;
    }
  }

  const editorMigration = generateMigration(5_000).text;
  const editorProperties = generateProperties(2_000);
  const inSql = benchLint(editorMigration, 'V5__migration.sql', 51);
  const inProps = benchLint(editorProperties, 'application.properties', 51);
  rmSync(benchDir, { recursive: true, force: true });

  const mb = (b) => `${(b / (1024 * 1024)).toFixed(1)} MB`;
  console.log(`\nLint a generated PostgreSQL migration: ${migration.lines.toLocaleString('en')} lines, ${mb(sqlBytes)}, ${migration.blockingIndexes} CREATE INDEX without CONCURRENTLY (whole process, median of ${LINT_RUNS} interleaved runs; goal: at most 1/5 of Squawk's time)`);
  console.log(`  ${'runbook lint --format json'.padEnd(40)} ${(ours.ms / 1000).toFixed(3).padStart(7)} s  (min ${(ours.min / 1000).toFixed(3)})  ${ourError ? `failed: ${ourError}` : `index-without-concurrently: ${ourIndexFindings} of ${migration.blockingIndexes}`}`);
  if (squawk) {
    console.log(`  ${`${squawk.version} --reporter json`.padEnd(40)} ${(squawk.ms / 1000).toFixed(3).padStart(7)} s  (min ${(squawk.min / 1000).toFixed(3)})  require-concurrent-index-creation: ${squawkIndexFindings}`);
    console.log(`  ratio ${(ours.ms / squawk.ms).toFixed(3)} of Squawk's time (${(squawk.ms / ours.ms).toFixed(1)}x faster)`);
  } else {
    console.log(`  squawk: ${squawkMissing}`);
  }
  const nodeStart = figure('nodeStart');
  const withCa = figure('oursWithCa');
  if (withCa) {
    const nodeStartWithCa = figure('nodeStartWithCa');
    console.log(`  (both without NODE_EXTRA_CA_CERTS, which this machine sets: \`node -e 0\` takes ${nodeStartWithCa.ms.toFixed(0)} ms with it, ${nodeStart.ms.toFixed(0)} ms without.`);
    console.log(`   With it, runbook lint took ${(withCa.ms / 1000).toFixed(3)} s (min ${(withCa.min / 1000).toFixed(3)})${squawk ? `: ratio ${(withCa.ms / squawk.ms).toFixed(3)}` : ''}.)`);
  } else {
    console.log(`  (\`node -e 0\` takes ${nodeStart.ms.toFixed(0)} ms here: Node's own start-up, in the figure above.)`);
  }
  console.log(`\nLint in-process, as the editor does (median of 51 runs after ${WARM_UP_RUNS} untimed ones; goal < 5 ms each; the first lint of a process, before V8 has compiled anything, in brackets)`);
  console.log(`  ${'5,000-line migration'.padEnd(40)} ${inSql.medianMs.toFixed(2).padStart(7)} ms  (min ${inSql.minMs.toFixed(2)}; first ${inSql.firstMs.toFixed(1)})  ${inSql.findings} findings`);
  console.log(`  ${'2,000-line application.properties'.padEnd(40)} ${inProps.medianMs.toFixed(2).padStart(7)} ms  (min ${inProps.minMs.toFixed(2)}; first ${inProps.firstMs.toFixed(1)})  ${inProps.findings} findings`);
  if (ourError || ourIndexFindings !== migration.blockingIndexes) {
    console.error(`\nrunbook lint found ${ourIndexFindings} of ${migration.blockingIndexes} CREATE INDEX without CONCURRENTLY${ourError ? ` (${ourError})` : ''}`);
    process.exitCode = 1;
  }
  // 4b. What each tool finds: the labelled cases of test/fixtures/squawk-comparison/.
  console.log(`\nSquawk comparison on the labelled migration cases (test/fixtures/squawk-comparison/)\n${await runSquawkComparison(repo)}`);
}

// 5. The command assessment: cost per command of assessCommand over the unit tests' table
// (test/unit/destructiveCases.ts), next to the hand-written assessor it replaced, the one-time
// cost of loading the shell parser, and the parser's share of dist/extension-core.js.
if (!lintOnly && !libraryOnly) {
  const RUNS_COMMANDS = Number(process.env.BENCH_COMMAND_RUNS ?? 21);
  const { benchCommands } = await loadBench('test/bench/commands.bench.ts', 'commands.cjs');
  const r = benchCommands(RUNS_COMMANDS);
  // The parser is its own bundle (dist/shell-parser.js, see scripts/build.mjs): what it adds to
  // dist/extension-core.js is only the require.
  const meta = await esbuild.build({ entryPoints: ['src/extension/lazyBundle.ts'], bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, write: false, metafile: true, logLevel: 'silent', external: ['vscode', './db.js', './shell-parser.js', 'pg-native', 'pg-cloudflare', 'cloudflare:sockets'], define: { __RUNBOOK_HOMEPAGE__: '""' }, plugins: [{ name: 'shell-parser-chunk', setup(b) { b.onResolve({ filter: /^mvdan-sh$/ }, () => ({ path: './shell-parser.js', external: true })); } }] });
  const out = Object.values(meta.metafile.outputs)[0];
  const commandsBytes = Object.entries(out.inputs).filter(([f]) => f.startsWith('src/core/commands/')).reduce((n, [, v]) => n + v.bytesInOutput, 0);
  const parserSize = existsSync('dist/shell-parser.js') ? statSync('dist/shell-parser.js').size : 0;
  const coreSize = existsSync('dist/extension-core.js') ? statSync('dist/extension-core.js').size : out.bytes;
  // Loading the parser in a fresh process: what the first shell assessment of a session pays.
  const loadTimes = Array.from({ length: 5 }, () =>
    Number(execFileSync('node', ['-e', "const t=performance.now();require('./dist/shell-parser.js');process.stdout.write(String(performance.now()-t))"], { encoding: 'utf8' })),
  ).sort((a, b) => a - b);
  console.log(`\nCommand assessment over the table of ${r.cases} commands (${r.shellCases} shell; median of ${RUNS_COMMANDS} runs per command)`);
  console.log(`  ${'assessCommand (mvdan-sh parser, wrappers, SQL/Redis readers)'.padEnd(62)} ${r.ours.medianUs.toFixed(1).padStart(7)} µs  (min ${r.ours.minUs.toFixed(1)})  verdicts matching the table: ${r.ours.agree}/${r.cases}`);
  console.log(`  ${'peer: the hand-written assessor it replaced'.padEnd(62)} ${r.old.medianUs.toFixed(1).padStart(7)} µs  (min ${r.old.minUs.toFixed(1)})  verdicts matching the table: ${r.old.agree}/${r.cases}`);
  console.log(`  first shell assessment in this process (loads the parser): ${r.firstMs.toFixed(1)} ms; require('dist/shell-parser.js') in a fresh process: ${loadTimes[2].toFixed(1)} ms (median of 5)`);
  console.log(`  dist/shell-parser.js (mvdan-sh, loaded on the first shell assessment): ${kb(parserSize)}; the readers in src/core/commands/: ${kb(commandsBytes)} of dist/extension-core.js (${kb(coreSize)})`);
  if (r.ours.agree !== r.cases) {
    console.error(`\nassessCommand disagrees with the table on ${r.cases - r.ours.agree} commands`);
    process.exitCode = 1;
  }
}
