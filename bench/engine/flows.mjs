// Flow shapes for the engine benchmark, built in memory.

const at = (i) => ({ x: i * 10, y: 0 });

/** input -> N text.template nodes in a chain -> output */
export function templateChain(length) {
  const nodes = [{ id: 'in', type: 'input.text', position: at(0), params: { name: 'x' } }];
  const edges = [];
  let previous = 'in';
  for (let i = 0; i < length; i++) {
    const id = `t${i}`;
    nodes.push({ id, type: 'text.template', position: at(i + 1), params: { template: '{{v}}' } });
    edges.push({ id: `e${i}`, source: previous, sourceHandle: 'text', target: id, targetHandle: 'v' });
    previous = id;
  }
  nodes.push({ id: 'out', type: 'output.text', position: at(length + 1), params: { name: 'r' } });
  edges.push({ id: 'e-out', source: previous, sourceHandle: 'text', target: 'out', targetHandle: 'text' });
  return { version: 1, name: `chain-${length}`, nodes, edges };
}

/** input -> N parallel templates -> text.join -> output */
export function fanOutFanIn(width) {
  const nodes = [
    { id: 'in', type: 'input.text', position: at(0), params: { name: 'x' } },
    { id: 'join', type: 'text.join', position: at(2), params: { separator: '' } },
    { id: 'out', type: 'output.text', position: at(3), params: { name: 'r' } },
  ];
  const edges = [{ id: 'e-out', source: 'join', sourceHandle: 'text', target: 'out', targetHandle: 'text' }];
  for (let i = 0; i < width; i++) {
    nodes.push({ id: `b${i}`, type: 'text.template', position: at(1), params: { template: '{{v}}' } });
    edges.push({ id: `a${i}`, source: 'in', sourceHandle: 'text', target: `b${i}`, targetHandle: 'v' });
    edges.push({ id: `j${i}`, source: `b${i}`, sourceHandle: 'text', target: 'join', targetHandle: 'items' });
  }
  return { version: 1, name: `fan-${width}`, nodes, edges };
}

/** input -> N parallel util.delay(ms) -> text.join -> output */
export function parallelDelays(count, ms) {
  const flow = fanOutFanIn(count);
  for (const node of flow.nodes) if (node.type === 'text.template') Object.assign(node, { type: 'util.delay', params: { ms } });
  for (const edge of flow.edges) if (edge.targetHandle === 'v') edge.targetHandle = 'value';
  for (const edge of flow.edges) if (edge.source.startsWith('b')) edge.sourceHandle = 'value';
  return flow;
}
