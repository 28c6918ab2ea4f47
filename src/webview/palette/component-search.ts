// Palette search: components matching every word of the query (in id, title, description or
// category), grouped by category in a fixed order, best matches first.
import type { ComponentView } from '../../protocol/messages';

const categoryOrder = ['inputs', 'outputs', 'text', 'data', 'logic', 'models', 'agents', 'mcp', 'rag', 'flow'];

function score(component: ComponentView, words: readonly string[]): number {
  const id = component.id.toLowerCase();
  const title = component.title.toLowerCase();
  const rest = `${component.description} ${component.category}`.toLowerCase();
  let total = 0;
  for (const word of words) {
    if (id.startsWith(word) || title.startsWith(word)) total += 3;
    else if (id.includes(word) || title.includes(word)) total += 2;
    else if (rest.includes(word)) total += 1;
    else return 0;
  }
  return total;
}

export interface PaletteGroup {
  category: string;
  components: ComponentView[];
}

export function searchComponents(components: readonly ComponentView[], query: string): PaletteGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = components
    .map((component) => ({ component, score: words.length ? score(component, words) : 1 }))
    .filter((m) => m.score > 0);
  const groups = new Map<string, { component: ComponentView; score: number }[]>();
  for (const m of matches) groups.set(m.component.category, [...(groups.get(m.component.category) ?? []), m]);
  const rank = (c: string) => (categoryOrder.indexOf(c) === -1 ? categoryOrder.length : categoryOrder.indexOf(c));
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([category, list]) => ({ category, components: list.sort((a, b) => b.score - a.score || a.component.id.localeCompare(b.component.id)).map((m) => m.component) }));
}

/** The components in the order the palette lists them, for arrow-key navigation. */
export function flattenGroups(groups: readonly PaletteGroup[]): ComponentView[] {
  return groups.flatMap((g) => g.components);
}
