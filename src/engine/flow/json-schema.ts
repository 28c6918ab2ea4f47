// The JSON Schema of flow files, generated from the zod schemas, shipped as schemas/flow.schema.json
// for `contributes.jsonValidation`: the plain JSON editor then validates and completes *.flow.json,
// including each core component's params.
import * as z from 'zod';
import type { Component } from '../components/define-component';
import { flowSchema } from './schema';

export const FLOW_SCHEMA_ID = 'https://flowstudio.dev/schemas/flow.schema.json';

type JsonSchema = Record<string, unknown>;

export function buildFlowJsonSchema(components: readonly Component[]): JsonSchema {
  const schema = z.toJSONSchema(flowSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const nodeSchema = findNodeSchema(schema);
  const properties = nodeSchema.properties as Record<string, JsonSchema>;
  // Suggest the known component ids without rejecting others: unknown types are a diagnostic, not a schema error.
  properties.type = {
    ...properties.type,
    anyOf: [{ enum: components.map((c) => c.id) }, { type: 'string' }],
  };
  nodeSchema.allOf = components.map((component) => ({
    if: { properties: { type: { const: component.id } }, required: ['type'] },
    then: {
      properties: {
        params: {
          ...paramsJsonSchema(component),
          $schema: undefined,
          description: `${component.title}: ${component.description}`,
        },
      },
    },
  }));
  return JSON.parse(JSON.stringify({ ...schema, $id: FLOW_SCHEMA_ID, title: 'FlowStudio flow file' })) as JsonSchema;
}

/** A component's params as JSON Schema (as the caller writes them: defaults optional); throws where JSON Schema cannot say it. */
export function paramsJsonSchema(component: Component): JsonSchema {
  return z.toJSONSchema(component.paramsSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

function findNodeSchema(schema: JsonSchema): JsonSchema {
  const nodes = (schema.properties as Record<string, JsonSchema>).nodes;
  const items = nodes?.items as JsonSchema | undefined;
  if (!items?.properties) throw new Error('flow JSON Schema: nodes.items has no properties');
  return items;
}
