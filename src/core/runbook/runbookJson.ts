// The machine-readable form of a runbook, shared by `runbook list --format json` and
// `runbook show --format json`. Keep this shape stable: scripts consume it.
import * as path from 'node:path';
import type { Runbook, VariableDeclaration } from './runbookModel';

export interface RunbookJson {
  id: string;
  title: string;
  symptom: string;
  /** "bundled:<file>" for runbooks shipped with the extension, else the file path. */
  source: string;
  tags: string[];
  /** The declared placeholders (`variables:`); [] when none. */
  variables: Omit<VariableDeclaration, 'line'>[];
  phases: {
    name: string;
    timebox: { fromMinutes: number; toMinutes: number } | null;
    /** `destructive` and `risk` appear only when the runbook declares them. */
    steps: { id: string; text: string; commands: { language: string; code: string; destructive?: boolean; risk?: string }[] }[];
  }[];
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
    source: sourceLabel(rb, options),
    tags: [...rb.tags],
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
        commands: s.commands.map((c) => ({
          language: c.language,
          code: c.code,
          ...(c.destructive !== undefined ? { destructive: c.destructive } : {}),
          ...(c.risk !== undefined ? { risk: c.risk } : {}),
        })),
      })),
    })),
  };
}
