// Finding and reading `.runbooklint.yaml` on disk: the only part of the linter that touches the
// file system, kept apart so the engine stays pure. The nearest config walking up from the linted
// file's folder wins; configs do not merge (like .editorconfig with root=true everywhere: one
// file says everything, so what applies is obvious).
import { readFile as readFileCallback, stat as statCallback, type Stats } from 'node:fs';

// The callback API, wrapped: fs/promises is a module of its own that a short CLI run would load
// for these two calls alone (2-3 ms).
const stat = (p: string): Promise<Stats> => new Promise((resolve, reject) => statCallback(p, (e, st) => (e ? reject(e) : resolve(st))));
const readFile = (p: string, encoding: 'utf8'): Promise<string> =>
  new Promise((resolve, reject) => readFileCallback(p, encoding, (e, text) => (e ? reject(e) : resolve(text))));
import * as path from 'node:path';
import { defaultLintConfig, LINT_CONFIG_FILE_NAMES, parseLintConfig, type LintConfigProblem } from './lintConfig';
import { configForFile } from './lintConfigOverrides';
import type { ResolvedLintConfig } from './types';

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/** The config file of the folder, if it has one (`.runbooklint.yaml` before `.yml`). */
async function configIn(dir: string): Promise<string | undefined> {
  for (const name of LINT_CONFIG_FILE_NAMES) {
    const candidate = path.join(dir, name);
    if (await isFile(candidate)) return candidate;
  }
  return undefined;
}

/** The nearest config file in the folder of `startFile` or any folder above it. */
export async function findLintConfig(startFile: string): Promise<string | undefined> {
  let dir = path.dirname(path.resolve(startFile));
  for (;;) {
    const found = await configIn(dir);
    if (found) return found;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface LoadedLintConfig {
  config: ResolvedLintConfig;
  /** Problems in the config file (with the file), or the reason it could not be read. */
  problems: (LintConfigProblem & { file: string })[];
}

/** Reads and parses one config file; an unreadable file is a problem, not an exception. */
export async function loadLintConfigFile(configFile: string, knownRuleIds?: readonly string[]): Promise<LoadedLintConfig> {
  let text: string;
  try {
    text = await readFile(configFile, 'utf8');
  } catch (e) {
    const config = defaultLintConfig();
    config.configFile = configFile;
    return { config, problems: [{ file: configFile, line: 1, column: 1, message: `cannot read: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  const { config, problems } = parseLintConfig(text, configFile, knownRuleIds);
  return { config, problems: problems.map((p) => ({ ...p, file: configFile })) };
}

/**
 * Finds and loads configs, remembering each folder's answer and each config file's parse, so a
 * CLI run over thousands of files reads each config once. `clear()` after a config changes.
 */
export class LintConfigCache {
  private readonly byFolder = new Map<string, Promise<string | undefined>>();
  private readonly byFile = new Map<string, Promise<LoadedLintConfig>>();

  constructor(private readonly knownRuleIds?: readonly string[]) {}

  /** The config in force for `file`: the nearest config file's with its matching `overrides:` applied, else the defaults. */
  configFor(file: string): Promise<LoadedLintConfig> {
    const resolved = path.resolve(file);
    return this.nearest(path.dirname(resolved)).then((configFile) =>
      configFile ? this.load(configFile).then((loaded) => ({ ...loaded, config: configForFile(loaded.config, resolved) })) : { config: defaultLintConfig(), problems: [] },
    );
  }

  load(configFile: string): Promise<LoadedLintConfig> {
    const key = path.resolve(configFile);
    let loaded = this.byFile.get(key);
    if (!loaded) {
      loaded = loadLintConfigFile(key, this.knownRuleIds);
      this.byFile.set(key, loaded);
    }
    return loaded;
  }

  clear(): void {
    this.byFolder.clear();
    this.byFile.clear();
  }

  private nearest(dir: string): Promise<string | undefined> {
    let found = this.byFolder.get(dir);
    if (!found) {
      // Each folder asks its parent once, so siblings share the walk up.
      found = configIn(dir).then((own) => {
        if (own) return own;
        const parent = path.dirname(dir);
        return parent === dir ? undefined : this.nearest(parent);
      });
      this.byFolder.set(dir, found);
    }
    return found;
  }
}

/** The config in force for `file`, using `cache` when given. */
export function loadLintConfigFor(file: string, cache: LintConfigCache = new LintConfigCache()): Promise<LoadedLintConfig> {
  return cache.configFor(file);
}
export { SiblingDialects } from './siblingDialects';
