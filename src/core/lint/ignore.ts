// Ignore comments, written in the file's own comment syntax:
//   runbook-lint-disable-next-line RULE[, RULE...] [-- reason]   the line after the comment
//   runbook-lint-disable-line RULE[, RULE...] [-- reason]        the comment's own line (trailing)
//   runbook-lint-disable RULE[, RULE...] [-- reason]             the whole file, from anywhere in it
// No rule list means every rule. The directive must open the comment (`# note: runbook-lint-disable`
// is prose, not a directive), so text inside strings or values never counts. The reason follows
// `--` or a lone `-` (XML comments cannot contain `--`).
import { findComments } from './commentScan';
import type { FileKind, SqlDialect } from './types';

export const IGNORE_MARKER = 'runbook-lint-disable';
/** The pseudo-rule of ignore comments that suppress nothing or name unknown rules. */
export const UNUSED_DISABLE = 'unused-disable';

export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable';

export interface DirectiveRule {
  id: string;
  /** The id's range in the text, for precise reports. */
  start: number;
  end: number;
}

export interface IgnoreDirective {
  kind: DirectiveKind;
  /** The rules it names; undefined means all rules. */
  rules?: DirectiveRule[];
  reason?: string;
  /** The comment's range. */
  start: number;
  end: number;
  /** 1-based line whose findings it suppresses; undefined for a whole-file directive. */
  targetLine?: number;
}

const DIRECTIVE = /^(\s*)runbook-lint-(disable-next-line|disable-line|disable)(?=\s|,|$)/;
const REASON = /(?:^|\s)--?(?:\s|$)/;

/** The ignore directives of `text`. `lineOf` maps an offset to its 1-based line. */
export function parseIgnoreDirectives(text: string, kind: FileKind, dialect: SqlDialect, lineOf: (offset: number) => number): IgnoreDirective[] {
  const out: IgnoreDirective[] = [];
  for (const c of findComments(text, kind, IGNORE_MARKER, dialect)) {
    const body = text.slice(c.bodyStart, c.bodyEnd);
    const m = DIRECTIVE.exec(body);
    if (!m) continue;
    const directiveKind = m[2] as DirectiveKind;
    const restStart = m[0].length;
    const rest = body.slice(restStart);
    const reasonAt = rest.search(REASON);
    const list = reasonAt === -1 ? rest : rest.slice(0, reasonAt);
    const reason = reasonAt === -1 ? undefined : rest.slice(reasonAt).replace(/^\s*--?\s*/, '').trim() || undefined;
    const rules: DirectiveRule[] = [];
    for (const idMatch of list.matchAll(/[^\s,]+/g)) {
      const start = c.bodyStart + restStart + (idMatch.index ?? 0);
      rules.push({ id: idMatch[0], start, end: start + idMatch[0].length });
    }
    let targetLine: number | undefined;
    if (directiveKind === 'disable-next-line') targetLine = lineOf(c.end) + 1;
    else if (directiveKind === 'disable-line') targetLine = lineOf(c.start);
    out.push({ kind: directiveKind, rules: rules.length > 0 ? rules : undefined, reason, start: c.start, end: c.end, targetLine });
  }
  return out;
}

/** What the ignore pass needs of a finding. */
export interface Suppressible {
  ruleId: string;
  line: number;
}

export interface IgnoreProblem {
  start: number;
  end: number;
  message: string;
}

/** A directive's rule ids, each at its first mention: one lookup per finding however long the list. */
function firstMentions(d: IgnoreDirective): Map<string, DirectiveRule> | undefined {
  if (!d.rules) return undefined;
  const byId = new Map<string, DirectiveRule>();
  for (const r of d.rules) if (!byId.has(r.id)) byId.set(r.id, r);
  return byId;
}

/**
 * Drops the findings that a directive covers and reports the directives (or the rule ids in
 * them) that covered nothing, and rule ids that no rule has. A line directive wins over a file
 * directive, and the first of two equal directives wins, so the redundant one is reported.
 * Rules in `offRules` (turned off in the config) are not reported as unused: the comment may
 * matter where the rule is on. Linear in findings plus directives plus the ids they name.
 */
export function applyIgnores<F extends Suppressible>(
  findings: readonly F[],
  directives: readonly IgnoreDirective[],
  knownRuleIds: ReadonlySet<string>,
  offRules: ReadonlySet<string>,
): { kept: F[]; problems: IgnoreProblem[] } {
  if (directives.length === 0) return { kept: [...findings], problems: [] };
  const mentions = new Map<IgnoreDirective, Map<string, DirectiveRule> | undefined>();
  const byLine = new Map<number, IgnoreDirective[]>();
  const fileWide: IgnoreDirective[] = [];
  for (const d of directives) {
    mentions.set(d, firstMentions(d));
    if (d.targetLine === undefined) fileWide.push(d);
    else {
      const list = byLine.get(d.targetLine);
      if (list) list.push(d);
      else byLine.set(d.targetLine, [d]);
    }
  }
  // The first file-wide directive covering each rule id (and the first covering all): a finding
  // asks a map, not every directive.
  const fileWideFor = new Map<string, { d: IgnoreDirective; r?: DirectiveRule }>();
  let fileWideAll: IgnoreDirective | undefined;
  for (const d of fileWide) {
    const byId = mentions.get(d);
    if (byId === undefined) {
      fileWideAll ??= d;
      continue;
    }
    for (const [id, r] of byId) if (!fileWideFor.has(id)) fileWideFor.set(id, { d, r });
  }
  const used = new Set<IgnoreDirective | DirectiveRule>();
  const kept: F[] = [];
  const use = (d: IgnoreDirective, r: DirectiveRule | undefined): true => {
    used.add(d);
    if (r) used.add(r);
    return true;
  };
  const onLine = (f: F): boolean => {
    for (const d of byLine.get(f.line) ?? []) {
      const byId = mentions.get(d);
      if (byId === undefined) return use(d, undefined);
      const r = byId.get(f.ruleId);
      if (r) return use(d, r);
    }
    return false;
  };
  const inFile = (f: F): boolean => {
    const named = fileWideFor.get(f.ruleId);
    // Of a directive naming the rule and one naming none, the earlier wins.
    if (named && (fileWideAll === undefined || named.d.start < fileWideAll.start)) return use(named.d, named.r);
    return fileWideAll ? use(fileWideAll, undefined) : false;
  };
  for (const f of findings) if (!onLine(f) && !inFile(f)) kept.push(f);

  const problems: IgnoreProblem[] = [];
  const label = (d: IgnoreDirective): string => `runbook-lint-${d.kind}`;
  for (const d of directives) {
    // Each id once, at its first mention: a list that repeats an id 100,000 times is one report.
    const ids = [...(mentions.get(d)?.values() ?? [])];
    for (const r of ids) {
      if (knownRuleIds.has(r.id)) continue;
      problems.push({ start: r.start, end: r.end, message: `Unknown rule "${r.id}" in ${label(d)}: this comment silences nothing under that name. Run 'runbook lint --list-rules' for the ids.` });
    }
    const named = ids.filter((r) => knownRuleIds.has(r.id) && !offRules.has(r.id));
    if (!used.has(d)) {
      // Nothing suppressed. When every rule it names is unknown (reported above) or off, say no more.
      if (!d.rules || named.length > 0) {
        problems.push({ start: d.start, end: d.end, message: `${label(d)} comment suppresses nothing: ${whereText(d)} has no ${d.rules ? `finding of ${named.map((r) => r.id).join(', ')}` : 'findings'}. Remove it.` });
      }
      continue;
    }
    for (const r of named) {
      if (!used.has(r)) {
        problems.push({ start: r.start, end: r.end, message: `"${r.id}" in this ${label(d)} comment suppresses nothing: ${whereText(d)} has no finding of it. Remove it from the list.` });
      }
    }
  }
  return { kept, problems };
}

function whereText(d: IgnoreDirective): string {
  return d.kind === 'disable' ? 'the file' : d.kind === 'disable-line' ? 'this line' : 'the next line';
}
