// The flows of a folder as MCP tools, prompts and resources (the flow's `mcp.kind`): scanned
// recursively, re-read when files change, with a readable name, the flow description, and
// input/output schemas from its input and output nodes.
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { ComponentRegistry } from '../engine/components/registry';
import { flowInterface, inputSchemaOf, outputSchemaOf, type FlowInterface } from '../engine/flow/interface';
import { parseFlow } from '../engine/flow/parse';
import { readFlowFileText } from '../engine/flow/read-flow-file';
import type { Flow } from '../engine/flow/schema';
import { uniqueToolNames } from '../engine/flow/tool-name';
import { FolderWatcher, isIgnoredFolder } from './folder-watcher';
import { offerProblem, type FlowOfferKind } from './flow-offer';

/** One served flow; despite the name, `kind` says whether it is offered as a tool, a prompt or a resource. */
export interface FlowTool {
  name: string;
  kind: FlowOfferKind;
  file: string;
  flow: Flow;
  iface: FlowInterface;
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
  private watcher: FolderWatcher | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly fileListeners = new Set<(files: string[]) => void>();
  private fileTexts = new Map<string, string>();

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

  /** A served flow by name; with `kind`, only one offered as that. */
  get(name: string, kind?: FlowOfferKind): FlowTool | undefined {
    const found = this.tools.get(name);
    return kind === undefined || found?.kind === kind ? found : undefined;
  }

  /** The served flows offered as one kind. */
  listOf(kind: FlowOfferKind): FlowTool[] {
    return this.list().filter((t) => t.kind === kind);
  }

  byFile(file: string): FlowTool | undefined {
    return this.list().find((t) => t.file === file);
  }

  /** Called after every reload that changed the tool set or a tool's definition. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called after a reload with the flow files whose text changed, appeared or went away. */
  onFilesChange(listener: (files: string[]) => void): () => void {
    this.fileListeners.add(listener);
    return () => this.fileListeners.delete(listener);
  }

  async load(): Promise<void> {
    const { files, others } = await findFlowFiles(this.folder);
    const loaded: { file: string; flow: Flow }[] = [];
    // Hashes of the files' text, to tell subscribers which flow files changed.
    const texts = new Map<string, string>();
    const problems: CatalogProblem[] = others.map((file) => ({
      file,
      message: `${file}: is not a regular file (links, pipes and devices are not served)`,
    }));
    for (const file of files) {
      try {
        const text = await readFlowFileText(file);
        texts.set(file, createHash('sha256').update(text).digest('base64'));
        const flow = parseFlow(text, file);
        const problem = offerProblem(flow, flowInterface(flow, this.registry));
        if (problem) problems.push({ file, message: `${file}: ${problem}` });
        else loaded.push({ file, flow });
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
        kind: flow.mcp?.kind ?? 'tool',
        file,
        flow,
        iface,
        description: flow.description ?? `Runs the FlowStudio flow '${flow.name}'.`,
        inputSchema: inputSchemaOf(iface),
        outputSchema: outputSchemaOf(iface),
      });
    });
    const changed = signature(next) !== signature(this.tools);
    const changedFiles = [...new Set([...texts.keys(), ...this.fileTexts.keys()])].filter((f) => texts.get(f) !== this.fileTexts.get(f));
    this.tools = next;
    this.problemList = problems;
    this.fileTexts = texts;
    if (changed) for (const listener of this.listeners) listener();
    if (changedFiles.length > 0) for (const listener of this.fileListeners) listener(changedFiles);
  }

  /**
   * Reloads (debounced) whenever a *.flow.json file below the folder is added, changed or removed,
   * or a folder that may hold some; node_modules and hidden folders are neither watched nor served.
   */
  async watch(): Promise<void> {
    if (this.watcher) return;
    this.watcher = new FolderWatcher(this.folder, (changed, isFolder) => {
      if (!isFolder && !changed.endsWith('.flow.json')) return;
      clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(() => void this.load().catch(() => undefined), 100);
    });
    await this.watcher.start();
  }

  /** The folders being watched, for tests and diagnostics. */
  get watchedFolders(): string[] {
    return this.watcher?.folders ?? [];
  }

  close(): void {
    clearTimeout(this.reloadTimer);
    this.watcher?.close();
    this.watcher = undefined;
  }
}

/** Regular `*.flow.json` files below `folder`, and the other entries with that name (never opened). */
async function findFlowFiles(folder: string): Promise<{ files: string[]; others: string[] }> {
  const found: string[] = [];
  const others: string[] = [];
  const pending = [folder];
  while (pending.length > 0) {
    const current = pending.pop()!;
    const entries = await readdir(current, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.isDirectory() && !isIgnoredFolder(entry.name)) pending.push(path.join(current, entry.name));
      else if (entry.isFile() && entry.name.endsWith('.flow.json')) found.push(path.join(current, entry.name));
      else if (!entry.isDirectory() && entry.name.endsWith('.flow.json')) others.push(path.join(current, entry.name));
    }
  }
  return { files: found.sort(), others: others.sort() };
}

function signature(tools: Map<string, FlowTool>): string {
  return JSON.stringify([...tools.values()].map((t) => [t.name, t.kind, t.file, t.description, t.inputSchema, t.outputSchema, t.flow.mcp]));
}
