// Flags tool descriptions and schemas that try to steer the model instead of describing the tool:
// hidden characters, instructions aimed at the assistant, or requests for secrets and private files.
// A finding is a warning for the user to read, not proof of malice.
import type { McpToolInfo } from './access';

const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|[\u{E0000}-\u{E007F}]/u;

const SUSPICIOUS: { pattern: RegExp; reason: string }[] = [
  { pattern: /ignore (all |any )?(previous|prior|above|earlier) (instructions|prompts?|messages)/i, reason: 'tells the model to ignore its instructions' },
  { pattern: /<\s*(important|system|instructions?|secret)\s*>/i, reason: 'contains a hidden-instruction tag' },
  { pattern: /\b(do not|don't|never) (tell|inform|mention|show|reveal)( this)? (to )?the user\b/i, reason: 'asks the model to hide something from the user' },
  { pattern: /\b(before|instead of) (using|calling) (this|any other) tool\b.*\b(read|call|send)\b/i, reason: 'tries to chain other actions before the tool runs' },
  { pattern: /(~\/\.ssh|id_rsa|\.aws\/credentials|\.env\b|\.netrc|mcp\.json|\.cursor\/|\.vscode\/)/i, reason: 'mentions private files (keys, credentials or editor config)' },
  { pattern: /\b(api[ _-]?keys?|passwords?|secrets?|tokens?|credentials?)\b.*\b(send|pass|include|read|provide|append)\b|\b(send|pass|include|read|provide|append)\b.*\b(api[ _-]?keys?|passwords?|secrets?|credentials?)\b/i, reason: 'asks for secrets or credentials' },
  { pattern: /\b(you (must|should) (now )?(act|behave) as|you are now)\b/i, reason: 'tries to change the model’s role' },
];

export interface PoisoningFinding {
  tool: string;
  /** Where the text was found: description, or a schema path. */
  where: string;
  reason: string;
}

export function findToolPoisoning(tool: McpToolInfo): PoisoningFinding[] {
  const findings: PoisoningFinding[] = [];
  const texts: { where: string; text: string }[] = [];
  if (tool.description) texts.push({ where: 'description', text: tool.description });
  if (tool.title) texts.push({ where: 'title', text: tool.title });
  collectSchemaTexts(tool.inputSchema, 'inputSchema', texts);
  for (const { where, text } of texts) {
    if (INVISIBLE.test(text)) findings.push({ tool: tool.name, where, reason: 'contains invisible Unicode characters' });
    for (const { pattern, reason } of SUSPICIOUS) {
      if (pattern.test(text)) findings.push({ tool: tool.name, where, reason });
    }
  }
  return findings;
}

function collectSchemaTexts(schema: unknown, where: string, out: { where: string; text: string }[], depth = 0): void {
  if (depth > 8 || typeof schema !== 'object' || schema === null) return;
  for (const [key, value] of Object.entries(schema)) {
    if (typeof value === 'string' && (key === 'description' || key === 'title' || key === 'default')) out.push({ where: `${where}.${key}`, text: value });
    else if (key === 'properties' && typeof value === 'object' && value !== null) {
      for (const [name, child] of Object.entries(value)) {
        out.push({ where: `${where}.properties`, text: name });
        collectSchemaTexts(child, `${where}.properties.${name}`, out, depth + 1);
      }
    } else if (typeof value === 'object') collectSchemaTexts(value, `${where}.${key}`, out, depth + 1);
  }
}
