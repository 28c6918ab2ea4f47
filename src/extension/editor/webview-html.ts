// The flow editor's HTML: one script (dist/webview.js), its stylesheets and the fonts they use,
// allowed by a strict Content-Security-Policy with a fresh nonce per load; nothing else may run or be fetched.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { fontUrlsOfFile } from './preloaded-fonts';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function flowEditorHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'flow-editor.css'));
  // React Flow's and the codicons' CSS, bundled by esbuild. The id lets vscode-elements' icons find the codicon font.
  const bundledStyleFile = vscode.Uri.joinPath(extensionUri, 'dist', 'webview.css');
  const bundledStyle = webview.asWebviewUri(bundledStyleFile);
  // Resolved against the stylesheet as the browser resolves them, so each preload is the request the CSS makes.
  const fonts = fontUrlsOfFile(bundledStyleFile.fsPath).map((url) => new URL(url, bundledStyle.toString()).toString());
  const fontPreloads = fonts.map((href) => `<link rel="preload" href="${escapeHtml(href)}" as="font" crossorigin>\n`).join('');
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    // Audio from a run's results plays from data: URLs only; the canvas builds them from base64 alone.
    'media-src data:',
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${fontPreloads}<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${bundledStyle.toString()}" nonce="${nonce}">
<link rel="stylesheet" href="${style.toString()}" nonce="${nonce}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="root" data-nonce="${nonce}"></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
