// Warnings about a parsed runbook that hold for YAML and Markdown alike: placeholders without a
// declaration, declarations no command uses, and commands the destructive-command detector flags
// that do not say `destructive: true`. Both parsers add them to their problems, so the editor's
// diagnostics and `runbook validate` show the same thing.
import { assessCommand } from '../incident/destructive';
import { findPlaceholders } from '../incident/placeholders';
import type { Command, Problem, Runbook } from './runbookModel';

// Blocks that configure or describe rather than run: the detector would read them as shell.
const NOT_RUN = new Set(['java', 'kotlin', 'scala', 'properties', 'yaml', 'yml', 'json', 'jsonc', 'xml', 'toml', 'ini', 'promql', 'logql', 'hcl', 'diff', 'log', 'output']);

/** Warnings of one code reported per runbook; the rest are counted in one more warning. */
export const MAX_WARNINGS_PER_CODE = 50;

export type RunbookWarningCode = 'undeclared-placeholder' | 'unused-variable' | 'undeclared-destructive-command' | 'destructive-without-risk';

/**
 * The warnings for one runbook, at the line of the command (or of the declaration) concerned;
 * the runbook's own line when a command's line is unknown.
 */
export function runbookWarnings(rb: Runbook): Problem[] {
  const problems: Problem[] = [];
  const counts = new Map<string, number>();
  const warn = (line: number | undefined, code: RunbookWarningCode, message: string): void => {
    const n = (counts.get(code) ?? 0) + 1;
    counts.set(code, n);
    if (n <= MAX_WARNINGS_PER_CODE) problems.push({ file: rb.source.file, line: line ?? rb.source.line, column: 1, severity: 'warning', code, message });
  };

  // The bundled runbooks are checked by a test (and by `runbook validate runbooks`): reading them
  // here would load the shell parser (1.3 MB, ~30 MB of memory) on every activation.
  const assessDestructiveCommands = rb.source.kind !== 'bundled';
  const declared = new Set(rb.variables.map((v) => v.name));
  const used = new Set<string>();
  const undeclared = new Map<string, { command: Command; uses: number }>();
  for (const phase of rb.phases) {
    for (const step of phase.steps) {
      for (const command of step.commands) {
        for (const name of findPlaceholders(command.code)) {
          used.add(name);
          if (declared.has(name)) continue;
          const seen = undeclared.get(name);
          if (seen) seen.uses++;
          else undeclared.set(name, { command, uses: 1 });
        }
        if (command.destructive === true && !command.risk) {
          warn(command.line, 'destructive-without-risk', `This command is declared destructive but says nothing of the risk: add \`risk:\` with one sentence on what is lost (step "${step.id}").`);
        }
        if (assessDestructiveCommands && command.destructive === undefined && !NOT_RUN.has(command.language.toLowerCase())) {
          const risk = assessDestructive(command);
          if (risk) {
            warn(
              command.line,
              'undeclared-destructive-command',
              `This ${command.language} command looks destructive (${risk}) but does not declare it: add \`destructive: true\` and a \`risk:\` sentence, or \`destructive: false\` if it is not (step "${step.id}").`,
            );
          }
        }
      }
    }
  }
  for (const [name, { command, uses }] of undeclared) {
    const more = uses > 1 ? ` (used by ${uses} commands)` : '';
    warn(command.line, 'undeclared-placeholder', `Placeholder {{${name}}} is not declared${more}: add it to \`variables:\` with a description and an example, so the responder knows what to enter.`);
  }
  for (const v of rb.variables) {
    if (!used.has(v.name)) warn(v.line, 'unused-variable', `Variable "${v.name}" is declared but no command uses {{${v.name}}}.`);
  }
  for (const [code, n] of counts) {
    if (n > MAX_WARNINGS_PER_CODE) {
      problems.push({ file: rb.source.file, line: rb.source.line, column: 1, severity: 'warning', code, message: `${n - MAX_WARNINGS_PER_CODE} more ${code} warnings in runbook "${rb.id}" not shown` });
    }
  }
  return problems;
}

/** The detector's reasons, joined, or undefined when it finds the command harmless (or fails). */
function assessDestructive(command: Command): string | undefined {
  try {
    const risk = assessCommand(command.code, command.language);
    return risk.destructive ? risk.reasons.join('; ') || 'destructive' : undefined;
  } catch {
    // A detector bug must not cost the runbook its other diagnostics.
    return undefined;
  }
}
