// Crontab lines (user crontabs, /etc/crontab and /etc/cron.d with a user column) and the schedule
// arithmetic shared with Kubernetes CronJobs: how close together can two runs start?
import { lastTextMemo, lines } from './entries';

export interface CronLine {
  /** `*\/5 * * * *` or `@hourly`, as written. */
  schedule: string;
  scheduleStart: number;
  scheduleEnd: number;
  /** The user column of a system crontab. */
  user?: string;
  command: string;
  commandStart: number;
  commandEnd: number;
}

const MACROS: Record<string, number> = {
  '@yearly': 525600,
  '@annually': 525600,
  '@monthly': 40320,
  '@weekly': 10080,
  '@daily': 1440,
  '@midnight': 1440,
  '@hourly': 60,
};

function parseLines(text: string, systemCrontab: boolean): CronLine[] {
  const out: CronLine[] = [];
  for (const { start, end } of lines(text)) {
    const line = text.slice(start, end);
    const body = line.trimStart();
    if (body === '' || body[0] === '#') continue;
    if (/^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(body)) continue; // MAILTO=, PATH=, CRON_TZ=
    const tokens: { text: string; start: number; end: number }[] = [];
    const re = /\S+/g;
    const wanted = (body[0] === '@' ? 1 : 5) + (systemCrontab ? 1 : 0);
    for (let m = re.exec(line); m && tokens.length < wanted; m = re.exec(line)) {
      tokens.push({ text: m[0], start: start + m.index, end: start + m.index + m[0].length });
    }
    const fields = body[0] === '@' ? 1 : 5;
    if (tokens.length < wanted) continue;
    const last = tokens[wanted - 1];
    let cs = last.end;
    while (cs < end && (text[cs] === ' ' || text[cs] === '\t')) cs++;
    let ce = end;
    while (ce > cs && (text[ce - 1] === ' ' || text[ce - 1] === '\t')) ce--;
    if (ce <= cs) continue;
    out.push({
      schedule: text.slice(tokens[0].start, tokens[fields - 1].end),
      scheduleStart: tokens[0].start,
      scheduleEnd: tokens[fields - 1].end,
      user: systemCrontab ? tokens[fields].text : undefined,
      command: text.slice(cs, ce),
      commandStart: cs,
      commandEnd: ce,
    });
  }
  return out;
}

const readUser = lastTextMemo((t) => parseLines(t, false));
const readSystem = lastTextMemo((t) => parseLines(t, true));

/** /etc/crontab and /etc/cron.d/* have a user column between the schedule and the command. */
export function isSystemCrontab(file: string): boolean {
  const f = file.replace(/\\/g, '/');
  return /(^|\/)etc\/crontab$/.test(f) || /(^|\/)cron\.d\//.test(f);
}

export function readCrontab(text: string, file: string): CronLine[] {
  return isSystemCrontab(file) ? readSystem(text) : readUser(text);
}

/** The values a cron field matches, or undefined when the field is not understood. */
export function cronField(field: string, min: number, max: number): number[] | undefined {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    let lo = min;
    let hi = max;
    if (m[1] !== '*') {
      lo = Number(m[2]);
      hi = m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? max : lo;
    }
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (lo < min || hi > max || lo > hi || step < 1) return undefined;
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

/**
 * The shortest time between two consecutive runs, in minutes, over a day; undefined when the
 * schedule is not understood (or never repeats, like `@reboot`).
 */
export function shortestIntervalMinutes(schedule: string): number | undefined {
  const s = schedule.trim().replace(/^(?:CRON_)?TZ=\S+\s+/, '');
  if (s.startsWith('@')) return MACROS[s.toLowerCase()];
  const fields = s.split(/\s+/);
  if (fields.length !== 5) return undefined;
  const minutes = cronField(fields[0], 0, 59);
  const hours = cronField(fields[1], 0, 23);
  if (!minutes || !hours || minutes.length === 0 || hours.length === 0) return undefined;
  const times: number[] = [];
  for (const h of hours) for (const m of minutes) times.push(h * 60 + m);
  if (times.length === 1) return 1440;
  let best = times[0] + 1440 - times[times.length - 1];
  for (let i = 1; i < times.length; i++) best = Math.min(best, times[i] - times[i - 1]);
  return best;
}
