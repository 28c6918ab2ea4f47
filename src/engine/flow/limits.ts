// Limits on what a flow file may be, so that a hostile or broken file ends in a clear error in bounded
// time and memory instead of exhausting the stack, the heap or the user's patience.

/**
 * Characters of flow text parseFlow accepts (10 MiB): real flows are kilobytes, 10,000 nodes with 50,000
 * edges fit in ~8 MB, and placing a problem in 10 MB of text takes seconds, not minutes.
 */
export const MAX_FLOW_TEXT_LENGTH = 10 * 1024 * 1024;

/**
 * Nesting of objects and arrays. A flow needs 4 levels for itself (flow, nodes, node, params); the rest is
 * room for JSON values inside params. Deeper text is refused before any recursive walk sees it.
 */
export const MAX_NESTING_DEPTH = 64;

/** Nodes in one flow: ten times the largest flow we have seen edited on a canvas. */
export const MAX_FLOW_NODES = 10_000;

/** Edges in one flow. */
export const MAX_FLOW_EDGES = 50_000;

/** Problems of one kind listed in full; the rest are summed up in one "…and N more" line. */
export const MAX_PROBLEMS_PER_KIND = 100;

/**
 * Finds the first `{` or `[` outside a string that opens a level deeper than `maxDepth`, in one pass that
 * needs no valid JSON (syntax errors are reported later, by the real parser, once depth is known safe).
 */
export function findExcessiveNesting(text: string, maxDepth = MAX_NESTING_DEPTH): number | undefined {
  let depth = 0;
  let isInString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isInString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) isInString = false;
    } else if (c === 0x22) {
      isInString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      if (depth > 0) depth--;
    }
  }
  return undefined;
}

/** Shortens a value quoted in a message, so a megabyte-long id cannot make a megabyte-long diagnostic. */
export function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Whether a value (a caller's input, say) nests objects and arrays more than `maxDepth` levels; iterative. */
export function nestsDeeperThan(value: unknown, maxDepth = MAX_NESTING_DEPTH): boolean {
  const pending: { item: unknown; depth: number }[] = [{ item: value, depth: 0 }];
  while (pending.length > 0) {
    const { item, depth } = pending.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) pending.push({ item: child, depth: depth + 1 });
  }
  return false;
}
