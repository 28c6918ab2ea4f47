// The sticky note an unmapped Prompt flow node becomes: what it was, why it was not imported, its inputs
// and its source, with anything that looks like a credential blanked out first.
import { CREDENTIAL_INPUT } from './promptflow-llm';
import type { PromptflowNode } from './promptflow-yaml';

/** Characters of a node's source kept in its note; the file itself stays where it was. */
const MAX_NOTE_SOURCE = 20_000;

// A string literal given to a name ending in key/secret/password/token...; over-redacting a note is the safe mistake.
const ASSIGNED_SECRET = /(\b[\w-]*(?:key|secret|passw(?:or)?d|credential|token|bearer)s?["']?\s*[=:]\s*)(["'])([^"'\r\n]{6,})\2/gi;
const KEY_SHAPES = /\b(?:sk-[A-Za-z0-9_-]{16,}|xox[abpr]-[A-Za-z0-9-]{10,}|gh[pousr]_[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16})\b/g;

/** Source text with string literals assigned to key-like names, and well-known key shapes, replaced. */
export function redactCredentials(source: string): string {
  return source
    .replace(ASSIGNED_SECRET, (_whole, left: string, quote: string) => `${left}${quote}<redacted>${quote}`)
    .replace(KEY_SHAPES, '<redacted>');
}

function inputLine(name: string, value: unknown): string {
  if (CREDENTIAL_INPUT.test(name) && typeof value === 'string' && !value.trim().startsWith('${'))
    return `- ${name}: (a credential, not copied)`;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `- ${name}: ${redactCredentials(text ?? 'null')}`;
}

export interface NoteContent {
  node: PromptflowNode;
  reason: string;
  /** The node's source (a template or a `.py` tool), when it could be read. */
  source?: { path: string; text: string; language: string };
}

export function noteText({ node, reason, source }: NoteContent): string {
  const kind = node.source?.tool
    ? `${node.type ?? 'node'}: ${node.source.tool}`
    : `${node.type ?? 'node'}${source ? `: ${source.path}` : ''}`;
  const lines = [`Prompt flow node '${node.name}' (${kind}) was not imported: ${reason}.`];
  if (node.connection) lines.push(`Connection: ${node.connection}`);
  const inputs = Object.entries(node.inputs ?? {});
  if (inputs.length > 0) lines.push('Inputs:', ...inputs.map(([name, value]) => inputLine(name, value)));
  if (node.activate) lines.push(`Runs only when ${node.activate.when} is ${JSON.stringify(node.activate.is)}.`);
  if (source) {
    const text = source.text.length > MAX_NOTE_SOURCE ? `${source.text.slice(0, MAX_NOTE_SOURCE)}\n… (truncated)` : source.text;
    lines.push('', `\`\`\`${source.language}`, redactCredentials(text).replace(/```/g, '`\u200b``'), '```');
  }
  return lines.join('\n');
}
