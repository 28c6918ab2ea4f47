// `util.delay`: passes its value on after a pause; cancelling the run ends the wait at once.
import * as z from 'zod';
import { defineComponent } from '../define-component';
import { abortableDelay } from '../../time/abortable-delay';

export const delay = defineComponent({
  id: 'util.delay',
  category: 'logic',
  title: 'Delay',
  description: 'Waits a number of milliseconds, then passes the value on.',
  icon: 'watch',
  params: z.object({ ms: z.number().int().min(0).max(3_600_000).default(1000) }),
  inputs: [{ name: 'value', type: 'any' }],
  outputs: [{ name: 'value', type: 'any' }],
  run: async ({ params, inputs, signal }) => {
    await abortableDelay(params.ms, signal);
    return { value: inputs.value ?? null };
  },
});
