// Which terminal an incident's commands go to, and what runs there afterwards.
//
// - Each incident has a terminal the responder chose (the active one may be an SSH session to
//   production, so it is never taken silently); it is asked on the first Insert, shown in the
//   checklist's header, and can be changed there. A new terminal gets text only once its shell is
//   ready, so the command does not show twice before the prompt.
// - A terminal that received an incident command is watched through VS Code's shell integration:
//   each command run there (its line, folder, exit code, times and output) is handed to `onRun`,
//   matched to the checklist command it came from when the text matches.
import * as vscode from 'vscode';
import { mkdtempSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ObservedRunData } from '../../core/incident/runRecording';
import type { OutputBuffer, PendingCommand } from '../../core/incident/runs';
import { loadLazyBundle } from '../loadLazyBundle';

/** What the checklist shows of an incident's terminal. */
export interface TerminalInfo {
  name: string;
  /** undefined while VS Code has not said; false when the shell has no integration (only insertions are recorded). */
  shellIntegration: boolean | undefined;
}

/** A checklist command typed into a terminal, waiting to be seen running there. */
export interface PendingInsert extends PendingCommand {
  incidentId: string;
}

/** A command that ran in a watched terminal, as shell integration reported it, and the incident it is recorded in. */
export interface ObservedRun extends ObservedRunData {
  incidentId: string;
}

export interface TerminalPicker {
  pick<T extends vscode.QuickPickItem>(items: T[], options: { title: string; placeHolder: string }): Promise<T | undefined>;
}

/** How long a new terminal may take to report shell integration before text is sent anyway. */
const SHELL_READY_MS = 5_000;
/** After the shell reports ready, how long its first prompt may take to draw. */
const PROMPT_SETTLE_MS = 750;
/** Checklist commands remembered per terminal for matching runs to their steps. */
const MAX_PENDING = 50;
/**
 * How long, after a command ends, its output stream may take to drain. Generous: on a busy
 * machine the stream's last chunks reach the extension host well after the end event, and a run
 * recorded a second later beats a run recorded without its output.
 */
const OUTPUT_DRAIN_MS = 2_000;

interface Watched {
  incidentId: string;
  pending: PendingInsert[];
}

interface Running {
  terminal: vscode.Terminal;
  startedAt: number;
  output?: OutputBuffer;
  reading?: Promise<void>;
}

export class IncidentTerminals implements vscode.Disposable {
  private readonly chosen = new Map<string, vscode.Terminal>();
  private readonly watched = new Map<vscode.Terminal, Watched>();
  private readonly running = new Map<vscode.TerminalShellExecution, Running>();
  /** Text this extension typed into a terminal that no command run has consumed since (shell integration says). */
  private readonly unrun = new WeakMap<vscode.Terminal, string>();
  /** Terminals that had no shell integration SHELL_READY_MS after a command was sent. */
  private readonly withoutIntegration = new WeakSet<vscode.Terminal>();
  private readonly changed = new vscode.EventEmitter<string>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private scriptFolder: string | undefined;
  private scriptCounter = 0;
  /** Fires with an incident id when the terminal its commands go to (or its shell integration) changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly onRun: (run: ObservedRun) => void,
    private readonly captureOutput: () => boolean,
  ) {
    this.disposables.push(
      vscode.window.onDidCloseTerminal((t) => {
        this.watched.delete(t);
        for (const [id, terminal] of this.chosen) {
          if (terminal === t) {
            this.chosen.delete(id);
            this.changed.fire(id);
          }
        }
      }),
      vscode.window.onDidChangeTerminalShellIntegration((e) => {
        this.withoutIntegration.delete(e.terminal);
        for (const [id, terminal] of this.chosen) if (terminal === e.terminal) this.changed.fire(id);
      }),
      vscode.window.onDidStartTerminalShellExecution((e) => this.started(e.terminal, e.execution)),
      vscode.window.onDidEndTerminalShellExecution((e) => void this.ended(e.terminal, e.execution, e.exitCode)),
    );
  }

  /** The terminal commands of this incident go to, if one was chosen and is still open. */
  current(incidentId: string): vscode.Terminal | undefined {
    const t = this.chosen.get(incidentId);
    if (t && t.exitStatus === undefined && vscode.window.terminals.includes(t)) return t;
    if (t) this.chosen.delete(incidentId);
    return undefined;
  }

  info(incidentId: string): TerminalInfo | undefined {
    const t = this.current(incidentId);
    if (!t) return undefined;
    return { name: t.name, shellIntegration: t.shellIntegration ? true : this.withoutIntegration.has(t) ? false : undefined };
  }

  /**
   * The terminal for the incident's next command: the one chosen before, else a new one when no
   * terminal is open, else the responder picks (undefined when they cancel).
   */
  async target(incidentId: string, incidentTitle: string, picker: TerminalPicker): Promise<vscode.Terminal | undefined> {
    const current = this.current(incidentId);
    if (current) return current;
    if (vscode.window.terminals.length === 0) return this.use(incidentId, await this.create(incidentTitle));
    return this.choose(incidentId, incidentTitle, picker);
  }

  /** Asks which terminal the incident's commands go to (open ones, the active one first, or a new one). */
  async choose(incidentId: string, incidentTitle: string, picker: TerminalPicker): Promise<vscode.Terminal | undefined> {
    const active = vscode.window.activeTerminal;
    const current = this.current(incidentId);
    const open = [...vscode.window.terminals].sort((a, b) => Number(b === active) - Number(a === active));
    type Item = vscode.QuickPickItem & { terminal?: vscode.Terminal };
    const items: Item[] = open.map((terminal) => {
      const running = this.runningIn(terminal);
      return {
        label: `$(terminal) ${terminal.name}`,
        description: [terminal === current ? 'current' : '', terminal === active ? 'active terminal' : '', terminal.state.shell ?? '']
          .filter(Boolean)
          .join(' · '),
        detail: running ? `running: ${running.commandLine.value.slice(0, 80)}` : undefined,
        terminal,
      };
    });
    items.push({ label: '$(add) New terminal', description: `"Incident: ${incidentTitle.slice(0, 40)}"` });
    const picked = await picker.pick(items, {
      title: `Which terminal do the commands of "${incidentTitle.slice(0, 60)}" go to?`,
      placeHolder: 'Commands are typed there, never run: you press Enter. Change it later from the checklist.',
    });
    if (!picked) return undefined;
    if (picked.terminal && picked.terminal.exitStatus === undefined) return this.use(incidentId, picked.terminal);
    return this.use(incidentId, await this.create(incidentTitle));
  }

  /** Writes a multi-line block to a private script file (0600, in a 0700 folder outside the workspace). */
  writeScript(fileName: string, content: string): string {
    if (!this.scriptFolder) {
      this.scriptFolder = mkdtempSync(join(tmpdir(), 'runbook-assistant-'));
      chmodSync(this.scriptFolder, 0o700);
    }
    const file = join(this.scriptFolder, fileName);
    writeFileSync(file, content, { encoding: 'utf8', mode: 0o600 });
    return file;
  }

  nextScriptNumber(): number {
    return ++this.scriptCounter;
  }

  /**
   * What an earlier insert left typed and not run at this terminal's prompt, if anything: new
   * text would be appended to it, and Enter would run both as one line. Known only with shell
   * integration (it reports each command that starts); without it nothing can be known, and
   * asking at every insert would teach people to click the question away.
   */
  leftTyped(terminal: vscode.Terminal): string | undefined {
    return terminal.shellIntegration ? this.unrun.get(terminal) : undefined;
  }

  /**
   * Whether the line at the prompt can be cleared safely before typing: a readline-style shell
   * (bash, zsh, fish) at its prompt, as shell integration shows it. Ctrl-U there kills the line
   * into the kill ring (Ctrl-Y brings it back); elsewhere it could reach a running program.
   */
  canClearLine(terminal: vscode.Terminal): boolean {
    return !!terminal.shellIntegration && ['bash', 'zsh', 'fish'].includes(terminal.state.shell ?? '') && !this.runningIn(terminal);
  }

  /** Types text into the terminal (Enter only when `execute`) and watches the terminal for what runs. */
  send(terminal: vscode.Terminal, text: string, execute: boolean, insert: PendingInsert, clearLine = false): void {
    terminal.show(false);
    if (clearLine) terminal.sendText('\u0015', false);
    terminal.sendText(text, execute);
    if (execute) this.unrun.delete(terminal);
    else this.unrun.set(terminal, text);
    const watched = this.watched.get(terminal);
    if (watched && watched.incidentId === insert.incidentId) {
      watched.pending.push(insert);
      watched.pending.splice(0, Math.max(0, watched.pending.length - MAX_PENDING));
    } else this.watched.set(terminal, { incidentId: insert.incidentId, pending: [insert] });
    if (!terminal.shellIntegration) {
      setTimeout(() => {
        if (!terminal.shellIntegration && terminal.exitStatus === undefined && !this.withoutIntegration.has(terminal)) {
          this.withoutIntegration.add(terminal);
          for (const [id, t] of this.chosen) if (t === terminal) this.changed.fire(id);
        }
      }, SHELL_READY_MS).unref?.();
    }
  }

  private use(incidentId: string, terminal: vscode.Terminal): vscode.Terminal {
    this.chosen.set(incidentId, terminal);
    this.changed.fire(incidentId);
    return terminal;
  }

  /** A new terminal, once its shell is ready: shell integration reported, or a few seconds passed. */
  private async create(incidentTitle: string): Promise<vscode.Terminal> {
    const terminal = vscode.window.createTerminal({ name: `Incident: ${incidentTitle.slice(0, 40)}` });
    terminal.show(false);
    await terminal.processId;
    if (!terminal.shellIntegration) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, SHELL_READY_MS);
        const sub = vscode.window.onDidChangeTerminalShellIntegration((e) => {
          if (e.terminal === terminal) done();
        });
        const closed = vscode.window.onDidCloseTerminal((t) => {
          if (t === terminal) done();
        });
        function done(): void {
          clearTimeout(timer);
          sub.dispose();
          closed.dispose();
          resolve();
        }
      });
      if (!terminal.shellIntegration) this.withoutIntegration.add(terminal);
    }
    // Shell integration reports in before the first prompt is drawn: text typed then would be
    // echoed once before the prompt and again after it.
    await new Promise((r) => setTimeout(r, PROMPT_SETTLE_MS));
    return terminal;
  }

  /** The command shell integration says is running in the terminal (an `ssh prod-db-1`, a `psql`), if any. */
  private runningIn(terminal: vscode.Terminal): vscode.TerminalShellExecution | undefined {
    for (const [execution, run] of this.running) if (run.terminal === terminal) return execution;
    return undefined;
  }

  private started(terminal: vscode.Terminal, execution: vscode.TerminalShellExecution): void {
    this.unrun.delete(terminal);
    const run: Running = { terminal, startedAt: Date.now() };
    this.running.set(execution, run);
    // The stream only has what is written after read() is first called: read at once.
    if (this.watched.has(terminal) && this.captureOutput()) {
      // Bounded: a `tail -f` left running keeps only its first and last 64 KB.
      run.output = new (loadLazyBundle().incidents.OutputBuffer)();
      run.reading = this.read(execution, run.output);
    }
  }

  private async read(execution: vscode.TerminalShellExecution, output: OutputBuffer): Promise<void> {
    try {
      for await (const chunk of execution.read()) output.push(chunk);
    } catch {
      // The terminal went away while reading: keep what was read.
    }
  }

  private async ended(terminal: vscode.Terminal, execution: vscode.TerminalShellExecution, exitCode: number | undefined): Promise<void> {
    const run = this.running.get(execution);
    this.running.delete(execution);
    const watched = this.watched.get(terminal);
    if (!watched) return;
    const endedAt = Date.now();
    if (run?.reading) await Promise.race([run.reading, new Promise((r) => setTimeout(r, OUTPUT_DRAIN_MS))]);
    this.onRun({
      incidentId: watched.incidentId,
      terminalName: terminal.name,
      commandLine: execution.commandLine.value,
      cwd: execution.cwd ? (execution.cwd.scheme === 'file' ? execution.cwd.fsPath : execution.cwd.path) : undefined,
      exitCode,
      startedAt: run?.startedAt ?? endedAt,
      endedAt,
      output: run?.output,
      pending: [...watched.pending],
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    if (this.scriptFolder) rmSync(this.scriptFolder, { recursive: true, force: true });
  }
}
