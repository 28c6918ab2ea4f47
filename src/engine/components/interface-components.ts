// The components a flow's interface is read from: its input and output nodes. Components that look
// into another flow file (flow.tool, flow.map) use these rather than the full core registry, which
// would make the component modules import each other in a circle; made on first use for that reason.
import { chatInput, fileInput, jsonInput, numberInput, textInput } from './core/inputs';
import { chatOutput, fileOutput, jsonOutput, textOutput } from './core/outputs';
import { ComponentRegistry } from './registry';

let registry: ComponentRegistry | undefined;

export function interfaceComponents(): ComponentRegistry {
  return (registry ??= new ComponentRegistry([
    textInput,
    chatInput,
    fileInput,
    numberInput,
    jsonInput,
    textOutput,
    chatOutput,
    jsonOutput,
    fileOutput,
  ]));
}
