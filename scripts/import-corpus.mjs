#!/usr/bin/env node
// Imports every file of a folder and prints, per file, how many nodes mapped and whether the flow validates,
// then the share that map completely and the share that validate clean (no errors). Needs `node esbuild.mjs` first.
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
    const errors = engine.validateFlow(result.flow).filter((d) => d.severity === 'error');
    rows.push({ file: path.basename(file), nodes: result.nodes.length, unmapped: notes.map((n) => n.sourceType), errors: errors.map((d) => d.message) });
  } catch (error) {
    rows.push({ file: path.basename(file), failed: error.message });
  }
}

const complete = rows.filter((r) => !r.failed && r.unmapped.length === 0);
const clean = rows.filter((r) => !r.failed && r.errors.length === 0);
const pct = (n) => `${n}/${rows.length} (${rows.length ? Math.round((100 * n) / rows.length) : 0}%)`;
if (values.json) {
  process.stdout.write(`${JSON.stringify({ files: rows.length, mappedCompletely: complete.length, validateClean: clean.length, rows }, null, 2)}\n`);
} else {
  for (const r of rows) {
    if (r.failed) process.stdout.write(`FAIL   ${r.file}: ${r.failed}\n`);
    else
      process.stdout.write(
        `${r.unmapped.length === 0 ? 'mapped' : 'partly'} ${r.errors.length === 0 ? 'valid  ' : 'invalid'} ${r.file}` +
          `${r.unmapped.length ? `  unmapped: ${r.unmapped.join(', ')}` : ''}${r.errors.length ? `  errors: ${r.errors.join(' | ')}` : ''}\n`,
      );
  }
  process.stdout.write(`\nmap completely: ${pct(complete.length)}\nvalidate clean: ${pct(clean.length)}\n`);
  if (unmapped.size > 0) {
    process.stdout.write('unmapped components:\n');
    for (const [type, reasons] of [...unmapped].sort((a, b) => b[1].length - a[1].length))
      process.stdout.write(`  ${type} ×${reasons.length}: ${reasons[0]}\n`);
  }
}
