import * as assert from 'node:assert/strict';
import { portCompatibility } from '../../src/extension/editor/flow-catalog';
import { checkConnection } from '../../src/webview/canvas/connection-check';

// Ports as the host resolves them for: an input.text, a text.template with {{name}}, an agent, an mcp.tools.
const catalog = {
  portCompatibility: portCompatibility(),
  nodePorts: {
    who: { inputs: [], outputs: [{ name: 'text', type: 'text' }] },
    tpl: { inputs: [{ name: 'name', type: 'text' }], outputs: [{ name: 'text', type: 'text' }] },
    agent: {
      inputs: [
        { name: 'prompt', type: 'text', required: true },
        { name: 'tools', type: 'tools', many: true },
      ],
      outputs: [{ name: 'text', type: 'text' }],
    },
    tools: { inputs: [], outputs: [{ name: 'tools', type: 'tools' }] },
  },
};

describe('connection check while dragging', () => {
  it('allows text into a text input', () => {
    assert.deepEqual(checkConnection({ source: 'who', sourceHandle: 'text', target: 'tpl', targetHandle: 'name' }, catalog, []), {
      ok: true,
    });
  });

  it('refuses text into a tools input, naming both types and what text may feed', () => {
    const verdict = checkConnection({ source: 'who', sourceHandle: 'text', target: 'agent', targetHandle: 'tools' }, catalog, []);
    assert.equal(verdict.ok, false);
    assert.match(
      !verdict.ok ? verdict.reason : '',
      /^text cannot feed tools: who\.text → agent\.tools \(text feeds text, json, message, messages, any\)\.$/,
    );
  });

  it('refuses a second edge into a single input but accepts more into a many input', () => {
    const existing = [{ source: 'who', sourceHandle: 'text', target: 'tpl', targetHandle: 'name' }];
    const second = checkConnection({ source: 'agent', sourceHandle: 'text', target: 'tpl', targetHandle: 'name' }, catalog, existing);
    assert.match(!second.ok ? second.reason : '', /takes one edge and already has one/);
    const tools = [{ source: 'tools', sourceHandle: 'tools', target: 'agent', targetHandle: 'tools' }];
    const other = { ...catalog, nodePorts: { ...catalog.nodePorts, tools2: catalog.nodePorts.tools } };
    assert.deepEqual(checkConnection({ source: 'tools2', sourceHandle: 'tools', target: 'agent', targetHandle: 'tools' }, other, tools), {
      ok: true,
    });
  });

  it('refuses a node feeding itself and ports that do not exist', () => {
    assert.match(
      (checkConnection({ source: 'tpl', sourceHandle: 'text', target: 'tpl', targetHandle: 'name' }, catalog, []) as { reason: string })
        .reason,
      /cannot feed itself/,
    );
    assert.match(
      (checkConnection({ source: 'who', sourceHandle: 'nope', target: 'tpl', targetHandle: 'name' }, catalog, []) as { reason: string })
        .reason,
      /who has no output 'nope'/,
    );
  });
});
