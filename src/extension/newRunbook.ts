// "Runbook: New Runbook": writes a four-phase template into `.runbooks/` and opens it.
import * as vscode from 'vscode';
import { runbookIdFromTitle, runbookTemplate } from '../core/runbook/template';
import { askText } from './quickInput';

export async function createRunbookFromTemplate(): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage('Open a folder first: new runbooks are saved in its .runbooks/ folder.');
    return undefined;
  }
  const title = await askText({
    title: 'New Runbook',
    prompt: 'What does the page say? This becomes the runbook title.',
    placeHolder: 'e.g. Checkout returns 502 after deploy',
    validateInput: (v) => (runbookIdFromTitle(v) ? undefined : 'Use at least one letter or digit.'),
  });
  if (!title) return undefined;
  const dir = vscode.Uri.joinPath(folder.uri, '.runbooks');
  let id = runbookIdFromTitle(title);
  let uri = vscode.Uri.joinPath(dir, `${id}.yaml`);
  for (let n = 2; await exists(uri); n++) {
    id = `${runbookIdFromTitle(title)}-${n}`;
    uri = vscode.Uri.joinPath(dir, `${id}.yaml`);
  }
  await vscode.workspace.fs.createDirectory(dir);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(runbookTemplate(id, title)));
  await vscode.window.showTextDocument(uri);
  return uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
