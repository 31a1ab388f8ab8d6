// Loads dist/extension-core.js (see lazyBundle.ts) the first time a runbook is parsed, a runbook is
// rendered or a file is linted. The path is external to the extension bundle (scripts/build.mjs).
import type * as LazyBundleModule from './lazyBundle';

export type LazyBundle = typeof LazyBundleModule;

let core: LazyBundle | undefined;

export function loadLazyBundle(): LazyBundle {
  core ??= require('./extension-core.js') as LazyBundle;
  return core;
}
