// What a run offers the servers it calls: a server may ask back while a call of the run is open
// (elicitation goes to the run's person, sampling to the run's model after approval). Carried on
// each call, not set on the pool, because one pool serves many runs at once.
import type { HumanInput } from '../ask/human-input';
import type { McpSampling } from '../ask/sampling';
import type { McpAccess, McpCallOptions } from './access';

export interface McpCallResponder {
  /** The node making the call, named to the person as the one the server asks through. */
  nodeId: string;
  flowFile?: string;
  humanInput?: HumanInput;
  sampling?: McpSampling;
}

/** The same servers, with every call carrying `responder` (unless the caller set its own). */
export function respondingTo(mcp: McpAccess, responder: McpCallResponder): McpAccess {
  const withResponder = (options?: McpCallOptions): McpCallOptions => ({ ...options, responder: options?.responder ?? responder });
  return {
    hasServer: (server) => mcp.hasServer(server),
    toolsOf: (server) => mcp.toolsOf(server),
    promptsOf: (server) => mcp.promptsOf(server),
    serverNames: () => mcp.serverNames(),
    errorOf: (server) => mcp.errorOf(server),
    prepare: (servers, signal) => mcp.prepare(servers, signal),
    callTool: (server, tool, args, options) => mcp.callTool(server, tool, args, withResponder(options)),
    readResource: (server, uri, options) => mcp.readResource(server, uri, withResponder(options)),
    getPrompt: (server, prompt, args, options) => mcp.getPrompt(server, prompt, args, withResponder(options)),
  };
}
