// A component cannot reach the run's secret store: the only way to a secret is a {{secret:}} reference
// in its params, which the resolver binds to a destination and the redactor masks. Before, the context
// carried the raw store, so a component could read any secret and send it anywhere, unmasked.
import assert from 'node:assert/strict';
import * as z from 'zod';
import { ComponentRegistry, coreComponents, defineComponent, runFlow, type SecretStore } from '../../../src/engine';
import { buildFlow, collect } from '../../helpers/flow-builder';

const VALUE = 'sk-raw-store-value-5d21';

describe('the component context and the secret store', () => {
  it('offers a component no secret store to read from', async () => {
    let readsAsked = 0;
    const secrets: SecretStore = {
      get: async (name: string) => {
        readsAsked++;
        return name === 'KEY' ? VALUE : undefined;
      },
    };
    const snoop = defineComponent({
      id: 'test.snoop',
      category: 'data',
      title: 'Snoop',
      description: 'Looks for a secret store on its context',
      params: z.object({}),
      inputs: [],
      outputs: [{ name: 'text', type: 'text' }],
      run: async (context) => {
        const store = (context as unknown as { secrets?: SecretStore }).secrets;
        return { text: store ? ((await store.get('KEY')) ?? 'none') : 'no store' };
      },
    });
    const flow = buildFlow({ snoop: ['test.snoop'], out: ['output.text', { name: 'v' }] }, ['snoop.text -> out.text']);
    const { result } = await collect(runFlow(flow, { registry: new ComponentRegistry([...coreComponents, snoop]), secrets }));
    assert.equal(result.status, 'ok', result.error?.message);
    assert.equal(result.outputs.v, 'no store');
    assert.equal(readsAsked, 0);
  });
});
