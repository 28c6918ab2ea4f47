// Readable MCP tool names derived from flow names (never from node ids or file hashes).

const MAX_LENGTH = 64;

/** "Summarise PR (v2)" -> "summarise_pr_v2": what MCP clients accept everywhere ([a-z0-9_-], 64 chars). */
export function toolNameFromFlow(flowName: string): string {
  const name = flowName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^[_-]+|[_-]+$/g, '')
    .slice(0, MAX_LENGTH);
  return name === '' ? 'flow' : name;
}

/** Gives every flow a distinct name; later duplicates get _2, _3, ... in the order given. */
export function uniqueToolNames(flowNames: readonly string[]): string[] {
  const used = new Set<string>();
  return flowNames.map((flowName) => {
    const base = toolNameFromFlow(flowName);
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base.slice(0, MAX_LENGTH - String(n).length - 1)}_${n}`;
    used.add(name);
    return name;
  });
}
