// The extension's quick picks and input boxes (src/extension/quickInput.ts) in the real workbench:
// one closed at once, as the focus hand-back to a webview closes it (microsoft/vscode#93950), is
// shown again and still answers; one closed later by the person answers nothing; an input box
// refuses a value its check rejects.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FOCUS_RACE_MS, askText, pickOne } from '../../src/extension/quickInput';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const close = (): Thenable<unknown> => vscode.commands.executeCommand('workbench.action.closeQuickOpen');
const accept = (): Thenable<unknown> => vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');

/** Whether `p` has settled within `ms`. */
async function settledWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  void p.then(() => (settled = true));
  await sleep(ms);
  return settled;
}

suite('Quick picks and input boxes', () => {
  const items = [{ label: 'Alpha incident' }, { label: 'Beta incident' }];

  test('a pick closed right after it opened is shown again, with its highlighted row, and answers', async function () {
    this.timeout(20_000);
    const answer = pickOne(items, { title: 'Pick an incident' });
    await sleep(50);
    await vscode.commands.executeCommand('quickInput.next');
    await close();
    assert.equal(await settledWithin(answer, 300), false, 'the pick gave up after a close in its first moments');
    await accept();
    assert.equal((await answer)?.label, 'Beta incident');
  });

  test('a pick closed by the person later answers nothing', async function () {
    this.timeout(20_000);
    const answer = pickOne(items);
    await sleep(FOCUS_RACE_MS + 400);
    await close();
    assert.equal(await answer, undefined);
  });

  test('a pick closed again and again gives up after two more showings', async function () {
    this.timeout(20_000);
    const answer = pickOne(items);
    for (let i = 0; i < 3; i++) {
      await sleep(50);
      await close();
    }
    assert.equal(await answer, undefined);
  });

  test('an input box closed right after it opened is shown again, with its value', async function () {
    this.timeout(20_000);
    const answer = askText({ title: 'Incident title', value: 'Logouts every 30 s' });
    await sleep(50);
    await close();
    assert.equal(await settledWithin(answer, 300), false);
    await accept();
    assert.equal(await answer, 'Logouts every 30 s');
  });

  test('an input box does not take a value its check rejects', async function () {
    this.timeout(20_000);
    const answer = askText({ value: 'not yet', validateInput: (v) => (v.startsWith('not') ? 'Say what fixed it.' : undefined) });
    await sleep(FOCUS_RACE_MS + 200);
    await accept();
    assert.equal(await settledWithin(answer, 500), false, 'the box took a value its check rejects');
    await close();
    assert.equal(await answer, undefined);
  });
});
