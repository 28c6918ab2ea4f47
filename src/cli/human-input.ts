// Questions a run asks on the command line (input.ask nodes, MCP servers' elicitation): answered
// from --answers when it has an answer, else on the terminal one typed field at a time, else
// refused with what to pass. Text a server sent is stripped of terminal controls before it is shown,
// and a URL is printed for the person to open, never opened from here.
import { createInterface } from 'node:readline/promises';
import {
  choicesOf,
  fieldKindOf,
  multiChoicesOf,
  terminalSafe,
  type AskAnswer,
  type AskRequest,
  type Flow,
  type FormAskRequest,
  type HumanInput,
  type UrlAskRequest,
} from '../engine';
import { UsageError } from './usage';

/** `--answers`: answers by input.ask node id or `name`, and by `mcp:SERVER` for a server's questions (a list: one per question). */
export type CliAnswers = Record<string, unknown>;

export interface TerminalHumanInputOptions {
  answers?: CliAnswers;
  /** The flow run, so answers may name an input.ask node by its `name` as well as its id. */
  flow?: Flow;
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

export function parseAnswers(json: string | undefined): CliAnswers | undefined {
  if (json === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new UsageError(`--answers is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new UsageError('--answers must be a JSON object: {"NODE_ID_OR_NAME": answer, "mcp:SERVER": {field: value}}');
  return Object.assign(Object.create(null) as CliAnswers, parsed);
}

export function terminalHumanInput(options: TerminalHumanInputOptions): HumanInput {
  const askNames = new Map<string, string>();
  for (const node of options.flow?.nodes ?? [])
    if (node.type === 'input.ask' && typeof node.params?.name === 'string') askNames.set(node.id, node.params.name);
  // A server may ask several times: its list of answers is used in order.
  const serverAnswersUsed = new Map<string, number>();

  const fromAnswers = (request: AskRequest): { found: true; answer: AskAnswer } | { found: false; key: string } => {
    const answers = options.answers ?? {};
    if (request.origin.kind === 'node') {
      const { nodeId } = request.origin;
      const name = askNames.get(nodeId);
      const key = nodeId in answers ? nodeId : name !== undefined && name in answers ? name : undefined;
      if (key === undefined || request.mode !== 'form') return { found: false, key: nodeId };
      return { found: true, answer: { action: 'accept', content: formContent(request, answers[key]) } };
    }
    const key = `mcp:${request.origin.server}`;
    if (!(key in answers)) return { found: false, key };
    const given = answers[key];
    const index = serverAnswersUsed.get(key) ?? 0;
    const answer = Array.isArray(given) ? given[index] : index === 0 ? given : undefined;
    if (answer === undefined) return { found: false, key };
    serverAnswersUsed.set(key, index + 1);
    if (answer === 'decline' || answer === 'cancel') return { found: true, answer: { action: answer } };
    // A URL question has nothing to fill: an answer for it says the person completed the page elsewhere.
    if (request.mode === 'url') return { found: true, answer: { action: 'accept' } };
    return { found: true, answer: { action: 'accept', content: formContent(request, answer) } };
  };

  let queue: Promise<unknown> = Promise.resolve();
  const ask = async (request: AskRequest, signal: AbortSignal): Promise<AskAnswer> => {
    const given = fromAnswers(request);
    if (given.found) return given.answer;
    if (!options.input.isTTY) throw new Error(refusal(request, given.key));
    const terminal = new TerminalForm(options.input, options.output, signal);
    try {
      return request.mode === 'url' ? await terminal.confirmUrl(request) : await terminal.fill(request);
    } finally {
      terminal.close();
    }
  };
  return {
    // One question at a time, even when several nodes ask at once.
    ask: (request, signal) => {
      const answer = queue.then(() => ask(request, signal));
      queue = answer.catch(() => undefined);
      return answer;
    },
  };
}

/** An answer for a one-field question may be the bare value; for a form, the object of fields. */
function formContent(request: FormAskRequest, given: unknown): Record<string, unknown> {
  const fields = Object.keys(request.requestedSchema.properties);
  const isObject = typeof given === 'object' && given !== null && !Array.isArray(given);
  if (fields.length === 1 && !(isObject && fields[0]! in given)) return { [fields[0]!]: given };
  // Anything else is passed on as it is: the schema check then says which field is wrong.
  return isObject ? (given as Record<string, unknown>) : { value: given };
}

function refusal(request: AskRequest, key: string): string {
  const example = request.mode === 'url' ? 'true' : Object.keys(request.requestedSchema.properties).length === 1 ? '"..."' : '{...}';
  const how = `stdin is not a terminal and --answers has no answer for it: pass --answers '{"${key}": ${example}}' or run on a terminal`;
  return request.origin.kind === 'node' ? `input.ask node '${request.origin.nodeId}' cannot ask: ${how}` : `nobody can answer it: ${how}`;
}

const MAX_TRIES = 3;

/** One question on the terminal: prompts go to stderr, answers come from stdin. */
class TerminalForm {
  private readonly rl;
  private readonly lines: AsyncIterator<string>;

  constructor(
    input: NodeJS.ReadStream,
    private readonly output: NodeJS.WriteStream,
    private readonly signal: AbortSignal,
  ) {
    this.rl = createInterface({ input, output, terminal: true });
    this.lines = this.rl[Symbol.asyncIterator]();
  }

  close(): void {
    this.rl.close();
  }

  async fill(request: FormAskRequest): Promise<AskAnswer> {
    this.output.write(`\n  ? ${this.who(request)} asks: ${terminalSafe(request.message)}\n`);
    if (request.origin.kind === 'mcp-server' && !/^y(es)?$/i.test((await this.line('    Answer it? [y/N] ')).trim()))
      return { action: 'decline' };
    const required = new Set(request.requestedSchema.required ?? []);
    const content: Record<string, unknown> = {};
    for (const [name, property] of Object.entries(request.requestedSchema.properties)) {
      const value = await this.field(name, property, required.has(name));
      if (value !== undefined) content[name] = value;
    }
    return { action: 'accept', content };
  }

  async confirmUrl(request: UrlAskRequest): Promise<AskAnswer> {
    const origin = new URL(request.url).origin;
    this.output.write(
      `\n  ? ${this.who(request)} asks you to open a page on ${terminalSafe(origin)}: ${terminalSafe(request.message)}\n` +
        `    ${terminalSafe(request.url)}\n    Open it in your browser yourself if you trust ${terminalSafe(origin)}.\n`,
    );
    const answer = (await this.line('    Done? [y = done, N = decline] ')).trim();
    return /^y(es)?$/i.test(answer) ? { action: 'accept' } : { action: 'decline' };
  }

  private who(request: AskRequest): string {
    const origin = request.origin;
    const where = origin.nodeId ? ` (node '${origin.nodeId}')` : '';
    return origin.kind === 'node' ? `input.ask node '${origin.nodeId}'` : `MCP server '${terminalSafe(origin.server)}'${where}`;
  }

  private async field(name: string, property: Record<string, unknown>, isRequired: boolean): Promise<unknown> {
    const kind = fieldKindOf(property);
    const title = terminalSafe(typeof property.title === 'string' ? property.title : name);
    const description = typeof property.description === 'string' ? ` - ${terminalSafe(property.description)}` : '';
    const hasDefault = property.default !== undefined;
    const suffix = hasDefault ? ` [${terminalSafe(JSON.stringify(property.default))}]` : isRequired ? '' : ' (optional)';
    const choices = kind === 'enum' ? choicesOf(property) : kind === 'multi-enum' ? multiChoicesOf(property) : undefined;
    if (choices)
      this.output.write(`    ${title}${description}\n${choices.map((c, i) => `      ${i + 1}) ${terminalSafe(c.title)}`).join('\n')}\n`);
    const prompt = choices
      ? `    ${kind === 'multi-enum' ? 'numbers, comma-separated' : 'number'}${suffix}: `
      : `    ${title}${description}${kind === 'boolean' ? ' [y/n]' : ''}${suffix}: `;
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      const raw = (await this.line(prompt)).trim();
      if (raw === '') {
        if (hasDefault) return property.default;
        if (!isRequired) return undefined;
        this.output.write('    an answer is required\n');
        continue;
      }
      const value = parseField(kind, raw, choices);
      if (value !== undefined) return value;
      this.output.write(`    not a valid ${kind === 'enum' || kind === 'multi-enum' ? 'choice' : (kind ?? 'value')}\n`);
    }
    throw new Error(`no valid answer for '${name}' after ${MAX_TRIES} tries`);
  }

  private async line(prompt: string): Promise<string> {
    this.output.write(prompt);
    // Lines typed ahead of a prompt wait in the iterator instead of being dropped.
    const next = await untilAborted(this.lines.next(), this.signal);
    if (next.done) throw new Error('the terminal closed before the question was answered');
    return next.value;
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('the question was cancelled'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function parseField(kind: string | undefined, raw: string, choices: { value: string }[] | undefined): unknown {
  switch (kind) {
    case 'number':
    case 'integer': {
      const value = Number(raw);
      return Number.isFinite(value) && (kind === 'number' || Number.isInteger(value)) ? value : undefined;
    }
    case 'boolean':
      return /^(y|yes|true)$/i.test(raw) ? true : /^(n|no|false)$/i.test(raw) ? false : undefined;
    case 'enum':
      return pick(raw, choices ?? []);
    case 'multi-enum': {
      const picked = raw.split(',').map((part) => pick(part.trim(), choices ?? []));
      return picked.every((p) => p !== undefined) ? picked : undefined;
    }
    default:
      return raw;
  }
}

function pick(raw: string, choices: { value: string }[]): string | undefined {
  const index = Number(raw);
  if (Number.isInteger(index) && index >= 1 && index <= choices.length) return choices[index - 1]!.value;
  return choices.find((c) => c.value === raw)?.value;
}
