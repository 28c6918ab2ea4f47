// How a run asks a person for something: the `input.ask` node, and an MCP server's elicitation
// request made while one of the flow's nodes calls it. Whoever runs the flow answers: the editor
// with a form (or by opening a URL), the CLI on the terminal or from `--answers`, a served flow by
// passing the request on to its own caller as an MCP elicitation. The shapes follow MCP's
// elicitation (form and URL mode), so a request can cross that boundary unchanged.

/** Who is asking, for the person to judge the question. */
export type AskOrigin =
  { kind: 'node'; nodeId: string; flowFile?: string } | { kind: 'mcp-server'; server: string; nodeId?: string; flowFile?: string };

/** A question answered with a form: `requestedSchema` is a flat object schema of primitive properties. */
export interface FormAskRequest {
  mode: 'form';
  message: string;
  requestedSchema: { type: 'object'; properties: Record<string, Record<string, unknown>>; required?: string[] };
  origin: AskOrigin;
}

/** A question answered outside the run, on a page the person opens (a sign-in, a payment). */
export interface UrlAskRequest {
  mode: 'url';
  message: string;
  url: string;
  elicitationId: string;
  origin: AskOrigin;
}

export type AskRequest = FormAskRequest | UrlAskRequest;

/** accept carries the form's values (none for URL mode); decline is a deliberate no, cancel a dismissal. */
export type AskAnswer = { action: 'accept'; content?: Record<string, unknown> } | { action: 'decline' } | { action: 'cancel' };

/** The host's side of asking; absent on a run means nobody can answer, and asking fails with a clear error. */
export interface HumanInput {
  ask(request: AskRequest, signal: AbortSignal): Promise<AskAnswer>;
}
