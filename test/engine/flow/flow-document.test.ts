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
    for (const text of [greet.replace('"nodes": [', '"nodes": [,'), greet.replace('"name": "greet"', '"name": 5'), '']) {
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
});
