// Where `mcp serve --http` takes its bearer token from: --token, --token-file or FLOWSTUDIO_TOKEN
// (the last two keep it out of the process list). A blank or short token is refused, not served.
import { readFile, stat } from 'node:fs/promises';
import { staticTokenProblem } from '../server';
import { UsageError } from './usage';

export const TOKEN_VARIABLE = 'FLOWSTUDIO_TOKEN';

export interface TokenSources {
  token?: string;
  tokenFile?: string;
  env: NodeJS.ProcessEnv;
}

export interface ChosenToken {
  token: string;
  /** Where it came from, to name in messages (never the token itself). */
  source: string;
  warnings: string[];
}

/** The token the caller chose, checked; undefined when none was given (one is made, or OIDC is used). */
export async function chosenToken({ token, tokenFile, env }: TokenSources): Promise<ChosenToken | undefined> {
  if (token !== undefined && tokenFile !== undefined) throw new UsageError('mcp serve: pass --token or --token-file, not both');
  let chosen: ChosenToken | undefined;
  if (token !== undefined) {
    chosen = {
      token,
      source: '--token',
      warnings: [`--token shows in the process list to other users of this machine; --token-file FILE or ${TOKEN_VARIABLE} do not`],
    };
  } else if (tokenFile !== undefined) {
    chosen = { token: await readTokenFile(tokenFile), source: `--token-file ${tokenFile}`, warnings: await tokenFileWarnings(tokenFile) };
  } else if (env[TOKEN_VARIABLE] !== undefined) {
    chosen = { token: env[TOKEN_VARIABLE], source: TOKEN_VARIABLE, warnings: [] };
  }
  if (!chosen) return undefined;
  const problem = staticTokenProblem(chosen.token);
  if (problem) throw new UsageError(`mcp serve: ${chosen.source}: ${problem}`);
  return chosen;
}

async function readTokenFile(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `mcp serve: cannot read --token-file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  // One line ending, as `echo` and editors leave it, is not part of the token; nothing else is dropped.
  return text.replace(/\r?\n$/, '');
}

async function tokenFileWarnings(file: string): Promise<string[]> {
  const info = await stat(file).catch(() => undefined);
  if (!info || process.platform === 'win32' || (info.mode & 0o077) === 0) return [];
  return [`--token-file ${file} is readable by other users (mode ${(info.mode & 0o777).toString(8)}); chmod 600 it`];
}
