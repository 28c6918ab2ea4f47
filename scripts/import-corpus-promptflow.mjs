// Measures the Prompt flow importer over a folder of Prompt flow projects (such as examples/flows of
// github.com/microsoft/promptflow): every `flow.dag.yaml` below the folder is imported, then validated.
// Prints one line per file and the shares that map every node and that validate with no error.
//
//   node --import tsx scripts/import-corpus-promptflow.mjs DIR [--json]
import { readdir, readFile, realpath } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
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

const rows = [];
for await (const file of dagFiles(resolve(root))) {
  const name = relative(resolve(root), dirname(file)) || '.';
  try {
    const result = await importPromptflow(await readFile(file, 'utf8'), { fileName: file, readSibling: siblingReader(dirname(file)) });
    const errors = validateFlow(result.flow).filter((d) => d.severity === 'error');
    const sourceNodes = result.nodes.filter((n) => !n.sourceId.startsWith('inputs.') && !n.sourceId.startsWith('outputs.'));
    rows.push({
      name,
      imported: true,
      allMapped: allMapped(result),
      nodes: sourceNodes.length,
      mapped: sourceNodes.filter((n) => n.outcome === 'mapped').length,
      errors: errors.length,
      firstError: errors[0]?.message,
    });
  } catch (error) {
    rows.push({ name, imported: false, allMapped: false, nodes: 0, mapped: 0, errors: 1, firstError: error.message });
  }
}
rows.sort((a, b) => a.name.localeCompare(b.name));

const share = (count) => `${count}/${rows.length} (${rows.length ? ((100 * count) / rows.length).toFixed(0) : 0}%)`;
const summary = {
  files: rows.length,
  imported: rows.filter((r) => r.imported).length,
  allMapped: rows.filter((r) => r.allMapped).length,
  validateClean: rows.filter((r) => r.imported && r.errors === 0).length,
  nodes: rows.reduce((sum, r) => sum + r.nodes, 0),
  nodesMapped: rows.reduce((sum, r) => sum + r.mapped, 0),
};
if (flags.includes('--json')) {
  console.log(JSON.stringify({ summary, rows }, null, 2));
} else {
  for (const r of rows) {
    const state = !r.imported ? 'refused' : r.allMapped ? 'all mapped' : `${r.mapped}/${r.nodes} mapped`;
    console.log(`${r.name}: ${state}; ${r.errors === 0 ? 'validates' : `${r.errors} error(s): ${r.firstError}`}`);
  }
  console.log('');
  console.log(`files ${summary.files}, imported ${share(summary.imported)}`);
  console.log(`every node mapped: ${share(summary.allMapped)}`);
  console.log(`validate with no error: ${share(summary.validateClean)}`);
  console.log(`nodes mapped: ${summary.nodesMapped}/${summary.nodes}`);
}
