// Palette search: entries matching every word of the query (in name, title, description or
// category), grouped by category in a fixed order (built-in components first, then one category per
// MCP server), best matches first. A server's notice (connecting, failed) stays visible while
// searching: it explains entries that are missing.
import type { PaletteEntry, PaletteNotice } from './palette-entries';

const categoryOrder = ['inputs', 'outputs', 'text', 'data', 'logic', 'models', 'agents', 'mcp', 'rag', 'flow'];

function score(entry: PaletteEntry, words: readonly string[]): number {
  const name = entry.name.toLowerCase();
  const title = entry.title.toLowerCase();
  const rest = `${entry.description} ${entry.category}`.toLowerCase();
  let total = 0;
  for (const word of words) {
    if (name.startsWith(word) || title.startsWith(word)) total += 3;
    else if (name.includes(word) || title.includes(word)) total += 2;
    else if (rest.includes(word)) total += 1;
    else return 0;
  }
  return total;
}

export interface PaletteGroup {
  category: string;
  entries: PaletteEntry[];
  notice?: PaletteNotice;
}

/** Built-in categories in their fixed order, then others by name, then the MCP servers' categories by name. */
function rank(category: string): number {
  const known = categoryOrder.indexOf(category);
  if (known !== -1) return known;
  return category.startsWith('MCP') ? categoryOrder.length + 1 : categoryOrder.length;
}

// Not localeCompare: its first call builds an ICU collator, ~50 ms of the canvas's first paint, and
// ids and server names sort well enough by code point.
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function searchPalette(entries: readonly PaletteEntry[], query: string, notices: readonly PaletteNotice[] = []): PaletteGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const groups = new Map<string, { matches: { entry: PaletteEntry; score: number }[]; notice?: PaletteNotice }>();
  const groupOf = (category: string) => {
    let group = groups.get(category);
    if (!group) groups.set(category, (group = { matches: [] }));
    return group;
  };
  for (const entry of entries) {
    const s = words.length ? score(entry, words) : 1;
    if (s > 0) groupOf(entry.category).matches.push({ entry, score: s });
  }
  for (const notice of notices) groupOf(notice.category).notice = notice;
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || compareText(a, b))
    .map(([category, { matches, notice }]) => ({
      category,
      entries: matches
        .sort((a, b) => b.score - a.score || (a.entry.kindRank ?? 0) - (b.entry.kindRank ?? 0) || compareText(a.entry.name, b.entry.name))
        .map((m) => m.entry),
      ...(notice ? { notice } : {}),
    }));
}

/** The entries in the order the palette lists them, for arrow-key navigation. */
export function flattenGroups(groups: readonly PaletteGroup[]): PaletteEntry[] {
  return groups.flatMap((g) => g.entries);
}
