// A command a shell ran, turned into the record's 'command-ran' event: matched to the checklist
// command it came from, its output cut to an excerpt, and secrets masked: placeholder values the
// incident keeps secret, and credentials that commands commonly print or take as arguments
// (`PGPASSWORD=…`, `--password …`, `Authorization: Bearer …`, `postgres://user:pass@host`).
// Records are committed and screens are shared during incidents. No `vscode` import.
import type { IncidentEvent } from './incidentModel';
import { matchRun, type OutputBuffer, type PendingCommand } from './runs';
import { SECRET_MASK } from './placeholders';
import { isSqlLanguage, shellKindOf } from './destructive';

/** What the extension saw of one run (times in epoch ms, output raw as the terminal received it). */
export interface ObservedRunData {
  terminalName: string;
  commandLine: string;
  cwd?: string;
  exitCode?: number;
  startedAt: number;
  endedAt: number;
  /** Undefined when output was not captured. */
  output?: OutputBuffer;
  pending: PendingCommand[];
}

const MAX_COMMAND_LINE = 2000;

/** The record's event for a run; `mask` is applied to the command line, and to the output after it is cleaned and before it is cut. */
export function commandRanEvent(
  run: ObservedRunData,
  o: { by: string; captureOutput: boolean; mask: (text: string) => string },
): Extract<IncidentEvent, { type: 'command-ran' }> {
  const match = matchRun(run.commandLine, run.pending);
  const commandLine = o.mask(run.commandLine.replace(/\s+$/, ''));
  const excerpt = o.captureOutput && run.output ? run.output.excerpt(o.mask) : undefined;
  return {
    type: 'command-ran',
    at: new Date(run.endedAt).toISOString(),
    by: o.by,
    ...(match ? { stepId: match.stepId, commandIndex: match.commandIndex } : {}),
    commandLine: commandLine.length > MAX_COMMAND_LINE ? `${commandLine.slice(0, MAX_COMMAND_LINE)}…` : commandLine,
    ...(run.cwd ? { cwd: run.cwd.slice(0, 1000) } : {}),
    ...(typeof run.exitCode === 'number' && Number.isInteger(run.exitCode) ? { exitCode: run.exitCode } : {}),
    startedAt: new Date(Math.min(run.startedAt, run.endedAt)).toISOString(),
    durationMs: Math.max(0, run.endedAt - run.startedAt),
    ...(excerpt && excerpt.text !== '' ? { output: excerpt.text } : {}),
    ...(excerpt?.truncated ? { outputTruncated: true } : {}),
    terminal: run.terminalName.slice(0, 200),
  };
}

// name=value and name: value where the name says credential; the value runs to the next space or quote.
const CREDENTIAL_ASSIGNMENT =
  /\b([A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)[A-Za-z0-9_]*)(\s*[=:]\s*)("[^"\n]*"|'[^'\n]*'|[^\s"'&;|]+)/gi;
// --password value, --token=value, -p'value' is too ambiguous (psql -p is a port): long options only.
const CREDENTIAL_OPTION = /(--(?:password|passwd|pass|token|secret|api-key|access-key|auth)(?:=|\s+))("[^"\n]*"|'[^'\n]*'|[^\s"'&;|]+)/gi;
const BEARER = /\b(Bearer|Basic|Token)(\s+)([A-Za-z0-9._~+/=-]{8,})/g;
// scheme://user:password@host
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)(@)/gi;
// redis-cli -a password / AUTH password
const REDIS_AUTH = /(\bredis-cli\b[^\n]*?\s-a\s+|\bAUTH\s+)("[^"\n]*"|'[^'\n]*'|[^\s"'&;|]+)/gi;

/** The text with credential-looking values replaced by ••••; names and structure are kept. */
export function maskCredentials(text: string): string {
  return text
    .replace(CREDENTIAL_ASSIGNMENT, (_, name: string, sep: string) => `${name}${sep}${SECRET_MASK}`)
    .replace(CREDENTIAL_OPTION, (_, option: string) => `${option}${SECRET_MASK}`)
    .replace(BEARER, (_, kind: string, space: string) => `${kind}${space}${SECRET_MASK}`)
    .replace(URL_PASSWORD, (_, head: string, _pw: string, at: string) => `${head}${SECRET_MASK}${at}`)
    .replace(REDIS_AUTH, (_, head: string) => `${head}${SECRET_MASK}`);
}

// Fence names whose VS Code language id differs (SQL and shell fences are mapped by their own tables).
const EDITOR_LANGUAGE_ALIASES: Record<string, string> = {
  yml: 'yaml',
  props: 'properties',
  js: 'javascript',
  ts: 'typescript',
  py: 'python',
  docker: 'dockerfile',
  cfg: 'ini',
  conf: 'ini',
  toml: 'ini',
};
const SHELL_EDITOR_IDS = { posix: 'shellscript', fish: 'fish', powershell: 'powershell' } as const;

/** The VS Code language id to open a block in, from its fence language and the ids VS Code knows. */
export function editorLanguageId(language: string, known: readonly string[]): string {
  const lang = language.trim().toLowerCase();
  const shell = shellKindOf(lang);
  const id = isSqlLanguage(lang) ? 'sql' : shell ? SHELL_EDITOR_IDS[shell] : (EDITOR_LANGUAGE_ALIASES[lang] ?? lang);
  return known.includes(id) ? id : known.includes(lang) ? lang : 'plaintext';
}
