// Mappers for Langflow's input/output, prompt, parser, routing and HTTP components.
import type { PortType } from '../ports/port-types';
import { convertPromptTemplate } from './langflow-template';
import {
  booleanField,
  flowNode,
  ioNameFrom,
  numberField,
  port,
  stringField,
  type InputTarget,
  type MapContext,
  type Mapper,
  type Mapping,
} from './langflow-mapping';
import type { LangflowNode } from './langflow-source';

export const chatInputMapper: Mapper = (node, context) => {
  const created = flowNode(node, '', 'input.chat', { name: context.uniqueInputName('message') });
  const message = port(created, 'message', 'message');
  return { component: 'input.chat', nodes: [created], inputs: {}, outputs: { message }, defaultOutput: message };
};

export const textInputMapper: Mapper = (node, context) => {
  const params: Record<string, unknown> = { name: context.uniqueInputName(ioNameFrom(node.displayName, 'text')) };
  const value = stringField(node, 'input_value');
  if (value !== undefined) params.default = context.secrets.scrub(value);
  const created = flowNode(node, '', 'input.text', params);
  const text = port(created, 'text', 'text');
  return { component: 'input.text', nodes: [created], inputs: {}, outputs: { text }, defaultOutput: text };
};

/** Chat and text outputs: what arrives decides the component, since JSON cannot pose as a chat message. */
function outputMapper(kind: 'chat' | 'text'): Mapper {
  return (node, context) => {
    const created = flowNode(node, '', `output.${kind}`, {
      name: context.uniqueOutputName(kind === 'chat' ? 'reply' : ioNameFrom(node.displayName, 'text')),
    });
    const receive = (arriving: PortType) => {
      if (arriving === 'json' || arriving === 'documents' || arriving === 'embedding' || arriving === 'number' || arriving === 'boolean') {
        created.type = 'output.json';
        return port(created, 'value', 'json');
      }
      return kind === 'chat' ? port(created, 'message', 'message') : port(created, 'text', 'text');
    };
    return { component: `output.${kind}`, nodes: [created], inputs: { input_value: receive }, outputs: {} };
  };
}
export const chatOutputMapper = outputMapper('chat');
export const textOutputMapper = outputMapper('text');

export const promptMapper: Mapper = (node, context) => {
  const source = stringField(node, 'template') ?? '';
  const converted = convertPromptTemplate(context.secrets.scrub(source));
  let template = converted.template;
  const inputs: Record<string, InputTarget> = {};
  const created = flowNode(node, '', 'text.template', {});
  for (const [variable, portName] of converted.variables) {
    if (context.incoming(variable).length > 0) {
      inputs[variable] = port(created, portName, 'text');
      continue;
    }
    // An unconnected variable renders the value typed into its field in Langflow.
    const value = stringField(node, variable) ?? '';
    if (value === '') context.warn(`{${variable}} has no connection and no value; it is left empty`);
    template = template.split(`{{${portName}}}`).join(context.secrets.scrub(value));
  }
  created.params = { template };
  const text = port(created, 'text', 'text');
  return { component: 'text.template', nodes: [created], inputs, outputs: { prompt: text }, defaultOutput: text };
};

/**
 * Langflow's Parser (ParseData before 1.3) fills `{field}` from each row of its data and joins the rows.
 * FlowStudio has no such component, so it becomes a few lines of sandboxed JavaScript doing the same.
 */
export const parserMapper: Mapper = (node) => {
  const mode = stringField(node, 'mode') ?? 'Parser';
  const pattern = stringField(node, 'pattern', 'template') ?? '{text}';
  const separator = stringField(node, 'sep') ?? '\n';
  const code =
    mode.toLowerCase() === 'stringify'
      ? 'const data = input[0];\nreturn typeof data === "string" ? data : JSON.stringify(data, null, 2);'
      : [
          `const pattern = ${JSON.stringify(pattern)};`,
          'const data = input[0];',
          'const rows = Array.isArray(data) ? data : [data];',
          'const fill = (row) => pattern.replace(/\\{([^{}]+)\\}/g, (whole, key) => {',
          '  if (row !== null && typeof row === "object" && key in row) return String(row[key]);',
          '  return typeof row === "string" && key === "text" ? row : whole;',
          '});',
          `return rows.map(fill).join(${JSON.stringify(separator)});`,
        ].join('\n');
  const created = flowNode(node, '', 'code.js', { code });
  const value = port(created, 'value', 'json');
  const input = port(created, 'input', 'any');
  return { component: 'code.js (parser)', nodes: [created], inputs: { input_data: input, data: input }, outputs: {}, defaultOutput: value };
};

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** If-Else (ConditionalRouter): logic.if, with the outputs swapped for "not equals". */
export const conditionalRouterMapper: Mapper = (node, context) => {
  const operator = (stringField(node, 'operator') ?? 'equals').toLowerCase();
  const match = stringField(node, 'match_text') ?? '';
  const isCaseSensitive = booleanField(node, 'case_sensitive') ?? true;
  const flag = isCaseSensitive ? '' : '(?i)';
  let params: Record<string, unknown>;
  let isNegated = false;
  switch (operator) {
    case 'equals':
    case 'not equals':
      isNegated = operator === 'not equals';
      params = isCaseSensitive ? { operator: 'equals', value: match } : { operator: 'matches', value: `${flag}^${escapeRegex(match)}$` };
      break;
    case 'contains':
      params = isCaseSensitive ? { operator: 'contains', value: match } : { operator: 'matches', value: `${flag}${escapeRegex(match)}` };
      break;
    case 'starts with':
      params = { operator: 'matches', value: `${flag}^${escapeRegex(match)}` };
      break;
    case 'ends with':
      params = { operator: 'matches', value: `${flag}${escapeRegex(match)}$` };
      break;
    case 'regex':
      params = { operator: 'matches', value: `${flag}${match}` };
      break;
    case 'less than':
    case 'greater than':
      params = { operator: operator === 'less than' ? 'lt' : 'gt', value: Number(match) };
      break;
    default:
      return { reason: `its operator '${operator}' has no equivalent in logic.if` };
  }
  if (context.incoming('match_text').length > 0)
    context.warn('the text to match comes from a connection; logic.if compares with a fixed value');
  if (context.incoming('message').length > 0)
    context.warn('it routes a separate message; logic.if routes the compared text itself, so the message connection was left out');
  const created = flowNode(node, '', 'logic.if', params);
  const yes = port(created, isNegated ? 'false' : 'true', 'any');
  const no = port(created, isNegated ? 'true' : 'false', 'any');
  return {
    component: 'logic.if',
    nodes: [created],
    inputs: { input_text: port(created, 'value', 'any'), message: 'consumed', match_text: 'consumed' },
    outputs: { true_result: yes, false_result: no },
    defaultOutput: yes,
  };
};

const SECRET_HEADER = /authorization|api[-_]?key|token|secret|cookie/i;

function tableRows(node: LangflowNode, name: string): { key: string; value: string }[] {
  const value = node.fields.get(name)?.value;
  if (Array.isArray(value))
    return value.flatMap((row: unknown) => {
      if (typeof row !== 'object' || row === null) return [];
      const { key, value: v } = row as { key?: unknown; value?: unknown };
      return typeof key === 'string' && key !== '' ? [{ key, value: typeof v === 'string' ? v : JSON.stringify(v ?? '') }] : [];
    });
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).map(([key, v]) => ({ key, value: typeof v === 'string' ? v : JSON.stringify(v) }));
  return [];
}

/** Headers with their secrets turned into references named after the header. */
function importedHeaders(node: LangflowNode, context: MapContext): Record<string, string> | undefined {
  const headers: Record<string, string> = {};
  for (const { key, value } of tableRows(node, 'headers')) {
    if (SECRET_HEADER.test(key) && value !== '' && !/\{\{\s*(secret|env):/.test(value)) {
      const name = `${ioNameFrom(node.displayName, 'api').toUpperCase()}_${key.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
      headers[key] = `{{secret:${name}}}`;
      context.warn(`header '${key}' now refers to the secret ${name}; its value was left out`);
    } else headers[key] = context.secrets.scrub(value);
  }
  return Object.keys(headers).length > 0 ? headers : undefined;
}

export const apiRequestMapper: Mapper = (node, context) => {
  const urls = node.fields.get('url_input')?.value ?? node.fields.get('urls')?.value;
  const url =
    typeof urls === 'string' ? urls : Array.isArray(urls) ? urls.find((u): u is string => typeof u === 'string' && u !== '') : undefined;
  if (!url) return { reason: 'it has no URL (a cURL command or a connected URL is not imported)' };
  const method = (stringField(node, 'method') ?? 'GET').toUpperCase();
  const params: Record<string, unknown> = { method, url: context.secrets.scrub(withScheme(url)) };
  const headers = importedHeaders(node, context);
  if (headers) params.headers = headers;
  const body = tableRows(node, 'body');
  if (body.length > 0 && method !== 'GET')
    params.body = context.secrets.scrub(JSON.stringify(Object.fromEntries(body.map((r) => [r.key, r.value]))));
  const timeout = numberField(node, 'timeout');
  if (timeout !== undefined && timeout > 0) params.timeoutMs = Math.min(Math.round(timeout * 1000), 300_000);
  const created = flowNode(node, '', 'http.request', params);
  const json = port(created, 'json', 'json');
  return {
    component: 'http.request',
    nodes: [created],
    inputs: { body: port(created, 'body', 'any') },
    outputs: { data: json },
    defaultOutput: json,
  };
};

/** Langflow's URL component fetches one or more pages; each becomes an http.request, joined when there are several. */
export const urlMapper: Mapper = (node, context) => {
  const raw = node.fields.get('urls')?.value ?? node.fields.get('url')?.value;
  const urls = (Array.isArray(raw) ? raw : [raw]).filter((u): u is string => typeof u === 'string' && u.trim() !== '');
  if (urls.length === 0) return { reason: 'it has no URL to fetch' };
  context.warn('pages arrive as fetched (HTML is not converted to text)');
  const requests = urls.map((url, i) =>
    flowNode(
      node,
      urls.length === 1 ? '' : `get-${i + 1}`,
      'http.request',
      { method: 'GET', url: context.secrets.scrub(withScheme(url)) },
      i * 140,
    ),
  );
  if (requests.length === 1) {
    const text = port(requests[0]!, 'text', 'text');
    return { component: 'http.request', nodes: requests, inputs: {}, outputs: {}, defaultOutput: text };
  }
  const join = flowNode(node, 'join', 'text.join', { separator: '\n\n' });
  join.position.x += 260;
  const mapping: Mapping = {
    component: `${requests.length} × http.request + text.join`,
    nodes: [...requests, join],
    edges: requests.map((r) => ({ source: port(r, 'text', 'text'), target: port(join, 'items', 'text') })),
    inputs: {},
    outputs: {},
    defaultOutput: port(join, 'text', 'text'),
  };
  return mapping;
};

/** Langflow's URL component accepts 'langflow.org/'; http.request needs the scheme. */
function withScheme(url: string): string {
  const trimmed = url.trim();
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
}

export const fileMapper: Mapper = (node, context) => {
  const name = context.uniqueInputName('file');
  context.warn(`the file is now the flow input '${name}': pass its path when running the flow`);
  const created = flowNode(node, '', 'input.file', { name });
  const text = port(created, 'text', 'text');
  return { component: 'input.file', nodes: [created], inputs: {}, outputs: {}, defaultOutput: text };
};

/** Message History: FlowStudio's chat input carries the session's earlier turns on its `history` port. */
export const memoryMapper: Mapper = (node, context) => {
  const chat = context.graph.nodes.find((n) => n.type === 'ChatInput');
  if (!chat) return { reason: 'message history needs a Chat Input in the flow, whose history port replaces it' };
  const history = { node: chat.id, port: 'history', type: 'messages' as const };
  return { component: `input.chat history (${chat.id})`, nodes: [], inputs: {}, outputs: {}, defaultOutput: history };
};
