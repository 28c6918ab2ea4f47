// Turns the values on an agent's `tools` port (MCP tool sets, flows as tools) into AI SDK tools whose
// calls go through MCP or the executor, ask for approval when the server marks a tool destructive, and
// hand results back marked as untrusted data.
import type { ToolSet } from 'ai';
import { loadAiSdk } from './ai-sdk';
import type { McpAccess, McpMessage, McpToolInfo } from '../mcp/access';
import { withoutMediaBytes } from '../ports/media';
import type { ApprovalPrompt } from './run-services';
import { engineToolSet, type FlowToolSet } from './tool-sets';
import { markUntrusted } from './untrusted';

export type { FlowToolSet } from './tool-sets';

export interface AgentToolContext {
  nodeId: string;
  mcp: McpAccess | undefined;
  approval: ApprovalPrompt | undefined;
  /** Traces the MCP messages of the agent's tool calls as the agent node's own. */
  onMcpMessage?: (message: McpMessage) => void;
  runFlow(file: string, inputs: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export interface AgentTools {
  tools: ToolSet;
  /** 'mcp:SERVER' or 'flow:FILE' for each tool name, for run events. */
  sourceOf(toolName: string): string;
  /** For a call that needed approval: whether it was given. Undefined when none was needed. */
  approvalOf(toolCallId: string): boolean | undefined;
}

type AiSdk = Awaited<ReturnType<typeof loadAiSdk>>;

export async function buildAgentTools(values: readonly unknown[], ctx: AgentToolContext): Promise<AgentTools> {
  const sdk = await loadAiSdk();
  const tools: ToolSet = {};
  const sources = new Map<string, string>();
  const approvals = new Map<string, boolean>();
  const add = (wanted: string, source: string, make: (name: string) => ToolSet[string]) => {
    // Model APIs want [A-Za-z0-9_-]{1,64}; a clash between servers gets the source as prefix.
    let name = wanted.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
    if (name in tools) name = `${source.replace(/^\w+:/, '').replace(/[^A-Za-z0-9_-]/g, '_')}__${name}`.slice(0, 64);
    tools[name] = make(name);
    sources.set(name, source);
  };
  for (const value of values) {
    const set = engineToolSet(value);
    if (set?.kind === 'mcp.tools') {
      for (const info of set.tools) add(info.name, `mcp:${set.server}`, () => mcpTool(sdk, set.server, info, ctx, approvals));
    } else if (set?.kind === 'flow.tool') {
      add(set.name, `flow:${set.file}`, () => flowTool(sdk, set, ctx));
    } else {
      // A look-alike object (from a flow input or JSON) could pick the flow file that runs or mark a tool safe.
      throw new Error(
        `node '${ctx.nodeId}': a tools input received a value that no mcp.tools or flow.tool node made; ` +
          'tool sets cannot come from flow inputs or untyped ports; connect mcp.tools or flow.tool nodes to it',
      );
    }
  }
  return { tools, sourceOf: (name) => sources.get(name) ?? 'unknown', approvalOf: (id) => approvals.get(id) };
}

function mcpTool(
  { tool, jsonSchema }: AiSdk,
  server: string,
  info: McpToolInfo,
  ctx: AgentToolContext,
  approvals: Map<string, boolean>,
): ToolSet[string] {
  const source = `mcp:${server}`;
  return tool({
    description: info.description ?? info.title ?? info.name,
    inputSchema: jsonSchema<Record<string, unknown>>(info.inputSchema),
    execute: async (args, { abortSignal, toolCallId }) => {
      if (!ctx.mcp) throw new Error('this run has no MCP servers; run it from the editor or pass --mcp-config');
      // Annotations as the live server states them now, not as carried on the value the agent was handed.
      const live = ctx.mcp.toolsOf(server)?.find((t) => t.name === info.name);
      if (!live) throw new Error(`MCP server '${server}' no longer offers the tool '${info.name}'`);
      // MCP's destructiveHint is a claim by the server; we only ask more often because of it, never less.
      if (live.annotations?.destructiveHint === true) {
        const approved = ctx.approval
          ? await ctx.approval.approve({
              nodeId: ctx.nodeId,
              source: server,
              tool: info.name,
              args,
              reason: `MCP server '${server}' marks '${info.name}' as destructive`,
            })
          : false;
        approvals.set(toolCallId, approved);
        if (!approved) {
          const why = ctx.approval ? 'the user declined it' : 'nobody was there to approve it (the CLI needs --yes or a terminal)';
          return markUntrusted(
            info.name,
            source,
            `The call was not made: '${info.name}' is marked destructive and ${why}. Do not retry it; tell the user what you wanted to do instead.`,
            true,
          );
        }
      }
      const result = await ctx.mcp.callTool(server, info.name, args, { signal: abortSignal, onMessage: ctx.onMcpMessage });
      // An image-only result reaches the model as a description of the image, not as base64 text.
      const text = result.text !== '' ? result.text : JSON.stringify(withoutMediaBytes(result.value));
      return markUntrusted(info.name, source, text, result.isError);
    },
  });
}

function flowTool({ tool, jsonSchema }: AiSdk, set: FlowToolSet, ctx: AgentToolContext): ToolSet[string] {
  return tool({
    description: set.description,
    inputSchema: jsonSchema<Record<string, unknown>>(set.inputSchema),
    execute: async (args) => {
      const outputs = await ctx.runFlow(set.path, args);
      return markUntrusted(set.name, `flow:${set.file}`, JSON.stringify(withoutMediaBytes(outputs)), false);
    },
  });
}
