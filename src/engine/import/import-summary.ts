// The lines `flowstudio import` prints and the editor's "Import Flow…" shows: one per source node, then a summary.
import { terminalSafe } from '../mcp/hidden-text';
import type { ImportedNode, ImportResult } from './import-result';

/** "ChatInput-x (ChatInput) -> input.chat", or "... -> note 'id': reason" for a node kept as a sticky note. */
export function describeImportedNode(node: ImportedNode): string {
  const source = `${node.sourceId} (${node.sourceType})`;
  const line =
    node.outcome === 'mapped'
      ? `${source} -> ${node.component === 'note' ? 'sticky note' : node.component}`
      : `${source} -> note '${node.noteId}': ${node.reason}`;
  // Ids and types come from the file being imported: nothing in them may steer the terminal.
  return terminalSafe(line);
}

export function importCounts(result: ImportResult): { mapped: number; notes: number; total: number } {
  const notes = result.nodes.filter((n) => n.outcome === 'note').length;
  return { mapped: result.nodes.length - notes, notes, total: result.nodes.length };
}

/** "17 nodes: 15 mapped, 2 kept as notes; secrets to set: OPENAI_API_KEY". */
export function importSummary(result: ImportResult): string {
  const { mapped, notes, total } = importCounts(result);
  const parts = [`${total} node${total === 1 ? '' : 's'}: ${mapped} mapped, ${notes} kept as note${notes === 1 ? '' : 's'}`];
  if (result.secrets.length > 0) parts.push(`secrets to set: ${result.secrets.join(', ')}`);
  return terminalSafe(parts.join('; '));
}
