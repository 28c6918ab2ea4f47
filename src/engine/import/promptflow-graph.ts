// The shape of a Prompt flow DAG before anything is built: default variants chosen, names unique,
// every reference pointing at something, every source path inside the project, and no cycle.
import { ImportError, type ImportWarning } from './import-result';
import { referenceIn, type PromptflowReference } from './promptflow-references';
import type { PromptflowNode, PromptflowSource } from './promptflow-yaml';

/** Nodes with `use_variants` replaced by their default variant (Prompt flow runs that one unless told otherwise). */
export function withVariantsResolved(source: PromptflowSource, warn: (warning: ImportWarning) => void): PromptflowNode[] {
  const { dag } = source;
  return dag.nodes.map((node, index) => {
    if (!node.use_variants) return node;
    const variants = dag.node_variants?.[node.name];
    const chosen = variants?.variants[variants.default_variant_id];
    if (!variants || !chosen) {
      throw new ImportError(
        `node '${node.name}' uses variants, but node_variants has no default variant for it`,
        source.where(['nodes', index]),
      );
    }
    const others = Object.keys(variants.variants).filter((id) => id !== variants.default_variant_id);
    if (others.length > 0) {
      warn({
        sourceId: node.name,
        message: `imported variant '${variants.default_variant_id}'; variants ${others.join(', ')} were not`,
      });
    }
    return { ...chosen.node, name: node.name };
  });
}

/**
 * Checks node names, references and source paths (before any file is read); returns the node indexes in
 * an order where every node comes after the nodes it reads. Throws ImportError with the line otherwise.
 */
export function dependencyOrder(nodes: readonly PromptflowNode[], source: PromptflowSource): number[] {
  const whereNode = (index: number, ...path: (string | number)[]): string => source.where(['nodes', index, ...path]);
  const indexOf = new Map<string, number>();
  nodes.forEach((node, index) => {
    if (indexOf.has(node.name)) throw new ImportError(`two nodes are named '${node.name}'`, whereNode(index, 'name'));
    indexOf.set(node.name, index);
    if (node.source?.path !== undefined) checkSiblingPath(node.source.path, node.name, whereNode(index, 'source', 'path'));
  });
  const inputNames = new Set(Object.keys(source.dag.inputs ?? {}));
  const check = (value: unknown, where: string, what: string): PromptflowReference | undefined => {
    let reference: PromptflowReference | undefined;
    try {
      reference = referenceIn(value);
    } catch (error) {
      throw new ImportError(`${what}: ${(error as Error).message}`, where);
    }
    if (reference?.kind === 'input' && !inputNames.has(reference.name)) {
      throw new ImportError(`${what} reads flow input '${reference.name}', which the DAG does not declare`, where);
    }
    if (reference?.kind === 'node' && !indexOf.has(reference.node)) {
      throw new ImportError(`${what} reads node '${reference.node}', which the DAG does not have`, where);
    }
    return reference;
  };

  const dependencies = nodes.map((node, index) => {
    const deps = new Set<number>();
    for (const [name, value] of Object.entries(node.inputs ?? {})) {
      const reference = check(value, whereNode(index, 'inputs', name), `node '${node.name}' input '${name}'`);
      if (reference?.kind === 'node') deps.add(indexOf.get(reference.node)!);
    }
    if (node.activate) {
      const reference = check(node.activate.when, whereNode(index, 'activate', 'when'), `node '${node.name}' activate.when`);
      if (!reference)
        throw new ImportError(
          `node '${node.name}' activate.when must be a reference such as \${NODE.output}`,
          whereNode(index, 'activate', 'when'),
        );
      if (reference.kind === 'node') deps.add(indexOf.get(reference.node)!);
    }
    return deps;
  });
  for (const [name, output] of Object.entries(source.dag.outputs ?? {})) {
    const where = source.where(['outputs', name, 'reference']);
    if (!output.reference) throw new ImportError(`flow output '${name}' has no reference`, where);
    if (!check(output.reference, where, `flow output '${name}'`))
      throw new ImportError(`flow output '${name}' must reference \${NODE.output} or \${inputs.NAME}`, where);
  }

  // Kahn's algorithm; whatever is left over sits on a cycle.
  const remaining = dependencies.map((deps) => deps.size);
  const dependents = nodes.map(() => [] as number[]);
  dependencies.forEach((deps, index) => deps.forEach((dep) => dependents[dep]!.push(index)));
  const ready = remaining.flatMap((count, index) => (count === 0 ? [index] : []));
  const order: number[] = [];
  while (ready.length > 0) {
    const index = ready.shift()!;
    order.push(index);
    for (const next of dependents[index]!) if (--remaining[next]! === 0) ready.push(next);
  }
  if (order.length < nodes.length) {
    const stuck = remaining.flatMap((count, index) => (count > 0 ? [index] : []));
    const names = stuck.map((index) => `'${nodes[index]!.name}'`).join(', ');
    throw new ImportError(`not a DAG: nodes ${names} depend on each other in a cycle`, whereNode(stuck[0]!));
  }
  return order;
}

/** A template or tool path from the DAG must name a file inside the flow's folder, whatever the reader checks. */
function checkSiblingPath(path: string, nodeName: string, where: string): void {
  const reason =
    path.trim() === ''
      ? 'is empty'
      : /^[\\/]/.test(path) || /^[A-Za-z]:/.test(path)
        ? 'is absolute'
        : path.split(/[\\/]/).includes('..')
          ? "leaves the flow's folder (..)"
          : /[\0:]/.test(path)
            ? 'holds a character a relative file path cannot'
            : undefined;
  if (reason)
    throw new ImportError(`node '${nodeName}' source.path '${path}' ${reason}; it must name a file inside the flow's folder`, where);
}
