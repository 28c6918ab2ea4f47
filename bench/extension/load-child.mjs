// One cold load of an extension bundle in a fresh Node process, for bench/extension/load.mjs: prints the
// milliseconds `require()` took and which of the bundle's lazy parts it pulled in. The bundle needs the
// `vscode` module only to exist while it loads (activation is timed in the real VS Code benchmark), so
// `require('vscode')` gets an object whose every member is a harmless constructor.
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';

const requireCommonJs = createRequire(import.meta.url);

const member = new Proxy(function vscodeMember() {}, {
  get: (_target, key) => (key === 'then' || typeof key === 'symbol' ? undefined : member),
  apply: () => member,
  construct: () => member,
});
const vscode = Object.create(new Proxy({}, { get: (_target, key) => (key === 'then' || key === '__esModule' ? undefined : member) }));
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
