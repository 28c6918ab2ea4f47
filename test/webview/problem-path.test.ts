// Problems keep their code and path from the engine to the inspector: a component's own finding
// (an mcp.tool argument that breaks the tool's schema, checked against the real server-everything)
// shows next to the field its path names, and the canvas keeps the last check's problems until the
// next check lands instead of clearing them on every change.
import * as assert from 'node:assert/strict';
import { createCoreRegistry, serversUsedBy, validateFlow, type McpConnectionPool } from '../../src/engine';
import { buildCatalog } from '../../src/extension/editor/flow-catalog';
import { hostToWebviewSchema, type Problem } from '../../src/protocol/messages';
import { paramFields } from '../../src/webview/inspector/param-fields';
import { fieldProblemText, placeProblems, problemField } from '../../src/webview/inspector/problem-fields';
import { fixtureFlow, fixturePool } from '../engine/mcp/support/mcp-servers';
import { greetText, openStore } from './helpers/recording-host';

const nodeFields = (...params: string[]) => new Set(['label', ...params.map((p) => `params.${p}`)]);

describe('problem paths from the engine to the inspector', function () {
  let pool: McpConnectionPool;
  before(async () => {
    pool = await fixturePool();
  });
  after(async () => {
    await pool.close();
  });

  it("places an mcp.tool argument problem next to the node's arguments field, by its path", async () => {
    const flow = fixtureFlow('bad-arguments.flow.json');
    await pool.prepare(serversUsedBy(flow.nodes));
    const [diagnostic] = validateFlow(flow, undefined, { mcp: pool }).filter((d) => d.severity === 'error');
    assert.ok(diagnostic);
    assert.doesNotMatch(diagnostic.message, /params\.arguments/, 'the message does not name the field: only the path can place it');
    // What the host sends: the diagnostic's code and path cross the protocol unchanged.
    const sent = hostToWebviewSchema.parse({
      type: 'document',
      version: 1,
      flow,
      problems: [
        {
          severity: diagnostic.severity,
          code: diagnostic.code,
          message: diagnostic.message,
          nodeId: diagnostic.nodeId,
          path: diagnostic.path,
        },
      ],
    });
    const problems = sent.type === 'document' ? (sent.problems ?? []) : [];
    assert.equal(problems[0]?.code, 'invalid-arguments');
    assert.deepEqual(problems[0]?.path, ['nodes', 0, 'params', 'arguments', 'a']);
    // The fields the inspector shows for mcp.tool, from the catalog the host sends.
    const component = buildCatalog(null, 1, { registry: createCoreRegistry(), file: '/w/x.flow.json', secretNames: [] }).components.find(
      (c) => c.id === 'mcp.tool',
    );
    assert.ok(component);
    const placed = placeProblems(problems, nodeFields(...paramFields(component.paramsSchema).map((f) => f.name)));
    assert.match(fieldProblemText(placed, 'params.arguments') ?? '', /argument 'a' does not fit the tool's schema/);
    assert.deepEqual(placed.general, [], 'a problem shown at its field is not repeated under Problems');
  });
});

describe('placing problems by path', () => {
  const problem = (path: Problem['path'], message = 'm'): Problem => ({ severity: 'error', message, ...(path ? { path } : {}) });

  it('reads the field from the path, never from the message', () => {
    assert.equal(problemField(problem(['nodes', 2, 'params', 'template'], "node 'x': something about params.model")), 'params.template');
    assert.equal(problemField(problem(['nodes', 2, 'label'])), 'label');
    assert.equal(problemField(problem(['nodes', 2, 'type'])), undefined);
    assert.equal(problemField(problem(['nodes', 2, 'params'])), undefined, 'a problem with the params as a whole belongs to no one field');
    assert.equal(problemField(problem(['edges', 0, 'params', 'x'])), undefined);
    assert.equal(problemField(problem(undefined, 'params.template: wrong')), undefined);
  });

  it('lists under Problems what names no field the inspector shows, each problem once', () => {
    const problems = [
      problem(['nodes', 0, 'params', 'template'], 'first'),
      problem(['nodes', 0, 'params', 'template'], 'second'),
      problem(['nodes', 0, 'params', 'unknownParam'], 'stray'),
      problem(['nodes', 0], 'whole node'),
    ];
    const placed = placeProblems(problems, nodeFields('template'));
    assert.equal(fieldProblemText(placed, 'params.template'), 'first\nsecond');
    assert.deepEqual(
      placed.general.map((p) => p.message),
      ['stray', 'whole node'],
    );
  });
});

describe('problems on the canvas between checks', () => {
  it('keeps the last problems while a new version has no check yet, and takes the next check as it lands', () => {
    const { store } = openStore(greetText, '/w/greet.flow.json');
    const flow = store.getState().flow!;
    const found: Problem = {
      severity: 'error',
      code: 'invalid-params',
      message: 'bad template',
      nodeId: 'tpl',
      path: ['nodes', 1, 'params', 'template'],
    };
    store.getState().receive({ type: 'document', version: 2, flow, problems: [found] });
    // An edit: the host sends the new text's flow at once, its check comes later.
    store.getState().receive({ type: 'document', version: 3, flow: { ...flow, name: 'renamed' } });
    assert.equal(store.getState().flow?.name, 'renamed');
    assert.deepEqual(store.getState().problems, [found], 'no problems: [] flicker before the check lands');
    store.getState().receive({ type: 'document', version: 3, flow: { ...flow, name: 'renamed' }, problems: [] });
    assert.deepEqual(store.getState().problems, [], 'the new check clears them');
  });
});
