// Loads dist/extension-core.js (see lazyCore.ts) the first time a runbook is parsed, a runbook is
// rendered or a file is linted. The path is external to the extension bundle (scripts/build.mjs).
import type * as LazyCore from './lazyCore';

export type ExtensionCore = typeof LazyCore;

let core: ExtensionCore | undefined;

export function loadCore(): ExtensionCore {
  core ??= require('./extension-core.js') as ExtensionCore;
  return core;
}
