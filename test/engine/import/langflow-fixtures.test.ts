// Langflow's own starter projects (test/fixtures/import/langflow) imported whole: what maps, what validates,
// what is kept as a note, and that the older 1.0 export shape imports as well as the current one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { allMapped, importFlow, importLangflow, validateFlow, type ImportResult } from '../../../src/engine';

const FIXTURES = path.resolve(__dirname, '../../fixtures/import/langflow');

function importFixture(name: string): ImportResult {
  return importLangflow(readFileSync(path.join(FIXTURES, name), 'utf8'), { fileName: name });
}

function errorsOf(result: ImportResult) {
  return validateFlow(result.flow).filter((d) => d.severity === 'error');
}

function componentOf(result: ImportResult, sourceType: string): string | undefined {
  const node = result.nodes.find((n) => n.sourceType === sourceType);
  return node?.outcome === 'mapped' ? node.component : undefined;
}

describe('Langflow import: starter projects', () => {
  it('maps Basic Prompting completely to a chat flow that validates clean', () => {
    const result = importFixture('basic-prompting.json');
    assert.equal(allMapped(result), true, JSON.stringify(result.nodes.filter((n) => n.outcome === 'note')));
    assert.deepEqual(errorsOf(result), []);
    assert.deepEqual(result.flow.nodes.map((n) => n.type).sort(), ['input.chat', 'llm.chat', 'output.chat', 'text.template']);
    const model = result.flow.nodes.find((n) => n.type === 'llm.chat')!;
    assert.equal(model.params?.provider, 'openai');
    assert.equal(model.params?.model, 'gpt-4o-mini');
    assert.equal(model.params?.apiKey, '{{secret:OPENAI_API_KEY}}');
    assert.deepEqual(result.secrets, ['OPENAI_API_KEY']);
    // The prompt feeds the model's system input, the chat input its prompt, as the Langflow edges said.
    const into = (port: string) => result.flow.edges.find((e) => e.target === model.id && e.targetHandle === port);
    assert.equal(result.flow.nodes.find((n) => n.id === into('system')?.source)?.type, 'text.template');
    assert.equal(result.flow.nodes.find((n) => n.id === into('prompt')?.source)?.type, 'input.chat');
  });

  it('keeps node positions and turns Langflow notes into sticky notes', () => {
    const text = readFileSync(path.join(FIXTURES, 'basic-prompting.json'), 'utf8');
    const source = JSON.parse(text) as { data: { nodes: { id: string; type: string; position: { x: number; y: number } }[] } };
    const result = importLangflow(text, { fileName: 'basic-prompting.json' });
    for (const node of source.data.nodes.filter((n) => n.type === 'genericNode')) {
      const imported = result.flow.nodes.find((n) => n.id === node.id);
      assert.deepEqual(imported?.position, { x: Math.round(node.position.x), y: Math.round(node.position.y) });
    }
    const notes = source.data.nodes.filter((n) => n.type === 'noteNode');
    assert.equal(result.flow.notes?.length, notes.length);
  });

  it('maps Memory Chatbot, its message history becoming the chat input history port', () => {
    const result = importFixture('memory-chatbot.json');
    assert.equal(allMapped(result), true);
    assert.deepEqual(errorsOf(result), []);
    const history = result.flow.edges.find((e) => e.sourceHandle === 'history');
    assert.ok(history, 'an edge from the chat input history');
    assert.equal(result.flow.nodes.find((n) => n.id === history.source)?.type, 'input.chat');
    assert.equal(result.flow.nodes.find((n) => n.id === history.target)?.type, 'text.template');
  });

  it('maps Knowledge Retrieval to rag.embed and rag.retrieve with a warning about the embedding model', () => {
    const result = importFixture('knowledge-retrieval.json');
    assert.equal(allMapped(result), true);
    assert.deepEqual(errorsOf(result), []);
    assert.equal(componentOf(result, 'KnowledgeRetrieval'), 'rag.embed + rag.retrieve');
    assert.ok(result.warnings.some((w) => /embedding model/.test(w.message)));
  });

  it('imports the Langflow 1.0 export shape (OpenAIModel, handles without metadata)', () => {
    const result = importFixture('basic-prompting-1.0.json');
    assert.equal(allMapped(result), true);
    assert.deepEqual(errorsOf(result), []);
    assert.equal(componentOf(result, 'OpenAIModel'), 'llm.chat');
    assert.equal(result.flow.edges.length, 3);
  });

  it('keeps edited components and Python code as notes holding their source, with warnings', () => {
    const result = importFixture('agent-flow-custom-code.json');
    assert.equal(allMapped(result), false);
    const python = result.nodes.find((n) => n.sourceType === 'PythonREPLTool');
    assert.equal(python?.outcome, 'note');
    const note = result.flow.notes?.find((n) => python?.outcome === 'note' && n.id === python.noteId);
    assert.match(note?.text ?? '', /```python\n[\s\S]*class PythonREPLToolComponent/);
    assert.match(note?.text ?? '', /custom Python code/);
    assert.ok(result.warnings.some((w) => w.sourceId?.startsWith('PythonREPLTool') && /custom Python code/.test(w.message)));
    // Its model served only the agent that was not imported: kept as a note too, not silently dropped.
    assert.equal(result.nodes.find((n) => n.sourceType === 'OpenAIModel')?.outcome, 'note');
    assert.deepEqual(errorsOf(result), []);
  });

  it('importFlow detects a Langflow export without --from', async () => {
    const text = readFileSync(path.join(FIXTURES, 'basic-prompting.json'), 'utf8');
    const result = await importFlow(text, { fileName: 'basic-prompting.json', readSibling: () => Promise.reject(new Error('unused')) });
    assert.equal(result.from, 'langflow');
  });
});
