// What Insert does with one checklist command: refuse it, ask first, or type it (and whether Enter
// goes with it). The whole decision lives here, with no `vscode` import, so every branch is unit
// tested; the extension gathers the facts, carries out the step this returns, and asks again.
//
// Insert is a short conversation: the terminal is picked, placeholders are filled, the person may
// confirm. So the policy is asked repeatedly with what is known so far and answers with the next
// step, until it says `refuse` or `send`. Facts about the terminal are read fresh at each ask: a
// terminal can close, or a line be run, while a dialog is open.
import type { InsertionMechanism } from './insertion';

export interface InsertFacts {
  /** Restricted Mode (an untrusted workspace) sends nothing to a terminal. */
  workspaceTrusted: boolean;
  /** The block's language, e.g. "bash", "sql". */
  language: string;
  /** Whether a shell runs blocks of that language (SQL, Redis, Java... are copied or opened in an editor). */
  shellLanguage: boolean;
  /** runbookAssistant.terminal.executeDirectly. */
  executeDirectly: boolean;
  /** The incident's terminal, once picked. */
  terminal?: TerminalFacts;
  /** The command with its placeholders filled, once filled. */
  command?: CommandFacts;
  /** What the person already agreed to in this insert. */
  confirmed?: { destructive?: boolean; lineLeftTyped?: boolean };
}

export interface TerminalFacts {
  name: string;
  /** Closed since it was picked. */
  closed: boolean;
  /** An earlier insert is still typed at its prompt, not run (known only with shell integration). */
  lineLeftTyped: boolean;
  /** That line can be cleared safely first (a readline shell at its prompt). */
  canClearLine: boolean;
}

export interface CommandFacts {
  /** Control characters in the filled text, named (a terminal acts on them as they arrive). */
  controlCharacters: string[];
  /** Why the command assessment finds it destructive; empty when it does not. */
  detectedReasons: string[];
  /** The runbook marks the command destructive. */
  declaredDestructive: boolean;
  /** The runbook's own words on the risk, if any. */
  declaredRisk?: string;
  /** The shell parser read all of it (so "not destructive" means something). */
  readable: boolean;
  mechanism: InsertionMechanism;
  /** Lines in the filled text. */
  lines: number;
}

export type InsertStep =
  /** Nothing is sent; `offerCopy` when copying is the way out (the person is asked). */
  | { kind: 'refuse'; why: string; offerCopy: boolean }
  /** Pick (or reuse) the incident's terminal, then ask again with `terminal`. */
  | { kind: 'pick-terminal' }
  /** Fill the placeholders for that terminal's shell and assess the text, then ask again with `command`. */
  | { kind: 'fill-command' }
  /** A modal question; on `action`, ask again with the matching `confirmed` flag; otherwise stop. */
  | { kind: 'confirm'; about: 'destructive' | 'lineLeftTyped'; message: string; action: string }
  /** Type the text; Enter too when `execute`; Ctrl-U first when `clearLineFirst`. */
  | { kind: 'send'; execute: boolean; clearLineFirst: boolean; destructive: boolean };

export const RESTRICTED_MODE_REFUSAL =
  'Restricted Mode: commands are not sent to a terminal until you trust this workspace. Copy it instead, or trust the workspace.';

/** The next step of an insert, from what is known so far. */
export function decideTerminalInsert(facts: InsertFacts): InsertStep {
  if (!facts.workspaceTrusted) return { kind: 'refuse', why: RESTRICTED_MODE_REFUSAL, offerCopy: false };
  if (!facts.shellLanguage) {
    return { kind: 'refuse', why: `This is a ${facts.language} block, not a shell command: copy it, or open it in an editor.`, offerCopy: false };
  }
  const { terminal, command } = facts;
  if (!terminal) return { kind: 'pick-terminal' };
  if (!command) return { kind: 'fill-command' };
  if (command.controlCharacters.length) {
    return {
      kind: 'refuse',
      why: `This command is not sent to a terminal. It contains ${command.controlCharacters.join(', ')}, which a terminal acts on as it arrives.`,
      offerCopy: true,
    };
  }
  const destructive = command.detectedReasons.length > 0 || command.declaredDestructive;
  if (destructive && !facts.confirmed?.destructive) {
    const reasons = [command.declaredRisk, ...command.detectedReasons].filter(Boolean).join(' ');
    const how =
      command.mechanism === 'script'
        ? `Its ${command.lines} lines will be saved as a script and the line that runs it typed into the terminal "${terminal.name}"`
        : `It will be typed into the terminal "${terminal.name}"`;
    return {
      kind: 'confirm',
      about: 'destructive',
      message: `Destructive command: ${reasons || 'the runbook marks it destructive.'} ${how}; nothing runs until you press Enter there.`,
      action: 'Insert into Terminal',
    };
  }
  if (terminal.closed) return { kind: 'refuse', why: `The terminal "${terminal.name}" was closed. Insert again to pick another.`, offerCopy: false };
  // Typing now would append to an earlier insert not run yet, and Enter would run both as one line.
  const clearLineFirst = terminal.lineLeftTyped && terminal.canClearLine;
  if (terminal.lineLeftTyped && !clearLineFirst && !facts.confirmed?.lineLeftTyped) {
    return {
      kind: 'confirm',
      about: 'lineLeftTyped',
      message: `The terminal "${terminal.name}" may still have an earlier command typed at its prompt, not run. Clear that line first (Ctrl-C or Ctrl-U there), or the new command is appended to it.`,
      action: 'Insert Anyway',
    };
  }
  // Enter goes with it only when the person turned that on, for one line the parser read fully,
  // and nothing marks it destructive.
  const execute = facts.executeDirectly && !destructive && command.readable && command.mechanism === 'typed';
  return { kind: 'send', execute, clearLineFirst, destructive };
}

/** Choosing the incident's terminal ("Change…" in the checklist) is refused where Insert is. */
export function decideTerminalChoice(o: { workspaceTrusted: boolean }): { kind: 'refuse'; why: string } | { kind: 'pick-terminal' } {
  return o.workspaceTrusted
    ? { kind: 'pick-terminal' }
    : { kind: 'refuse', why: 'Restricted Mode: commands are not sent to a terminal until you trust this workspace.' };
}

/** What Copy records and says: a destructive command (detected or declared) is copied with a warning to read it first. */
export function decideCopy(o: Pick<CommandFacts, 'detectedReasons' | 'declaredDestructive' | 'declaredRisk'>): { destructive: boolean; warning?: string } {
  const destructive = o.detectedReasons.length > 0 || o.declaredDestructive;
  if (!destructive) return { destructive };
  const why = [o.declaredRisk, ...o.detectedReasons].filter(Boolean).join(' ');
  return { destructive, warning: `Copied a destructive command. ${why ? `${why} ` : ''}Read it before you paste it.` };
}
