// `http.request`: calls an HTTP API. `{{secret:}}` references in the URL or headers are resolved by the
// executor and may only go to the origins the secret is bound to (the URL's origin is this node's
// destination); the exchange itself is bounded in time and size (bounded-fetch.ts).
import * as z from 'zod';
import { defineComponent, type ComponentProblem } from '../define-component';
import { hasReferences } from '../../secrets/references';
import { httpUrlOf, sendHttpRequest } from './bounded-fetch';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;
const MAX_HTTP_TIMEOUT_MS = 10 * 60_000;

/** Header names whose value is a credential: a literal one would be a secret stored in the flow file. */
const CREDENTIAL_HEADER = /authorization|api[-_]?key|token|secret|cookie|password/i;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const params = z
  .object({
    method: z.enum(HTTP_METHODS).default('GET'),
    url: z.string().min(1).describe('http(s) address; may hold {{env:NAME}} or {{secret:NAME}} references'),
    headers: z
      .record(z.string(), z.string())
      .optional()
      .describe('Request headers; put keys in as {{secret:NAME}}, which may only go to the origins the secret is bound to'),
    body: z.string().optional().describe('Request body; a connected body input replaces it'),
    timeoutMs: z
      .number()
      .int()
      .min(1)
      .max(MAX_HTTP_TIMEOUT_MS)
      .optional()
      .describe(`Most time for the whole exchange, in ms (default ${DEFAULT_HTTP_TIMEOUT_MS})`),
    redirects: z
      .enum(['same-origin', 'any-origin', 'none'])
      .default('same-origin')
      .describe('Which redirects to follow; headers are never sent on to another origin'),
    failOnErrorStatus: z.boolean().default(false).describe('Fail the node on a 4xx or 5xx answer instead of passing its status on'),
  })
  .superRefine((p, ctx) => {
    if (!hasReferences(p.url)) {
      try {
        httpUrlOf(p.url);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message, path: ['url'] });
      }
    }
    for (const name of Object.keys(p.headers ?? {})) {
      if (!HEADER_NAME.test(name)) ctx.addIssue({ code: 'custom', message: `'${name}' is not a header name`, path: ['headers', name] });
    }
  });
type RequestParams = z.output<typeof params>;

function checkRequest(p: RequestParams): ComponentProblem[] {
  const problems: ComponentProblem[] = [];
  for (const [name, value] of Object.entries(p.headers ?? {})) {
    if (CREDENTIAL_HEADER.test(name) && value !== '' && !hasReferences(value)) {
      problems.push({
        severity: 'error',
        code: 'invalid-params',
        message:
          `header '${name}' holds a literal credential; credentials must not be ` +
          `stored in flow files: use {{secret:NAME}} (or {{env:NAME}}) in its value`,
        path: ['headers', name],
      });
    }
  }
  if ((p.method === 'GET' || p.method === 'HEAD') && p.body !== undefined && p.body !== '') {
    problems.push({
      severity: 'warning',
      code: 'invalid-params',
      message: `a ${p.method} request sends no body; params.body is ignored`,
      path: ['body'],
    });
  }
  return problems;
}

/** The body to send and, for a value that is not text, the JSON content type it implies. */
function bodyOf(p: RequestParams, input: unknown): { body: string | undefined; contentType?: string } {
  if (p.method === 'GET' || p.method === 'HEAD') return { body: undefined };
  if (input === undefined) return { body: p.body };
  if (typeof input === 'string') return { body: input };
  return { body: JSON.stringify(input), contentType: 'application/json' };
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export const httpRequest = defineComponent({
  id: 'http.request',
  category: 'data',
  title: 'HTTP Request',
  description:
    'Calls an HTTP API and outputs the status, the body as text and, when it is JSON, ' +
    'parsed. Bounded in time and size; secrets in headers go only to their bound origins.',
  icon: 'globe',
  params,
  inputs: [{ name: 'body', type: 'any', description: 'Request body; text is sent as is, anything else as JSON' }],
  outputs: [
    { name: 'status', type: 'number' },
    { name: 'json', type: 'json', description: 'The body parsed; inactive when the body is not JSON' },
    { name: 'text', type: 'text' },
    { name: 'headers', type: 'json', description: 'Response headers, lower-case names' },
    { name: 'error', type: 'text', description: 'Why the request failed, when connected' },
  ],
  errorOutput: 'error',
  // An API's answer can change between runs, and a POST is not safe to repeat silently.
  cacheable: false,
  check: checkRequest,
  run: async ({ params: p, inputs, signal, files }) => {
    const headers = { ...p.headers };
    const { body, contentType } = bodyOf(p, inputs.body);
    if (contentType && !hasHeader(headers, 'content-type')) headers['content-type'] = contentType;
    const answer = await sendHttpRequest({
      method: p.method,
      url: p.url,
      headers,
      body,
      timeoutMs: p.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS,
      redirects: p.redirects,
      maxBytes: files.maxFileBytes,
      signal,
    });
    if (p.failOnErrorStatus && answer.status >= 400) {
      throw new Error(`${p.method} ${new URL(answer.url).origin} answered ${answer.status}: ${answer.text.slice(0, 200)}`);
    }
    const json = parseJson(answer.text);
    return {
      status: answer.status,
      text: answer.text,
      headers: answer.headers,
      ...(json.ok ? { json: json.value } : {}),
    };
  },
});
