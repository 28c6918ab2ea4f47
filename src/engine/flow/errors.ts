// Errors about a flow file, with the structured position the editor and the CLI print as file:line:col.
import type { JsonPath, SourcePosition } from './source';

export interface FlowProblem {
  message: string;
  path: JsonPath;
  position?: SourcePosition;
}

export class FlowError extends Error {
  override readonly name = 'FlowError';

  constructor(
    readonly file: string | undefined,
    readonly problems: FlowProblem[],
    readonly code: 'syntax' | 'schema' | 'version' | 'limit',
  ) {
    super(problems.map((p) => formatProblem(file, p)).join('\n'));
  }

  get line(): number | undefined {
    return this.problems[0]?.position?.line;
  }

  get column(): number | undefined {
    return this.problems[0]?.position?.column;
  }
}

export function formatLocation(file: string | undefined, position: SourcePosition | undefined): string {
  const name = file ?? '<flow>';
  return position ? `${name}:${position.line}:${position.column}` : name;
}

function formatProblem(file: string | undefined, problem: FlowProblem): string {
  return `${formatLocation(file, problem.position)}: ${problem.message}`;
}
