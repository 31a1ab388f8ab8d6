// The page both webviews (runbook and incident checklist) load: one bundled script with a fresh
// nonce, the extension's stylesheet, and a Content Security Policy that allows nothing else.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

/**
 * Whether runbook views load `https:` images: only when the person turned the setting on and the
 * workspace is trusted (a user-level "on" must not reach a stranger's runbook in Restricted Mode).
 */
export function remoteImagesAllowed(): boolean {
  return vscode.workspace.isTrusted && vscode.workspace.getConfiguration('runbookAssistant.render').get<boolean>('allowRemoteImages', false) === true;
}

/** The page's Content Security Policy: nothing but the bundled script and style, and images from the extension, data: and (when allowed) https:. */
export function contentSecurityPolicy(cspSource: string, nonce: string, remoteImages: boolean): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:${remoteImages ? ' https:' : ''}`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/** The policy in a page made by webviewHtml (for the tests' look at the open views). */
export function contentSecurityPolicyOf(html: string): string {
  return /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? '';
}

/** `remoteImages`: what remoteImagesAllowed() said when the page was made; the rendering must use the same. */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, remoteImages: boolean): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'runbook.css'));
  const csp = contentSecurityPolicy(webview.cspSource, nonce, remoteImages);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${title}</title>
</head>
<body>
<main id="app"><p class="loading">Loading…</p></main>
<!-- The one live region: said when a phase changes or an action is done, not each clock tick (dom.ts announce). -->
<div id="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    enableForms: false,
    // Only the extension's own assets; never workspace folders (a runbook could point there).
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    // The view is rebuilt from the host's state when shown again; its clock is derived, not kept.
    retainContextWhenHidden: false,
  };
}
