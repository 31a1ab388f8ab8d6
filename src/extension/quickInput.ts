// Quick picks and input boxes that survive the workbench's focus hand-back to a webview.
//
// When the command palette (or a pick before this one) closes, VS Code gives the focus back to
// the editor it came from. For a webview, such as an incident checklist, that happens a moment
// later, by message to its frame, so a pick the command has opened in between loses the focus at
// once and closes by itself (microsoft/vscode#93950). The e2e tests saw it about once in 40
// palette runs. A pick or box that closes within its first moments without an answer is shown
// again, at most twice: by then the focus has landed and showing it again takes it back.
import * as vscode from 'vscode';

/** A close sooner than this after showing is taken for the focus hand-back, not the person. */
export const FOCUS_RACE_MS = 400;
const MAX_RESHOWS = 2;

export interface PickOptions {
  title?: string;
  placeHolder?: string;
  matchOnDescription?: boolean;
  matchOnDetail?: boolean;
  ignoreFocusOut?: boolean;
}

/** Like `vscode.window.showQuickPick` for one item, shown again if the focus race closed it. */
export function pickOne<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions = {}): Promise<T | undefined> {
  const pick = vscode.window.createQuickPick<T>();
  pick.items = items;
  pick.title = options.title;
  pick.placeholder = options.placeHolder;
  pick.matchOnDescription = options.matchOnDescription ?? false;
  pick.matchOnDetail = options.matchOnDetail ?? false;
  pick.ignoreFocusOut = options.ignoreFocusOut ?? false;
  return new Promise<T | undefined>((resolve) => {
    let answer: T | undefined;
    // A hidden pick forgets its highlighted row: it is put back when the pick is shown again.
    let highlighted: readonly T[] = [];
    pick.onDidChangeActive((active) => {
      if (active.length > 0) highlighted = active;
    });
    pick.onDidAccept(() => {
      answer = pick.selectedItems[0] ?? pick.activeItems[0];
      if (answer) pick.hide();
    });
    showUntilAnswered(
      pick,
      () => answer !== undefined,
      () => resolve(answer),
      () => {
        if (highlighted.length > 0) pick.activeItems = highlighted;
      },
    );
  });
}

export interface TextOptions {
  title?: string;
  prompt?: string;
  placeHolder?: string;
  value?: string;
  password?: boolean;
  ignoreFocusOut?: boolean;
  /** A message when the value is not acceptable (shown as the person types, and checked on Enter). */
  validateInput?: (value: string) => string | undefined | null | Thenable<string | undefined | null>;
}

/** Like `vscode.window.showInputBox`, shown again if the focus race closed it. */
export function askText(options: TextOptions = {}): Promise<string | undefined> {
  const box = vscode.window.createInputBox();
  box.title = options.title;
  box.prompt = options.prompt;
  box.placeholder = options.placeHolder;
  box.value = options.value ?? '';
  box.password = options.password ?? false;
  box.ignoreFocusOut = options.ignoreFocusOut ?? false;
  // Like showInputBox: an empty message, null or undefined means the value is fine.
  const validate = async (value: string): Promise<string | undefined> => (await options.validateInput?.(value)) || undefined;
  // Only the latest value's message is shown: an older, slower check must not overwrite it.
  let checking = 0;
  const check = async (value: string): Promise<string | undefined> => {
    const mine = ++checking;
    const message = await validate(value);
    if (mine === checking) box.validationMessage = message;
    return message;
  };
  return new Promise<string | undefined>((resolve) => {
    let answer: string | undefined;
    box.onDidChangeValue((value) => void check(value));
    box.onDidAccept(async () => {
      const value = box.value;
      box.busy = true;
      const message = await check(value);
      box.busy = false;
      if (message !== undefined || box.value !== value) return;
      answer = value;
      box.hide();
    });
    if (box.value !== '') void check(box.value);
    showUntilAnswered(box, () => answer !== undefined, () => resolve(answer));
  });
}

/** Shows `input` again (at most twice) when the focus race closes it before an answer; then `done`. */
export function showUntilAnswered(input: vscode.QuickInput, answered: () => boolean, done: () => void, reshown?: () => void): void {
  let shownAt = 0;
  let reshows = 0;
  input.onDidHide(() => {
    if (!answered() && reshows < MAX_RESHOWS && Date.now() - shownAt < FOCUS_RACE_MS) {
      reshows++;
      show();
      reshown?.();
      return;
    }
    input.dispose();
    done();
  });
  const show = (): void => {
    shownAt = Date.now();
    input.show();
  };
  show();
}
