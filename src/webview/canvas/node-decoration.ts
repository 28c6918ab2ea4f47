// What a node's card shows beyond the node itself: its component, ports, run state, first problem
// and breakpoint. One store subscription per card, answered from the last answer while none of the
// state it reads has changed: during a drag only the nodes change, and with 1,000 cards in view
// five subscriptions each were 5,000 selectors run on every frame.
import type { ComponentView, NodePorts, Problem } from '../../protocol/messages';
import type { NodeRunView } from '../run/run-state';
import type { EditorState } from '../store/editor-store';

export interface NodeDecoration {
  component: ComponentView | undefined;
  ports: NodePorts | undefined;
  run: NodeRunView | undefined;
  /** The node's first error, else its first problem of any severity. */
  problem: Problem | undefined;
  hasBreakpoint: boolean;
}

type Sources = Pick<EditorState, 'componentsById' | 'catalog' | 'run' | 'problems' | 'breakpoints'>;

/** A selector for one node's decoration that returns the same object until the decoration changes. */
export function nodeDecorationSelector(id: string, type: string): (state: Sources) => NodeDecoration {
  let read: Sources | undefined;
  let last: NodeDecoration | undefined;
  return (state) => {
    if (
      last &&
      read &&
      read.componentsById === state.componentsById &&
      read.catalog === state.catalog &&
      read.run === state.run &&
      read.problems === state.problems &&
      read.breakpoints === state.breakpoints
    )
      return last;
    read = {
      componentsById: state.componentsById,
      catalog: state.catalog,
      run: state.run,
      problems: state.problems,
      breakpoints: state.breakpoints,
    };
    const next: NodeDecoration = {
      component: state.componentsById.get(type),
      ports: state.catalog?.nodePorts[id],
      run: state.run.nodes[id],
      problem: state.problems.find((p) => p.nodeId === id && p.severity === 'error') ?? state.problems.find((p) => p.nodeId === id),
      hasBreakpoint: state.breakpoints.includes(id),
    };
    if (
      last &&
      last.component === next.component &&
      last.ports === next.ports &&
      last.run === next.run &&
      last.problem === next.problem &&
      last.hasBreakpoint === next.hasBreakpoint
    )
      return last;
    last = next;
    return next;
  };
}
