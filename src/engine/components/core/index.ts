// Every built-in component (core, MCP, models, RAG) and the registry holding them; docs/architecture.md says how to add one.
import type { Component } from '../define-component';
import { ComponentRegistry } from '../registry';
import { askInput } from './ask';
import { delay } from './delay';
import { runSubflow } from './flow-run';
import { mapFlow } from './flow-map';
import { chatInput, fileInput, jsonInput, numberInput, textInput } from './inputs';
import { get as jsonGet, parse as jsonParse } from './json';
import { ifElse, switchCase } from './logic';
import { chatOutput, fileOutput, jsonOutput, textOutput } from './outputs';
import { join, template } from './text';
import { replace } from './text-replace';
import { split } from './text-split';
import { httpRequest } from '../http/request';
import { codeJs } from '../code/code-js';
import { mcpComponents } from '../mcp';
import { llmComponents } from '../llm';
import { ragComponents } from '../rag';

export const coreComponents: readonly Component[] = [
  textInput,
  chatInput,
  fileInput,
  numberInput,
  jsonInput,
  askInput,
  textOutput,
  chatOutput,
  jsonOutput,
  fileOutput,
  template,
  join,
  split,
  replace,
  jsonParse,
  jsonGet,
  ifElse,
  switchCase,
  delay,
  runSubflow,
  mapFlow,
  httpRequest,
  codeJs,
  ...mcpComponents,
  ...llmComponents,
  ...ragComponents,
];

/** A fresh registry with every built-in component, for a caller that registers components of its own. */
export function createCoreRegistry(): ComponentRegistry {
  return new ComponentRegistry(coreComponents);
}

let shared: ComponentRegistry | undefined;

/** The one registry of the built-in components that runs, checks and catalogs use when given none. Never add to it. */
export function coreRegistry(): ComponentRegistry {
  return (shared ??= createCoreRegistry());
}
