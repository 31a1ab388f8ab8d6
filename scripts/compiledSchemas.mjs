// `import validate from 'compiled-schema:runbook.schema.json'` in the sources: the validator of
// schemas/runbook.schema.json, compiled by ajv at build time (ajv/dist/standalone) into plain
// JavaScript. The bundles then carry neither ajv's compiler (about 120 KB) nor a `new Function`,
// and nothing is compiled when the extension or the CLI starts. Typings:
// src/core/schema/compiledSchemas.d.ts.
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const PREFIX = 'compiled-schema:';
const repo = resolve(import.meta.dirname, '..');

/** The validator's CommonJS source for one file of schemas/. */
export function compileSchemaSource(name) {
  const file = join(repo, 'schemas', name);
  const schema = JSON.parse(readFileSync(file, 'utf8'));
  // Every error, not the first; no English messages (src/core/schema/schemaIssues.ts words them
  // from each error's schema node, which `verbose` adds); strict: a keyword ajv does not know, or a
  // typo in the schema, fails the build, but type-specific keywords without a `type` beside them
  // are allowed (they apply to that type only, as the standard says: runbooklint's rule entries).
  // Definitions stay functions of their own rather than copied into each use (half the size).
  const ajv = new Ajv({
    allErrors: true,
    messages: false,
    verbose: true,
    strict: true,
    strictTypes: false,
    allowUnionTypes: true,
    inlineRefs: false,
    code: { source: true, optimize: true },
  });
  const source = standaloneCode(ajv, ajv.compile(schema))
    .replaceAll(
      'require("ajv/dist/runtime/ucs2length")',
      // The same count (characters, a surrogate pair is one) without a JavaScript loop over every unit.
      'require("./src/core/schema/codePointLength.ts")',
    )
    // A definition's errors are handed back by `vErrors.concat(...)`, a copy of all the errors so
    // far at each call: quadratic in a file with thousands of bad items. Append in place instead.
    .replace(/vErrors\.concat\((validate\d+\.errors)\)/g, 'appendErrors(vErrors, $1)');
  if (source.includes('.concat(')) throw new Error(`${name}: ajv's generated code has a concat this script does not rewrite`);
  const appendErrors = 'function appendErrors(to, from) { for (const e of from) to.push(e); return to; }\n';
  return { file, source: appendErrors + source };
}

/** esbuild plugin resolving `compiled-schema:NAME` to the compiled validator of schemas/NAME. */
export const compiledSchemas = {
  name: 'compiled-schemas',
  setup(build) {
    build.onResolve({ filter: /^compiled-schema:/ }, (args) => ({ path: args.path.slice(PREFIX.length), namespace: 'compiled-schema' }));
    build.onLoad({ filter: /.*/, namespace: 'compiled-schema' }, (args) => {
      const { file, source } = compileSchemaSource(args.path);
      // resolveDir: the generated code requires ajv's small runtime helpers (equal) and codePointLength.
      return { contents: source, loader: 'js', resolveDir: repo, watchFiles: [file] };
    });
  },
};
