// Prompt flow `flow.dag.yaml` import: flow inputs and outputs, llm and prompt nodes with their Jinja
// templates, `activate` conditions where a branch expresses them; Python tools become sticky notes.
import type { Flow, FlowEdge, FlowNode } from '../flow/schema';
import { templatePlaceholders } from '../components/core/text';
import { hasReferences } from '../secrets/references';
import { dependencyOrder, withVariantsResolved } from './promptflow-graph';
import { type ImportedNode, type ImportResult, type ImportWarning, type SiblingReader } from './import-result';
import { convertJinja, splitChatRoles } from './promptflow-jinja';
import { flowInputComponent } from './promptflow-inputs';
import { layoutInColumns } from './promptflow-layout';
import { CREDENTIAL_INPUT, isModelSettingInput, modelSettingsOf } from './promptflow-llm';
import { noteText } from './promptflow-notes';
import { describeReference, referenceIn, type PromptflowReference } from './promptflow-references';
import { readPromptflowYaml, type PromptflowDag, type PromptflowNode, type PromptflowSource } from './promptflow-yaml';

export interface PromptflowImportOptions {
  /** The name of the `flow.dag.yaml` file, for messages. */
  fileName: string;
  /** Reads the Jinja templates and `.py` tools the DAG names, relative to its folder. */
  readSibling: SiblingReader;
}

interface Port {
  node: string;
  port: string;
}

/** A consumer's input fed by a Prompt flow reference, connected once every node is mapped. */
interface Wire {
  reference: PromptflowReference;
  target: Port;
}

/** What one source node became: the port its `${NODE.output}` reads, or the note that stands for it. */
type MappedOutput = { kind: 'port'; port: Port; isText: boolean } | { kind: 'note'; noteId: string };

/** A template variable fed by a reference, before the template's node exists. */
interface PortWire {
  reference: PromptflowReference;
  port: string;
}

function wiresTo(node: string, wires: readonly PortWire[]): Wire[] {
  return wires.map((wire) => ({ reference: wire.reference, target: { node, port: wire.port } }));
}

function textPort(node: string): MappedOutput {
  return { kind: 'port', port: { node, port: 'text' }, isText: true };
}

type Unmapped = { unmapped: string; source?: { path: string; text: string; language: string } };

export async function importPromptflow(text: string, options: PromptflowImportOptions): Promise<ImportResult> {
  const source = readPromptflowYaml(text, options.fileName);
  return new PromptflowImport(source, options).run();
}

class PromptflowImport {
  private readonly dag: PromptflowDag;
  private readonly nodes: FlowNode[] = [];
  private readonly edges: FlowEdge[] = [];
  private readonly notes: { id: string; position: { x: number; y: number }; text: string }[] = [];
  private readonly outcomes: ImportedNode[] = [];
  private readonly warnings: ImportWarning[] = [];
  private readonly secrets = new Set<string>();
  private readonly ids = new Set<string>();
  /** Layout dependencies: item id -> ids it reads from (notes included, so they sit where their node would). */
  private readonly dependsOn = new Map<string, Set<string>>();
  private readonly inputPorts = new Map<string, Port>();
  private readonly outputsOf = new Map<string, MappedOutput>();
  private readonly jsonPaths = new Map<string, Port>();
  private readonly sourceNodes: PromptflowNode[];
  private chatInputId: string | undefined;
  private historyInput: string | undefined;

  constructor(
    private readonly source: PromptflowSource,
    private readonly options: PromptflowImportOptions,
  ) {
    this.dag = source.dag;
    this.sourceNodes = withVariantsResolved(source, (warning) => this.warnings.push(warning));
  }

  async run(): Promise<ImportResult> {
    const order = dependencyOrder(this.sourceNodes, this.source);
    this.mapInputs();
    for (const index of order) await this.mapNode(this.sourceNodes[index]!);
    this.mapOutputs();
    this.layOut();
    const flow: Flow = {
      version: 1,
      name: this.flowName(),
      ...(this.dag.description ? { description: this.dag.description } : {}),
      nodes: this.nodes,
      edges: this.edges,
      ...(this.notes.length > 0 ? { notes: this.notes } : {}),
    };
    if (this.dag.environment_variables && Object.keys(this.dag.environment_variables).length > 0) {
      this.warnings.push({
        message: `environment_variables (${Object.keys(this.dag.environment_variables).join(', ')}) were not imported; their values are never copied`,
      });
    }
    return { from: 'promptflow', flow, nodes: this.outcomes, warnings: this.warnings, secrets: [...this.secrets].sort() };
  }

  private flowName(): string {
    const parts = this.options.fileName.split(/[\\/]/).filter((part) => part !== '');
    const folder = parts.length >= 2 ? parts[parts.length - 2]! : undefined;
    return folder && folder !== '.' ? folder : 'imported-flow';
  }

  // --- building the flow -------------------------------------------------------------------------

  private uniqueId(wanted: string): string {
    let id = wanted;
    for (let n = 2; this.ids.has(id); n++) id = `${wanted}_${n}`;
    this.ids.add(id);
    return id;
  }

  private addNode(wanted: string, type: string, params: Record<string, unknown>, label?: string): string {
    const id = this.uniqueId(wanted);
    this.nodes.push({ id, type, position: { x: 0, y: 0 }, ...(label ? { label } : {}), params });
    this.dependsOn.set(id, new Set());
    return id;
  }

  private connect(from: Port, to: Port): void {
    this.edges.push({
      id: `e${this.edges.length + 1}`,
      source: from.node,
      sourceHandle: from.port,
      target: to.node,
      targetHandle: to.port,
    });
    this.dependsOn.get(to.node)?.add(from.node);
  }

  private warn(sourceId: string | undefined, message: string): void {
    this.warnings.push({ ...(sourceId ? { sourceId } : {}), message });
  }

  private mapInputs(): void {
    const inputs = Object.entries(this.dag.inputs ?? {}).map(([name, spec]) => [name, spec ?? {}] as const);
    const chat = inputs.find(([, spec]) => spec.is_chat_input === true);
    if (chat) {
      const history =
        inputs.find(([, spec]) => spec.is_chat_history === true) ??
        inputs.find(([name, spec]) => name === 'chat_history' && spec.type === 'list');
      this.historyInput = history?.[0];
    }
    for (const [name, spec] of inputs) {
      if (name === this.historyInput) continue;
      const isChat = spec === chat?.[1];
      const { type, params, port } = isChat
        ? { type: 'input.chat', params: { name }, port: 'message' }
        : flowInputComponent(name, spec, (message) => this.warn(`inputs.${name}`, message));
      const id = this.addNode(`in_${name}`, type, params);
      this.inputPorts.set(name, { node: id, port });
      if (isChat) this.chatInputId = id;
      if (isChat && spec.default !== undefined)
        this.warn(`inputs.${name}`, 'the chat input has no default in FlowStudio; its default was dropped');
      this.outcomes.push({
        sourceId: `inputs.${name}`,
        sourceType: `flow input (${spec.type ?? 'string'})`,
        outcome: 'mapped',
        nodeIds: [id],
        component: type,
      });
    }
    if (this.historyInput && this.chatInputId) {
      this.inputPorts.set(this.historyInput, { node: this.chatInputId, port: 'history' });
      this.outcomes.push({
        sourceId: `inputs.${this.historyInput}`,
        sourceType: 'flow input (chat history)',
        outcome: 'mapped',
        nodeIds: [this.chatInputId],
        component: 'input.chat',
      });
      this.warn(`inputs.${this.historyInput}`, 'the chat history now comes from the chat session (the history port of the chat input)');
    }
  }

  private async mapNode(node: PromptflowNode): Promise<void> {
    const type = node.type ?? 'python';
    let result: { component: string; nodeIds: string[]; output: MappedOutput; wires: Wire[] } | Unmapped;
    if (node.aggregation) result = { unmapped: 'aggregation nodes run once over a whole batch; FlowStudio runs one input at a time' };
    else if (type === 'llm') result = await this.mapLlm(node);
    else if (type === 'prompt') result = await this.mapPrompt(node);
    else if (type === 'python' && node.source?.type === 'code')
      result = { unmapped: 'FlowStudio does not run Python', ...(await this.readSource(node, 'python')) };
    else if (node.source?.tool) result = { unmapped: `the package tool ${node.source.tool} has no FlowStudio counterpart` };
    else result = { unmapped: `node type '${type}' has no FlowStudio counterpart` };

    if ('unmapped' in result) {
      const noteId = this.uniqueId(`note_${node.name}`);
      this.notes.push({ id: noteId, position: { x: 0, y: 0 }, text: noteText({ node, reason: result.unmapped, source: result.source }) });
      this.dependsOn.set(noteId, new Set(this.referencedIds(node)));
      this.outputsOf.set(node.name, { kind: 'note', noteId });
      this.outcomes.push({ sourceId: node.name, sourceType: type, outcome: 'note', noteId, reason: result.unmapped });
      this.warn(node.name, `kept as a sticky note: ${result.unmapped}`);
      return;
    }
    const wires = this.applyActivation(node, result);
    for (const wire of wires) {
      const from = this.portFor(wire.reference, `input '${wire.target.port}' of node '${wire.target.node}'`, wire.target.node);
      if (from) this.connect(from, wire.target);
    }
    this.outputsOf.set(node.name, result.output);
    this.outcomes.push({ sourceId: node.name, sourceType: type, outcome: 'mapped', nodeIds: result.nodeIds, component: result.component });
  }

  /** The ids of the items a node's references lead to, for placing its note. */
  private referencedIds(node: PromptflowNode): string[] {
    const ids: string[] = [];
    for (const value of [...Object.values(node.inputs ?? {}), node.activate?.when]) {
      const reference = referenceIn(value);
      if (reference?.kind === 'input') ids.push(this.inputPorts.get(reference.name)?.node ?? '');
      if (reference?.kind === 'node') {
        const output = this.outputsOf.get(reference.node);
        ids.push(output?.kind === 'port' ? output.port.node : (output?.noteId ?? ''));
      }
    }
    return ids.filter((id) => id !== '');
  }

  /**
   * The port a reference reads. `${NODE.output.a.b}` goes through json.get (after json.parse when the
   * node gives text). A reference to a node kept as a note has no port: a warning says what to connect.
   */
  private portFor(reference: PromptflowReference, consumer: string, consumerId?: string): Port | undefined {
    if (reference.kind === 'input') return this.inputPorts.get(reference.name);
    const output = this.outputsOf.get(reference.node);
    if (!output) return undefined;
    if (output.kind === 'note') {
      if (consumerId) this.dependsOn.get(consumerId)?.add(output.noteId);
      this.warn(
        reference.node,
        `${consumer} read ${describeReference(reference)}, which was not imported: connect it once the node is rebuilt`,
      );
      return undefined;
    }
    if (reference.path.length === 0) return output.port;
    const key = describeReference(reference);
    const known = this.jsonPaths.get(key);
    if (known) return known;
    let value = output.port;
    if (output.isText) {
      const parseKey = `${reference.node}.output`;
      const parsed = this.jsonPaths.get(parseKey);
      if (parsed) value = parsed;
      else {
        const parseId = this.addNode(`${reference.node}_json`, 'json.parse', {});
        this.connect(output.port, { node: parseId, port: 'text' });
        value = { node: parseId, port: 'value' };
        this.jsonPaths.set(parseKey, value);
      }
    }
    const getId = this.addNode(`${reference.node}_${reference.path.join('_')}`, 'json.get', { path: reference.path.join('.') });
    this.connect(value, { node: getId, port: 'value' });
    const port = { node: getId, port: 'value' };
    this.jsonPaths.set(key, port);
    return port;
  }

  private async readSource(node: PromptflowNode, language: string): Promise<{ source?: { path: string; text: string; language: string } }> {
    const path = node.source?.path;
    if (path === undefined) return {};
    try {
      return { source: { path, text: await this.options.readSibling(path), language } };
    } catch (error) {
      this.warn(node.name, `could not read ${path}: ${(error as Error).message}`);
      return {};
    }
  }

  private async readTemplate(node: PromptflowNode): Promise<{ path: string; text: string } | Unmapped> {
    const path = node.source?.path;
    if (node.source?.type !== 'code' || path === undefined)
      return { unmapped: 'its template is not a file next to the DAG (source.type code, source.path)' };
    const read = await this.readSource(node, 'jinja');
    return read.source ?? { unmapped: `its template ${path} could not be read` };
  }

  /**
   * Fills a converted template: a variable fed by a reference stays a placeholder (and becomes a wire), a
   * literal input is written in, a variable no input sets renders empty, as Jinja renders it.
   */
  private fillTemplate(node: PromptflowNode, template: string): { text: string; wires: PortWire[] } | Unmapped {
    const inputs = node.inputs ?? {};
    const wires: PortWire[] = [];
    const wired = new Set<string>();
    let text = template;
    for (const name of templatePlaceholders(template)) {
      const value = inputs[name];
      const reference = referenceIn(value);
      if (reference) {
        wires.push({ reference, port: name });
        wired.add(name);
        continue;
      }
      if (CREDENTIAL_INPUT.test(name) && value !== undefined)
        return { unmapped: `its template writes the credential input '${name}' into the prompt` };
      if (value === undefined) this.warn(node.name, `template variable '${name}' is set by no input; it renders empty, as in Prompt flow`);
      const literal = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
      if (literal.includes('{{')) return { unmapped: `the literal value of input '${name}' holds '{{', which would read as a placeholder` };
      text = text.replace(new RegExp(`\\{\\{${name}\\}\\}`, 'g'), () => literal);
    }
    // Literals written next to text must not have formed a reference or a placeholder nobody feeds.
    if (hasReferences(text) || templatePlaceholders(text).some((name) => !wired.has(name))) {
      return { unmapped: 'its literal inputs combine with the template text into placeholders' };
    }
    return { text, wires };
  }

  private async mapPrompt(node: PromptflowNode) {
    const template = await this.readTemplate(node);
    if ('unmapped' in template) return template;
    const converted = convertJinja(template.text);
    if (!converted.ok) return { unmapped: `its template uses ${converted.reason}`, source: { ...template, language: 'jinja' } };
    const filled = this.fillTemplate(node, converted.text);
    if ('unmapped' in filled) return { ...filled, source: { ...template, language: 'jinja' } };
    const id = this.addNode(node.name, 'text.template', { template: filled.text });
    this.warnUnusedInputs(node, converted.text);
    return { component: 'text.template', nodeIds: [id], output: textPort(id), wires: wiresTo(id, filled.wires) };
  }

  private warnUnusedInputs(node: PromptflowNode, template: string, historyVariable?: string): void {
    const used = new Set([...templatePlaceholders(template), ...(historyVariable ? [historyVariable] : [])]);
    const unused = Object.keys(node.inputs ?? {}).filter((name) => !used.has(name) && !isModelSettingInput(name));
    if (unused.length > 0) this.warn(node.name, `inputs not used by the template: ${unused.join(', ')}`);
  }

  private async mapLlm(node: PromptflowNode) {
    const template = await this.readTemplate(node);
    if ('unmapped' in template) return template;
    const withSource = (reason: string): Unmapped => ({ unmapped: reason, source: { ...template, language: 'jinja' } });
    const api = node.api ?? 'chat';
    if (api !== 'chat' && api !== 'completion') return withSource(`api '${api}' is not a chat or completion call`);

    const historyVariables = new Set(
      Object.entries(node.inputs ?? {}).flatMap(([name, value]) => {
        const reference = referenceIn(value);
        return reference?.kind === 'input' && reference.name === this.historyInput && this.chatInputId ? [name] : [];
      }),
    );
    const converted = convertJinja(template.text, { historyVariables });
    if (!converted.ok) return withSource(`its template uses ${converted.reason}`);

    let system = '';
    let prompt = converted.text.trim();
    if (api === 'completion') {
      this.warn(node.name, 'a completion call became a chat call with the whole template as the prompt');
    } else {
      const { leading, blocks } = splitChatRoles(converted.text);
      if (blocks.length > 0) {
        if (leading !== '') return withSource('its template has text before the first role line');
        const firstUser = blocks.findIndex((block) => block.role !== 'system');
        const head = firstUser < 0 ? blocks : blocks.slice(0, firstUser);
        const rest = firstUser < 0 ? [] : blocks.slice(firstUser);
        const other = rest.find((block) => block.role !== 'user');
        if (other)
          return withSource(`its template has fixed ${other.role}: turns (such as few-shot examples), which one prompt cannot hold`);
        if (rest.length === 0) {
          // Prompt flow sends a lone system message; our model node needs a prompt, so the text goes there.
          this.warn(node.name, 'the template has only a system: message; it is sent as the prompt');
          prompt = head.map((block) => block.text).join('\n\n');
        } else {
          system = head.map((block) => block.text).join('\n\n');
          prompt = rest.map((block) => block.text).join('\n\n');
        }
        if (rest.length > 1) this.warn(node.name, 'consecutive user: blocks were joined into one prompt');
      }
    }

    const systemFilled = this.fillTemplate(node, system);
    if ('unmapped' in systemFilled) return withSource(systemFilled.unmapped);
    const promptFilled = this.fillTemplate(node, prompt);
    if ('unmapped' in promptFilled) return withSource(promptFilled.unmapped);

    const settings = modelSettingsOf(node);
    const params: Record<string, unknown> = { ...settings.params };
    const id = this.addNode(node.name, 'llm.chat', params);
    const nodeIds = [id];
    const wires: Wire[] = [];
    if (systemFilled.wires.length === 0) {
      if (systemFilled.text !== '') params.system = systemFilled.text;
    } else {
      const systemId = this.addNode(`${node.name}_system`, 'text.template', { template: systemFilled.text });
      nodeIds.push(systemId);
      wires.push(...wiresTo(systemId, systemFilled.wires));
      this.connect({ node: systemId, port: 'text' }, { node: id, port: 'system' });
    }
    // A prompt that is one variable needs no template node: the value goes straight in.
    if (/^\{\{[A-Za-z_][A-Za-z0-9_]*\}\}$/.test(promptFilled.text) && promptFilled.wires.length === 1) {
      wires.push({ reference: promptFilled.wires[0]!.reference, target: { node: id, port: 'prompt' } });
    } else {
      const promptId = this.addNode(`${node.name}_prompt`, 'text.template', { template: promptFilled.text });
      nodeIds.push(promptId);
      wires.push(...wiresTo(promptId, promptFilled.wires));
      this.connect({ node: promptId, port: 'text' }, { node: id, port: 'prompt' });
    }
    if (converted.historyVariable && this.chatInputId)
      this.connect({ node: this.chatInputId, port: 'history' }, { node: id, port: 'history' });

    settings.secrets.forEach((secret) => this.secrets.add(secret));
    settings.warnings.forEach((warning) => this.warn(node.name, warning));
    this.warnUnusedInputs(node, converted.text, converted.historyVariable);
    return { component: 'llm.chat', nodeIds, output: textPort(id), wires };
  }

  /**
   * `activate: {when, is}` as a logic.if, when that keeps Prompt flow's meaning: the node must be one
   * node whose every input reads the `when` value, so skipping the untaken branch skips the node. Otherwise
   * the node runs unconditionally, with a warning.
   */
  private applyActivation(node: PromptflowNode, mapped: { nodeIds: string[]; wires: Wire[] }): Wire[] {
    if (!node.activate) return mapped.wires;
    const when = referenceIn(node.activate.when)!;
    const is = node.activate.is;
    const whenText = describeReference(when);
    const isComparable = typeof is === 'string' || typeof is === 'number' || typeof is === 'boolean';
    const hasOnlyGatedInputs =
      mapped.nodeIds.length === 1 &&
      mapped.wires.length > 0 &&
      mapped.wires.every((wire) => describeReference(wire.reference) === whenText);
    if (!isComparable || !hasOnlyGatedInputs) {
      this.warn(
        node.name,
        `activate (when ${whenText} is ${JSON.stringify(is)}) was not carried over: the node now always runs; ` +
          'route its inputs through a logic.if to restore the condition',
      );
      return mapped.wires;
    }
    const gate = this.addNode(`${node.name}_if`, 'logic.if', { operator: 'equals', value: is });
    mapped.nodeIds.push(gate);
    const from = this.portFor(when, `the condition of node '${node.name}'`, gate);
    if (from) this.connect(from, { node: gate, port: 'value' });
    for (const wire of mapped.wires) this.connect({ node: gate, port: 'true' }, wire.target);
    return [];
  }

  private mapOutputs(): void {
    for (const [name, output] of Object.entries(this.dag.outputs ?? {})) {
      const reference = referenceIn(output.reference)!;
      const isChat = output.is_chat_output === true;
      const type = isChat ? 'output.chat' : output.type === 'object' || output.type === 'list' ? 'output.json' : 'output.text';
      const port = isChat ? 'message' : type === 'output.json' ? 'value' : 'text';
      const id = this.addNode(`out_${name}`, type, { name });
      const mapped = reference.kind === 'node' ? this.outputsOf.get(reference.node) : undefined;
      // A chat output reads the model's message, so the reply keeps its assistant role.
      const from =
        isChat &&
        mapped?.kind === 'port' &&
        reference.kind === 'node' &&
        reference.path.length === 0 &&
        this.nodeType(mapped.port.node) === 'llm.chat'
          ? { node: mapped.port.node, port: 'message' }
          : this.portFor(reference, `flow output '${name}'`, id);
      if (from) this.connect(from, { node: id, port });
      this.outcomes.push({
        sourceId: `outputs.${name}`,
        sourceType: `flow output (${output.type ?? 'string'})`,
        outcome: 'mapped',
        nodeIds: [id],
        component: type,
      });
    }
  }

  private nodeType(id: string): string | undefined {
    return this.nodes.find((node) => node.id === id)?.type;
  }

  private layOut(): void {
    const items = [...this.nodes.map((node) => node.id), ...this.notes.map((note) => note.id)].map((id) => ({
      id,
      dependsOn: [...(this.dependsOn.get(id) ?? [])],
    }));
    const positions = layoutInColumns(items);
    for (const item of [...this.nodes, ...this.notes]) item.position = positions.get(item.id) ?? item.position;
  }
}
