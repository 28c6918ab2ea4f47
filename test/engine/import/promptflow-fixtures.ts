// Shared by the Prompt flow importer tests: the example projects under test/fixtures/import/promptflow and
// sibling readers (one over a real folder, one over files held in memory) that record what was asked for.
import { readFile, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { importPromptflow } from '../../../src/engine/import/promptflow';
import type { ImportResult } from '../../../src/engine/import/import-result';

export const PROMPTFLOW_FIXTURES = path.resolve(__dirname, '../../fixtures/import/promptflow');

/** Reads files inside `folder` only, as the command's reader does, and records every path asked for. */
export function folderReader(folder: string): { read: (relative: string) => Promise<string>; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    read: async (relative) => {
      asked.push(relative);
      const base = await realpath(folder);
      const file = await realpath(path.resolve(base, relative));
      if (!file.startsWith(base + path.sep)) throw new Error(`${relative} is outside the flow's folder`);
      return readFile(file, 'utf8');
    },
  };
}

export function memoryReader(files: Record<string, string>): { read: (relative: string) => Promise<string>; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    read: async (relative) => {
      asked.push(relative);
      const text = files[relative];
      if (text === undefined) throw new Error(`${relative}: no such file`);
      return text;
    },
  };
}

export async function importFixture(name: string): Promise<ImportResult> {
  const folder = path.join(PROMPTFLOW_FIXTURES, name);
  const fileName = path.join(folder, 'flow.dag.yaml');
  return importPromptflow(await readFile(fileName, 'utf8'), { fileName, readSibling: folderReader(folder).read });
}

/** Imports a DAG given as text, with its templates and tools in memory. */
export function importDag(yaml: string, files: Record<string, string> = {}): Promise<ImportResult> {
  return importPromptflow(yaml, { fileName: 'project/flow.dag.yaml', readSibling: memoryReader(files).read });
}
