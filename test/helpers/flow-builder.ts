// Builds small flows for tests from a compact description: nodes as {id: [type, params]}, edges as
// 'source.port -> target.port'.
import type { Flow, RunEvent, RunHandle } from '../../src/engine';

export function buildFlow(
  nodes: Record<string, [type: string, params?: Record<string, unknown>]>,
  edges: string[] = [],
  name = 'test',
): Flow {
  return {
    version: 1,
    name,
    nodes: Object.entries(nodes).map(([id, [type, params]], i) => ({ id, type, position: { x: i * 200, y: 0 }, params: params ?? {} })),
    edges: edges.map((spec, i) => {
      const match = /^\s*([\w-]+)\.([\w-]+)\s*->\s*([\w-]+)\.([\w-]+)\s*$/.exec(spec);
      if (!match) throw new Error(`bad edge spec '${spec}'`);
      const [, source, sourceHandle, target, targetHandle] = match as unknown as [string, string, string, string, string];
      return { id: `e${i + 1}`, source, sourceHandle, target, targetHandle };
    }),
  };
}

/** Collects every event of a run, in order, and its result. */
export async function collect(handle: RunHandle): Promise<{ events: RunEvent[]; result: Awaited<RunHandle['result']> }> {
  const events: RunEvent[] = [];
  for await (const event of handle) events.push(event);
  return { events, result: await handle.result };
}

export function eventsOf<T extends RunEvent['type']>(events: RunEvent[], type: T): Extract<RunEvent, { type: T }>[] {
  return events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);
}

/** Resolves at the first event matching `predicate`. */
export function waitForEvent(handle: RunHandle, predicate: (e: RunEvent) => boolean): Promise<RunEvent> {
  return (async () => {
    for await (const event of handle) if (predicate(event)) return event;
    throw new Error('the run ended before the expected event');
  })();
}
