// Which of the inspector's fields a problem belongs to, read from the problem's path in the flow
// file (['nodes', 3, 'params', 'arguments', 'city'] is the `arguments` param of node 3), never from
// the words of its message. A problem at no field the inspector shows is listed under Problems.
import type { Problem } from '../../protocol/messages';

/** The field a node's problem is about: 'label', or `params.NAME`; undefined for the node as a whole. */
export function problemField(problem: Pick<Problem, 'path'>): string | undefined {
  const path = problem.path;
  if (!path || path[0] !== 'nodes' || typeof path[1] !== 'number') return undefined;
  if (path[2] === 'label') return 'label';
  if (path[2] === 'params' && typeof path[3] === 'string') return `params.${path[3]}`;
  return undefined;
}

export interface PlacedProblems {
  /** Problems by field ('label', `params.NAME`), in the order they came. */
  byField: ReadonlyMap<string, readonly Problem[]>;
  /** The rest: about the node as a whole, or about a field the inspector does not show. */
  general: readonly Problem[];
}

/** Places a node's problems next to the inspector's fields (`fields`: 'label' and `params.NAME`); the rest are general. */
export function placeProblems(problems: readonly Problem[], fields: ReadonlySet<string>): PlacedProblems {
  const byField = new Map<string, Problem[]>();
  const general: Problem[] = [];
  for (const problem of problems) {
    const field = problemField(problem);
    if (field !== undefined && fields.has(field)) {
      const list = byField.get(field);
      if (list) list.push(problem);
      else byField.set(field, [problem]);
    } else {
      general.push(problem);
    }
  }
  return { byField, general };
}

/** The text shown under a field: its problems' messages, one per line. */
export function fieldProblemText(placed: PlacedProblems, field: string): string | undefined {
  const problems = placed.byField.get(field);
  return problems?.length ? problems.map((p) => p.message).join('\n') : undefined;
}
