// Langflow prompt templates use Python format syntax: `{name}` is a variable, `{{` and `}}` are literal
// braces. FlowStudio's text.template uses `{{name}}`, so each variable is rewritten and escapes undone.

export interface ConvertedTemplate {
  template: string;
  /** Langflow variable name -> the text.template port it became. */
  variables: Map<string, string>;
}

const PORT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function convertPromptTemplate(source: string): ConvertedTemplate {
  const variables = new Map<string, string>();
  let template = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    const next = source[i + 1];
    if ((c === '{' && next === '{') || (c === '}' && next === '}')) {
      template += c;
      i++;
      continue;
    }
    if (c === '{') {
      const end = source.indexOf('}', i + 1);
      const name = end > i ? source.slice(i + 1, end).trim() : '';
      if (name !== '' && !name.includes('{') && !name.includes('\n')) {
        const port = variables.get(name) ?? portNameFor(name, variables);
        variables.set(name, port);
        template += `{{${port}}}`;
        i = end;
        continue;
      }
    }
    template += c;
  }
  return { template, variables };
}

/** A port name for a Langflow variable (which may hold spaces or dots), unique among those taken. */
function portNameFor(name: string, taken: Map<string, string>): string {
  let base = PORT_NAME.test(name) ? name : name.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^([^A-Za-z_])/, '_$1');
  if (base === '' || base === '_') base = 'value';
  const used = new Set(taken.values());
  let port = base;
  for (let n = 2; used.has(port); n++) port = `${base}_${n}`;
  return port;
}

/** Langflow's Parser component: `{field}` placeholders filled from each row of its data. */
export function parserPlaceholders(source: string): string[] {
  return [...convertPromptTemplate(source).variables.keys()];
}
