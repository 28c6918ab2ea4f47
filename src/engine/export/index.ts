// Exporters: a flow written as something else that does the same, chosen by name (`flowstudio export --to NAME`).
import type { Flow } from '../flow/schema';
import { exportFlowToTypeScript } from './typescript';

export interface FlowExporter {
  /** What the export is, for usage and error messages. */
  description: string;
  /** The file extension of what it writes, with the dot. */
  extension: string;
  export(flow: Flow, options: { flowFileName: string; programFileName?: string }): string;
}

export const exporters: Readonly<Record<string, FlowExporter>> = Object.freeze({
  ts: {
    description: 'a standalone TypeScript program that runs the flow with the flowstudio package',
    extension: '.ts',
    export: exportFlowToTypeScript,
  },
});

/** The exporter named `target`, or undefined; an inherited name such as `constructor` is none. */
export function exporterFor(target: string): FlowExporter | undefined {
  return Object.hasOwn(exporters, target) ? exporters[target] : undefined;
}

export { exportFlowToTypeScript, type TypeScriptExportOptions } from './typescript';
