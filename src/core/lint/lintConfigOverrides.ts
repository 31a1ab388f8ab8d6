// `overrides:` of .runbooklint.yaml, applied to one file: the entries whose globs match it, in
// order, over the rest of the config (later entries win). Pure: paths are strings.
//
// Globs: `**` any folders (also none), `*` any characters but `/`, `?` one such character,
// `{a,b}` alternatives (not nested), `[abc]` / `[a-z]` / `[!abc]` a class. A glob with a `/` is matched
// against the path relative to the config file's folder; one without (`*.mysql.sql`) against the
// file name in any folder, as in .gitignore. Matching is case-sensitive, backslashes are read as `/`.
import type { LintOverride, ResolvedLintConfig } from './types';

/** Longer globs are not compiled (no config needs one; a hostile one should cost nothing). */
const MAX_GLOB = 1000;
/** At most this many alternatives after expanding `{a,b}` groups. */
const MAX_ALTERNATIVES = 256;

// A glob is matched by hand, not as a regular expression: `*a*a*ab` as `[^/]*a[^/]*a[^/]*ab`
// backtracks for a minute on a long name. Here a name is matched in O(name × pattern) and a path
// in O(glob folders × path folders) name matches.

/** One character position of a name pattern: a literal, `?`, `*`, or a class `[...]`. */
type Atom = { kind: 'char'; ch: string } | { kind: 'any' } | { kind: 'star' } | { kind: 'class'; negated: boolean; chars: string; ranges: [string, string][] };
/** A glob's folder or file name pattern, or `**` (any number of folders). */
type Segment = Atom[] | 'globstar';

interface CompiledGlob {
  /** One per `{a,b}` alternative. */
  alternatives: Segment[][];
  /** A glob without `/` is matched against the file name only. */
  nameOnly: boolean;
}

const compiled = new Map<string, CompiledGlob | string>();

/** The compiled glob, or why it cannot be used. */
function compileGlob(glob: string): CompiledGlob | string {
  let c = compiled.get(glob);
  if (c !== undefined) return c;
  c = compile(glob);
  if (compiled.size > 1000) compiled.clear();
  compiled.set(glob, c);
  return c;
}

/** Why a glob cannot be used, or undefined when it can. */
export function globProblem(glob: string): string | undefined {
  const c = compileGlob(glob);
  return typeof c === 'string' ? c : undefined;
}

function compile(raw: string): CompiledGlob | string {
  if (raw.length > MAX_GLOB) return `a glob may have at most ${MAX_GLOB} characters`;
  const glob = raw.replace(/\\/g, '/').replace(/^\.\//, '');
  const expanded = expandBraces(glob);
  if (typeof expanded === 'string') return expanded;
  const alternatives: Segment[][] = [];
  for (const alt of expanded) {
    const segments: Segment[] = [];
    for (const name of alt.split('/')) {
      if (name === '**') {
        if (segments[segments.length - 1] !== 'globstar') segments.push('globstar');
        continue;
      }
      const atoms = atomsOf(name);
      if (atoms === undefined) return 'an unclosed [';
      segments.push(atoms);
    }
    alternatives.push(segments);
  }
  return { alternatives, nameOnly: !glob.includes('/') };
}

/** `a{b,c}d{e,f}` as its alternatives (groups do not nest). */
function expandBraces(glob: string): string[] | string {
  let out = [''];
  let i = 0;
  while (i < glob.length) {
    const open = glob.indexOf('{', i);
    if (open < 0) {
      out = out.map((o) => o + glob.slice(i));
      break;
    }
    const close = glob.indexOf('}', open);
    if (close < 0) return 'an unclosed {';
    const options = glob.slice(open + 1, close).split(',');
    if (out.length * options.length > MAX_ALTERNATIVES) return `at most ${MAX_ALTERNATIVES} alternatives from {a,b} groups`;
    const head = glob.slice(i, open);
    out = out.flatMap((o) => options.map((opt) => o + head + opt));
    i = close + 1;
  }
  return out;
}

function atomsOf(name: string): Atom[] | undefined {
  const atoms: Atom[] = [];
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '*') {
      if (atoms[atoms.length - 1]?.kind !== 'star') atoms.push({ kind: 'star' });
    } else if (c === '?') atoms.push({ kind: 'any' });
    else if (c === '[') {
      const close = name.indexOf(']', i + 2);
      if (close < 0) return undefined;
      let body = name.slice(i + 1, close);
      const negated = body[0] === '!' || body[0] === '^';
      if (negated) body = body.slice(1);
      const ranges: [string, string][] = [];
      let chars = '';
      for (let k = 0; k < body.length; k++) {
        if (body[k + 1] === '-' && k + 2 < body.length) {
          ranges.push([body[k], body[k + 2]]);
          k += 2;
        } else chars += body[k];
      }
      atoms.push({ kind: 'class', negated, chars, ranges });
      i = close;
    } else atoms.push({ kind: 'char', ch: c });
  }
  return atoms;
}

function atomMatches(a: Atom, ch: string): boolean {
  switch (a.kind) {
    case 'char':
      return a.ch === ch;
    case 'any':
      return true;
    case 'class': {
      const inside = a.chars.includes(ch) || a.ranges.some(([lo, hi]) => ch >= lo && ch <= hi);
      return inside !== a.negated;
    }
    default:
      return false;
  }
}

/** A name against a name pattern: greedy, going back only to the last `*` (O(name × pattern)). */
function nameMatches(p: Atom[], s: string): boolean {
  let pi = 0;
  let si = 0;
  let starP = -1;
  let starS = 0;
  while (si < s.length) {
    if (pi < p.length && p[pi].kind === 'star') {
      starP = pi++;
      starS = si;
    } else if (pi < p.length && atomMatches(p[pi], s[si])) {
      pi++;
      si++;
    } else if (starP >= 0) {
      pi = starP + 1;
      si = ++starS;
    } else return false;
  }
  while (pi < p.length && p[pi].kind === 'star') pi++;
  return pi === p.length;
}

/** Folders and file name against a glob's segments, `**` any number of folders (a table of reachable pairs). */
function segmentsMatch(g: Segment[], names: readonly string[]): boolean {
  // ok[j]: the glob's first i segments can match the path's first j names (row by row).
  let ok = new Uint8Array(names.length + 1);
  ok[0] = 1;
  for (const seg of g) {
    const next = new Uint8Array(names.length + 1);
    if (seg === 'globstar') {
      let any = 0;
      for (let j = 0; j <= names.length; j++) {
        any |= ok[j];
        next[j] = any;
      }
    } else {
      for (let j = 1; j <= names.length; j++) if (ok[j - 1] && nameMatches(seg, names[j - 1])) next[j] = 1;
    }
    ok = next;
  }
  return ok[names.length] === 1;
}

/** Whether `glob` matches the file at `relative` (to the config folder, `/`-separated) named `name`. */
export function globMatches(glob: string, relative: string, name: string): boolean {
  const c = compileGlob(glob);
  if (typeof c === 'string') return false;
  const names = c.nameOnly ? [name] : relative.split('/');
  return c.alternatives.some((g) => segmentsMatch(g, names));
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
