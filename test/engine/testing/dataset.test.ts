// Datasets: CSV (RFC 4180 quoting) and JSON Lines, with the line of each row and clear errors.
import { strict as assert } from 'node:assert';
import { DatasetError, parseCsv, parseJsonLines } from '../../../src/engine';

function errorOf(run: () => unknown): DatasetError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof DatasetError);
    return error;
  }
  assert.fail('the dataset was accepted');
}

describe('test datasets', () => {
  it('reads CSV with quotes, doubled quotes, commas and line breaks inside fields, CRLF and a BOM', () => {
    const text = '\ufeffq,a\r\n"Hi, you","say ""hi"""\r\nplain,"two\nlines"\r\nlast,row';
    assert.deepEqual(parseCsv(text, 'd.csv'), [
      { line: 2, values: { q: 'Hi, you', a: 'say "hi"' } },
      { line: 3, values: { q: 'plain', a: 'two\nlines' } },
      { line: 5, values: { q: 'last', a: 'row' } },
    ]);
  });

  it('names the CSV line of a row with the wrong number of fields, and an unclosed quote', () => {
    const short = errorOf(() => parseCsv('a,b\n1,2\n3\n', 'd.csv'));
    assert.equal(short.message, 'd.csv:3: the row has 1 fields; the header has 2');
    assert.equal(errorOf(() => parseCsv('a\n"open\n', 'd.csv')).message, 'd.csv:2: a quoted field is not closed');
    assert.match(errorOf(() => parseCsv('a,a\n1,2\n', 'd.csv')).message, /names the column 'a' twice/);
  });

  it('reads JSON Lines, skipping blank lines, and names the line of a bad one', () => {
    assert.deepEqual(parseJsonLines('{"a":1}\n\n{"a":[2]}\n', 'd.jsonl'), [
      { line: 1, values: { a: 1 } },
      { line: 3, values: { a: [2] } },
    ]);
    assert.match(errorOf(() => parseJsonLines('{"a":1}\n[1]\n', 'd.jsonl')).message, /^d\.jsonl:2: each line must be a JSON object/);
    assert.match(errorOf(() => parseJsonLines('{"__proto__":{"x":1}}', 'd.jsonl')).message, /'__proto__' is not allowed/);
  });
});
