// A stdio server that dies in the middle of a run: the run fails with an error that says what
// happened and where, and the next run starts the server again.
import assert from 'node:assert/strict';
import { createCoreRegistry, runFlow, type ConnectionStatus, type McpConnectionPool } from '../../../src/engine';
import { waitForEvent } from '../../helpers/flow-builder';
import { fixtureFlow, fixturePool } from './support/mcp-servers';

describe('MCP client when a stdio server dies mid-run', function () {
  let pool: McpConnectionPool;
  const statuses: ConnectionStatus[] = [];

  before(async () => {
    pool = await fixturePool({}, { onStatus: (server, status) => server === 'everything' && statuses.push(status) });
  });
  after(async () => {
    await pool.close();
  });

  it('fails the running node with a clear error, then reconnects on the next run', async () => {
    // The long operation sends one progress notification per second for 30 s; the first one proves
    // the call is in flight on the server, and then the server is killed.
    const handle = runFlow(fixtureFlow('everything-long-operation.flow.json'), { mcp: pool, registry: createCoreRegistry() });
    await waitForEvent(handle, (event) => event.type === 'node.progress' && event.nodeId === 'work');
    const firstPid = pool.processIdOf('everything');
    assert.ok(firstPid, 'the stdio server should be running');
    process.kill(firstPid, 'SIGKILL');

    const result = await handle.result;
    assert.equal(result.status, 'error');
    assert.equal(result.error?.nodeId, 'work');
    assert.match(result.error?.message ?? '', /MCP server 'everything' stopped while calling tool 'trigger-long-running-operation'/);
    assert.match(result.error?.message ?? '', /it starts again on the next call/);
    assert.equal(pool.statusOf('everything'), 'error');
    assert.match(pool.errorOf('everything') ?? '', /MCP server 'everything' closed the connection/);

    const again = await runFlow(fixtureFlow('everything-sum.flow.json'), {
      inputs: { a: 3, b: 4 },
      mcp: pool,
      registry: createCoreRegistry(),
    }).result;
    assert.equal(again.status, 'ok', again.error?.message);
    assert.equal(again.outputs.answer, 'Echo: The sum of 3 and 4 is 7.');
    const secondPid = pool.processIdOf('everything');
    assert.ok(secondPid && secondPid !== firstPid, `expected a new server process, had ${firstPid} then ${secondPid}`);
    assert.deepEqual(statuses, ['connecting', 'connected', 'error', 'connecting', 'connected']);
  });
});
