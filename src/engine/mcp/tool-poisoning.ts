// Flags tools whose names, titles, descriptions, schemas or annotations try to steer the model or
// deceive the person reading them: hidden text (escape sequences, bidirectional overrides, zero-width
// characters), instructions aimed at the assistant, or requests for secrets and private files.
// A finding is a warning for the user to read, not proof of malice.
import type { McpToolInfo } from './access';
import { hiddenTextIn } from './hidden-text';

/** What MCP clients accept as a tool name; anything else can pose as another tool or hide text. */
const PLAIN_TOOL_NAME = /^[A-Za-z0-9_.\-/]{1,128}$/;
/** Strings looked at per tool, so a huge schema cannot make the scan slow. */
const MAX_TEXTS = 2_000;

const SUSPICIOUS: { pattern: RegExp; reason: string }[] = [
  {
    pattern: /ignore (all |any )?(previous|prior|above|earlier) (instructions|prompts?|messages)/i,
    reason: 'tells the model to ignore its instructions',
  },
  { pattern: /<\s*(important|system|instructions?|secret)\s*>/i, reason: 'contains a hidden-instruction tag' },
  {
    pattern: /\b(do not|don't|never) (tell|inform|mention|show|reveal)( this)? (to )?the user\b/i,
    reason: 'asks the model to hide something from the user',
  },
  {
    pattern: /\b(before|instead of) (using|calling) (this|any other) tool\b.*\b(read|call|send)\b/i,
    reason: 'tries to chain other actions before the tool runs',
  },
  {
    pattern: /(~\/\.ssh|id_rsa|\.aws\/credentials|\.env\b|\.netrc|mcp\.json|\.cursor\/|\.vscode\/)/i,
    reason: 'mentions private files (keys, credentials or editor config)',
  },
  {
    pattern: new RegExp(
      /\b(api[ _-]?keys?|passwords?|secrets?|tokens?|credentials?)\b.*\b(send|pass|include|read|provide|append)\b/.source +
        /|\b(send|pass|include|read|provide|append)\b.*\b(api[ _-]?keys?|passwords?|secrets?|credentials?)\b/.source,
      'i',
    ),
    reason: 'asks for secrets or credentials',
  },
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
  const texts: { where: string; text: string }[] = [{ where: 'name', text: tool.name }];
  if (!PLAIN_TOOL_NAME.test(tool.name))
    findings.push({ tool: tool.name, where: 'name', reason: 'the name has characters other than letters, digits and _ - . /' });
  if (tool.title) texts.push({ where: 'title', text: tool.title });
  if (tool.description) texts.push({ where: 'description', text: tool.description });
  collectTexts(tool.inputSchema, 'inputSchema', texts);
  collectTexts(tool.outputSchema, 'outputSchema', texts);
  collectTexts(tool.annotations, 'annotations', texts);
  for (const { where, text } of texts) {
    for (const kind of hiddenTextIn(text)) findings.push({ tool: tool.name, where, reason: `contains ${kind}` });
    for (const { pattern, reason } of SUSPICIOUS) {
      if (pattern.test(text)) findings.push({ tool: tool.name, where, reason });
    }
  }
  return findings;
}

/** Every string in a schema or annotations object, property names included, with where it sits. */
function collectTexts(value: unknown, where: string, out: { where: string; text: string }[], depth = 0): void {
  if (depth > 8 || typeof value !== 'object' || value === null || out.length >= MAX_TEXTS) return;
  for (const [key, child] of Object.entries(value)) {
    if (out.length >= MAX_TEXTS) return;
    const childWhere = Array.isArray(value) ? `${where}[${key}]` : `${where}.${key}`;
    if (key === 'properties' && typeof child === 'object' && child !== null && !Array.isArray(child)) {
      for (const [name, schema] of Object.entries(child)) {
        out.push({ where: `${where}.properties`, text: name });
        collectTexts(schema, `${where}.properties.${name}`, out, depth + 1);
      }
    } else if (typeof child === 'string') out.push({ where: childWhere, text: child });
    else collectTexts(child, childWhere, out, depth + 1);
  }
}
