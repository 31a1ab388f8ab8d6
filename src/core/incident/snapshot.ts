// What an incident record keeps of its runbook, and what changed since. The snapshot is the
// checklist: if the runbook is edited (or deleted) mid-incident, the record's steps stay.
import type { Runbook } from '../runbook/runbookModel';
import type { RunbookSnapshot } from './incidentModel';

// node:crypto is loaded on first use: loading it costs the extension's activation ~7 ms.
let hashing: typeof import('node:crypto') | undefined;

/** Hex SHA-256 of the parts of a runbook a checklist depends on (not its source file, tags or prose around it). */
export function runbookContentHash(rb: Runbook): string {
  hashing ??= require('node:crypto') as typeof import('node:crypto');
  // Arrays, not objects, so key order can never change the hash.
  const canonical = JSON.stringify([
    rb.id,
    rb.title,
    rb.phases.map((p) => [
      p.name,
      p.timebox ? [p.timebox.fromMinutes, p.timebox.toMinutes] : null,
      p.steps.map((s) => {
        const step: unknown[] = [s.id, s.text, s.kind ?? null, s.commands.map((c) => [c.language, c.code])];
        // Only when present, so the hash of a runbook without links is what it always was.
        if (s.checks !== undefined || s.fixes !== undefined) step.push(s.checks ?? [], s.fixes ?? []);
        return step;
      }),
    ]),
  ]);
  return hashing.createHash('sha256').update(canonical).digest('hex');
}

export const MAX_STEP_TITLE = 200;

/** First non-empty line of a step's Markdown, as plain text. */
export function stepTitle(markdown: string): string {
  const line = markdown.split('\n').find((l) => l.trim() !== '') ?? '';
  const plain = line
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|__|`/g, '')
    .replace(/^\s*(?:[-*+]\s+|#{1,6}\s+|>\s*)/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > MAX_STEP_TITLE ? `${plain.slice(0, MAX_STEP_TITLE - 1)}…` : plain;
}

export function snapshotRunbook(rb: Runbook): RunbookSnapshot {
  return {
    id: rb.id,
    title: rb.title,
    hash: runbookContentHash(rb),
    phases: rb.phases.map((p) => ({
      name: p.name,
      timebox: p.timebox ? { fromMinutes: p.timebox.fromMinutes, toMinutes: p.timebox.toMinutes } : null,
      steps: p.steps.map((s) => {
        const step: RunbookSnapshot['phases'][number]['steps'][number] = { id: s.id, title: stepTitle(s.text), commands: s.commands.length };
        if (s.kind !== undefined) step.kind = s.kind;
        if (s.checks !== undefined && s.checks.length > 0) step.checks = s.checks.slice();
        if (s.fixes !== undefined && s.fixes.length > 0) step.fixes = s.fixes.slice();
        return step;
      }),
    })),
  };
}

function timeboxLabel(t: { fromMinutes: number; toMinutes: number } | null): string {
  return t ? `${t.fromMinutes}–${t.toMinutes} min` : 'no timebox';
}

/**
 * What changed between the runbook as recorded and as it is now, in lines for a person. The
 * record's steps stay the checklist; removed steps are still shown from the record.
 */
export function diffRunbook(recorded: RunbookSnapshot, current: Runbook): { changed: boolean; summary: string[] } {
  if (recorded.hash === runbookContentHash(current)) return { changed: false, summary: [] };
  const now = snapshotRunbook(current);
  const summary: string[] = [];
  if (recorded.title !== now.title) summary.push(`Title changed: ${recorded.title} → ${now.title}`);

  const recordedPhases = new Map(recorded.phases.map((p) => [p.name, p]));
  const currentPhases = new Map(now.phases.map((p) => [p.name, p]));
  for (const p of now.phases) if (!recordedPhases.has(p.name)) summary.push(`Phase added: ${p.name}`);
  for (const p of recorded.phases) {
    const c = currentPhases.get(p.name);
    if (!c) summary.push(`Phase removed: ${p.name} (still shown from the record)`);
    else if (timeboxLabel(p.timebox) !== timeboxLabel(c.timebox)) {
      summary.push(`Phase timebox changed: ${p.name} ${timeboxLabel(p.timebox)} → ${timeboxLabel(c.timebox)}`);
    }
  }

  const recordedSteps = new Map(recorded.phases.flatMap((p) => p.steps.map((s) => [s.id, { ...s, phase: p.name }] as const)));
  const currentSteps = new Map(current.phases.flatMap((p) => p.steps.map((s) => [s.id, { step: s, phase: p.name }] as const)));
  for (const [id, { step, phase }] of currentSteps) {
    if (!recordedSteps.has(id)) summary.push(`Step added: ${stepTitle(step.text)} (${phase})`);
  }
  for (const [id, s] of recordedSteps) {
    const c = currentSteps.get(id);
    if (!c) {
      summary.push(`Step removed: ${s.title} (still shown from the record)`);
      continue;
    }
    if (stepTitle(c.step.text) !== s.title) summary.push(`Step text changed: ${s.title} → ${stepTitle(c.step.text)}`);
    else if (c.step.commands.length !== s.commands) summary.push(`Step commands changed: ${s.title}`);
    if (c.phase !== s.phase) summary.push(`Step moved: ${s.title} (${s.phase} → ${c.phase})`);
  }
  // The hash covers more than the snapshot (full step text, command code, kinds).
  if (summary.length === 0) summary.push('The runbook was edited since the incident started (step details or commands).');
  return { changed: true, summary };
}
