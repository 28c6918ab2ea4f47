// A server may refuse a call until the person has done something on a web page (signed in to a third
// party, approved a payment): it answers with error -32042, URL elicitation required, listing the
// pages. Each page goes to the person as a URL-mode elicitation would (same https-only check, same
// HumanInput); once every page is accepted the call is made once more, and only once.
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import type { McpCallOptions } from './access';
import { urlProblem } from './server-requests';

/** The error's data as the server sends it; a server is not trusted to keep it small or well formed. */
const requiredPages = z.object({
  elicitations: z
    .array(
      z.object({
        mode: z.literal('url'),
        message: z.string().max(2000),
        url: z.string().max(4096),
        elicitationId: z.string().min(1).max(200),
      }),
    )
    .min(1)
    .max(5),
});

type RequiredPage = z.infer<typeof requiredPages>['elicitations'][number];

/** Runs `call`; if the server first wants pages opened (-32042), offers them to the run's person and runs it again. */
export async function afterUrlElicitation<T>(server: string, options: McpCallOptions, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof McpError) || error.code !== ErrorCode.UrlElicitationRequired) throw error;
    const parsed = requiredPages.safeParse(error.data);
    if (!parsed.success)
      throw new Error(`MCP server '${server}' asked for pages to be opened first (error -32042), but its list of pages is malformed`);
    for (const page of parsed.data.elicitations) await offerPage(server, options, page);
    return call();
  }
}

async function offerPage(server: string, options: McpCallOptions, page: RequiredPage): Promise<void> {
  const asked = `MCP server '${server}' needs a page opened before this call (${page.message})`;
  const problem = urlProblem(page.url);
  if (problem) throw new Error(`${asked}, but ${problem}; nothing was opened`);
  const humanInput = options.responder?.humanInput;
  if (!humanInput) throw new Error(`${asked}: open ${page.url} yourself, then run again; nobody can be asked here`);
  const { nodeId, flowFile } = options.responder ?? {};
  const answer = await humanInput.ask(
    {
      mode: 'url',
      message: page.message,
      url: page.url,
      elicitationId: page.elicitationId,
      origin: { kind: 'mcp-server', server, ...(nodeId ? { nodeId } : {}), ...(flowFile ? { flowFile } : {}) },
    },
    options.signal ?? new AbortController().signal,
  );
  if (answer.action !== 'accept') throw new Error(`${asked}; the page was ${answer.action === 'decline' ? 'declined' : 'dismissed'}`);
}
