// Rewrites the rules table of docs/rules/README.md from the rule list (src/core/lint/rules).
// `node scripts/gen-rule-docs-index.mjs`; test/unit/lint-docs.test.ts fails while it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireSources } from './requireSources.mjs';

const repo = process.cwd();
const { allRules, withRulesTable } = await requireSources(
  "export { allRules } from './src/core/lint/rules'; export { withRulesTable } from './src/core/lint/docsIndex';",
  'docsIndex',
);
const file = join(repo, 'docs', 'rules', 'README.md');
const updated = withRulesTable(readFileSync(file, 'utf8'), allRules);
if (updated === undefined) {
  console.error(`${file}: the rules-table markers are missing`);
  process.exit(1);
}
writeFileSync(file, updated);
console.log(`docs/rules/README.md: ${allRules.length} rules`);
