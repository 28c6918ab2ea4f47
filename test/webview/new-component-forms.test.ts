// The inspector's forms for flow.map, http.request, code.js, llm.structured, text.split and text.replace,
// read from their params schemas as the webview reads them.
import * as assert from 'node:assert/strict';
import { componentViews } from '../../src/extension/editor/flow-catalog';
import { createCoreRegistry } from '../../src/engine';
import { fieldProblem, paramFields, type ParamField } from '../../src/webview/inspector/param-fields';

const views = componentViews(createCoreRegistry());

function fieldsOf(id: string): Record<string, ParamField> {
  const view = views.find((v) => v.id === id);
  assert.ok(view, `no component ${id}`);
  return Object.fromEntries(paramFields(view.paramsSchema).map((f) => [f.name, f]));
}

describe('inspector forms of the second-wave components', () => {
  it('http.request: method as a choice, url as text, headers as JSON, body as multiline, bounded timeout', () => {
    const f = fieldsOf('http.request');
    assert.equal(f.method?.kind, 'enum');
    assert.deepEqual(f.method?.options, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
    assert.equal(f.url?.kind, 'text');
    assert.equal(f.url?.required, true);
    assert.equal(f.headers?.kind, 'json');
    assert.equal(f.body?.kind, 'multiline');
    assert.equal(f.timeoutMs?.kind, 'integer');
    assert.equal(fieldProblem(f.timeoutMs!, 0), 'timeoutMs must be at least 1');
    assert.equal(f.redirects?.kind, 'enum');
    assert.deepEqual(f.redirects?.options, ['same-origin', 'any-origin', 'none']);
  });

  it('code.js: the code as multiline text, timeoutMs bounded', () => {
    const f = fieldsOf('code.js');
    assert.equal(f.code?.kind, 'multiline');
    assert.equal(fieldProblem(f.timeoutMs!, 60_000), 'timeoutMs must be at most 30000');
  });

  it('flow.map: the file as text, concurrency between 1 and 32', () => {
    const f = fieldsOf('flow.map');
    assert.equal(f.file?.kind, 'text');
    assert.equal(f.concurrency?.kind, 'integer');
    assert.equal(fieldProblem(f.concurrency!, 33), 'concurrency must be at most 32');
  });

  it('llm.structured: provider as a choice, the schema as JSON, the key with the secret picker', () => {
    const f = fieldsOf('llm.structured');
    assert.equal(f.provider?.kind, 'enum');
    assert.equal(f.schema?.kind, 'json');
    assert.equal(f.schema?.required, true);
    assert.equal(f.apiKey?.isSecretCandidate, true);
  });

  it('text.split and text.replace: text and boolean fields', () => {
    const split = fieldsOf('text.split');
    assert.equal(split.regex?.kind, 'text');
    assert.equal(split.dropEmpty?.kind, 'boolean');
    const replace = fieldsOf('text.replace');
    assert.equal(replace.pattern?.kind, 'text');
    assert.equal(replace.literal?.kind, 'boolean');
  });
});
