// File names and the size cap, apart from the parsers so that code which only needs to know
// "is this a runbook file" (the extension's watchers) does not load yaml and marked.
import type { Problem } from './runbookModel';

/** 1 MiB. A runbook is a few KB; anything this big is a mistake or an attack. */
export const MAX_RUNBOOK_FILE_BYTES = 1_048_576;

export const YAML_FILE = /\.ya?ml$/i;
export const MARKDOWN_FILE = /\.(md|markdown)$/i;

export function isRunbookFileName(name: string): boolean {
  return YAML_FILE.test(name) || MARKDOWN_FILE.test(name);
}

/** Incident records live next to the runbooks, in `.runbooks/incidents/`; they are not runbooks. */
export const INCIDENTS_FOLDER = '.runbooks/incidents';
const INCIDENT_RECORD_PATH = /(^|[\\/])\.runbooks[\\/]incidents([\\/]|$)/;

export function isIncidentRecordPath(p: string): boolean {
  return INCIDENT_RECORD_PATH.test(p);
}

function formatMegabytes(bytes: number): string {
  const mb = (bytes / MAX_RUNBOOK_FILE_BYTES).toFixed(1);
  // "1.0 MB" would read as "within the cap"; show bytes when rounding hides the excess.
  return mb === '1.0' ? `${bytes.toLocaleString('en-US')} bytes` : `${mb} MB`;
}

/** The problem reported for a file over the cap (also used by the loader after `stat`). */
export function tooLargeProblem(file: string, bytes: number): Problem {
  return {
    file,
    line: 1,
    column: 1,
    message: `File is ${formatMegabytes(bytes)}; runbook files are capped at 1 MB`,
    severity: 'error',
    code: 'too-large',
  };
}
