// `flowstudio export FILE --to ts [-o OUT.ts] [--force]`: writes the flow as a program that runs it,
// to stdout or to OUT, never over an existing file without --force.
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { exporterFor, exporters, FlowError, FlowFileReadError, parseFlow, readFlowFileText, type Flow } from '../../engine';
import { EXIT_OK, UsageError } from '../usage';

export async function exportCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { to: { type: 'string', short: 't' }, out: { type: 'string', short: 'o' }, force: { type: 'boolean' } },
    });
  } catch (error) {
    throw new UsageError(`export: ${(error as Error).message}`);
  }
  const { values, positionals } = parsed;
  const targets = Object.keys(exporters).join(', ');
  if (positionals.length !== 1) throw new UsageError(`export needs exactly one flow file: flowstudio export FILE --to ${targets} [-o OUT]`);
  const target = values.to ?? 'ts';
  const exporter = exporterFor(target);
  if (!exporter) throw new UsageError(`export: unknown --to '${target}'; choose one of: ${targets}`);

  const file = positionals[0]!;
  const flow = await readFlow(file);
  const out = values.out;
  const text = exporter.export(flow, { flowFileName: path.basename(file), programFileName: out ? path.basename(out) : undefined });
  if (out === undefined) {
    process.stdout.write(text);
    return EXIT_OK;
  }
  try {
    await writeFile(out, text, { encoding: 'utf8', flag: values.force ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new UsageError(`export: ${out} already exists; pass --force to replace it`);
    throw new UsageError(`export: cannot write ${out}: ${(error as Error).message}`);
  }
  process.stderr.write(`wrote ${out} (${exporter.description})\n`);
  if (refersToFiles(flow) && path.resolve(path.dirname(out)) !== path.resolve(path.dirname(file))) {
    process.stderr.write(
      `note: the flow names files relative to its folder (sub-flows, inputs, outputs); the program looks for them in its own folder, ` +
        `${path.dirname(out)}: copy them there or move the program beside ${file}\n`,
    );
  }
  return EXIT_OK;
}

async function readFlow(file: string): Promise<Flow> {
  try {
    return parseFlow(await readFlowFileText(file), file);
  } catch (error) {
    if (error instanceof FlowError || error instanceof FlowFileReadError) throw new UsageError(error.message);
    throw error;
  }
}

/** Sub-flows (`file`) and file outputs (`path`) are found relative to the flow's folder. */
function refersToFiles(flow: Flow): boolean {
  return flow.nodes.some((node) => typeof node.params?.file === 'string' || typeof node.params?.path === 'string');
}
