// Prompt flow's `${inputs.NAME}` (or `${flow.NAME}`) and `${NODE.output[.field...]}` references, the edges of its DAG.

export type PromptflowReference = { kind: 'input'; name: string } | { kind: 'node'; node: string; path: string[] };

const REFERENCE = /^\$\{\s*([A-Za-z0-9_-]+)\.([A-Za-z0-9_.-]+)\s*\}$/;

/**
 * The reference a value holds, when it is one; `undefined` for a literal. Throws with a short reason for
 * text shaped like a reference that names nothing an importer can follow.
 */
export function referenceIn(value: unknown): PromptflowReference | undefined {
  if (typeof value !== 'string' || !value.trimStart().startsWith('${')) return undefined;
  const match = REFERENCE.exec(value.trim());
  if (!match) throw new Error(`'${value}' is not a reference of the form \${inputs.NAME} or \${NODE.output}`);
  const [, head = '', rest = ''] = match;
  const parts = rest.split('.');
  // `${flow.NAME}` is the newer spelling of `${inputs.NAME}`.
  if (head === 'inputs' || head === 'flow') {
    if (parts.length !== 1) throw new Error(`'${value}' names a part of a flow input; only \${inputs.NAME} is supported`);
    return { kind: 'input', name: parts[0]! };
  }
  if (parts[0] !== 'output') throw new Error(`'${value}' must read the node's output, as \${${head}.output}`);
  return { kind: 'node', node: head, path: parts.slice(1) };
}

export function describeReference(reference: PromptflowReference): string {
  return reference.kind === 'input' ? `\${inputs.${reference.name}}` : `\${${[reference.node, 'output', ...reference.path].join('.')}}`;
}
