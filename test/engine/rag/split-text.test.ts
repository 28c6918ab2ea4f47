// rag.split's chunking: size bound, overlap, natural breaks, nothing lost.
import { strict as assert } from 'node:assert';
import { runFlow } from '../../../src/engine';
import { splitText } from '../../../src/engine/rag/split-text';
import { buildFlow, collect } from '../../helpers/flow-builder';

const text =
  Array.from({ length: 40 }, (_, i) => `Sentence number ${i} talks about topic ${i % 7}.`).join(' ') +
  '\n\nA second paragraph follows here.';

describe('rag.split', () => {
  it('keeps every chunk within the size and repeats up to `overlap` characters of the previous one', () => {
    const chunks = splitText(text, 200, 50);
    assert.ok(chunks.length > 5);
    for (const chunk of chunks) assert.ok(chunk.length <= 200, `chunk of ${chunk.length} characters`);
    for (let i = 1; i < chunks.length; i++) {
      const previous = chunks[i - 1]!;
      const shared = longestSuffixPrefix(previous, chunks[i]!);
      assert.ok(shared > 0 && shared <= 50, `chunks ${i - 1} and ${i} share ${shared} characters`);
    }
  });

  it('loses no words and prefers to end chunks at sentence ends', () => {
    const chunks = splitText(text, 200, 0);
    assert.deepEqual(chunks.join(' ').split(/\s+/), text.trim().split(/\s+/));
    const endingAtSentence = chunks.slice(0, -1).filter((c) => c.endsWith('.')).length;
    assert.equal(endingAtSentence, chunks.length - 1);
  });

  it('refuses an overlap as large as the chunk', () => {
    assert.throws(() => splitText(text, 100, 100), /overlap must be at least 0 and less than the chunk size \(100\)/);
  });

  it('splits documents into chunks that remember their source', async () => {
    const flow = buildFlow(
      { t: ['input.text', { name: 't' }], split: ['rag.split', { size: 120, overlap: 20 }], out: ['output.json', { name: 'docs' }] },
      ['t.text -> split.text', 'split.documents -> out.value'],
    );
    const { result } = await collect(runFlow(flow, { inputs: { t: text } }));
    assert.equal(result.status, 'ok', result.error?.message);
    const docs = result.outputs.docs as { id: string; chunk: number; text: string }[];
    assert.equal(docs[0]!.id, 'text#0');
    assert.deepEqual(
      docs.map((d) => d.chunk),
      docs.map((_, i) => i),
    );
  });
});

function longestSuffixPrefix(a: string, b: string): number {
  for (let n = Math.min(a.length, b.length); n > 0; n--) if (a.endsWith(b.slice(0, n))) return n;
  return 0;
}
