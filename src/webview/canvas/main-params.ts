// Which params a node card lets the user edit in place (as Langflow does): the one or two that say
// what the node does — a template's text, a model, a prompt or instructions, a tool's arguments, an
// input's or output's name. The inspector keeps every param.
import type { ParamField } from '../inspector/param-fields';

/** In the order they show on the card; a component shows the first `limit` of these it has. */
const mainParamNames = ['template', 'prompt', 'model', 'instructions', 'system', 'arguments', 'code', 'url', 'name'];

export function mainParamFields(fields: readonly ParamField[], limit = 2): ParamField[] {
  const byName = new Map(fields.map((f) => [f.name, f]));
  return mainParamNames
    .flatMap((name) => {
      const field = byName.get(name);
      return field && field.kind !== 'boolean' && field.kind !== 'enum' ? [field] : [];
    })
    .slice(0, limit);
}
