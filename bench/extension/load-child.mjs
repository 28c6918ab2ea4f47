// One cold load of an extension bundle in a fresh Node process, for bench/extension/load.mjs: prints the
// milliseconds `require()` took and which of the bundle's lazy parts it pulled in. The bundle needs the
// `vscode` module only to exist while it loads (activation is timed in the real VS Code benchmark), so
// `require('vscode')` gets an object with the API's top-level names (read from its typings, as own
// properties like the real one's: the bundle copies them once), each a harmless constructor.
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';

const requireCommonJs = createRequire(import.meta.url);

const member = new Proxy(function vscodeMember() {}, {
  get: (_target, key) => (key === 'then' || typeof key === 'symbol' ? undefined : member),
  apply: () => member,
  construct: () => member,
});
const typings = readFileSync(requireCommonJs.resolve('@types/vscode/index.d.ts'), 'utf8');
const apiNames = new Set([...typings.matchAll(/^\texport (?:namespace|class|enum|function|const|let) (\w+)/gm)].map((match) => match[1]));
const vscode = Object.fromEntries([...apiNames].map((name) => [name, member]));
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};

const bundle = path.resolve(process.argv[2]);
const started = performance.now();
requireCommonJs(bundle);
const loadMs = performance.now() - started;
const lazy = Object.keys(requireCommonJs.cache).filter((file) => file.includes(`${path.sep}lazy${path.sep}`));
process.stdout.write(JSON.stringify({ loadMs, lazy: lazy.map((file) => path.basename(file)) }));
