// What the person sees when a run asks: quick inputs, one per form field (keyboard only, Escape
// cancels), and modal dialogs for opening a URL and for letting a server use the model. Behind an
// interface so the extension tests can answer in the person's place.
import * as vscode from 'vscode';
import {
  answerProblems,
  choicesOf,
  fieldKindOf,
  multiChoicesOf,
  type AskAnswer,
  type FieldChoice,
  type FormAskRequest,
  type SamplingRequest,
} from '../../engine';

export type SamplingDecision = 'once' | 'always' | 'deny';

export interface AskPrompts {
  /** Fills a form; `who` names the asker (node or server, and the flow). */
  fillForm(request: FormAskRequest, who: string, token: vscode.CancellationToken): Promise<AskAnswer>;
  /** Whether to open `url` (already checked to be https), naming the server and the page's origin. */
  confirmUrl(message: string, url: vscode.Uri, who: string): Promise<boolean>;
  /** Whether a server may have this completion of the model; shows what would be sent. */
  approveSampling(request: SamplingRequest, who: string, modelName: string): Promise<SamplingDecision>;
}

export const quickInputPrompts: AskPrompts = {
  async fillForm(request, who, token) {
    if (request.origin.kind === 'mcp-server') {
      const choice = await vscode.window.showInformationMessage(
        `${who} asks you a question.`,
        { modal: true, detail: request.message },
        'Answer…',
        'Decline',
      );
      if (choice !== 'Answer…') return { action: choice === 'Decline' ? 'decline' : 'cancel' };
    }
    const properties = Object.entries(request.requestedSchema.properties);
    const required = new Set(request.requestedSchema.required ?? []);
    const content: Record<string, unknown> = {};
    for (const [index, [name, property]] of properties.entries()) {
      const title = `${who} asks (${index + 1}/${properties.length})`;
      const value = await askField(name, property, required.has(name), { title, message: request.message, token });
      if (value === cancelled) return { action: 'cancel' };
      if (value !== undefined) content[name] = value;
    }
    const wrong = answerProblems(request.requestedSchema, content);
    if (wrong) void vscode.window.showWarningMessage(`The answer does not fit the form: ${wrong}`);
    return { action: 'accept', content };
  },

  async confirmUrl(message, url, who) {
    const origin = `${url.scheme}://${url.authority}`;
    const choice = await vscode.window.showWarningMessage(
      `${who} asks you to open a page on ${origin}.`,
      { modal: true, detail: `${message}\n\n${url.toString(true)}\n\nOpen it only if you trust ${origin}.` },
      'Open',
    );
    return choice === 'Open';
  },

  async approveSampling(request, who, modelName) {
    const conversation = request.messages.map((m) => `${m.role}: ${m.text}`).join('\n');
    const detail = [
      request.systemPrompt ? `System prompt: ${request.systemPrompt}` : 'No system prompt.',
      `Messages:\n${conversation.length > 2000 ? `${conversation.slice(0, 2000)}…` : conversation}`,
      `At most ${request.maxTokens} tokens, answered by ${modelName}. The server reads the reply.`,
    ].join('\n\n');
    const always = `Always Allow '${request.server}'`;
    const choice = await vscode.window.showWarningMessage(
      `${who} asks to use your model for a completion.`,
      { modal: true, detail },
      'Allow Once',
      always,
    );
    return choice === 'Allow Once' ? 'once' : choice === always ? 'always' : 'deny';
  },
};

const cancelled = Symbol('cancelled');

interface FieldContext {
  title: string;
  message: string;
  token: vscode.CancellationToken;
}

async function askField(
  name: string,
  property: Record<string, unknown>,
  isRequired: boolean,
  context: FieldContext,
): Promise<unknown | typeof cancelled> {
  const kind = fieldKindOf(property);
  const label = typeof property.title === 'string' ? property.title : name;
  const hint = typeof property.description === 'string' ? ` - ${property.description}` : '';
  const placeHolder = `${label}${hint}${isRequired ? '' : ' (optional)'}`;
  if (kind === 'boolean') {
    const items: (vscode.QuickPickItem & { value: boolean | undefined })[] = [
      { label: 'Yes', value: true },
      { label: 'No', value: false },
      ...(isRequired ? [] : [{ label: 'No answer', value: undefined }]),
    ];
    const picked = await vscode.window.showQuickPick(items, { title: context.title, placeHolder, ignoreFocusOut: true }, context.token);
    return picked ? picked.value : cancelled;
  }
  const choices = kind === 'enum' ? choicesOf(property) : kind === 'multi-enum' ? multiChoicesOf(property) : undefined;
  if (choices) return pickChoices(choices, kind === 'multi-enum', placeHolder, context);
  const value = await vscode.window.showInputBox(
    {
      title: context.title,
      prompt: `${context.message} — ${placeHolder}`,
      value: property.default === undefined ? '' : String(property.default),
      ignoreFocusOut: true,
      validateInput: (text) => fieldProblem(text, kind, property, isRequired),
    },
    context.token,
  );
  if (value === undefined) return cancelled;
  if (value === '') return undefined;
  return kind === 'number' || kind === 'integer' ? Number(value) : value;
}

async function pickChoices(
  choices: FieldChoice[],
  isMany: boolean,
  placeHolder: string,
  context: FieldContext,
): Promise<unknown | typeof cancelled> {
  const items = choices.map((c) => ({ label: c.title, description: c.title === c.value ? undefined : c.value, value: c.value }));
  if (isMany) {
    const picked = await vscode.window.showQuickPick(
      items,
      { title: context.title, placeHolder, canPickMany: true, ignoreFocusOut: true },
      context.token,
    );
    return picked ? picked.map((p) => p.value) : cancelled;
  }
  const picked = await vscode.window.showQuickPick(items, { title: context.title, placeHolder, ignoreFocusOut: true }, context.token);
  return picked ? picked.value : cancelled;
}

function fieldProblem(text: string, kind: string | undefined, property: Record<string, unknown>, isRequired: boolean): string | undefined {
  if (text === '') return isRequired ? 'An answer is required' : undefined;
  if (kind === 'number' || kind === 'integer') {
    const value = Number(text);
    if (!Number.isFinite(value) || (kind === 'integer' && !Number.isInteger(value)))
      return `Enter ${kind === 'integer' ? 'a whole' : 'a'} number`;
    if (typeof property.minimum === 'number' && value < property.minimum) return `At least ${property.minimum}`;
    if (typeof property.maximum === 'number' && value > property.maximum) return `At most ${property.maximum}`;
  }
  if (typeof property.minLength === 'number' && text.length < property.minLength) return `At least ${property.minLength} characters`;
  if (typeof property.maxLength === 'number' && text.length > property.maxLength) return `At most ${property.maxLength} characters`;
  return undefined;
}
