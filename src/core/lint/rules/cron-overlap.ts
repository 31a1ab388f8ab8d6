// A frequent schedule that can run twice at once: a crontab line with no lock wrapper, or a
// Kubernetes CronJob whose concurrencyPolicy is Allow (the default). A slow run then overlaps
// the next one and the copies pile up (runbook cron-job-pileup).
import { readCrontab, shortestIntervalMinutes, type CronLine } from '../formats/crontab';
import { mapGet, readYamlConfig, scalarText } from '../formats/yamlConfig';
import type { Document, Node } from 'yaml';
import { isMap, isScalar } from '../yamlLib';
import type { Fix, LintContext, Rule, RuleFinding } from '../types';

const DEFAULT_MAX_INTERVAL = 15;
const LOCK_WRAPPER = /(?:^|[\s/;&|(])(?:flock|run-one|run-this-one|lockrun|solo|setlock|lckdo|chpst\s+-[lL])(?=\s|$)/;
const SHELL_LIST = /&&|\|\||;|\|/;

function maxInterval(options: Record<string, unknown>): number {
  const v = options.maxIntervalMinutes;
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : DEFAULT_MAX_INTERVAL;
}

function every(minutes: number): string {
  return minutes === 1 ? 'every minute' : `every ${minutes} minutes`;
}

/** A lock file name from the command: the script's base name (`/opt/bin/sync-orders.sh` -> sync-orders). */
export function lockName(command: string): string {
  const tokens = command.split(/\s+/).filter(Boolean);
  const skip = new Set(['sudo', 'nice', 'ionice', 'nohup', 'exec', 'env', '/usr/bin/env', 'timeout', 'bash', 'sh', '-c', '&&', ';']);
  const words: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i].replace(/^['"]|['"]$/g, '');
    if (t === 'cd') {
      i++;
      continue;
    }
    if (skip.has(t) || t.startsWith('-') || t.includes('=') || /^\d+$/.test(t)) continue;
    words.push(t);
  }
  const pick = words.find((w) => w.includes('/') && !/^[<>]/.test(w)) ?? words[0] ?? 'cron-job';
  const base = (pick.split('/').filter(Boolean).pop() ?? pick).replace(/\.[a-z0-9]+$/i, '');
  return base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'cron-job';
}

/** `flock -n /var/lock/<name>.lock <command>`, through `sh -c` when the command is a shell list. */
export function wrapWithFlock(command: string): string {
  const lock = `/var/lock/${lockName(command)}.lock`;
  if (!SHELL_LIST.test(command)) return `flock -n ${lock} ${command}`;
  return `flock -n ${lock} sh -c '${command.replace(/'/g, `'\\''`)}'`;
}

function crontabFindings(ctx: LintContext, limit: number): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const line of readCrontab(ctx.text, ctx.file) as CronLine[]) {
    const interval = shortestIntervalMinutes(line.schedule);
    if (interval === undefined || interval > limit || LOCK_WRAPPER.test(line.command)) continue;
    const wrapped = wrapWithFlock(line.command);
    out.push({
      start: line.scheduleStart,
      end: line.scheduleEnd,
      message:
        `This job starts ${every(interval)} and nothing stops a second copy while the first is still running: ` +
        `when a run takes longer than ${interval} min, copies pile up and fight over the same rows and locks.`,
      suggestions: [
        {
          title: `Wrap the command in flock -n (skip a run while the previous one holds the lock)`,
          edits: [{ start: line.commandStart, end: line.commandEnd, newText: wrapped }],
        },
      ],
    });
  }
  return out;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Inserts `concurrencyPolicy: Forbid` on the line after `schedule:`, at the same indentation. */
function insertForbid(text: string, keyStart: number, valueEnd: number): Fix | undefined {
  const lineStart = lineStartOf(text, keyStart);
  const indent = text.slice(lineStart, keyStart);
  if (!/^ *$/.test(indent)) return undefined; // flow style or odd layout: leave it to a human
  const nl = text.indexOf('\n', valueEnd);
  const eol = nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
  const edit =
    nl < 0
      ? { start: text.length, end: text.length, newText: `${eol}${indent}concurrencyPolicy: Forbid` }
      : { start: nl + 1, end: nl + 1, newText: `${indent}concurrencyPolicy: Forbid${eol}` };
  return { title: 'Add concurrencyPolicy: Forbid', edits: [edit] };
}

function cronJobFinding(ctx: LintContext, doc: Document.Parsed, limit: number): RuleFinding | undefined {
  const root = doc.contents;
  if (scalarText(mapGet(root, 'kind')?.value) !== 'CronJob') return undefined;
  if (!(scalarText(mapGet(root, 'apiVersion')?.value) ?? '').startsWith('batch/')) return undefined;
  const spec = mapGet(root, 'spec')?.value;
  if (!isMap(spec)) return undefined;
  const schedulePair = mapGet(spec, 'schedule');
  const schedule = scalarText(schedulePair?.value);
  if (!schedulePair || schedule === undefined) return undefined;
  const interval = shortestIntervalMinutes(schedule);
  if (interval === undefined || interval > limit) return undefined;
  const policyPair = mapGet(spec, 'concurrencyPolicy');
  const policy = scalarText(policyPair?.value);
  if (policy === 'Forbid' || policy === 'Replace') return undefined;
  const consequence =
    `when a run outlasts the interval, Kubernetes starts the next one alongside it and the runs pile up.`;
  if (policyPair && isScalar(policyPair.value) && policyPair.value.range) {
    const [start, end] = policyPair.value.range;
    return {
      start,
      end,
      message: `This CronJob runs ${every(interval)} with concurrencyPolicy: ${policy}: ${consequence}`,
      fix: { title: `Change ${policy} to Forbid`, edits: [{ start, end, newText: 'Forbid' }] },
    };
  }
  const keyRange = (schedulePair.key as Node | null)?.range;
  const valueRange = (schedulePair.value as Node | null)?.range;
  if (!keyRange || !valueRange) return undefined;
  return {
    start: keyRange[0],
    end: keyRange[1],
    message: `This CronJob runs ${every(interval)} and has no concurrencyPolicy, so Kubernetes uses Allow: ${consequence}`,
    fix: insertForbid(ctx.text, keyRange[0], valueRange[1]),
  };
}

export const cronOverlap: Rule = {
  id: 'cron-overlap',
  description: 'A frequent schedule that can run twice at once: crontab without flock, CronJob without concurrencyPolicy Forbid/Replace.',
  fileKinds: ['crontab', 'yaml'],
  defaultSeverity: 'warning',
  fixable: true,
  runbook: { runbookId: 'cron-job-pileup', stepId: 'fix-no-overlap-scheduler' },
  options: {
    maxIntervalMinutes: { type: 'number', exclusiveMinimum: 0, description: `Schedules whose runs start at most this many minutes apart are checked (default ${DEFAULT_MAX_INTERVAL}).` },
  },
  check(ctx: LintContext): RuleFinding[] {
    const limit = maxInterval(ctx.options);
    if (ctx.kind === 'crontab') return crontabFindings(ctx, limit);
    if (!ctx.text.includes('CronJob')) return [];
    const out: RuleFinding[] = [];
    for (const doc of readYamlConfig(ctx.text).documents) {
      const f = cronJobFinding(ctx, doc, limit);
      if (f) out.push(f);
    }
    return out;
  },
};
