// Opens a link from a run's result in the browser when the canvas asks: only https, and only a link a
// node of this flow's last run returned, so a message from the webview cannot open anything by itself.
import * as vscode from 'vscode';
import type { RunEvent } from '../../engine';
import { externalLinkSchema, resourceItemViewSchema } from '../../protocol/messages';

export async function openResultLink(url: string, trace: readonly RunEvent[]): Promise<void> {
  if (!externalLinkSchema.safeParse(url).success) throw new Error(`only https links open in the browser, not ${url.slice(0, 100)}`);
  if (!trace.some((event) => event.type === 'node.output' && returnsLink(event.outputs.resources, url)))
    throw new Error(`${url.slice(0, 200)} is not a link the last run of this flow returned`);
  await vscode.env.openExternal(vscode.Uri.parse(url, true));
}

function returnsLink(resources: unknown, url: string): boolean {
  return Array.isArray(resources) && resources.some((item) => resourceItemViewSchema.safeParse(item).data?.uri === url);
}
