// The flow's inputs as the run panel asks for them: its input.* nodes, keyed by params.name.
import type { Flow } from '../../engine/flow/schema';

export interface FlowInputField {
  name: string;
  type: string;
  description?: string;
  isRequired: boolean;
  defaultValue?: unknown;
}

export function flowInputFields(flow: Flow | null): FlowInputField[] {
  if (!flow) return [];
  return flow.nodes
    .filter((n) => n.type.startsWith('input.') && n.type !== 'input.chat')
    .map((n) => {
      const p = n.params ?? {};
      return {
        name: typeof p.name === 'string' ? p.name : n.id,
        type: n.type,
        ...(typeof p.description === 'string' ? { description: p.description } : {}),
        isRequired: p.required === true,
        ...(p.default !== undefined ? { defaultValue: p.default } : {}),
      };
    });
}

/** Typed text to an input value: numbers and JSON parse for number/json inputs, text stays text. */
export function inputValue(field: FlowInputField, text: string): unknown {
  if (field.type === 'input.text' || field.type === 'input.file') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The chat input and output names, when the flow is a chat flow (input.chat and output.chat). */
export function chatPorts(flow: Flow | null): { input: string; output: string } | undefined {
  const input = flow?.nodes.find((n) => n.type === 'input.chat');
  const output = flow?.nodes.find((n) => n.type === 'output.chat');
  if (!input || !output) return undefined;
  const name = (node: typeof input, fallback: string) => (typeof node.params?.name === 'string' ? node.params.name : fallback);
  return { input: name(input, 'message'), output: name(output, 'message') };
}
