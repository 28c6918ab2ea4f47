// The wire formats the engine speaks, with where each provider sends its requests and its key.
export interface WireFormat {
  name: string;
  provider: 'openai-compatible' | 'openai' | 'azure' | 'anthropic' | 'google' | 'vertex' | 'ollama';
  model: string;
  /** Request path the provider package posts a streaming chat call to. */
  chatPath: string | RegExp;
  baseURL(serverUrl: string): string;
  fixture: { text: string; toolCall: string; error401: string };
  /** Header carrying the API key and its expected value for key 'sk-local-test'; undefined when keyless. */
  keyHeader?: [name: string, value: string];
}

export const TEST_KEY = 'sk-local-test';

export const WIRE_FORMATS: WireFormat[] = [
  {
    name: 'OpenAI chat completions',
    provider: 'openai-compatible',
    model: 'gpt-4o-mini',
    chatPath: '/v1/chat/completions',
    baseURL: (url) => `${url}/v1`,
    fixture: { text: 'openai-chat.text.sse', toolCall: 'openai-chat.tool-call.sse', error401: 'openai.error-401.json' },
    keyHeader: ['authorization', `Bearer ${TEST_KEY}`],
  },
  {
    name: 'OpenAI responses',
    provider: 'openai',
    model: 'gpt-4o-mini',
    chatPath: '/v1/responses',
    baseURL: (url) => `${url}/v1`,
    fixture: { text: 'openai-responses.text.sse', toolCall: 'openai-responses.tool-call.sse', error401: 'openai.error-401.json' },
    keyHeader: ['authorization', `Bearer ${TEST_KEY}`],
  },
  {
    name: 'Azure OpenAI (responses)',
    provider: 'azure',
    model: 'my-gpt-4o-mini-deployment',
    chatPath: /^\/openai\/v1\/responses(\?api-version=v1)?$/,
    baseURL: (url) => `${url}/openai/v1`,
    fixture: { text: 'openai-responses.text.sse', toolCall: 'openai-responses.tool-call.sse', error401: 'openai.error-401.json' },
    keyHeader: ['api-key', TEST_KEY],
  },
  {
    name: 'Anthropic messages',
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    chatPath: '/v1/messages',
    baseURL: (url) => `${url}/v1`,
    fixture: { text: 'anthropic.text.sse', toolCall: 'anthropic.tool-call.sse', error401: 'anthropic.error-401.json' },
    keyHeader: ['x-api-key', TEST_KEY],
  },
  {
    name: 'Gemini',
    provider: 'google',
    model: 'gemini-2.5-flash',
    chatPath: /^\/v1beta\/models\/gemini-2\.5-flash:streamGenerateContent\?alt=sse$/,
    baseURL: (url) => `${url}/v1beta`,
    fixture: { text: 'google.text.sse', toolCall: 'google.tool-call.sse', error401: 'google.error-401.json' },
    keyHeader: ['x-goog-api-key', TEST_KEY],
  },
  {
    name: 'Vertex AI (Gemini, API key)',
    provider: 'vertex',
    model: 'gemini-2.5-flash',
    chatPath: /^\/v1\/publishers\/google\/models\/gemini-2\.5-flash:streamGenerateContent\?alt=sse$/,
    baseURL: (url) => `${url}/v1/publishers/google`,
    fixture: { text: 'google.text.sse', toolCall: 'google.tool-call.sse', error401: 'google.error-401.json' },
    keyHeader: ['x-goog-api-key', TEST_KEY],
  },
  {
    name: 'Ollama',
    provider: 'ollama',
    model: 'llama3.2',
    chatPath: '/api/chat',
    baseURL: (url) => `${url}/api`,
    fixture: { text: 'ollama.text.ndjson', toolCall: 'ollama.tool-call.ndjson', error401: 'ollama.error-401.json' },
  },
];
