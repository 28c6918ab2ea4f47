// What the code.js sandbox worker answers for one job.
export type SandboxReply =
  /** Sent once, when the interpreter is loaded; a job's time starts only then. */
  { type: 'ready' } | { type: 'log'; line: string } | { type: 'done'; value: unknown } | { type: 'failed'; message: string; line?: number };
