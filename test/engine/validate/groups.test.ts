// Validation of the flow's groups: a group naming a node the flow lacks is a warning placed on that
// id in the file, and the flow still parses and runs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createCoreRegistry, parseFlow, runFlow, validateFlow } from '../../../src/engine';

const file = path.resolve('test/fixtures/flow/group-unknown-node.flow.json');
const text = readFileSync(file, 'utf8');

describe('validation of groups', () => {
  it("warns about a group naming a missing node, at that id's line and column", () => {
    const diagnostics = validateFlow(parseFlow(text, file));
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    const [warning] = diagnostics;
    assert.equal(warning?.severity, 'warning');
    assert.equal(warning?.code, 'unknown-group-node');
    assert.match(warning?.message ?? '', /group 'g1' names node 'ghost', which is not in the flow/);
    assert.deepEqual(warning?.path, ['groups', 0, 'nodes', 1]);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('"ghost"')) + 1;
    assert.equal(warning?.line, line);
    assert.equal(warning?.column, lines[line - 1]!.indexOf('"ghost"') + 1);
    assert.equal(text.slice(warning?.offset, (warning?.offset ?? 0) + (warning?.length ?? 0)), '"ghost"');
  });

  it('warns about a second group with the same id', () => {
    const flow = parseFlow(text, file);
    const doubled = {
      ...flow,
      groups: [
        { id: 'g1', nodes: ['who'] },
        { id: 'g1', nodes: ['out'] },
      ],
    };
    const duplicates = validateFlow(doubled).filter((d) => d.code === 'duplicate-id');
    assert.deepEqual(
      duplicates.map((d) => [d.severity, d.path]),
      [['warning', ['groups', 1, 'id']]],
    );
  });

  it('finds nothing wrong with groups whose nodes all exist', () => {
    const flow = parseFlow(text.replace('"ghost",', ''), file);
    assert.deepEqual(validateFlow(flow), []);
  });

  it('still runs a flow whose group names a missing node', async () => {
    const result = await runFlow(parseFlow(text, file), { inputs: { person: 'Ada' }, registry: createCoreRegistry() }).result;
    assert.equal(result.status, 'ok');
    assert.deepEqual(result.outputs, { greeting: 'Ada' });
  });
});
