// `flowstudio create NAME --template ...`: writes a new flow file from a template, never over an existing one.
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createCoreRegistry, serializeFlow } from '../../engine';
import { templates } from '../../engine/flow/templates';
import { EXIT_OK, UsageError } from '../usage';

export async function createCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { template: { type: 'string', short: 't' }, force: { type: 'boolean' } } });
  } catch (error) {
    throw new UsageError(`create: ${(error as Error).message}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1)
    throw new UsageError(`create needs one name: flowstudio create NAME [--template ${Object.keys(templates).join('|')}]`);
  const templateName = values.template ?? 'blank';
  const template = Object.hasOwn(templates, templateName) ? templates[templateName] : undefined;
  if (!template) throw new UsageError(`create: unknown template '${templateName}'; choose one of ${Object.keys(templates).join(', ')}`);

  const registry = createCoreRegistry();
  const missing = template.requires.filter((id) => !registry.has(id));
  if (missing.length > 0) {
    throw new UsageError(
      `create: template '${templateName}' needs the components ${missing.join(', ')}, which this build of FlowStudio does not include yet`,
    );
  }

  const target = positionals[0]!.endsWith('.flow.json') ? positionals[0]! : `${positionals[0]!}.flow.json`;
  const name = path.basename(target, '.flow.json');
  try {
    await writeFile(target, serializeFlow(template.build(name)), { encoding: 'utf8', flag: values.force ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new UsageError(`create: ${target} already exists; pass --force to replace it`);
    throw new UsageError(`create: cannot write ${target}: ${(error as Error).message}`);
  }
  const next =
    templateName === 'empty'
      ? 'open it in the editor to add nodes'
      : `run it with: flowstudio run ${target}${templateName === 'blank' ? ' --input text=hello' : ''}`;
  process.stdout.write(`created ${target} (${templateName}: ${template.description})\n${next}\n`);
  return EXIT_OK;
}
