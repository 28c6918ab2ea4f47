// Validation of MCP nodes against the live tool lists of a real server, before anything runs.
import assert from 'node:assert/strict';
import { serversUsedBy, validateFlow, type Diagnostic, type McpConnectionPool, type RunEvent } from '../../../src/engine';
import { fixtureFlow, fixturePool } from './support/mcp-servers';
import { createCoreRegistry, runFlow } from '../../../src/engine';

describe('validation of MCP nodes against server-everything', function () {
  let pool: McpConnectionPool;

  before(async () => {
    pool = await fixturePool();
  });
  after(async () => {
    await pool.close();
  });

  async function diagnosticsOf(name: string): Promise<Diagnostic[]> {
    const flow = fixtureFlow(name);
    await pool.prepare(serversUsedBy(flow.nodes));
    return validateFlow(flow, undefined, { mcp: pool });
  }

  /** Runs a fixture and returns its result plus the types of the node events it produced. */
  async function runOf(name: string) {
    const events: RunEvent[] = [];
    const result = await runFlow(fixtureFlow(name), { mcp: pool, registry: createCoreRegistry(), onEvent: (e) => events.push(e) }).result;
    return { result, nodeEvents: events.filter((e) => e.type.startsWith('node.')) };
  }

  it('finds nothing wrong with a flow whose servers, tools and arguments exist', async () => {
    assert.deepEqual(await diagnosticsOf('everything-sum.flow.json'), []);
  });

  it('reports an unknown server on its node, suggesting the configured one', async () => {
    const errors = (await diagnosticsOf('unknown-server.flow.json')).filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0]!.nodeId, 'sum');
    assert.match(errors[0]!.message, /MCP server 'everythin' is not configured \(did you mean 'everything'\?\)/);
  });

  it('reports an unknown tool on its node, suggesting the closest one', async () => {
    const errors = (await diagnosticsOf('unknown-tool.flow.json')).filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0]!.nodeId, 'sum');
    assert.match(errors[0]!.message, /MCP server 'everything' has no tool 'get-summ' \(did you mean 'get-sum'\?\)/);
  });

  it("reports a fixed argument that breaks the tool's inputSchema", async () => {
    const errors = (await diagnosticsOf('bad-arguments.flow.json')).filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0]!.nodeId, 'sum');
    assert.match(errors[0]!.message, /argument 'a' does not fit the tool's schema: .*must be number/);
  });

  for (const [fixture, problem] of [
    ['unknown-server.flow.json', /'everythin' is not configured/],
    ['unknown-tool.flow.json', /no tool 'get-summ'/],
  ] as const) {
    it(`refuses to start ${fixture} and runs none of its nodes`, async () => {
      const { result, nodeEvents } = await runOf(fixture);
      assert.equal(result.status, 'error');
      assert.match(result.error?.message ?? '', problem);
      assert.equal(result.error?.nodeId, 'sum');
      assert.deepEqual(
        nodeEvents.map((e) => e.type),
        [],
      );
    });
  }

  it('stops a call whose arguments break the schema before it reaches the server, naming the argument', async () => {
    const { result } = await runOf('bad-arguments.flow.json');
    assert.equal(result.status, 'error');
    assert.equal(result.error?.nodeId, 'sum');
    assert.match(
      result.error?.message ?? '',
      /arguments for tool 'get-sum' on 'everything' do not fit its inputSchema: \/a must be number/,
    );
  });
});
