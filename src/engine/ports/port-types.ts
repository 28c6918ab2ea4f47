// The one table of port types: which output type may feed which input type, and how a value is
// converted on the way. Validation, the canvas and the executor all read it from here.
import { describeMedia, isMediaValue, withoutMediaBytes } from './media';

export const PORT_TYPES = [
  'text',
  'number',
  'boolean',
  'json',
  'message',
  'messages',
  'documents',
  'embedding',
  'tools',
  'media',
  'any',
] as const;

export type PortType = (typeof PORT_TYPES)[number];

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
}

type Convert = (value: unknown) => unknown;

const identity: Convert = (value) => value;

/** `converters[from][to]`: present means the connection is allowed; the function adapts the value. */
const converters: Partial<Record<PortType, Partial<Record<PortType, Convert>>>> = {
  text: { text: identity, json: identity, message: (v) => userMessage(textOf(v)), messages: (v) => [userMessage(textOf(v))] },
  number: { number: identity, json: identity, text: (v) => textOf(v) },
  boolean: { boolean: identity, json: identity, text: (v) => textOf(v) },
  json: { json: identity, text: (v) => textOf(v) },
  message: { message: identity, text: (v) => messageText(v), messages: (v) => [v], json: identity },
  messages: { messages: identity, text: (v) => (Array.isArray(v) ? v.map(messageText).join('\n') : textOf(v)), json: identity },
  documents: { documents: identity, json: identity },
  embedding: { embedding: identity, json: identity },
  tools: { tools: identity },
  // An image, audio clip or file: as text it is a description, so its bytes never end up in a prompt.
  media: { media: identity, json: identity, text: (v) => textOf(v) },
};

/** The converter for an edge from `from` to `to`, or undefined when the ports cannot connect. */
export function portConverter(from: PortType, to: PortType): Convert | undefined {
  // A tool set decides what an agent may run, so only a `tools` output feeds a `tools` input; an
  // untyped value (a flow input passed along) must not pose as one.
  if (to === 'tools') return from === 'tools' ? identity : undefined;
  if (from === 'any' || to === 'any') return identity;
  return converters[from]?.[to];
}

export function canConnect(from: PortType, to: PortType): boolean {
  return portConverter(from, to) !== undefined;
}

export function isIdentityConverter(convert: Convert): boolean {
  return convert === identity;
}

/** Text form of any value: strings as they are, media as a description, everything else as JSON without media bytes. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  if (typeof value === 'object' && isChatMessage(value)) return value.content;
  if (isMediaValue(value)) return describeMedia(value);
  return JSON.stringify(typeof value === 'object' ? withoutMediaBytes(value) : value);
}

function userMessage(content: string): ChatMessage {
  return { role: 'user', content };
}

function messageText(value: unknown): string {
  return isChatMessage(value) ? value.content : textOf(value);
}

export function isChatMessage(value: unknown): value is ChatMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { content?: unknown }).content === 'string' &&
    typeof (value as { role?: unknown }).role === 'string'
  );
}
