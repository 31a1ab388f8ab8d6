// Small fake rules for the engine's and the CLI's tests, so those tests do not depend on the real
// rules (written in parallel) or their wording.
import type { FileKind, Rule, RuleFinding } from '../../src/core/lint/types';

export const ALL_KINDS: readonly FileKind[] = ['properties', 'yaml', 'env', 'ini', 'toml', 'json', 'sql', 'crontab', 'java-security', 'web-xml'];

/** Flags every match of `re`; the fix (when `fixTo` is given) replaces the match. */
export function regexRule(id: string, re: RegExp, opts: Partial<Omit<Rule, 'check' | 'id'>> & { fixTo?: string; findingSeverity?: RuleFinding['severity'] } = {}): Rule {
  return {
    id,
    description: opts.description ?? `Flags ${re.source}.`,
    fileKinds: opts.fileKinds ?? ALL_KINDS,
    defaultSeverity: opts.defaultSeverity ?? 'warning',
    fixable: opts.fixTo !== undefined,
    runbook: opts.runbook,
    check(ctx) {
      const out: RuleFinding[] = [];
      for (const m of ctx.text.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`))) {
        const start = m.index ?? 0;
        const end = start + m[0].length;
        const f: RuleFinding = { start, end, message: `found ${m[0]}` };
        if (opts.fixTo !== undefined) f.fix = { title: `Change to ${opts.fixTo}`, edits: [{ start, end, newText: opts.fixTo }] };
        if (opts.findingSeverity) f.severity = opts.findingSeverity;
        out.push(f);
      }
      return out;
    },
  };
}

export const badRule = regexRule('fake-bad', /BAD/, { fixTo: 'GOOD', runbook: { runbookId: 'session-logout-30s', stepId: 'fix-timeout' } });
export const otherRule = regexRule('fake-other', /OTHER/, { defaultSeverity: 'error' });

export const crashingRule: Rule = {
  id: 'fake-crash',
  description: 'Always throws.',
  fileKinds: ALL_KINDS,
  defaultSeverity: 'error',
  fixable: false,
  check() {
    throw new Error('boom');
  },
};
