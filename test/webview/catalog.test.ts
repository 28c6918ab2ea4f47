// The catalog message on the wire (each distinct port list once, an index per node) and the
// catalog the canvas reads from it.
import * as assert from 'node:assert/strict';
import { createCoreRegistry, type Flow } from '../../src/engine';
import { buildCatalog } from '../../src/extension/editor/flow-catalog';
import { hostToWebviewSchema, parseMessage } from '../../src/protocol/messages';
import { catalogOf } from '../../src/webview/store/catalog';

const template = (id: string, text: string) => ({ id, type: 'text.template', position: { x: 0, y: 0 }, params: { template: text } });
const flow: Flow = {
  version: 1,
  name: 'ports',
  nodes: [
    template('a', '{{x}}'),
    template('b', '{{x}}'),
    template('c', '{{x}} and {{y}}'),
    { id: 'out', type: 'output.text', position: { x: 0, y: 0 }, params: { name: 'o' } },
  ],
  edges: [],
};
const build = () => buildCatalog(flow, 3, { registry: createCoreRegistry(), file: '/w/ports.flow.json', secretNames: [] });

describe('catalog message', () => {
  it('sends each distinct port list once, and every node still gets its own ports', () => {
    const message = build();
    assert.equal(message.portSets.length, 3, 'a and b share one list; c and out have their own');
    assert.equal(message.nodePorts.a, message.nodePorts.b);
    const parsed = parseMessage(hostToWebviewSchema, message);
    assert.ok(parsed.ok && parsed.message.type === 'catalog', parsed.ok ? '' : parsed.error);
    const catalog = catalogOf(parsed.message);
    assert.deepEqual(
      catalog.nodePorts.c?.inputs.map((p) => p.name),
      ['x', 'y'],
    );
    assert.deepEqual(
      catalog.nodePorts.b?.inputs.map((p) => p.name),
      ['x'],
    );
    assert.deepEqual(catalog.nodePorts.out?.outputs, []);
    assert.equal(catalog.nodePorts.a, catalog.nodePorts.b, 'shared lists stay one object in the webview');
    assert.equal('portSets' in catalog, false);
  });

  it('is refused when a node points past the port lists sent, naming the node', () => {
    const message = { ...build(), nodePorts: { ...build().nodePorts, b: 7 } };
    const parsed = parseMessage(hostToWebviewSchema, message);
    assert.equal(parsed.ok, false);
    assert.match(parsed.ok ? '' : parsed.error, /^nodePorts\.b: port set 7 of node 'b' is not one of the 3 sent$/);
  });
});
