// `--allow-secret NAME=ORIGIN` (repeatable), shared by every command that runs flows: `run`, and the
// serving commands. Secrets go to the known providers' endpoints without it; anything else needs it.
import { commandLinePolicy, parseSecretBinding, type SecretBindingPolicy } from '../engine/secrets/binding-policy';
import { UsageError } from './usage';

/** The option for node:util parseArgs. */
export const allowSecretOption = { 'allow-secret': { type: 'string', multiple: true } } as const;

/** The policy for the --allow-secret values given (a UsageError names a malformed one). */
export function secretPolicyFromFlags(values: readonly string[] | undefined): SecretBindingPolicy {
  return commandLinePolicy(parseAllowSecretFlags(values));
}

export function parseAllowSecretFlags(values: readonly string[] | undefined): { name: string; destination: string }[] {
  return (values ?? []).map((value) => {
    try {
      return parseSecretBinding(value);
    } catch (error) {
      throw new UsageError(`--allow-secret: ${(error as Error).message}`);
    }
  });
}
