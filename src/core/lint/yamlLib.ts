// The yaml library, loaded on first use. `runbook lint` over SQL migrations and .properties files
// never reads YAML (no YAML file, no .runbooklint.yaml), so it should not pay for loading yaml:
// the CLI build keeps yaml in a bundle of its own (dist/cli-yaml.js, see scripts/build.mjs), and
// this module requires it only when a YAML document is actually parsed. Elsewhere (the extension,
// the tests) `require('yaml')` is bundled like any import and merely evaluated late.
//
// The type guards are called only on nodes of a parsed document, so yaml is loaded by then.
import type * as Yaml from 'yaml';

let lib: typeof Yaml | undefined;

export function yaml(): typeof Yaml {
  lib ??= require('yaml') as typeof Yaml;
  return lib;
}

export const isMap = ((node: unknown) => yaml().isMap(node)) as typeof Yaml.isMap;
export const isPair = ((node: unknown) => yaml().isPair(node)) as typeof Yaml.isPair;
export const isScalar = ((node: unknown) => yaml().isScalar(node)) as typeof Yaml.isScalar;
export const isSeq = ((node: unknown) => yaml().isSeq(node)) as typeof Yaml.isSeq;
