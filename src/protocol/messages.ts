// The messages between the extension host and a flow editor webview, as zod schemas. Both sides
// import this module and parse everything they receive; nothing is sent that does not parse.
// Answers to requests carry the request's `requestId`.
import { z } from 'zod';
import { flowEditSchema } from '../engine/flow/flow-edit-schema';
import { flowSchema } from '../engine/flow/schema';

const requestId = z.string().min(1).max(100);

export const problemSchema = z.object({
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});
export type Problem = z.infer<typeof problemSchema>;

/** A run event as the webview sees it: the engine's RunEvent fields it draws, nothing that could hold a secret but values it shows. */
export const runEventViewSchema = z.looseObject({
  type: z.string().min(1),
  runId: z.string(),
  nodeId: z.string().optional(),
  t: z.number(),
});
export type RunEventView = z.infer<typeof runEventViewSchema>;

export const hostToWebviewSchema = z.discriminatedUnion('type', [
  /** The document as it is now: sent on open, after every change and on revert. */
  z.object({
    type: z.literal('document'),
    version: z.number().int(),
    /** null when the text is not a flow the editor can show; `problems` says why. */
    flow: flowSchema.nullable(),
    problems: z.array(problemSchema),
    /** Set when the canvas must not edit, e.g. a file from a newer FlowStudio. */
    readOnlyReason: z.string().optional(),
  }),
  z.object({ type: z.literal('workspace'), isTrusted: z.boolean(), untrustedReason: z.string().optional() }),
  z.object({ type: z.literal('runEvent'), event: runEventViewSchema }),
  z.object({ type: z.literal('response'), requestId, ok: z.boolean(), error: z.string().optional() }),
]);
export type HostToWebview = z.infer<typeof hostToWebviewSchema>;

export const webviewToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('edit'), requestId, edits: z.array(flowEditSchema).min(1).max(1000) }),
  z.object({
    type: z.literal('run'),
    requestId,
    mode: z.enum(['run', 'debug']),
    /** Run only this node and what it depends on. */
    stopAt: z.string().optional(),
    inputs: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({ type: z.literal('debug'), action: z.enum(['pause', 'step', 'resume', 'stop']) }),
  z.object({ type: z.literal('setBreakpoints'), nodeIds: z.array(z.string()).max(10_000) }),
  /** The canvas selection, so "Run to selected node" from the palette knows the node. */
  z.object({ type: z.literal('selection'), nodeIds: z.array(z.string()).max(10_000) }),
  z.object({ type: z.literal('openAsText') }),
]);
export type WebviewToHost = z.infer<typeof webviewToHostSchema>;

/** Parses a message or explains in one line why it is not one (for the log; the message is dropped). */
export function parseMessage<T>(schema: z.ZodType<T>, data: unknown): { ok: true; message: T } | { ok: false; error: string } {
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: issue ? `${issue.path.join('.') || '(message)'}: ${issue.message}` : 'invalid message' };
}
