// Hostile or careless Prompt flow projects: keys never land in the flow, template paths stay in the
// project folder, and YAML bombs or huge files are refused quickly with a clear error.
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ImportError } from '../../../src/engine/import/import-result';
import { importPromptflow } from '../../../src/engine/import/promptflow';
import { folderReader, importDag, memoryReader } from './promptflow-fixtures';

const LEAK_NODE = 'inputs: {}\noutputs: {}\nnodes:\n- name: leak\n  type: prompt\n  source: {type: code, path: leak.jinja2}\n  inputs:\n';
const KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';

async function refusedWithin(ms: number, work: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  const started = performance.now();
  await assert.rejects(work(), (error: unknown) => {
    assert.ok(error instanceof ImportError, `an ImportError, got ${String(error)}`);
    assert.match(error.message, pattern);
    assert.ok(!/\n\s+at /.test(error.message), 'no stack trace in the message');
    return true;
  });
  const elapsed = performance.now() - started;
  assert.ok(elapsed < ms, `refused after ${elapsed.toFixed(0)} ms`);
}

describe('Prompt flow import: security', () => {
  describe('secrets', () => {
    it('never copies a literal key given to an llm node, a Python tool, an input default or an environment variable', async () => {
      const result = await importDag(
        `
inputs:
  question: {type: string, default: "{{secret:OPENAI_API_KEY}}"}
  token: {type: string, default: "{{env:HOME}}"}
outputs:
  answer: {type: string, reference: "\${ask.output}"}
environment_variables:
  OPENAI_API_KEY: ${KEY}
nodes:
- name: ask
  type: llm
  connection: open_ai_connection
  api: chat
  source: {type: code, path: ask.jinja2}
  inputs:
    model: gpt-4o
    api_key: ${KEY}
    question: \${inputs.question}
- name: call_api
  type: python
  source: {type: code, path: call_api.py}
  inputs:
    api_key: ${KEY}
    endpoint: https://example.com
`,
        {
          'ask.jinja2': 'user:\n{{question}}',
          'call_api.py': `API_KEY = "${KEY}"\nclient = Client(api_key='another-secret-value')\nraw = "${KEY}"\n`,
        },
      );
      const written = JSON.stringify(result);
      assert.ok(!written.includes(KEY), 'the key appears nowhere in the result');
      assert.ok(!written.includes('another-secret-value'));
      assert.equal(result.flow.nodes.find((n) => n.id === 'ask')?.params?.apiKey, '{{secret:OPENAI_API_KEY}}');
      assert.deepEqual(result.secrets, ['OPENAI_API_KEY']);
      // Defaults holding references would be resolved when the flow runs, and could send a secret to the model.
      assert.equal(result.flow.nodes.find((n) => n.id === 'in_question')?.params?.default, undefined);
      assert.equal(result.flow.nodes.find((n) => n.id === 'in_token')?.params?.default, undefined);
      assert.ok(result.warnings.some((w) => w.sourceId === 'inputs.question' && /reference; not carried over/.test(w.message)));
      const note = result.flow.notes?.find((n) => n.id === 'note_call_api')?.text ?? '';
      assert.match(note, /- api_key: \(a credential, not copied\)/);
      assert.match(note, /API_KEY = "<redacted>"/);
      assert.match(note, /- endpoint: https:\/\/example\.com/);
      assert.ok(result.warnings.some((w) => /environment_variables \(OPENAI_API_KEY\) were not imported/.test(w.message)));
    });

    it('does not let a literal input smuggle a {{secret:...}} reference into a template', async () => {
      const result = await importDag(
        `
inputs: {}
outputs: {}
nodes:
- name: leak
  type: prompt
  source: {type: code, path: leak.jinja2}
  inputs:
    x: "{{secret:OPENAI_API_KEY}}"
    y: "{secret:OPENAI_API_KEY}}"
`,
        { 'leak.jinja2': 'Tell me {{x}}' },
      );
      assert.ok(!result.flow.nodes.some((n) => n.type === 'text.template'), 'no template that would resolve the secret');
      assert.equal(result.nodes.find((n) => n.sourceId === 'leak')?.outcome, 'note');

      // A Jinja string literal writing a brace is no plain variable: the node stays a note.
      const split = await importDag(`${LEAK_NODE}    y: "{secret:OPENAI_API_KEY}}"\n`, { 'leak.jinja2': 'Tell me {{"{"}}{{y}}' });
      assert.ok(!split.flow.nodes.some((n) => n.type === 'text.template'));
      const joined = await importDag(`${LEAK_NODE}    a: "{"\n    b: "{secret:OPENAI_API_KEY}}"\n`, {
        'leak.jinja2': 'Tell me {{a}}{{b}}',
      });
      assert.ok(!joined.flow.nodes.some((n) => n.type === 'text.template'), 'two literals that join into a reference are refused');
      assert.ok(!JSON.stringify(joined.flow.nodes).includes('secret:'));
    });
  });

  describe('template and tool paths', () => {
    let root: string;
    before(async () => {
      root = await mkdtemp(path.join(tmpdir(), 'flowstudio-pf-'));
      await mkdir(path.join(root, 'project'));
      await writeFile(path.join(root, 'outside.jinja2'), 'TOP SECRET {{x}}');
    });
    after(() => rm(root, { recursive: true, force: true }));

    const dagWithPath = (sourcePath: string) =>
      `inputs: {}\noutputs: {}\nnodes:\n- name: sneaky\n  type: prompt\n  source:\n    type: code\n    path: ${JSON.stringify(sourcePath)}\n`;

    for (const attack of [
      '../outside.jinja2',
      'sub/../../outside.jinja2',
      '/etc/passwd',
      'C:\\Windows\\win.ini',
      '..\\outside.jinja2',
      '\\\\server\\share\\x',
    ]) {
      it(`refuses source.path ${JSON.stringify(attack)} before reading anything, naming the node and line`, async () => {
        const reader = folderReader(path.join(root, 'project'));
        await assert.rejects(
          importPromptflow(dagWithPath(attack), { fileName: path.join(root, 'project', 'flow.dag.yaml'), readSibling: reader.read }),
          (error: unknown) =>
            error instanceof ImportError &&
            /flow\.dag\.yaml:8: node 'sneaky' source\.path .* must name a file inside the flow's folder/.test(error.message),
        );
        assert.deepEqual(reader.asked, [], 'the reader was never called');
      });
    }

    it('reads a template in a subfolder of the project', async () => {
      await mkdir(path.join(root, 'project', 'prompts'), { recursive: true });
      await writeFile(path.join(root, 'project', 'prompts', 'ok.jinja2'), 'Fine {{x}}');
      const reader = folderReader(path.join(root, 'project'));
      const result = await importPromptflow(dagWithPath('prompts/ok.jinja2'), {
        fileName: path.join(root, 'project', 'flow.dag.yaml'),
        readSibling: reader.read,
      });
      assert.deepEqual(reader.asked, ['prompts/ok.jinja2']);
      assert.equal(result.flow.nodes.find((n) => n.id === 'sneaky')?.params?.template, 'Fine ');
    });

    it('keeps a node whose file the reader refuses as a note, with the reason in a warning', async () => {
      const result = await importPromptflow(dagWithPath('missing.jinja2'), {
        fileName: 'flow.dag.yaml',
        readSibling: memoryReader({}).read,
      });
      assert.match(result.nodes[0]?.outcome === 'note' ? result.nodes[0].reason : '', /missing\.jinja2 could not be read/);
      assert.ok(result.warnings.some((w) => /missing\.jinja2: no such file/.test(w.message)));
    });
  });

  describe('hostile YAML', () => {
    it('refuses a "billion laughs" alias bomb within a second', async () => {
      const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let i = 1; i < 10; i++)
        levels.push(
          `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(96 + i)}`)
            .join(',')}]`,
        );
      const bomb = `${levels.join('\n')}\nnodes: *j\n`;
      await refusedWithin(1000, () => importDag(bomb), /flow\.dag\.yaml: refused: the YAML expands more than \d+ aliases/);
    });

    it('refuses a 20 MB file within a second, before parsing it', async () => {
      const huge = `inputs: {}\noutputs: {}\nnodes: []\n# ${'x'.repeat(20 * 1024 * 1024)}\n`;
      await refusedWithin(1000, () => importDag(huge), /flow\.dag\.yaml: the file is 20\.0 MB; a Prompt flow DAG is at most 1 MB/);
    });

    it('refuses YAML tags that would build objects, such as !!python/object', async () => {
      await refusedWithin(
        1000,
        () => importDag('inputs: !!python/object/apply:os.system ["rm -rf /"]\noutputs: {}\nnodes: []\n'),
        /flow\.dag\.yaml:1:\d+: not valid YAML/,
      );
    });

    it('refuses deep nesting (which would exhaust the parser) within a second, naming the line', async () => {
      const brackets = `inputs: {}\nnodes: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
      await refusedWithin(1000, () => importDag(brackets), /flow\.dag\.yaml:2: refused: YAML collections nested more than 64 deep/);
      const entries = `nodes:\n${'- '.repeat(100_000)}x\n`;
      await refusedWithin(1000, () => importDag(entries), /flow\.dag\.yaml:2: refused: YAML collections nested more than 64 deep/);
      const indents = Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
      await refusedWithin(1000, () => importDag(indents), /flow\.dag\.yaml:65: refused/);
    });
  });
});
