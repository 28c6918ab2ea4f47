// FlowDocument: one parse per version, read by every reader of it, with the same flow, problems and
// positions as parseFlow, and the canvas's refusal to edit what only a person should fix.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FlowDocument, FlowDocuments } from '../../../src/engine/flow/flow-document';
import { FlowEditError } from '../../../src/engine/flow/flow-edit';
import { FlowError } from '../../../src/engine/flow/errors';
import { parseFlow } from '../../../src/engine/flow/parse';
import { validateFlow } from '../../../src/engine/validate/validate-flow';

const greet = readFileSync('examples/greet.flow.json', 'utf8');

describe('FlowDocument', () => {
  it('parses once and gives the flow parseFlow gives', () => {
    const document = new FlowDocument(greet, 1, 'greet.flow.json');
    assert.equal(document.parse, document.parse);
    assert.equal(document.requireFlow(), document.parse.flow);
    assert.deepEqual(document.parse.flow, parseFlow(greet, 'greet.flow.json'));
  });

  it('places validation problems where parseFlow does', () => {
    const text = greet.replace('"type": "text.template"', '"type": "no.such.component"');
    const fromDocument = validateFlow(new FlowDocument(text, 1, 'f.flow.json').requireFlow());
    const fromParse = validateFlow(parseFlow(text, 'f.flow.json'));
    assert.ok(fromParse.length > 0);
    assert.ok(
      fromParse.some((d) => d.offset !== undefined && d.offset > 0),
      'the problem has a position',
    );
    assert.deepEqual(fromDocument, fromParse);
  });

  it("reports a file that is not a flow with parseFlow's error, line and column", () => {
    for (const text of [greet.replace('"nodes": [', '"nodes": [,'), greet.replace('"name": "greet"', '"name": 5'), '[]']) {
      const { error } = new FlowDocument(text, 1, 'f.flow.json').parse;
      assert.ok(error instanceof FlowError);
      assert.throws(
        () => parseFlow(text, 'f.flow.json'),
        (expected: unknown) => expected instanceof FlowError && assert.deepEqual(error.problems, expected.problems) === undefined,
      );
    }
  });

  it('refuses canvas edits to a newer format or broken JSON, and allows them with schema problems', () => {
    const move = [{ type: 'moveNodes' as const, nodes: [{ id: 'tpl', x: 1, y: 1 }] }];
    const newer = new FlowDocument(greet.replace('"version": 1', '"version": 9'), 1);
    assert.match(newer.editRefusal ?? '', /newer FlowStudio/);
    assert.throws(() => newer.applyEdits(move), FlowEditError);
    const broken = new FlowDocument(greet.slice(0, 40), 1);
    assert.match(broken.editRefusal ?? '', /not valid JSON/);
    assert.throws(() => broken.applyEdits(move), /not valid JSON/);
    const schemaProblem = new FlowDocument(greet.replace('"name": "greet"', '"name": 5'), 1);
    assert.equal(schemaProblem.editRefusal, undefined);
    assert.ok(schemaProblem.applyEdits(move).replacement);
  });

  it('reads a blank file as a new flow with no nodes, named after the file, and writes it only on an edit', () => {
    for (const text of ['', '\n', '  \r\n']) {
      const blank = new FlowDocument(text, 1, '/work/new-idea.flow.json');
      assert.deepEqual(blank.parse.flow, { version: 1, name: 'new-idea', nodes: [], edges: [] });
      assert.equal(blank.editRefusal, undefined);
      assert.deepEqual(validateFlow(blank.requireFlow()), []);
      // An edit that changes nothing leaves the file as it is.
      assert.deepEqual(blank.applyEdits([]), { text });
    }
    const blank = new FlowDocument('\n', 1, '/work/new-idea.flow.json');
    const node = { id: 'input1', type: 'input.text', position: { x: 0, y: 0 }, params: { name: 'text' } };
    const { text, replacement } = blank.applyEdits([{ type: 'addNodes', nodes: [node], edges: [] }]);
    assert.deepEqual(replacement, { offset: 0, length: 1, content: text });
    assert.deepEqual(parseFlow(text), { version: 1, name: 'new-idea', nodes: [node], edges: [] });
    assert.equal(new FlowDocument('', 1).parse.flow?.name, 'flow');
  });

  it('keeps one model per key and version', () => {
    const documents = new FlowDocuments();
    let reads = 0;
    const text = () => {
      reads++;
      return greet;
    };
    const first = documents.get('file:///a', 1, text);
    assert.equal(documents.get('file:///a', 1, text), first);
    assert.equal(reads, 1);
    const next = documents.get('file:///a', 2, text);
    assert.notEqual(next, first);
    assert.notEqual(documents.get('file:///b', 2, text), next);
    documents.forget('file:///a');
    assert.notEqual(documents.get('file:///a', 2, text), next);
  });

  it("adopts an edit's expected result only when the document reaches that version with exactly that text", () => {
    const documents = new FlowDocuments();
    const moved = documents
      .get('file:///a', 1, () => greet)
      .applyEdits([{ type: 'moveNodes', nodes: [{ id: 'tpl', x: 300, y: 40 }] }]).text;
    const expected = documents.expect('file:///a', 2, moved);
    assert.equal(expected.requireFlow().nodes.find((n) => n.id === 'tpl')?.position.x, 300);
    assert.equal(
      documents.get('file:///a', 2, () => moved),
      expected,
    );

    // Another change got there first: same version, other text, so the expected model is not used.
    const raced = documents.expect('file:///a', 3, moved);
    const other = documents.get('file:///a', 3, () => greet);
    assert.notEqual(other, raced);
    assert.equal(other.text, greet);

    // The expectation is for one version only: a later one with the same text is parsed afresh.
    documents.expect('file:///a', 4, greet);
    assert.equal(documents.get('file:///a', 5, () => greet).version, 5);
  });

  it('says why the canvas may not edit a file over the size limits', () => {
    const deep = '['.repeat(100) + ']'.repeat(100);
    const document = new FlowDocument(deep, 1);
    assert.match(document.editRefusal ?? '', /only a text editor can change it/);
    assert.throws(() => document.applyEdits([{ type: 'moveNodes', nodes: [{ id: 'x', x: 0, y: 0 }] }]), FlowEditError);
  });
});
