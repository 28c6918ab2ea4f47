// The name a new flow gets in New Flow…: checked while it is typed (a name, and not a file that exists),
// so a taken or invalid name is fixed in the box instead of failing after the other questions.
import * as vscode from 'vscode';

export function isFlowName(name: string): boolean {
  return /^[\w-][\w.-]*$/.test(name) && !name.includes('..');
}

export function flowFileOf(folder: vscode.Uri, name: string): vscode.Uri {
  return vscode.Uri.joinPath(folder, `${name}.flow.json`);
}

/** Why `name` cannot be a new flow in `folder`, or undefined when it can. */
export async function flowNameProblem(folder: vscode.Uri, name: string): Promise<string | undefined> {
  if (name === '') return 'type a name for the flow';
  // A name names a file in the folder, never a path.
  if (!isFlowName(name)) return `"${name}" is not a flow name: use letters, digits, _ . - (not starting with a dot)`;
  const uri = flowFileOf(folder, name);
  if (await exists(uri)) return `${vscode.workspace.asRelativePath(uri)} already exists: choose another name`;
  return undefined;
}

/** A name that is free in `folder`: "flow", then "flow-2", "flow-3"… */
export async function freeFlowName(folder: vscode.Uri, base = 'flow'): Promise<string> {
  for (let n = 1; n <= 100; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (!(await exists(flowFileOf(folder, name)))) return name;
  }
  return base;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}
