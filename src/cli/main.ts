// The `flowstudio` command: argument dispatch over the engine. Output formatting lives with each command.
import { runCommand } from './commands/run';
import { validateCommand } from './commands/validate';
import { createCommand } from './commands/create';
import { mcpCommand } from './commands/mcp';
import { testCommand } from './commands/test';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { EXIT_INVALID, USAGE, UsageError } from './usage';
import { version } from '../../package.json';

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return command === undefined ? EXIT_INVALID : 0;
    case '-v':
    case '--version':
      process.stdout.write(`${version}\n`);
      return 0;
    case 'run':
      return runCommand(rest);
    case 'validate':
      return validateCommand(rest);
    case 'create':
      return createCommand(rest);
    case 'mcp':
      return mcpCommand(rest);
    case 'test':
      return testCommand(rest);
    case 'export':
      return exportCommand(rest);
    case 'import':
      return importCommand(rest);
    default:
      throw new UsageError(`unknown command '${command}'\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`flowstudio: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      // A stack trace helps only whoever debugs the CLI itself; FLOWSTUDIO_DEBUG=1 shows it.
      const detail =
        error instanceof Error ? (process.env.FLOWSTUDIO_DEBUG === '1' ? (error.stack ?? error.message) : error.message) : String(error);
      process.stderr.write(`flowstudio: unexpected error: ${detail}\n`);
      process.exitCode = EXIT_INVALID;
    }
  },
);
