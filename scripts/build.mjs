// One build script for every bundle. `--watch` rebuilds on change, `--production` minifies
// and drops source maps (what `npm run package` ships), `--tests` also bundles the test tiers.
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync, rmSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compiledSchemas } from './compiledSchemas.mjs';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const withTests = args.has('--tests');

const common = {
  bundle: true,
  // Minified in development too (with source maps): the tests then load, and time, what ships.
  minify: true,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
// package.json's homepage, for the CLI's SARIF rule links (the bundles import only `version` from it).
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', define: { __RUNBOOK_HOMEPAGE__: JSON.stringify(manifest.homepage ?? '') } };

// Optional parts of the pg driver that are never used: the native libpq binding, Cloudflare sockets.
const DB_OPTIONAL = ['pg-native', 'pg-cloudflare', 'cloudflare:sockets'];

/**
 * The database drivers (pg, mysql2) live in dist/db.js, required only when a database is
 * configured: src/db/load.ts's `import('./client')` becomes `require('./db.js')` in the shipped
 * bundles, so `runbook lint` and activation never read them otherwise.
 */
const dbBundleExternal = {
  name: 'db-bundle-external',
  setup(build) {
    build.onResolve({ filter: /^\.\/client$/ }, (args) =>
      /[\\/]src[\\/]db[\\/]load\.ts$/.test(args.importer) ? { path: './db.js', external: true } : undefined,
    );
  },
};

/**
 * The shell parser (mvdan-sh, 1.3 MB) is dist/shell-parser.js, required by
 * src/core/commands/shellSyntax.ts on the first shell assessment: loading the extension's core
 * or the CLI does not compile it. In the test bundles it is an ordinary import.
 */
const shellParserChunk = {
  name: 'shell-parser-chunk',
  setup(build) {
    build.onResolve({ filter: /^mvdan-sh$/ }, (args) =>
      /[\\/]src[\\/]core[\\/]commands[\\/]shellSyntax\.ts$/.test(args.importer) ? { path: './shell-parser.js', external: true } : undefined,
    );
  },
};

/**
 * In the CLI bundles: `yaml`, the runbook commands' modules, and the incident and tables commands
 * are required from their own bundles, on first use.
 */
const cliChunks = {
  name: 'cli-chunks',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: './cli-yaml.js', external: true }));
    build.onResolve({ filter: /^\.\/runbookCommands$/ }, () => ({ path: './cli-runbooks.js', external: true }));
    build.onResolve({ filter: /^\.\/(incident|tables)$/ }, (args) =>
      /[\\/]src[\\/]cli[\\/]main\.ts$/.test(args.importer) ? { path: `./cli-${args.path.slice(2)}.js`, external: true } : undefined,
    );
  },
};

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    ...node,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    // The heavy half is its own bundle, required on first use (src/extension/loadLazyBundle.ts).
    external: ['vscode', './extension-core.js'],
    // The first statement of the bundle: activation time then includes loading the module.
    banner: { js: 'var __runbookAssistantModuleStart = performance.now();' },
    // ...and its last: what the module's own evaluation costs, apart from the host's work
    // between loading the module and calling activate().
    footer: { js: 'var __runbookAssistantModuleEnd = performance.now();' },
    // Cached parse results are only trusted from the same build of the parsers.
    define: { ...node.define, __RUNBOOK_ASSISTANT_BUILD__: JSON.stringify(new Date().toISOString()) },
  },
  { ...node, entryPoints: ['src/extension/lazyBundle.ts'], outfile: 'dist/extension-core.js', plugins: [dbBundleExternal, shellParserChunk] },
  // The CLI in bundles, so `runbook lint` reads and compiles only what linting needs: dist/cli.js
  // (arguments, lint engine, reports), dist/cli-runbooks.js (list/validate/show: their commands, the loader,
  // marked, sanitize-html), dist/cli-incident.js, dist/cli-tables.js, and dist/cli-yaml.js (yaml,
  // for YAML files and .runbooklint.yaml).
  {
    ...node,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [dbBundleExternal, cliChunks, shellParserChunk],
    supported: { 'dynamic-import': false },
  },
  { ...node, entryPoints: ['src/cli/runbookCommands.ts'], outfile: 'dist/cli-runbooks.js', plugins: [dbBundleExternal, cliChunks, shellParserChunk] },
  { ...node, entryPoints: ['src/cli/incident.ts'], outfile: 'dist/cli-incident.js', plugins: [dbBundleExternal, cliChunks, shellParserChunk] },
  { ...node, entryPoints: ['src/cli/tables.ts'], outfile: 'dist/cli-tables.js', plugins: [dbBundleExternal, cliChunks, shellParserChunk] },
  { ...node, entryPoints: ['yaml'], outfile: 'dist/cli-yaml.js' },
  { ...node, entryPoints: ['mvdan-sh'], outfile: 'dist/shell-parser.js' },
  { ...node, entryPoints: ['src/db/client.ts'], outfile: 'dist/db.js', external: DB_OPTIONAL },
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
  },
];

function testEntries(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts') || f === 'index.ts' || f.endsWith('.run.ts'))
    .map((f) => join(dir, f));
}

if (withTests) {
  // Mocha's parallel mode resolves files at run time; the bundled tests never use it.
  const testNode = { ...node, sourcemap: 'inline', minify: false, logOverride: { 'require-resolve-not-external': 'silent' } };
  builds.push(
    { ...testNode, entryPoints: testEntries('test/unit'), outdir: 'out/test/unit', external: ['vscode', ...DB_OPTIONAL] },
    { ...testNode, entryPoints: testEntries('test/integration'), outdir: 'out/test/integration', external: ['vscode'] },
    { ...testNode, entryPoints: testEntries('test/e2e'), outdir: 'out/test/e2e', external: ['playwright-core'] },
  );
}

if (!watch) {
  rmSync('dist', { recursive: true, force: true });
  if (withTests) rmSync('out', { recursive: true, force: true });
}

const active = builds
  .filter((b) => (Array.isArray(b.entryPoints) ? b.entryPoints.length > 0 : true))
  // Every bundle may import a schema validator compiled at build time.
  .map((b) => ({ ...b, plugins: [...(b.plugins ?? []), compiledSchemas] }));
/**
 * dist/bundled-runbooks.json: the bundled runbooks parsed now, so the extension loads them with a
 * JSON.parse (src/core/runbook/bundledIndex.ts). The parser is bundled for this one run.
 */
async function writeBundledIndex() {
  const out = await esbuild.build({
    ...node,
    sourcemap: false,
    write: false,
    stdin: {
      contents: "export { buildBundledIndex } from './src/core/runbook/bundledIndex'; export { parseRunbookText } from './src/core/runbook/parseRunbookFile';",
      resolveDir: resolve('.'),
      loader: 'ts',
    },
    plugins: [compiledSchemas],
  });
  const dir = mkdtempSync(join(tmpdir(), 'runbook-index-'));
  const builder = join(dir, 'builder.cjs');
  writeFileSync(builder, out.outputFiles[0].text);
  try {
    const { buildBundledIndex, parseRunbookText } = createRequire(import.meta.url)(builder);
    const names = readdirSync('runbooks').filter((f) => /\.(ya?ml|md|markdown)$/.test(f)).sort();
    const files = names.map((name) => ({ name, text: readFileSync(join('runbooks', name), 'utf8') }));
    const index = buildBundledIndex(files, (text, name) => parseRunbookText(text, name, 'bundled'));
    mkdirSync('dist', { recursive: true });
    writeFileSync(join('dist', 'bundled-runbooks.json'), JSON.stringify(index));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (watch) {
  await writeBundledIndex();
  for (const b of active) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
  console.log('esbuild: watching for changes…');
} else {
  await Promise.all([...active.map((b) => esbuild.build(b)), writeBundledIndex()]);
}
