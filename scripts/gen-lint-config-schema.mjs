// Writes schemas/runbooklint.schema.json from the rules' declared options (src/core/lint/lintConfigSchema.ts).
// `node scripts/gen-lint-config-schema.mjs`; test/unit/lintConfigSchema.test.ts fails while it is stale.
import { writeFileSync } from 'node:fs';
import { requireSources } from './requireSources.mjs';

const { allRules, ENGINE_RULES, lintConfigSchema } = await requireSources(
  "export { allRules } from './src/core/lint/rules'; export { ENGINE_RULES } from './src/core/lint/engine'; export { lintConfigSchema } from './src/core/lint/lintConfigSchema';",
  'lintConfigSchema',
);
const schema = lintConfigSchema([...allRules, ...ENGINE_RULES]);
writeFileSync('schemas/runbooklint.schema.json', `${JSON.stringify(schema, null, 2)}\n`);
console.log(`schemas/runbooklint.schema.json: ${allRules.length + ENGINE_RULES.length} rules`);
