#!/usr/bin/env node
// Imports every file of a folder and prints, per file, whether every node mapped and whether the flow validates,
// then the share that map completely and the share that validate clean (no errors; MCP servers the flow names
// count as configured, since an export never carries their configuration). For Langflow exports it also gives
// the share among flows built only from Langflow's core, model, prompt, agent, MCP and RAG components, judged by
// the package each node's metadata names. Needs `node esbuild.mjs` first.
// With --run, each chat/prompt flow (only inputs, outputs, templates, code.js and llm.chat) that maps completely
// and validates is also run with every model pointed at a local server speaking the OpenAI chat wire protocol,
// replaying a recorded reply (test/fixtures/llm/openai-chat.text.sse): the share that runs to the end is printed.
//   node scripts/import-corpus.mjs DIR [--from langflow|promptflow] [--json] [--run]
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const engine = require('../dist/engine.js');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { from: { type: 'string' }, json: { type: 'boolean' }, run: { type: 'boolean' } },
});
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

const CHAT_TYPES = new Set([
  'input.chat',
  'input.text',
  'output.chat',
  'output.text',
  'output.json',
  'text.template',
  'code.js',
  'llm.chat',
]);

/** A 127.0.0.1 server answering every chat completion with the recorded reply; closed when the script ends. */
async function startLocalModel() {
  const reply = await readFile(new URL('../test/fixtures/llm/openai-chat.text.sse', import.meta.url), 'utf8');
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/chat/completions')) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/event-stream' }).end(reply);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/v1`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** 'ok' or the run's error for a chat/prompt flow, its models on the local server; undefined for other flows. */
async function runLocally(flow, model, file) {
  if (!flow.nodes.every((n) => CHAT_TYPES.has(n.type))) return undefined;
  const local = structuredClone(flow);
  for (const node of local.nodes)
    if (node.type === 'llm.chat') node.params = { ...node.params, provider: 'openai-compatible', baseURL: model.url, apiKey: undefined };
  const inputs = Object.fromEntries(
    local.nodes.filter((n) => n.type.startsWith('input.')).map((n) => [n.params?.name ?? 'message', 'What is FlowStudio?']),
  );
  const result = await engine.runFlow(local, { inputs, files: undefined, baseDir: path.dirname(file) }).result;
  return result.status === 'ok' ? 'ok' : (result.error?.message ?? result.status);
}

const model = values.run ? await startLocalModel() : undefined;
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
    const run = model && errors.length === 0 && notes.length === 0 ? await runLocally(result.flow, model, file) : undefined;
    rows.push({
      file: path.basename(file),
      run,
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
await model?.close();
const ran = rows.filter((r) => r.run !== undefined);
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
  if (model) {
    process.stdout.write(
      `chat/prompt flows that run against the local model server: ${share(ran.filter((r) => r.run === 'ok').length, ran.length)}\n`,
    );
    for (const r of ran.filter((x) => x.run !== 'ok')) process.stdout.write(`  ${r.file}: ${r.run}\n`);
  }
  if (unmapped.size > 0) {
    process.stdout.write('unmapped components:\n');
    for (const [type, reasons] of [...unmapped].sort((a, b) => b[1].length - a[1].length))
      process.stdout.write(`  ${type} ×${reasons.length}: ${reasons[0]}\n`);
  }
}
