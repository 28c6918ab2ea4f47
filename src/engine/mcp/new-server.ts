// The MCP server a person adds to a workspace's .vscode/mcp.json (a command or a URL), as a command
// argument from a script or a test must give it. Here rather than in the extension, whose own code
// reaches zod only through the engine, so zod loads with the engine when first needed.
import * as z from 'zod';

export const newServerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stdio'), command: z.string().min(1), args: z.array(z.string()) }),
  z.object({ type: z.literal('http'), url: z.string().refine((u) => URL.canParse(u), 'not a URL') }),
]);

export type NewServer = z.infer<typeof newServerSchema>;
