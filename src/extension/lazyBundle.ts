// The heavy half of the extension: the parsers (yaml, marked), the renderer (sanitize-html), the
// search engine (minisearch, stemmer) and the lint engine with its rules. scripts/build.mjs bundles this file on its own, as
// dist/extension-core.js, so activation reads and compiles only the small dist/extension.js.
export * as parsers from '../core/runbook/parseRunbookFile';
export * as render from '../core/runbook/render';
export * as search from '../core/search/runbookSearch';
export * as lintEngine from '../core/lint/engine';
export * as lintConfig from '../core/lint/lintConfig';
export * as lintConfigDiscovery from '../core/lint/configDiscovery';
export * as lintRules from '../core/lint/rules';
export * as evidence from '../core/lint/findingsByStep';
export * as incidents from '../core/incident';
export * as liveSizes from '../core/lint/liveSizes';
export * as migrationSets from '../core/lint/migrationSets';
export * as sqlDialect from '../core/lint/sqlDialect';
export * as db from '../db';
