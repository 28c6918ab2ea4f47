// Mutated flow files through parseFlow, validateFlow and runFlow: whatever the text, parsing throws only a
// placed FlowError, validation returns placed diagnostics, a run ends with a result, all in bounded time.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { FlowError, createCoreRegistry, flowInterface, parseFlow, runFlow, validateFlow, type Flow } from '../../src/engine';
import { repoRoot } from '../helpers/build-cli';

const RUNS = Number(process.env.FLOWSTUDIO_FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FLOWSTUDIO_FUZZ_SEED ?? 20261205);
/** Each case must end within this; the run itself is cancelled sooner, so only a hang can reach it. */
const CASE_DEADLINE_MS = 10_000;
const RUN_TIMEOUT_MS = 1_000;

const examples = readdirSync(path.join(repoRoot, 'examples'))
  .filter((name) => name.endsWith('.flow.json'))
  .sort()
  .map((name) => readFileSync(path.join(repoRoot, 'examples', name), 'utf8'));
const registry = createCoreRegistry();

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What the run did, printed once at the end for the record in SECURITY.md. */
const stats = { cases: 0, slowestMs: 0 };

/** Feeds one text through every stage and checks the promises each stage makes. */
async function checkFlowText(text: string): Promise<void> {
  const started = Date.now();
  try {
    await checkStages(text, started + CASE_DEADLINE_MS);
  } finally {
    stats.cases++;
    stats.slowestMs = Math.max(stats.slowestMs, Date.now() - started);
  }
}

async function checkStages(text: string, deadline: number): Promise<void> {
  let flow: Flow;
  try {
    flow = parseFlow(text, 'fuzz.flow.json');
  } catch (error) {
    assert.ok(error instanceof FlowError, `parseFlow threw ${(error as Error)?.name}: ${(error as Error)?.message?.slice(0, 200)}`);
    assert.ok(error.problems.length > 0);
    for (const problem of error.problems) {
      assert.ok(
        problem.position && problem.position.line >= 1 && problem.position.column >= 1,
        `no line/col: ${problem.message.slice(0, 200)}`,
      );
    }
    assert.ok(Date.now() < deadline, 'parseFlow took more than 10 s');
    return;
  }
  const diagnostics = validateFlow(flow, registry);
  for (const d of diagnostics) {
    assert.ok(d.line !== undefined && d.line >= 1 && d.column !== undefined && d.column >= 1, `no line/col: ${d.message.slice(0, 200)}`);
  }
  let inputs: Record<string, unknown> = {};
  try {
    inputs = Object.fromEntries(flowInterface(flow, registry).inputs.map((i) => [i.name, 'fuzz']));
  } catch {
    // A flow whose interface cannot be computed still runs: the run reports why it cannot start.
  }
  const handle = runFlow(flow, { registry, inputs, signal: AbortSignal.timeout(RUN_TIMEOUT_MS) });
  const result = await handle.result;
  assert.ok(['ok', 'error', 'cancelled'].includes(result.status), `unexpected status ${result.status}`);
  assert.ok(Date.now() < deadline, 'the case took more than 10 s');
}

/** Replaces the value at a path chosen by `steps` (each picks a child) with `replacement`. */
function replaceSomewhere(root: Json, steps: number[], replacement: Json): Json {
  if (steps.length === 0 || root === null || typeof root !== 'object') return replacement;
  const keys = Array.isArray(root) ? root.map((_, i) => i) : Object.keys(root);
  if (keys.length === 0) return replacement;
  const key = keys[steps[0]! % keys.length]!;
  const child = (root as Record<string | number, Json>)[key]!;
  (root as Record<string | number, Json>)[key] = replaceSomewhere(child, steps.slice(1), replacement);
  return root;
}

const example = fc.nat({ max: examples.length - 1 }).map((i) => JSON.parse(examples[i]!) as { [key: string]: Json });
const nodesOf = (flow: { [key: string]: Json }) => (Array.isArray(flow.nodes) ? flow.nodes : []) as { [key: string]: Json }[];
const nodeIds = (flow: { [key: string]: Json }) => nodesOf(flow).map((n) => String(n.id));
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    '\ud800',
    '\udfff\ud800',
    '\u202e',
    '{{',
    '}}',
    '{{secret:X}}',
    '__proto__',
    'constructor',
    'a'.repeat(100_000),
  ),
);
const prototypeKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf');

/** Structural mutations of an example flow, each aimed at one finding of the issue. */
const mutatedFlow = fc.oneof(
  // Deep nesting somewhere inside, up to far past the limit.
  fc
    .record({
      flow: example,
      steps: fc.array(fc.nat(), { maxLength: 6 }),
      depth: fc.integer({ min: 1, max: 30_000 }),
      asObject: fc.boolean(),
    })
    .map(({ flow, steps, depth, asObject }) => {
      const open = asObject ? '{"k":'.repeat(depth) : '['.repeat(depth);
      const close = asObject ? '}'.repeat(depth) : ']'.repeat(depth);
      return JSON.stringify(replaceSomewhere(flow, steps, '\u0001DEEP')).replace('"\\u0001DEEP"', `${open}1${close}`);
    }),
  // Back-edges and random edges between existing (or made-up) nodes.
  fc
    .record({
      flow: example,
      edges: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('text', 'value', 'true', 'false', 'message', 'x')), { maxLength: 300 }),
    })
    .map(({ flow, edges }) => {
      const ids = nodeIds(flow);
      const list = (Array.isArray(flow.edges) ? flow.edges : []) as Json[];
      edges.forEach(([from, to, port], i) =>
        list.push({
          id: `fz${i}`,
          source: ids[from % Math.max(ids.length, 1)] ?? 'none',
          sourceHandle: port,
          target: ids[to % Math.max(ids.length, 1)] ?? 'none',
          targetHandle: port,
        }),
      );
      flow.edges = list;
      return JSON.stringify(flow);
    }),
  // Many copies of nodes (duplicate ids) and many unknown types.
  fc
    .record({
      flow: example,
      // Mostly small, sometimes around the node limit: each big case costs a second.
      copies: fc.oneof(
        { arbitrary: fc.integer({ min: 1, max: 300 }), weight: 9 },
        { arbitrary: fc.integer({ min: 9_980, max: 10_020 }), weight: 1 },
      ),
      unknown: fc.boolean(),
    })
    .map(({ flow, copies, unknown }) => {
      const nodes = nodesOf(flow);
      const extra = Array.from({ length: copies }, (_, i) => ({
        ...(nodes[i % Math.max(nodes.length, 1)] ?? {}),
        ...(unknown ? { id: `u${i}`, type: `no.such.${i}` } : {}),
      }));
      flow.nodes = [...nodes, ...extra] as Json[];
      return JSON.stringify(flow);
    }),
  // Prototype keys as property names anywhere.
  fc
    .record({ flow: example, steps: fc.array(fc.nat(), { maxLength: 5 }), key: prototypeKey, value: fc.jsonValue({ maxDepth: 2 }) })
    .map(({ flow, steps, key, value }) =>
      JSON.stringify(replaceSomewhere(flow, steps, { '\u0001KEY': value as Json })).replace('"\\u0001KEY"', JSON.stringify(key)),
    ),
  // Any JSON value, or a hostile string, in place of any part of the flow.
  fc
    .record({ flow: example, steps: fc.array(fc.nat(), { maxLength: 6 }), value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileString) })
    .map(({ flow, steps, value }) => JSON.stringify(replaceSomewhere(flow, steps, value as Json))),
);

/** Byte-level damage to a file: flipped, dropped or inserted bytes, decoded as the CLI reads files (UTF-8). */
const damagedText = fc
  .record({
    index: fc.nat({ max: examples.length - 1 }),
    edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'drop', 'insert')), {
      minLength: 1,
      maxLength: 8,
    }),
  })
  .map(({ index, edits }) => {
    const bytes = [...Buffer.from(examples[index]!, 'utf8')];
    for (const [at, byte, kind] of edits) {
      const i = at % Math.max(bytes.length, 1);
      if (kind === 'flip') bytes[i] = byte;
      else if (kind === 'drop') bytes.splice(i, 1);
      else bytes.splice(i, 0, byte);
    }
    return Buffer.from(bytes).toString('utf8');
  });

describe('fuzzing flow files through parse, validate and run', function () {
  this.timeout(0);
  const options = { numRuns: RUNS, seed: SEED, endOnFailure: true };
  after(() => {
    const { heapUsed, rss } = process.memoryUsage();
    const maxRss = process.resourceUsage().maxRSS;
    process.stdout.write(
      `      flow fuzz: ${stats.cases} cases, slowest ${stats.slowestMs} ms, max RSS ${Math.round(maxRss / 1024)} MB ` +
        `(now ${Math.round(rss / 2 ** 20)} MB, heap ${Math.round(heapUsed / 2 ** 20)} MB)\n`,
    );
  });

  it('survives structural mutations of the example flows', async () => {
    await fc.assert(fc.asyncProperty(mutatedFlow, checkFlowText), options);
  });

  it('survives byte-level damage to the example flows (bad UTF-8, broken syntax)', async () => {
    await fc.assert(fc.asyncProperty(damagedText, checkFlowText), { ...options, seed: SEED + 1 });
  });

  it('checks required inputs on own properties, whatever keys the caller sends', async () => {
    const greet = parseFlow(readFileSync(path.join(repoRoot, 'examples', 'greet.flow.json'), 'utf8'), 'greet.flow.json');
    const key = fc.oneof(prototypeKey, fc.constant('person'), fc.string({ maxLength: 8 }));
    const inputs = fc.oneof(
      fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
      fc.record({ ['__proto__']: fc.record({ person: fc.string() }) }),
    );
    await fc.assert(
      fc.asyncProperty(inputs, async (raw) => {
        // As a caller's JSON arrives: parsed, so `__proto__` is an own key.
        const given = JSON.parse(JSON.stringify(raw)) as Record<string, unknown>;
        const result = await runFlow(greet, { registry, inputs: given, signal: AbortSignal.timeout(RUN_TIMEOUT_MS) }).result;
        const hasPerson = Object.hasOwn(given, 'person') && given.person !== undefined;
        if (result.status === 'ok') assert.ok(hasPerson, `ran without an own 'person': ${JSON.stringify(raw)}`);
        else assert.ok(result.error?.message, 'a failed run says why');
      }),
      { ...options, seed: SEED + 3 },
    );
  });

  it('survives arbitrary JSON documents and strings', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.json({ maxDepth: 4 }), fc.string({ unit: 'binary', maxLength: 200 })), checkFlowText), {
      ...options,
      seed: SEED + 2,
    });
  });
});
