// The zod schema of a `*.flow.json` file, version 1. Objects are loose so unknown fields survive a save.
import * as z from 'zod';

export const FLOW_FORMAT_VERSION = 1;

const idSchema = z.string().min(1, 'must not be empty');

export const positionSchema = z.looseObject({
  x: z.number(),
  y: z.number(),
});

/** Per-node execution settings; all optional, the run options supply defaults. */
export const nodeRunSettingsSchema = z.looseObject({
  timeoutMs: z.number().int().positive().optional().describe('Fail the node if it runs longer than this'),
  retries: z.number().int().min(0).max(10).optional().describe('Extra attempts after a failure'),
  retryDelayMs: z.number().int().min(0).optional().describe('Wait between attempts'),
  cache: z.boolean().optional().describe('Reuse the output of an earlier run with the same params and inputs'),
});

export const flowNodeSchema = z.looseObject({
  id: idSchema.describe('Unique within the flow; edges refer to it'),
  type: z.string().min(1, 'must name a component type').describe('Component id, such as text.template'),
  label: z.string().optional(),
  position: positionSchema,
  params: z.record(z.string(), z.unknown()).optional().describe('Component parameter values (never secrets)'),
  run: nodeRunSettingsSchema.optional(),
});

export const flowEdgeSchema = z.looseObject({
  id: idSchema,
  source: idSchema.describe('Source node id'),
  sourceHandle: z.string().min(1).describe('Output port name on the source node'),
  target: idSchema.describe('Target node id'),
  targetHandle: z.string().min(1).describe('Input port name on the target node'),
});

export const flowNoteSchema = z.looseObject({
  id: idSchema,
  position: positionSchema,
  text: z.string(),
});

export const flowGroupSchema = z.looseObject({
  id: idSchema,
  label: z.string().optional(),
  nodes: z.array(z.string()).optional(),
});

export const viewportSchema = z.looseObject({
  x: z.number(),
  y: z.number(),
  zoom: z.number(),
});

/** An icon a caller may show for the flow (MCP's Icon: an https or data: URI). */
export const flowIconSchema = z.looseObject({
  src: z.string().min(1).describe('https: or data: URI of the image'),
  mimeType: z.string().optional(),
  sizes: z.array(z.string()).optional().describe('Sizes such as "48x48", or "any" for SVG'),
  theme: z.enum(['light', 'dark']).optional().describe('The background the icon is drawn for'),
});

/** Hints for callers about what running the flow as a tool does; derived from the nodes when absent. */
export const flowToolAnnotationsSchema = z.looseObject({
  readOnlyHint: z.boolean().optional().describe('Nothing outside the run changes'),
  destructiveHint: z.boolean().optional().describe('It may delete or overwrite something'),
  idempotentHint: z.boolean().optional().describe('Running it twice with the same inputs does nothing more'),
  openWorldHint: z.boolean().optional().describe('It reaches the network (models, HTTP, MCP servers)'),
});

/** How `mcp serve` offers the flow: as a tool (the default), a prompt or a resource. */
export const flowMcpSchema = z.looseObject({
  kind: z
    .enum(['tool', 'prompt', 'resource'])
    .describe('tool: inputs are arguments; prompt: outputs are messages; resource: outputs are contents'),
  title: z.string().min(1).optional().describe('Name shown to people; the flow name otherwise'),
  icons: z.array(flowIconSchema).optional(),
  uriTemplate: z
    .string()
    .min(1)
    .optional()
    .describe('Resources: the URI, with {input} placeholders naming the flow inputs for a resource template'),
  mimeType: z.string().min(1).optional().describe('Resources: the MIME type of a text output'),
  annotations: flowToolAnnotationsSchema.optional().describe('Tools: overrides the hints derived from the nodes'),
});

export const flowSchema = z.looseObject({
  version: z.literal(FLOW_FORMAT_VERSION),
  name: z.string().min(1, 'must not be empty').describe('The flow name; also its MCP tool name'),
  description: z.string().optional().describe('Shown to assistants as the tool description'),
  nodes: z.array(flowNodeSchema),
  edges: z.array(flowEdgeSchema),
  notes: z.array(flowNoteSchema).optional(),
  groups: z.array(flowGroupSchema).optional(),
  viewport: viewportSchema.optional(),
  mcp: flowMcpSchema.optional().describe('How mcp serve offers the flow: tool (default), prompt or resource'),
});

export type Flow = z.infer<typeof flowSchema>;
export type FlowNode = z.infer<typeof flowNodeSchema>;
export type FlowEdge = z.infer<typeof flowEdgeSchema>;
export type FlowMcp = z.infer<typeof flowMcpSchema>;
export type FlowToolAnnotations = z.infer<typeof flowToolAnnotationsSchema>;
export type NodeRunSettings = z.infer<typeof nodeRunSettingsSchema>;
