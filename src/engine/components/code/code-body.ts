// How a code.js body becomes a function, shared by the syntax check in the host and the sandbox worker
// (kept apart so the host's bundles do not pull in the interpreter).

/** The user's function body as a function expression; it starts on the first line, so line numbers stay the user's. */
export function wrapBody(code: string): string {
  return `(function (input) {${code}\n})`;
}
