// How a checklist command reaches a terminal without running before the responder presses Enter.
//
// A terminal runs every line break it receives outside a bracketed paste as Enter, and whether a
// shell honours bracketed paste cannot be read through VS Code's API (bash before 5.1, dash, most
// remote shells do not). So:
// - a one-line command is typed as it is, with no line break: nothing runs until Enter;
// - a block of several lines (a script, a heredoc, a `\`-continued command) is written to a
//   private script file, and the one line that runs it (`bash '/tmp/…/step-1.sh'`) is typed.
//   That is safe in every shell, local or not; the checklist shows the block's exact text.
// Trailing blank or whitespace-only lines are dropped first: they are invisible in the view and a
// terminal would take their line break for Enter.
// No `vscode` import: the extension and the unit tests share this.
import { shellKindOf } from './destructive';
import { shellDialectFor } from './placeholders';
import { type ShellDialect, quoteShellWord } from './shellQuoting';

export type InsertionMechanism = 'typed' | 'script';

/** How one command goes to a terminal; decided before placeholders are filled (they never add lines). */
export interface InsertionChoice {
  mechanism: InsertionMechanism;
  /** The shell that will parse the command text, to quote placeholder values for. */
  parsedBy: ShellDialect;
  /** For a script: the program the typed line starts ("bash", "sh", "pwsh -NoProfile -File"...). */
  interpreter?: string;
  /** For a script: the file name extension (".sh", ".fish", ".ps1"). */
  scriptExtension?: string;
}

// The program that runs a script of each shell language; a POSIX language not listed runs in `sh`.
const INTERPRETERS: Record<string, { interpreter: string; extension: string }> = {
  bash: { interpreter: 'bash', extension: '.sh' },
  shellscript: { interpreter: 'bash', extension: '.sh' },
  zsh: { interpreter: 'zsh', extension: '.zsh' },
  ksh: { interpreter: 'ksh', extension: '.sh' },
  dash: { interpreter: 'dash', extension: '.sh' },
  fish: { interpreter: 'fish', extension: '.fish' },
  powershell: { interpreter: 'pwsh -NoProfile -File', extension: '.ps1' },
  pwsh: { interpreter: 'pwsh -NoProfile -File', extension: '.ps1' },
  ps1: { interpreter: 'pwsh -NoProfile -File', extension: '.ps1' },
  ps: { interpreter: 'pwsh -NoProfile -File', extension: '.ps1' },
};
const SH = { interpreter: 'sh', extension: '.sh' };

/** The block's own shell (the language it was written for), posix when not a known shell. */
function languageShell(language: string): ShellDialect {
  return shellKindOf(language) ?? 'posix';
}

/** The text without trailing whitespace-only lines or trailing spaces, and without leading blank lines. */
export function trimCommandText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/^(?:[ \t]*\n)+/, '').replace(/\s+$/, '');
}

/** More than one line after trimming: a line break inside would reach the terminal as Enter. */
export function needsScript(text: string): boolean {
  return trimCommandText(text).includes('\n');
}

/**
 * Typed or as a script, and which shell reads the text. A one-line command is read by the
 * terminal's shell (or, when VS Code does not know it, by the shell the block was written for);
 * a script by its own interpreter, chosen from the block's language.
 */
export function chooseInsertion(code: string, language: string, terminalShell: string | undefined): InsertionChoice {
  if (!needsScript(code)) {
    return { mechanism: 'typed', parsedBy: shellDialectFor(terminalShell) ?? languageShell(language) };
  }
  const known = INTERPRETERS[language.trim().toLowerCase()] ?? SH;
  return { mechanism: 'script', parsedBy: languageShell(language), interpreter: known.interpreter, scriptExtension: known.extension };
}

/** The one line typed for a script: `bash /tmp/runbook-assistant-x/step-1.sh`, quoted for the terminal's shell. */
export function scriptCommandLine(choice: InsertionChoice, scriptPath: string, terminalShell: string | undefined): string {
  // The program is a bare word in every shell (so PowerShell needs no `&`); only the path is quoted.
  return `${choice.interpreter ?? 'sh'} ${quoteShellWord(scriptPath, shellDialectFor(terminalShell) ?? 'posix')}`;
}

/** A file name for a script: incident, step and command index, and a counter so each insert keeps its own file. */
export function scriptFileName(incidentId: string, stepId: string, commandIndex: number, counter: number, extension: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 60);
  return `${safe(incidentId)}--${safe(stepId)}-${commandIndex + 1}-${counter}${extension}`;
}

/** The script's content: the block exactly, with one final line break (so `wc -l` and editors agree). */
export function scriptContent(text: string): string {
  return `${trimCommandText(text)}\n`;
}
