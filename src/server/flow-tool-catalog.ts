// The flows of a folder as MCP tools: scanned recursively, re-read when files change, with a
// readable tool name, the flow description, and input/output schemas from its input and output nodes.
import { watch, type FSWatcher } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ComponentRegistry } from '../engine/components/registry';
import { flowInterface, inputSchemaOf, outputSchemaOf } from '../engine/flow/interface';
import { parseFlow } from '../engine/flow/parse';
import type { Flow } from '../engine/flow/schema';
import { uniqueToolNames } from '../engine/flow/tool-name';

export interface FlowTool {
  name: string;
  file: string;
  flow: Flow;
  description: string;
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown>;
}

export interface CatalogProblem {
  file: string;
  message: string;
}

export class FlowToolCatalog {
  private tools = new Map<string, FlowTool>();
  private problemList: CatalogProblem[] = [];
  private watcher: FSWatcher | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly folder: string,
    private readonly registry: ComponentRegistry,
  ) {}

  get problems(): readonly CatalogProblem[] {
    return this.problemList;
  }

  list(): FlowTool[] {
    return [...this.tools.values()];
  }

  get(name: string): FlowTool | undefined {
    return this.tools.get(name);
  }

  byFile(file: string): FlowTool | undefined {
    return this.list().find((t) => t.file === file);
  }

  /** Called after every reload that changed the tool set or a tool's definition. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async load(): Promise<void> {
    const files = await findFlowFiles(this.folder);
    const loaded: { file: string; flow: Flow }[] = [];
    const problems: CatalogProblem[] = [];
    for (const file of files) {
      try {
        loaded.push({ file, flow: parseFlow(await readFile(file, 'utf8'), file) });
      } catch (error) {
        problems.push({ file, message: (error as Error).message });
      }
    }
    const names = uniqueToolNames(loaded.map((l) => l.flow.name));
    const next = new Map<string, FlowTool>();
    loaded.forEach(({ file, flow }, i) => {
      const iface = flowInterface(flow, this.registry);
      next.set(names[i]!, {
        name: names[i]!,
        file,
        flow,
        description: flow.description ?? `Runs the FlowStudio flow '${flow.name}'.`,
        inputSchema: inputSchemaOf(iface),
        outputSchema: outputSchemaOf(iface),
      });
    });
    const changed = signature(next) !== signature(this.tools);
    this.tools = next;
    this.problemList = problems;
    if (changed) for (const listener of this.listeners) listener();
  }

  /** Reloads (debounced) whenever a *.flow.json file below the folder is added, changed or removed. */
  watch(): void {
    if (this.watcher) return;
    this.watcher = watch(this.folder, { recursive: true }, (_event, name) => {
      if (name && !String(name).endsWith('.flow.json')) return;
      clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(() => void this.load().catch(() => undefined), 100);
    });
  }

  close(): void {
    clearTimeout(this.reloadTimer);
    this.watcher?.close();
    this.watcher = undefined;
  }
}

async function findFlowFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.flow.json') && !e.parentPath.split(path.sep).includes('node_modules'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

function signature(tools: Map<string, FlowTool>): string {
  return JSON.stringify([...tools.values()].map((t) => [t.name, t.file, t.description, t.inputSchema, t.outputSchema]));
}
