// Rewrites the rules table of docs/rules/README.md from the rule list (src/core/lint/rules).
// `node scripts/gen-rule-docs-index.mjs`; test/unit/lint-docs.test.ts fails while it is stale.
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const repo = process.cwd();
const outfile = join(repo, 'out', 'gen', 'docsIndex.cjs');
mkdirSync(join(repo, 'out', 'gen'), { recursive: true });
await esbuild.build({
  stdin: {
    contents: "export { allRules } from './src/core/lint/rules'; export { withRulesTable } from './src/core/lint/docsIndex';",
    resolveDir: repo,
    loader: 'ts',
  },
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  logLevel: 'warning',
});
const { allRules, withRulesTable } = createRequire(import.meta.url)(outfile);
const file = join(repo, 'docs', 'rules', 'README.md');
const updated = withRulesTable(readFileSync(file, 'utf8'), allRules);
if (updated === undefined) {
  console.error(`${file}: the rules-table markers are missing`);
  process.exit(1);
}
writeFileSync(file, updated);
console.log(`docs/rules/README.md: ${allRules.length} rules`);
