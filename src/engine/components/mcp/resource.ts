// `mcp.resource`: reads one resource of an MCP server.
import * as z from 'zod';
import { defineComponent } from '../define-component';
import { catalogOf } from './lookup';
import { resultParts } from './result-parts';

export const mcpResource = defineComponent({
  id: 'mcp.resource',
  category: 'mcp',
  title: 'MCP Resource',
  description: 'Reads a resource of an MCP server by URI; JSON resources are parsed into `value`, a binary one (an image, say) is `media`.',
  icon: 'file-symlink-file',
  params: z.object({
    server: z.string().min(1),
    uri: z.string().min(1).describe('Resource URI, e.g. file:///notes.md'),
  }),
  inputs: [],
  outputs: [
    { name: 'text', type: 'text' },
    { name: 'value', type: 'json', description: 'Parsed JSON for application/json, otherwise the contents' },
    { name: 'media', type: 'media', description: 'The first binary content (bytes kept up to 5 MB); left out when there is none' },
  ],
  cacheable: false,
  check: (p, context) => {
    const catalog = catalogOf(context);
    return catalog.hasServer(p.server)
      ? []
      : [{ severity: 'error', code: 'mcp-unavailable', message: `MCP server '${p.server}' is not configured`, path: ['server'] }];
  },
  run: async ({ params, mcp, signal, emitProgress, emitMcpMessage }) => {
    if (!mcp) throw new Error('this run has no MCP servers; run it from the editor or pass --mcp-config');
    const read = await mcp.readResource(params.server, params.uri, { signal, onProgress: emitProgress, onMessage: emitMcpMessage });
    // Read as embedded resources are, so a blob is kept within the same limits as a tool's.
    const parts = resultParts(read.contents.map((resource) => ({ type: 'resource', resource })));
    const media = parts.resources.find((r) => r.file)?.file;
    let value: unknown = parts.content.map((block) => (block as { resource: unknown }).resource);
    if (read.mimeType?.includes('json')) {
      try {
        value = JSON.parse(read.text) as unknown;
      } catch {
        // leave the raw contents: a resource may be labelled JSON and still not parse
      }
    }
    return { text: read.text, value, ...(media ? { media } : {}) };
  },
});
