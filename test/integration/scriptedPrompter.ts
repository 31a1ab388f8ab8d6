// Answers the extension's dialogs from queues and keeps what each asked, so a test can check the
// exact text shown. Shared by the incident test files.
import type * as vscode from 'vscode';
import type { Prompter } from '../../src/extension/testApi';

export class ScriptedPrompter implements Prompter {
  inputs: (string | undefined)[] = [];
  confirms: boolean[] = [];
  /** Answers to picks: the first item whose label contains the text; without one, the first item (the active terminal). */
  picks: (string | undefined)[] = [];
  asked: { kind: 'confirm' | 'input' | 'notify' | 'pick'; message: string; detail?: string; action?: string; items?: string[]; placeHolder?: string }[] = [];

  async confirm(message: string, detail: string, action: string): Promise<boolean> {
    this.asked.push({ kind: 'confirm', message, detail, action });
    return this.confirms.shift() ?? false;
  }

  async input(options: vscode.InputBoxOptions): Promise<string | undefined> {
    this.asked.push({ kind: 'input', message: `${options.title ?? ''}: ${options.prompt ?? ''}`, placeHolder: options.placeHolder });
    const value = this.inputs.shift();
    if (value !== undefined && options.validateInput) {
      const invalid = await options.validateInput(value);
      if (invalid) throw new Error(`the test answered ${JSON.stringify(value)}, which the dialog refuses: ${String(invalid)}`);
    }
    return value;
  }

  async notify(message: string): Promise<string | undefined> {
    this.asked.push({ kind: 'notify', message });
    return undefined;
  }

  async pick<T extends vscode.QuickPickItem>(items: T[], options: { title: string }): Promise<T | undefined> {
    this.asked.push({ kind: 'pick', message: options.title, items: items.map((i) => `${i.label} ${i.description ?? ''}`) });
    const wanted = this.picks.length ? this.picks.shift() : '';
    if (wanted === undefined) return undefined;
    return items.find((i) => i.label.includes(wanted)) ?? (wanted === '' ? items[0] : undefined);
  }
}
