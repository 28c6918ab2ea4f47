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

/** The same for a serving command: a caller cannot add bindings, so the refusal tells the operator how. */
export function servedSecretPolicyFromFlags(values: readonly string[] | undefined): SecretBindingPolicy {
  return commandLinePolicy(
    parseAllowSecretFlags(values),
    (use) =>
      `the server has no binding ${use.name}=${use.destination}; its operator can start it with --allow-secret ${use.name}=${use.destination}`,
  );
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
