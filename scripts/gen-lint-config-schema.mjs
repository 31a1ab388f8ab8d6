// Writes schemas/runbooklint.schema.json from the rules' declared options (src/core/lint/lintConfigSchema.ts).
// `node scripts/gen-lint-config-schema.mjs`; test/unit/lintConfigSchema.test.ts fails while it is stale.
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const repo = process.cwd();
const outfile = join(repo, 'out', 'gen', 'lintConfigSchema.cjs');
mkdirSync(join(repo, 'out', 'gen'), { recursive: true });
await esbuild.build({
  stdin: {
    contents: "export { allRules } from './src/core/lint/rules'; export { ENGINE_RULES } from './src/core/lint/engine'; export { lintConfigSchema } from './src/core/lint/lintConfigSchema';",
    resolveDir: repo,
    loader: 'ts',
  },
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  logLevel: 'warning',
});
const { allRules, ENGINE_RULES, lintConfigSchema } = createRequire(import.meta.url)(outfile);
const schema = lintConfigSchema([...allRules, ...ENGINE_RULES]);
writeFileSync(join(repo, 'schemas', 'runbooklint.schema.json'), `${JSON.stringify(schema, null, 2)}\n`);
console.log(`schemas/runbooklint.schema.json: ${allRules.length + ENGINE_RULES.length} rules`);
