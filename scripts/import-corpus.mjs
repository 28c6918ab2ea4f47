#!/usr/bin/env node
// Imports every file of a folder and prints, per file, whether every node mapped and whether the flow validates,
// then the share that map completely and the share that validate clean (no errors; MCP servers the flow names
// count as configured, since an export never carries their configuration). For Langflow exports it also gives
// the share among flows built only from Langflow's core, model, prompt, agent, MCP and RAG components, judged by
// the package each node's metadata names. Needs `node esbuild.mjs` first.
//   node scripts/import-corpus.mjs DIR [--from langflow|promptflow] [--json]
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const engine = require('../dist/engine.js');

const { values, positionals } = parseArgs({ allowPositionals: true, options: { from: { type: 'string' }, json: { type: 'boolean' } } });
const dir = positionals[0];
if (!dir) {
  process.stderr.write('usage: node scripts/import-corpus.mjs DIR [--from langflow|promptflow] [--json]\n');
  process.exit(2);
}

// Langflow's own component packages (lfx.components.X / langflow.components.X) that the target counts:
// core (input_output, processing, data, helpers, logic), models and prompts, agents (with MCP Tools),
// RAG (vectorstores, embeddings, knowledge_bases) and the model providers FlowStudio has.
const CORE_PACKAGES = new Set([
  'input_output',
  'inputs',
  'outputs',
  'processing',
  'data',
  'helpers',
  'logic',
  'prompts',
  'models',
  'agents',
  'mcp',
  'vectorstores',
  'embeddings',
  'knowledge_bases',
  'openai',
  'anthropic',
  'google',
  'ollama',
  'groq',
  'mistral',
  'azure',
]);

// Exports before Langflow 1.1 name no module; these are the classes of the same packages in them.
const CORE_CLASSES = new Set([
  'ChatInput',
  'ChatOutput',
  'TextInput',
  'TextOutput',
  'Prompt',
  'URL',
  'URLComponent',
  'File',
  'APIRequest',
  'parser',
  'ParserComponent',
  'ParseData',
  'SplitText',
  'StructuredOutput',
  'Memory',
  'ConditionalRouter',
  'CalculatorComponent',
  'LanguageModelComponent',
  'OpenAIModel',
  'AzureOpenAIModel',
  'AnthropicModel',
  'OllamaModel',
  'GoogleGenerativeAIModel',
  'GroqModel',
  'MistralModel',
  'Agent',
  'MCPTools',
  'OpenAIEmbeddings',
  'EmbeddingModel',
  'AstraDB',
  'AstraVectorStoreComponent',
  'Chroma',
  'FAISS',
]);

/** 'core' when every component of a Langflow export comes from a counted package, else 'other' ('unknown' if unreadable). */
function langflowScope(text) {
  let root;
  try {
    root = JSON.parse(text);
  } catch {
    return 'unknown';
  }
  const nodes = (root?.data ?? root)?.nodes;
  if (!Array.isArray(nodes)) return 'unknown';
  let scope = 'core';
  for (const node of nodes) {
    if (node?.type === 'noteNode') continue;
    const module = node?.data?.node?.metadata?.module;
    const isCore = typeof module === 'string' ? CORE_PACKAGES.has(module.split('.')[2]) : CORE_CLASSES.has(node?.data?.type);
    if (!isCore) scope = 'other';
  }
  return scope;
}

// Stands for servers the user has configured: their tools are not checked, as `flowstudio validate` does.
const NOT_STARTED = 'is configured but not started';
const configuredMcp = {
  hasServer: () => true,
  serverNames: () => [],
  toolsOf: () => undefined,
  promptsOf: () => undefined,
  errorOf: (server) => `MCP server '${server}' ${NOT_STARTED}`,
};

const files = (await readdir(dir, { withFileTypes: true }))
  .filter((e) => e.isFile() && /\.(json|ya?ml)$/i.test(e.name))
  .map((e) => path.join(dir, e.name))
  .sort();
const rows = [];
const unmapped = new Map();
for (const file of files) {
  const text = await readFile(file, 'utf8');
  const folder = path.dirname(file);
  const readSibling = (relative) => {
    const target = path.resolve(folder, relative);
    if (!target.startsWith(folder + path.sep)) return Promise.reject(new Error(`${relative} is outside ${folder}`));
    return readFile(target, 'utf8');
  };
  try {
    const result = await engine.importFlow(text, { from: values.from, fileName: path.basename(file), readSibling });
    const notes = result.nodes.filter((n) => n.outcome === 'note');
    for (const n of notes) unmapped.set(n.sourceType, [...(unmapped.get(n.sourceType) ?? []), n.reason]);
    const errors = engine
      .validateFlow(result.flow, undefined, { file: path.resolve(file), mcp: configuredMcp })
      .filter((d) => d.severity === 'error' && !d.message.includes(NOT_STARTED));
    rows.push({
      file: path.basename(file),
      scope: result.from === 'langflow' ? langflowScope(text) : 'unknown',
      nodes: result.nodes.length,
      unmapped: notes.map((n) => n.sourceType),
      errors: errors.map((d) => d.message),
    });
  } catch (error) {
    rows.push({ file: path.basename(file), failed: error.message });
  }
}

const complete = rows.filter((r) => !r.failed && r.unmapped.length === 0);
const clean = rows.filter((r) => !r.failed && r.errors.length === 0);
const core = rows.filter((r) => r.scope === 'core');
const coreComplete = core.filter((r) => r.unmapped.length === 0);
const share = (n, of) => `${n}/${of} (${of ? Math.round((100 * n) / of) : 0}%)`;
const pct = (n) => share(n, rows.length);
if (values.json) {
  const summary = {
    files: rows.length,
    mappedCompletely: complete.length,
    validateClean: clean.length,
    core: core.length,
    coreMappedCompletely: coreComplete.length,
  };
  process.stdout.write(`${JSON.stringify({ ...summary, rows }, null, 2)}\n`);
} else {
  for (const r of rows) {
    if (r.failed) process.stdout.write(`FAIL   ${r.file}: ${r.failed}\n`);
    else
      process.stdout.write(
        `${r.unmapped.length === 0 ? 'mapped' : 'partly'} ${r.errors.length === 0 ? 'valid  ' : 'invalid'} ${r.scope.padEnd(7)} ${r.file}` +
          `${r.unmapped.length ? `  unmapped: ${r.unmapped.join(', ')}` : ''}${r.errors.length ? `  errors: ${r.errors.join(' | ')}` : ''}\n`,
      );
  }
  process.stdout.write(`\nmap completely: ${pct(complete.length)}\nvalidate clean: ${pct(clean.length)}\n`);
  if (core.length > 0) process.stdout.write(`core-only flows mapping completely: ${share(coreComplete.length, core.length)}\n`);
  if (unmapped.size > 0) {
    process.stdout.write('unmapped components:\n');
    for (const [type, reasons] of [...unmapped].sort((a, b) => b[1].length - a[1].length))
      process.stdout.write(`  ${type} ×${reasons.length}: ${reasons[0]}\n`);
  }
}
