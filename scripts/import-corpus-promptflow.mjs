// Measures the Prompt flow importer over a folder of Prompt flow projects (such as examples/flows of
// github.com/microsoft/promptflow): every `flow.dag.yaml` below the folder is imported, then validated.
// Prints one line per file and the shares that map every node and that validate with no error. With
// --run, every flow with an llm or prompt node is also run, its models pointed at a local server that
// answers in OpenAI's Responses stream format (no request leaves the machine), inputs at their defaults;
// a flow counts as running when it validates, the run succeeds and every flow output gets a value (not empty).
//
//   node --import tsx scripts/import-corpus-promptflow.mjs DIR [--run] [--json]
import { readdir, readFile, realpath } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { commandLinePolicy, EnvSecretStore, runFlow } from '../src/engine/index.ts';
import { importPromptflow } from '../src/engine/import/promptflow.ts';
import { allMapped } from '../src/engine/import/import-result.ts';
import { validateFlow } from '../src/engine/validate/validate-flow.ts';

const [root, ...flags] = process.argv.slice(2);
if (!root) {
  console.error('usage: node --import tsx scripts/import-corpus-promptflow.mjs DIR [--json]');
  process.exit(2);
}

async function* dagFiles(folder) {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* dagFiles(path);
    else if (entry.name === 'flow.dag.yaml') yield path;
  }
}

/** Reads a file next to the DAG, refusing anything that resolves outside its folder. */
function siblingReader(folder) {
  return async (relativePath) => {
    const path = await realpath(resolve(folder, relativePath));
    const base = await realpath(folder);
    if (path !== base && !path.startsWith(base + sep)) throw new Error(`${relativePath} is outside the flow's folder`);
    return readFile(path, 'utf8');
  };
}

const REPLY = await readFile(new URL('../test/fixtures/llm/openai-responses.text.sse', import.meta.url), 'utf8');

/** A model server on 127.0.0.1 that answers every request with the same streamed reply. */
async function startModelServer() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'text/event-stream' }).end(REPLY));
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

/** Runs an imported flow against the local server: the outcome's status, or the error. */
async function runAgainst(model, result) {
  const flow = {
    ...result.flow,
    nodes: result.flow.nodes.map((n) =>
      n.type === 'llm.chat'
        ? { ...n, params: { ...n.params, baseURL: n.params.provider === 'azure' ? `${model.url}/openai/v1` : `${model.url}/v1` } }
        : n,
    ),
  };
  const inputs = {};
  for (const n of flow.nodes) {
    if (n.type.startsWith('input.') && n.params.default === undefined)
      inputs[n.params.name ?? 'message'] = n.type === 'input.number' ? 1 : 'Hello';
  }
  const secrets = Object.fromEntries(result.secrets.map((name) => [name, 'sk-local-corpus']));
  const handle = runFlow(flow, {
    inputs,
    secrets: new EnvSecretStore(secrets),
    secretPolicy: commandLinePolicy(result.secrets.map((name) => ({ name, destination: model.url }))),
  });
  const outcome = await handle.result;
  if (outcome.status !== 'ok') return { ran: false, runError: outcome.error?.message };
  // A run counts when every flow output got a value: outputs left unconnected by a note do not.
  const names = flow.nodes.filter((n) => n.type.startsWith('output.')).map((n) => n.params.name);
  const missing = names.filter(
    (name) => outcome.outputs[name] === undefined || outcome.outputs[name] === null || outcome.outputs[name] === '',
  );
  return missing.length === 0 ? { ran: true } : { ran: false, runError: `no value for output(s) ${missing.join(', ')}` };
}

const shouldRun = flags.includes('--run');
const model = shouldRun ? await startModelServer() : undefined;
const rows = [];
for await (const file of dagFiles(resolve(root))) {
  const name = relative(resolve(root), dirname(file)) || '.';
  try {
    const result = await importPromptflow(await readFile(file, 'utf8'), { fileName: file, readSibling: siblingReader(dirname(file)) });
    const diagnostics = validateFlow(result.flow);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const sourceNodes = result.nodes.filter((n) => !n.sourceId.startsWith('inputs.') && !n.sourceId.startsWith('outputs.'));
    const isModelFlow = result.nodes.some((n) => n.sourceType === 'llm' || n.sourceType === 'prompt');
    const run =
      !model || !isModelFlow
        ? {}
        : errors.length > 0
          ? { ran: false, runError: 'not run: it does not validate' }
          : await runAgainst(model, result);
    rows.push({
      name,
      isModelFlow,
      ...run,
      imported: true,
      allMapped: allMapped(result),
      nodes: sourceNodes.length,
      mapped: sourceNodes.filter((n) => n.outcome === 'mapped').length,
      errors: errors.length,
      diagnostics: diagnostics.length,
      firstError: errors[0]?.message,
    });
  } catch (error) {
    rows.push({ name, imported: false, allMapped: false, nodes: 0, mapped: 0, errors: 1, firstError: error.message });
  }
}
rows.sort((a, b) => a.name.localeCompare(b.name));
model?.server.close();

const share = (count) => `${count}/${rows.length} (${rows.length ? ((100 * count) / rows.length).toFixed(0) : 0}%)`;
const summary = {
  files: rows.length,
  imported: rows.filter((r) => r.imported).length,
  allMapped: rows.filter((r) => r.allMapped).length,
  validateClean: rows.filter((r) => r.imported && r.errors === 0).length,
  validateSilent: rows.filter((r) => r.imported && r.diagnostics === 0).length,
  nodes: rows.reduce((sum, r) => sum + r.nodes, 0),
  nodesMapped: rows.reduce((sum, r) => sum + r.mapped, 0),
  modelFlows: rows.filter((r) => r.isModelFlow).length,
  modelFlowsRan: rows.filter((r) => r.ran).length,
};
if (flags.includes('--json')) {
  console.log(JSON.stringify({ summary, rows }, null, 2));
} else {
  for (const r of rows) {
    const state = !r.imported ? 'refused' : r.allMapped ? 'all mapped' : `${r.mapped}/${r.nodes} mapped`;
    const ran = r.ran === undefined ? '' : r.ran ? '; runs' : `; run failed: ${r.runError}`;
    console.log(`${r.name}: ${state}; ${r.errors === 0 ? 'validates' : `${r.errors} error(s): ${r.firstError}`}${ran}`);
  }
  console.log('');
  console.log(`files ${summary.files}, imported ${share(summary.imported)}`);
  console.log(`every node mapped: ${share(summary.allMapped)}`);
  console.log(`validate with no error: ${share(summary.validateClean)}`);
  console.log(`validate with no error or warning: ${share(summary.validateSilent)}`);
  console.log(`nodes mapped: ${summary.nodesMapped}/${summary.nodes}`);
  if (model) console.log(`flows with llm or prompt nodes that run: ${summary.modelFlowsRan}/${summary.modelFlows}`);
}
