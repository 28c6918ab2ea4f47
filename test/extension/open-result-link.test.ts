// The host's side of a resource link clicked in the canvas: only an https link that the flow's last
// run returned is opened; a javascript:, command: or file: link, or an https link the run never
// returned (a message a compromised webview could send), is refused before VS Code is asked.
import assert from 'node:assert/strict';
import type { RunEvent } from '../../src/engine';
import { openResultLink } from '../../src/extension/editor/open-result-link';

const output = (resources: unknown): RunEvent => ({
  type: 'node.output',
  runId: 'r1',
  t: 1,
  nodeId: 'links',
  outputs: { resources },
  durationMs: 1,
  cached: false,
});

const trace: RunEvent[] = [
  output([
    { kind: 'link', uri: 'javascript:alert(1)', name: 'script' },
    { kind: 'link', uri: 'command:workbench.action.terminal.new', name: 'terminal' },
    { kind: 'link', uri: 'file:///etc/passwd', name: 'passwords' },
    { kind: 'link', uri: 'https://example.com/report', name: 'report' },
  ]),
];

describe('opening a link from a run result', () => {
  for (const url of ['javascript:alert(1)', 'command:workbench.action.terminal.new', 'file:///etc/passwd'])
    it(`refuses ${url.split(':')[0]}: links even when the run returned them`, async () => {
      await assert.rejects(openResultLink(url, trace), /only https links open in the browser/);
    });

  it('refuses an https link the last run did not return', async () => {
    await assert.rejects(
      openResultLink('https://attacker.example/phish', trace),
      /https:\/\/attacker\.example\/phish is not a link the last run of this flow returned/,
    );
    await assert.rejects(openResultLink('https://example.com/report', []), /is not a link the last run/);
  });
});
