// Positions for an imported Prompt flow, which has none: each item goes one column right of the
// furthest item it depends on, so the canvas reads left to right in the order the flow runs.

export interface LayoutItem {
  id: string;
  dependsOn: readonly string[];
}

export const COLUMN_WIDTH = 320;
export const ROW_HEIGHT = 180;

/** Positions by item id. Items in a cycle (or depending on unknown ids) are treated as having no such dependency. */
export function layoutInColumns(items: readonly LayoutItem[]): Map<string, { x: number; y: number }> {
  const byId = new Map(items.map((item) => [item.id, item]));
  const column = new Map<string, number>();
  const visiting = new Set<string>();

  // Iterative depth-first walk: a long chain must not exhaust the stack.
  const columnOf = (start: string): number => {
    const stack: string[] = [start];
    while (stack.length > 0) {
      const id = stack[stack.length - 1]!;
      if (column.has(id)) {
        stack.pop();
        continue;
      }
      visiting.add(id);
      const pending = (byId.get(id)?.dependsOn ?? []).filter((dep) => byId.has(dep) && !column.has(dep) && !visiting.has(dep));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      const deps = (byId.get(id)?.dependsOn ?? []).map((dep) => column.get(dep)).filter((c): c is number => c !== undefined);
      column.set(id, deps.length === 0 ? 0 : Math.max(...deps) + 1);
      visiting.delete(id);
      stack.pop();
    }
    return column.get(start)!;
  };

  const rows = new Map<number, number>();
  const positions = new Map<string, { x: number; y: number }>();
  for (const item of items) {
    const x = columnOf(item.id);
    const y = rows.get(x) ?? 0;
    rows.set(x, y + 1);
    positions.set(item.id, { x: x * COLUMN_WIDTH, y: y * ROW_HEIGHT });
  }
  return positions;
}
