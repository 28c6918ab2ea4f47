// What a node card shows and lets the user edit: ids from the component, the main params edited in
// place, and ports from the moment a component is placed (before its params are complete).
import * as assert from 'node:assert/strict';
import { createCoreRegistry, type Flow } from '../../src/engine';
import { buildCatalog, componentViews } from '../../src/extension/editor/flow-catalog';
import { mainParamFields } from '../../src/webview/canvas/main-params';
import { newNodeId } from '../../src/webview/canvas/node-ids';
import { initialParams, paramFields } from '../../src/webview/inspector/param-fields';
import { catalogOf } from '../../src/webview/store/catalog';

const registry = createCoreRegistry();
const view = (id: string) => {
  const found = componentViews(registry).find((c) => c.id === id);
  if (!found) throw new Error(`no component ${id}`);
  return found;
};

describe('node ids from the component', () => {
  it('names inputs and outputs by their family and others by their kind, with the lowest free number', () => {
    assert.equal(newNodeId('input.text', new Set()), 'input1');
    assert.equal(newNodeId('output.text', new Set(['input1'])), 'output1');
    assert.equal(newNodeId('text.template', new Set(['template1', 'template3'])), 'template2');
    assert.equal(newNodeId('agent', new Set()), 'agent1');
    assert.equal(newNodeId('llm.chat', new Set(['chat1'])), 'chat2');
  });
});

describe('main params on the card', () => {
  const mainOf = (id: string) => mainParamFields(paramFields(view(id).paramsSchema)).map((f) => f.name);
  it('offers the template, the model and instructions, the tool arguments and an input’s name', () => {
    assert.deepEqual(mainOf('text.template'), ['template']);
    assert.deepEqual(mainOf('agent'), ['model', 'instructions']);
    assert.deepEqual(mainOf('llm.chat'), ['model', 'system']);
    assert.deepEqual(mainOf('mcp.tool'), ['arguments']);
    assert.deepEqual(mainOf('input.text'), ['name']);
  });
  it('leaves choices from a list (provider, operator) to the inspector', () => {
    assert.ok(!mainOf('llm.chat').includes('provider'));
    assert.deepEqual(mainOf('logic.if'), []);
  });
});

describe('ports of a component just placed', () => {
  const placed = (type: string): Flow => ({
    version: 1,
    name: 'fresh',
    nodes: [{ id: 'n1', type, position: { x: 0, y: 0 }, params: initialParams(view(type).paramsSchema, 'n1') }],
    edges: [],
  });
  const portsOf = (flow: Flow) => {
    const ports = catalogOf(buildCatalog(flow, 1, { registry, file: '/w/fresh.flow.json', secretNames: [] })).nodePorts.n1;
    return { inputs: ports?.inputs.map((p) => p.name), outputs: ports?.outputs.map((p) => p.name) };
  };
  it('gives a fresh Agent its ports before a model is chosen', () => {
    assert.deepEqual(portsOf(placed('agent')), { inputs: ['prompt', 'tools', 'history'], outputs: ['text', 'steps'] });
  });
  it('gives a template the ports of the placeholders it has, as typed', () => {
    const flow = placed('text.template');
    flow.nodes[0]!.params = { template: 'Hi {{name}} from {{place' };
    assert.deepEqual(portsOf(flow).inputs, ['name']);
    flow.nodes[0]!.params = { template: 'Hi {{name}} from {{place}}' };
    assert.deepEqual(portsOf(flow).inputs, ['name', 'place']);
  });
});
