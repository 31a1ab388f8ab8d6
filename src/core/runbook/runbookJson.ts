// The machine-readable form of a runbook, shared by `runbook list --format json` and
// `runbook show --format json`: the whole runbook model. Keep this shape stable: scripts consume
// it, and schemas/runbook-cli-output.schema.json describes it (a unit test holds the two together).
import * as path from 'node:path';
import type { Runbook, RunbookSeverity, StepKind, VariableDeclaration } from './runbookModel';

export interface RunbookJson {
  id: string;
  title: string;
  symptom: string;
  summary: string;
  /** critical, high, medium, low; null when the runbook does not say. */
  severity: RunbookSeverity | null;
  /** "bundled:<file>" for runbooks shipped with the extension, else the file path. */
  source: string;
  /** 1-based line where the runbook starts in its file. */
  line: number;
  tags: string[];
  /** Alert names, error messages and phrases that name this problem (search); [] when none. */
  aliases: string[];
  /** Ids of the lint rules whose findings this runbook explains. */
  lintRules: string[];
  /** The declared placeholders (`variables:`); [] when none. */
  variables: Omit<VariableDeclaration, 'line'>[];
  phases: {
    name: string;
    timebox: { fromMinutes: number; toMinutes: number } | null;
    /** `destructive` and `risk` appear only when the runbook declares them; `checks`, `fixes` and `heading` only when the step has them. */
    steps: {
      id: string;
      text: string;
      kind: StepKind | null;
      commands: { language: string; code: string; destructive?: boolean; risk?: string }[];
      checks?: string[];
      fixes?: string[];
      heading?: string;
    }[];
  }[];
  /** The closing lesson (Markdown); null when there is none. */
  insight: string | null;
}

/**
 * How a runbook's file is shown to people and scripts: bundled runbooks as
 * "bundled:<path inside runbooks/>", others relative to `cwd` when inside it, else absolute.
 */
export function sourceLabel(rb: Runbook, options: { cwd?: string; bundledDir?: string } = {}): string {
  const file = rb.source.file;
  if (rb.source.kind === 'bundled') {
    const inside = options.bundledDir ? path.relative(options.bundledDir, file) : '';
    const rel = inside && !inside.startsWith('..') && !path.isAbsolute(inside) ? inside : path.basename(file);
    return `bundled:${rel.split(path.sep).join('/')}`;
  }
  return displayPath(file, options.cwd);
}

/** `file` relative to `cwd` when it lies inside it, else absolute. */
export function displayPath(file: string, cwd?: string): string {
  if (!cwd) return file;
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export function runbookToJson(rb: Runbook, options: { cwd?: string; bundledDir?: string } = {}): RunbookJson {
  return {
    id: rb.id,
    title: rb.title,
    symptom: rb.symptom,
    summary: rb.summary,
    severity: rb.severity ?? null,
    source: sourceLabel(rb, options),
    line: rb.source.line,
    tags: [...rb.tags],
    aliases: [...rb.aliases],
    lintRules: [...rb.lintRules],
    variables: rb.variables.map((v) => ({
      name: v.name,
      ...(v.description !== undefined ? { description: v.description } : {}),
      ...(v.example !== undefined ? { example: v.example } : {}),
      ...(v.pattern !== undefined ? { pattern: v.pattern } : {}),
      secret: v.secret,
      ...(v.default !== undefined ? { default: v.default } : {}),
      raw: v.raw,
    })),
    phases: rb.phases.map((p) => ({
      name: p.name,
      timebox: p.timebox ? { fromMinutes: p.timebox.fromMinutes, toMinutes: p.timebox.toMinutes } : null,
      steps: p.steps.map((s) => ({
        id: s.id,
        text: s.text,
        kind: s.kind ?? null,
        commands: s.commands.map((c) => ({
          language: c.language,
          code: c.code,
          ...(c.destructive !== undefined ? { destructive: c.destructive } : {}),
          ...(c.risk !== undefined ? { risk: c.risk } : {}),
        })),
        ...(s.checks?.length ? { checks: [...s.checks] } : {}),
        ...(s.fixes?.length ? { fixes: [...s.fixes] } : {}),
        ...(s.heading !== undefined ? { heading: s.heading } : {}),
      })),
    })),
    insight: rb.insight ?? null,
  };
}
