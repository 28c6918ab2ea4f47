// Reading a flow file a command or the server was pointed at, in bounded time and memory: a pipe, a
// device or a file larger than the parse limit is refused from its handle's fstat, before any read.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { describeSize } from '../files/file-rules';
import { MAX_FLOW_TEXT_LENGTH } from './limits';

// Opening a FIFO without O_NONBLOCK waits for a writer that may never come.
const NONBLOCK = constants.O_NONBLOCK ?? 0;

/** Why a flow file could not be read; the message starts with the file as it was given. */
export class FlowFileReadError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'FlowFileReadError';
  }
}

/** The text of `file`, if it is a regular file of at most `maxBytes` (the parse limit by default). */
export async function readFlowFileText(file: string, maxBytes: number = MAX_FLOW_TEXT_LENGTH): Promise<string> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FlowFileReadError(
      file,
      code === 'ENOENT' ? 'cannot read the flow file: no such file' : `cannot read the flow file: ${code ?? (error as Error).message}`,
    );
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new FlowFileReadError(file, 'is a folder, not a flow file');
    if (!stat.isFile()) throw new FlowFileReadError(file, 'is not a regular file (pipes, sockets and devices are refused)');
    const tooLarge = () => new FlowFileReadError(file, `the flow file is larger than the limit of ${describeSize(maxBytes)}`);
    if (stat.size > maxBytes) throw tooLarge();
    // The file may grow between fstat and read: one byte more than allowed is enough to know.
    const buffer = Buffer.allocUnsafe(Math.min(stat.size, maxBytes) + 1);
    let total = 0;
    while (total < buffer.length) {
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    if (total > maxBytes) throw tooLarge();
    return buffer.toString('utf8', 0, total);
  } catch (error) {
    if (error instanceof FlowFileReadError) throw error;
    throw new FlowFileReadError(file, `cannot read the flow file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  } finally {
    await handle.close();
  }
}
