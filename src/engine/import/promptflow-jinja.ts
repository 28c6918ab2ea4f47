// Prompt flow's Jinja2 templates in our `{{name}}` template syntax: plain variables (with no-op filters)
// carry over; the chat-history loop Prompt flow's chat examples use becomes a model's history input;
// anything else Jinja can do (loops, conditionals, attribute access, filters) is reported, not guessed.

export type JinjaConversion =
  | {
      ok: true;
      /** The template in our syntax: `{{name}}` placeholders, Jinja comments and the history loop removed. */
      text: string;
      /** The variable the removed chat-history loop iterated over, when there was one. */
      historyVariable?: string;
    }
  | { ok: false; reason: string };

export interface JinjaOptions {
  /** Variables holding the chat history; a loop over one that only writes user/assistant turns is understood. */
  historyVariables?: ReadonlySet<string>;
}

type Token = { kind: 'text'; text: string } | { kind: 'expression' | 'statement'; body: string; trimBefore: boolean; trimAfter: boolean };

const TAG = /\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}|\{#[\s\S]*?#\}/g;
/** A plain variable, with only filters that change nothing for text: `{{ x | safe }}` is still just `x`. */
const VARIABLE = /^([A-Za-z_][A-Za-z0-9_]*)((?:\s*\|\s*(?:safe|string))*)$/;
const HISTORY_FIELD = /^([A-Za-z_][A-Za-z0-9_]*)\.(inputs|outputs)\.([A-Za-z_][A-Za-z0-9_]*)$/;
const FOR_LOOP = /^for\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\s+([A-Za-z_][A-Za-z0-9_]*)$/;
export const ROLE_LINE = /^[ \t]*#?[ \t]*(system|user|assistant|function|tool)[ \t]*:[ \t]*$/gim;

function tokenize(template: string): Token[] | string {
  const tokens: Token[] = [];
  let last = 0;
  for (const match of template.matchAll(TAG)) {
    tokens.push({ kind: 'text', text: template.slice(last, match.index) });
    last = match.index + match[0].length;
    const raw = match[1] ?? match[2];
    if (raw === undefined) continue; // a {# comment #}
    tokens.push({
      kind: match[1] !== undefined ? 'expression' : 'statement',
      body: raw.replace(/^[-+]/, '').replace(/[-+]$/, '').trim(),
      trimBefore: raw.startsWith('-'),
      trimAfter: raw.endsWith('-'),
    });
  }
  const rest = template.slice(last);
  if (/\{\{|\{%|\{#/.test(rest)) return 'a Jinja tag ({{, {% or {#) is never closed';
  tokens.push({ kind: 'text', text: rest });
  return tokens;
}

export function convertJinja(template: string, options: JinjaOptions = {}): JinjaConversion {
  const tokens = tokenize(template);
  if (typeof tokens === 'string') return { ok: false, reason: tokens };
  let historyVariable: string | undefined;
  const out: string[] = [];
  let trimNextText = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'text') {
      out.push(trimNextText ? token.text.trimStart() : token.text);
      trimNextText = false;
      continue;
    }
    if (token.trimBefore && out.length > 0) out[out.length - 1] = out[out.length - 1]!.trimEnd();
    if (token.kind === 'expression') {
      const variable = VARIABLE.exec(token.body);
      if (!variable) return { ok: false, reason: `the Jinja expression {{ ${token.body} }} (only plain variables carry over)` };
      out.push(`{{${variable[1]}}}`);
      trimNextText = token.trimAfter;
      continue;
    }
    const loop = FOR_LOOP.exec(token.body);
    const end = loop && options.historyVariables?.has(loop[2]!) ? historyLoopEnd(tokens, i, loop[1]!) : undefined;
    if (!loop || end === undefined) {
      const keyword = token.body.split(/\s+/)[0] ?? token.body;
      return { ok: false, reason: `the Jinja statement {% ${keyword} %} (loops and conditionals have no counterpart in a template)` };
    }
    historyVariable = loop[2];
    i = end;
    // Prompt flow renders with trim_blocks: the newline after {% endfor %} is not part of the text.
    const next = tokens[i + 1];
    if (next?.kind === 'text') next.text = next.text.replace(/^\r?\n/, '');
  }
  return { ok: true, text: out.join(''), ...(historyVariable ? { historyVariable } : {}) };
}

/**
 * The index of the `{% endfor %}` closing a loop that only writes chat turns (role lines and
 * `{{ item.inputs.x }}` / `{{ item.outputs.y }}`), or undefined when the loop does anything else.
 */
function historyLoopEnd(tokens: readonly Token[], start: number, item: string): number | undefined {
  const roles = new Set<string>();
  for (let i = start + 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind !== 'text') {
      if (token.kind === 'statement') return token.body === 'endfor' && roles.has('user') && roles.has('assistant') ? i : undefined;
      const field = HISTORY_FIELD.exec(token.body);
      if (!field || field[1] !== item) return undefined;
      continue;
    }
    const withoutRoles = token.text.replace(ROLE_LINE, (_line: string, role: string) => {
      roles.add(role.toLowerCase());
      return '';
    });
    if (withoutRoles.trim() !== '') return undefined;
  }
  return undefined;
}

export interface ChatBlock {
  role: 'system' | 'user' | 'assistant' | 'function' | 'tool';
  text: string;
}

/** A rendered chat template's role blocks; `leading` is any text before the first role line. */
export function splitChatRoles(text: string): { leading: string; blocks: ChatBlock[] } {
  const blocks: ChatBlock[] = [];
  const markers = [...text.matchAll(ROLE_LINE)];
  const leading = text.slice(0, markers[0]?.index ?? text.length).trim();
  markers.forEach((marker, index) => {
    const start = marker.index + marker[0].length;
    const end = markers[index + 1]?.index ?? text.length;
    blocks.push({ role: marker[1]!.toLowerCase() as ChatBlock['role'], text: text.slice(start, end).trim() });
  });
  return { leading, blocks };
}
