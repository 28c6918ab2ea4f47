// Flow outputs: each `output.*` node names one result of the flow.
import * as z from 'zod';
import { defineComponent, FLOW_OUTPUT_KEY } from '../define-component';
import { isMediaValue, mediaBytes } from '../../ports/media';
import { textOf } from '../../ports/port-types';

const outputName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'must start with a letter or _ and hold only letters, digits, _ and -')
  .describe('The output name in results');

export const textOutput = defineComponent({
  id: 'output.text',
  category: 'outputs',
  title: 'Text Output',
  description: 'A text result of the flow.',
  icon: 'output',
  params: z.object({ name: outputName }),
  inputs: [{ name: 'text', type: 'text', required: true }],
  outputs: [],
  cacheable: false,
  flowOutput: (p) => ({ name: p.name, schema: { type: 'string' } }),
  run: ({ inputs }) => ({ [FLOW_OUTPUT_KEY]: textOf(inputs.text) }),
});

export const chatOutput = defineComponent({
  id: 'output.chat',
  category: 'outputs',
  title: 'Chat Output',
  description: 'The reply of a chat turn.',
  icon: 'comment-discussion',
  params: z.object({ name: outputName.default('reply') }),
  inputs: [{ name: 'message', type: 'message', required: true }],
  outputs: [],
  cacheable: false,
  flowOutput: (p) => ({ name: p.name, schema: { type: 'string' } }),
  run: ({ inputs, ai }) => {
    const reply = textOf(inputs.message);
    // The turn is complete once the reply exists; this is where the session history grows.
    ai.chat?.recordReply(reply);
    return { [FLOW_OUTPUT_KEY]: reply };
  },
});

export const jsonOutput = defineComponent({
  id: 'output.json',
  category: 'outputs',
  title: 'JSON Output',
  description: 'A JSON result of the flow.',
  icon: 'json',
  params: z.object({ name: outputName }),
  inputs: [{ name: 'value', type: 'json', required: true }],
  outputs: [],
  cacheable: false,
  flowOutput: (p) => ({ name: p.name, schema: {} }),
  run: ({ inputs }) => ({ [FLOW_OUTPUT_KEY]: inputs.value ?? null }),
});

export const fileOutput = defineComponent({
  id: 'output.file',
  category: 'outputs',
  title: 'File Output',
  description:
    'Writes text, or the bytes of an image, audio clip or file (its `media` input), to a file inside the flow folder; ' +
    'the output is the path written.',
  icon: 'save',
  params: z.object({
    name: outputName,
    path: z.string().min(1).describe('File to write, relative to the flow file'),
  }),
  // One of the two is connected: validation warns when neither is.
  inputs: [
    { name: 'text', type: 'text', description: 'Text to write (UTF-8)' },
    { name: 'media', type: 'media', description: 'An image, audio clip or file whose bytes are written' },
  ],
  outputs: [],
  cacheable: false,
  flowOutput: (p) => ({ name: p.name, description: 'Path of the written file', schema: { type: 'string' } }),
  run: async ({ inputs, params, files, signal }) => {
    const what = `output '${params.name}': file`;
    if (inputs.media !== undefined) {
      if (!isMediaValue(inputs.media)) throw new Error(`${what} '${params.path}': the media input holds no image, audio or file`);
      const bytes = mediaBytes(inputs.media);
      if ('error' in bytes) throw new Error(`${what} '${params.path}': nothing to write: ${bytes.error}`);
      return { [FLOW_OUTPUT_KEY]: await files.writeText(params.path, bytes.bytes, { signal, what }) };
    }
    if (inputs.text === undefined) throw new Error(`${what} '${params.path}': connect its text or media input`);
    return { [FLOW_OUTPUT_KEY]: await files.writeText(params.path, textOf(inputs.text), { signal, what }) };
  },
});
