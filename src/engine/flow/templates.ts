// Starting points for new flows (`flowstudio create`, the editor's New Flow). Each names the
// components it needs, so a template whose components this build lacks is refused with a reason
// instead of writing a flow that cannot run.
import type { Flow } from './schema';

export interface FlowTemplate {
  /** What a person picks from a list: "Empty", "Chat". */
  title: string;
  description: string;
  requires: string[];
  build(name: string): Flow;
}

const at = (x: number, y: number) => ({ x, y });
const edge = (id: string, source: string, sourceHandle: string, target: string, targetHandle: string) => ({
  id,
  source,
  sourceHandle,
  target,
  targetHandle,
});

export const templates: Record<string, FlowTemplate> = {
  // First, so the editor's New Flow offers it first: a file to build on the canvas from nothing.
  empty: {
    title: 'Empty',
    description: 'No nodes: start from scratch on the canvas.',
    requires: [],
    build: (name) => ({ version: 1, name, nodes: [], edges: [] }),
  },
  blank: {
    title: 'Text in, template, text out',
    description: 'A text input, a template and a text output.',
    requires: ['input.text', 'text.template', 'output.text'],
    build: (name) => ({
      version: 1,
      name,
      description: 'Describe what this flow does; assistants see it as the tool description.',
      nodes: [
        {
          id: 'input',
          type: 'input.text',
          position: at(0, 0),
          params: { name: 'text', description: 'The text to work on', required: true },
        },
        { id: 'template', type: 'text.template', position: at(260, 0), params: { template: 'You said: {{text}}' } },
        { id: 'output', type: 'output.text', position: at(520, 0), params: { name: 'result' } },
      ],
      edges: [edge('e1', 'input', 'text', 'template', 'text'), edge('e2', 'template', 'text', 'output', 'text')],
    }),
  },
  chat: {
    title: 'Chat',
    description: 'A chat turn answered by a language model.',
    requires: ['input.chat', 'llm.chat', 'output.chat'],
    build: (name) => ({
      version: 1,
      name,
      description: 'Answers a chat message with a language model.',
      nodes: [
        { id: 'message', type: 'input.chat', position: at(0, 0), params: { name: 'message' } },
        {
          id: 'model',
          type: 'llm.chat',
          position: at(260, 0),
          params: { provider: 'openai', model: 'gpt-4o-mini', apiKey: '{{secret:OPENAI_API_KEY}}', system: 'You are a helpful assistant.' },
        },
        { id: 'reply', type: 'output.chat', position: at(520, 0), params: { name: 'reply' } },
      ],
      edges: [
        edge('e1', 'message', 'message', 'model', 'prompt'),
        edge('e2', 'message', 'history', 'model', 'history'),
        edge('e3', 'model', 'message', 'reply', 'message'),
      ],
    }),
  },
  'mcp-agent': {
    title: 'Agent with MCP tools',
    description: 'An agent that answers with the tools of an MCP server.',
    requires: ['input.chat', 'mcp.tools', 'agent', 'output.chat'],
    build: (name) => ({
      version: 1,
      name,
      description: 'An agent that uses the tools of the "everything" MCP server.',
      nodes: [
        { id: 'message', type: 'input.chat', position: at(0, 0), params: { name: 'message' } },
        { id: 'tools', type: 'mcp.tools', position: at(0, 160), params: { server: 'everything' } },
        {
          id: 'agent',
          type: 'agent',
          position: at(260, 0),
          params: {
            provider: 'openai',
            model: 'gpt-4o-mini',
            apiKey: '{{secret:OPENAI_API_KEY}}',
            instructions: 'Use the tools when they help.',
            maxSteps: 5,
          },
        },
        { id: 'reply', type: 'output.chat', position: at(520, 0), params: { name: 'reply' } },
      ],
      edges: [
        edge('e1', 'message', 'message', 'agent', 'prompt'),
        edge('e2', 'message', 'history', 'agent', 'history'),
        edge('e3', 'tools', 'tools', 'agent', 'tools'),
        edge('e4', 'agent', 'text', 'reply', 'message'),
      ],
    }),
  },
  rag: {
    title: 'Answer from documents (RAG)',
    description: 'Answers questions from documents indexed into the vector store "docs", with sources.',
    requires: ['input.text', 'rag.embed', 'rag.retrieve', 'text.template', 'llm.chat', 'output.text'],
    build: (name) => ({
      version: 1,
      name,
      description:
        'Answers a question from the documents in the vector store "docs" (fill it with rag.load, rag.split, rag.embed and ' +
        'rag.store, as examples/rag-index.flow.json does), citing sources.',
      nodes: [
        { id: 'question', type: 'input.text', position: at(0, 0), params: { name: 'question', required: true } },
        {
          id: 'embed',
          type: 'rag.embed',
          position: at(260, 0),
          params: { provider: 'openai', model: 'text-embedding-3-small', apiKey: '{{secret:OPENAI_API_KEY}}' },
        },
        { id: 'retrieve', type: 'rag.retrieve', position: at(520, 0), params: { store: 'docs', topK: 4 } },
        {
          id: 'prompt',
          type: 'text.template',
          position: at(780, 0),
          params: { template: 'Answer from these sources and cite them like [1].\n\n{{sources}}\n\nQuestion: {{question}}' },
        },
        {
          id: 'model',
          type: 'llm.chat',
          position: at(1040, 0),
          params: { provider: 'openai', model: 'gpt-4o-mini', apiKey: '{{secret:OPENAI_API_KEY}}' },
        },
        { id: 'answer', type: 'output.text', position: at(1300, 0), params: { name: 'answer' } },
      ],
      edges: [
        edge('e1', 'question', 'text', 'embed', 'text'),
        edge('e2', 'embed', 'embedding', 'retrieve', 'query'),
        edge('e3', 'retrieve', 'text', 'prompt', 'sources'),
        edge('e4', 'question', 'text', 'prompt', 'question'),
        edge('e5', 'prompt', 'text', 'model', 'prompt'),
        edge('e6', 'model', 'text', 'answer', 'text'),
      ],
    }),
  },
};
