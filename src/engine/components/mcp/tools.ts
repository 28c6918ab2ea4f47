// `mcp.tools`: hands a set of a server's tools to an agent.
import * as z from 'zod';
import type { McpToolInfo } from '../../mcp/access';
import { findToolPoisoning } from '../../mcp/tool-poisoning';
import { makeMcpToolSet } from '../../llm/tool-sets';
import { defineComponent, type ComponentProblem } from '../define-component';
import { findTools } from './lookup';

export type { McpToolSet } from '../../llm/tool-sets';

export const mcpTools = defineComponent({
  id: 'mcp.tools',
  category: 'mcp',
  title: 'MCP Tools',
  description: 'Offers the tools of an MCP server (all, or the ones listed) to an agent.',
  icon: 'tools',
  params: z.object({
    server: z.string().min(1),
    include: z.array(z.string()).optional().describe('Tool names to offer; all when absent'),
  }),
  inputs: [],
  outputs: [{ name: 'tools', type: 'tools' }],
  cacheable: false,
  check: (p, context) => {
    let tools: readonly McpToolInfo[];
    try {
      tools = findTools(context, p.server);
    } catch (error) {
      // A server not configured, not started or unreachable is the node's problem, not the whole check's.
      return [{ severity: 'error', code: 'mcp-unavailable', message: (error as Error).message, path: ['server'] }];
    }
    const problems: ComponentProblem[] = [];
    for (const name of p.include ?? []) {
      if (!tools.some((t) => t.name === name))
        problems.push({
          severity: 'error',
          code: 'invalid-arguments',
          message: `MCP server '${p.server}' has no tool '${name}'`,
          path: ['include'],
        });
    }
    for (const tool of tools.filter((t) => !p.include || p.include.includes(t.name))) {
      for (const finding of findToolPoisoning(tool)) {
        problems.push({
          severity: 'warning',
          code: 'suspicious-tool',
          message: `tool '${finding.tool}' ${finding.reason} (in its ${finding.where}); read it before trusting this server`,
        });
      }
    }
    return problems;
  },
  run: async ({ params, mcp, signal }) => {
    if (!mcp) throw new Error('this run has no MCP servers; run it from the editor or pass --mcp-config');
    await mcp.prepare([params.server], signal);
    const all = mcp.toolsOf(params.server);
    if (!all) throw new Error(mcp.errorOf(params.server) ?? `MCP server '${params.server}' could not be reached`);
    return {
      tools: makeMcpToolSet(
        params.server,
        all.filter((t) => !params.include || params.include.includes(t.name)),
      ),
    };
  },
});
