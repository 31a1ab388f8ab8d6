// `overrides:` of .runbooklint.yaml, applied to one file: the entries whose globs match it, in
// order, over the rest of the config (later entries win). Pure: paths are strings.
//
// Globs: `**` any folders (also none), `*` any characters but `/`, `?` one such character,
// `{a,b}` alternatives (not nested), `[abc]` / `[!abc]` a class. A glob with a `/` is matched
// against the path relative to the config file's folder; one without (`*.mysql.sql`) against the
// file name in any folder, as in .gitignore. Matching is case-sensitive, backslashes are read as `/`.
import type { LintOverride, ResolvedLintConfig } from './types';

/** Longer globs are not compiled (no config needs one; a hostile one should cost nothing). */
const MAX_GLOB = 1000;
/**
 * More `*` in one folder or file name are refused: each is a `[^/]*` that backtracks against the
 * others, so k of them cost up to (name length)^k on a name that does not match.
 */
const MAX_STARS_PER_NAME = 3;

/** Why a glob cannot be used, or undefined when it can. */
export function globProblem(glob: string): string | undefined {
  if (glob.length > MAX_GLOB) return `a glob may have at most ${MAX_GLOB} characters`;
  if (globRegExp(glob) !== null) return undefined;
  if (glob.split('/').some((name) => name.replace(/\*\*/g, '').split('*').length - 1 > MAX_STARS_PER_NAME)) return `at most ${MAX_STARS_PER_NAME} * in one folder or file name`;
  return 'an unclosed [ or {';
}

const compiled = new Map<string, RegExp | null>();

/** The glob as an anchored regular expression, or null when it cannot be read (it then matches nothing). */
export function globRegExp(glob: string): RegExp | null {
  let re = compiled.get(glob);
  if (re !== undefined) return re;
  re = glob.length > MAX_GLOB ? null : compile(glob.replace(/\\/g, '/').replace(/^\.\//, ''));
  if (compiled.size > 1000) compiled.clear();
  compiled.set(glob, re);
  return re;
}

function compile(glob: string): RegExp | null {
  if (glob.split('/').some((name) => name.replace(/\*\*/g, '').split('*').length - 1 > MAX_STARS_PER_NAME)) return null;
  let out = '';
  let inBraces = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` any folders (none included); a trailing `/**` everything below; `**` elsewhere as `*`.
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        if (atSegmentStart && glob[i + 2] === '/') {
          out += '(?:[^/]*/)*';
          i += 2;
          continue;
        }
        if (atSegmentStart && i + 2 === glob.length) {
          out += '.*';
          i += 1;
          continue;
        }
        i++;
      }
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) return null;
      let body = glob.slice(i + 1, close);
      const negated = body[0] === '!' || body[0] === '^';
      if (negated) body = body.slice(1);
      out += `[${negated ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else if (c === '{' && !inBraces) {
      inBraces = true;
      out += '(?:';
    } else if (c === ',' && inBraces) out += '|';
    else if (c === '}' && inBraces) {
      inBraces = false;
      out += ')';
    } else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  if (inBraces) return null;
  try {
    return new RegExp(`^${out}$`);
  } catch {
    return null;
  }
}

/** Whether `glob` matches the file at `relative` (to the config folder, `/`-separated) named `name`. */
export function globMatches(glob: string, relative: string, name: string): boolean {
  const re = globRegExp(glob);
  if (re === null) return false;
  return re.test(glob.replace(/\\/g, '/').includes('/') ? relative : name);
}

/** `file` relative to `folder`, with `/`; undefined when it is not inside it. */
function relativeTo(folder: string, file: string): string | undefined {
  const dir = folder.replace(/\\/g, '/').replace(/\/+$/, '');
  const f = file.replace(/\\/g, '/');
  if (f.startsWith(`${dir}/`)) return f.slice(dir.length + 1);
  // Windows paths differ in case only (C: and c:).
  if (f.toLowerCase().startsWith(`${dir.toLowerCase()}/`)) return f.slice(dir.length + 1);
  return undefined;
}

function folderOf(file: string): string {
  const f = file.replace(/\\/g, '/');
  const slash = f.lastIndexOf('/');
  return slash < 0 ? '' : f.slice(0, slash);
}

/** The override entries that apply to `file`, by index. */
export function matchingOverrides(config: ResolvedLintConfig, file: string): number[] {
  const overrides = config.overrides;
  if (!overrides || overrides.length === 0) return [];
  const f = file.replace(/\\/g, '/');
  const name = f.slice(f.lastIndexOf('/') + 1);
  // Without a config file (a test's config) paths are taken as given.
  const relative = config.configFile === undefined ? f : relativeTo(folderOf(config.configFile), f);
  const matches = (globs: readonly string[]): boolean =>
    globs.some((g) => (relative === undefined ? !g.replace(/\\/g, '/').includes('/') && globMatches(g, '', name) : globMatches(g, relative, name)));
  const out: number[] = [];
  overrides.forEach((o, k) => {
    if (matches(o.files) && !matches(o.excludedFiles)) out.push(k);
  });
  return out;
}

const merged = new WeakMap<ResolvedLintConfig, Map<string, ResolvedLintConfig>>();

/**
 * The config in force for `file`: `config` with the matching overrides applied in order. Files that
 * match the same entries share one object (rules and caches key on it); without a match, `config`.
 */
export function configForFile(config: ResolvedLintConfig, file: string): ResolvedLintConfig {
  const hits = matchingOverrides(config, file);
  if (hits.length === 0) return config;
  let byHits = merged.get(config);
  if (!byHits) merged.set(config, (byHits = new Map()));
  const key = hits.join(',');
  let out = byHits.get(key);
  if (!out) byHits.set(key, (out = applyOverrides(config, hits.map((k) => config.overrides![k]))));
  return out;
}

function applyOverrides(config: ResolvedLintConfig, overrides: readonly LintOverride[]): ResolvedLintConfig {
  const out: ResolvedLintConfig = { ...config, rules: { ...config.rules }, ruleOptions: { ...config.ruleOptions }, tables: { ...config.tables } };
  for (const o of overrides) {
    Object.assign(out.rules, o.rules);
    for (const [id, options] of Object.entries(o.ruleOptions)) out.ruleOptions[id] = { ...out.ruleOptions[id], ...options };
    Object.assign(out.tables, o.tables);
    if (o.largeTableRows !== undefined) out.largeTableRows = o.largeTableRows;
    if (o.sqlDialect !== undefined) {
      out.sqlDialect = o.sqlDialect;
      out.sqlDialectFrom = 'override';
    }
  }
  return out;
}
