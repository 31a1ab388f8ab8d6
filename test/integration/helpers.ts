// Shared by the integration test files (each is bundled on its own, so helpers live here,
// not in a *.test.ts file that would register its suites twice).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunbookAssistantTestApi } from '../../src/extension/testApi';

export const EXTENSION_ID = 'runbook-assistant.runbook-assistant';

/** Activates the extension (once) and waits until its first load is done. */
export async function activateExtension(): Promise<RunbookAssistantTestApi> {
  const ext = vscode.extensions.getExtension<RunbookAssistantTestApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  const api = await ext.activate();
  assert.ok(api && typeof api.whenLoaded === 'function', 'activate() did not return the test API');
  await api.whenLoaded();
  return api;
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

/** Polls `probe` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(probe: () => T | undefined | false | null, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function writeWorkspaceFile(relative: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceUri(...relative.split('/'));
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

/** The sources of a CSP's img-src, one token each (the webview's own source is an https://… host, not `https:`). */
export function imgSources(csp: string): string[] {
  return /(?:^|;\s*)img-src ([^;]*)/.exec(csp)?.[1].trim().split(/\s+/) ?? [];
}
