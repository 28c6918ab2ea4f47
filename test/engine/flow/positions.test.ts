// positionOfPath places from the element's own text what a syntax tree of the whole file would place.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { findNodeAtLocation, getNodePath, parseTree, type Node as JsonNode } from 'jsonc-parser';
import { parseFlow, positionAt, positionOfPath, sourceOf, type JsonPath } from '../../../src/engine';
import { repoRoot } from '../../helpers/build-cli';

/** The placement rule on a tree of the whole text: nearest existing ancestor, its property if it has one. */
function expected(text: string, at: JsonPath) {
  const tree = parseTree(text)!;
  for (let depth = at.length; depth >= 0; depth--) {
    const node = findNodeAtLocation(tree, at.slice(0, depth));
    if (node) {
      const target = node.parent?.type === 'property' ? node.parent : node;
      return positionAt(text, target.offset, target.length);
    }
  }
  return positionAt(text, 0);
}

function allPaths(node: JsonNode, into: JsonPath[]): JsonPath[] {
  if (node.type !== 'property') into.push(getNodePath(node));
  for (const child of node.children ?? []) if (!(node.type === 'property' && child === node.children?.[0])) allPaths(child, into);
  return into;
}

describe('positionOfPath', () => {
  const texts = readdirSync(path.join(repoRoot, 'examples'))
    .filter((name) => name.endsWith('.flow.json'))
    .map((name) => readFileSync(path.join(repoRoot, 'examples', name), 'utf8'));
  // Compact, with odd spacing, and with a duplicate top-level key (the last one counts, as in JSON.parse).
  texts.push(JSON.stringify(JSON.parse(texts[0]!)));
  texts.push(
    ' {"version" :1 , "name":"s\\"p,a:c[e]","nodes" : [ {"id":"a","type":"x","position":{"x":0,"y":0}} , ' +
      '{"id":"b","type":"y","position":{"x":1,"y":0},"params":{"t":"]"}}\n] ,"edges":[],"edges" : [ ]}\n',
  );

  it('agrees with a whole-file syntax tree for every path in the example flows, and for missing ones', () => {
    for (const text of texts) {
      const flow = parseFlow(text, 'x.flow.json');
      const source = sourceOf(flow)!;
      const paths = allPaths(parseTree(text)!, []);
      paths.push(['nodes', 999], ['nodes', 0, 'params', 'missing', 3], ['edges', 0, 'nope'], ['nope'], ['nope', 1], ['viewport', 'x'], []);
      for (const at of paths) {
        // Duplicate keys: the whole-file rule finds the first, JSON.parse (and this index) the last.
        if (text.includes('"edges" : [ ]') && at[0] === 'edges') continue;
        assert.deepEqual(positionOfPath(source, at), expected(text, at), `${JSON.stringify(at)} in ${text.slice(0, 40)}`);
      }
    }
  });
});
