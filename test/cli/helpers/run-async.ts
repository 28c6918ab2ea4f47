// Runs a command without blocking this process, so a local model server in the test can answer it.
import { spawn } from 'node:child_process';

export interface Finished {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunAsyncOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Typed into stdin once `when` shows on stdout (a prompt); without it stdin is closed at once. */
  reply?: { when: RegExp; type: string };
}

export function runAsync(command: string, args: string[], options: RunAsyncOptions): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    let hasReplied = false;
    const { reply } = options;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (reply && !hasReplied && reply.when.test(stdout)) {
        hasReplied = true;
        child.stdin.write(reply.type);
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    if (!reply) child.stdin.end();
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
