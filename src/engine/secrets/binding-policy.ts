// Which destinations a secret (or an environment variable) may be sent to. The engine checks every
// resolved reference against a policy before a node runs; the host supplies the bindings and, in the
// editor, a prompt for destinations the user has not bound yet.
import { bindingCovers, DEFAULT_SECRET_ORIGINS, normaliseBinding } from './destinations';

export type ReferenceKind = 'secret' | 'env';

/** One reference about to be resolved for a node. */
export interface SecretUse {
  kind: ReferenceKind;
  name: string;
  /**
   * Where the value goes: an origin (`https://api.openai.com`) or `mcp:SERVER`. Undefined when the
   * node and everything downstream of it send nothing out (the value stays in the run, whose outputs are masked).
   */
  destination: string | undefined;
  nodeId: string;
  nodeType: string;
  /** The flow file, when known. */
  file?: string;
}

export type BindingDecision = { allowed: true } | { allowed: false; reason: string };

export interface SecretBindingPolicy {
  check(use: SecretUse): Promise<BindingDecision>;
}

/** The user's answer to "send this value to an origin it is not bound to?". */
export type BindingAnswer = 'once' | 'always' | 'deny';

export interface BindingPolicyOptions {
  /** Destinations stored for this secret or variable; undefined when none are stored, so the defaults apply. */
  boundTo(kind: ReferenceKind, name: string): readonly string[] | undefined;
  /** The CLI's view: variables the user exported for this command are theirs to send anywhere. */
  isEnvTrusted?: boolean;
  /** A reason to refuse an environment variable by name alone (the editor's allow-list); undefined to go on. */
  refuseEnvName?(name: string): string | undefined;
  /** Asks about an unbound destination; without it such a use is refused. */
  ask?(use: SecretUse & { destination: string }): Promise<BindingAnswer>;
  /** Stores a binding the user chose with "allow always". */
  bind?(kind: ReferenceKind, name: string, destination: string): Promise<void>;
  /** How to add the missing binding, ending the refusal: "pass --allow-secret NAME=ORIGIN", say. */
  howToBind(use: SecretUse & { destination: string }): string;
}

export class SecretBindingError extends Error {
  constructor(
    readonly use: SecretUse,
    reason: string,
  ) {
    super(reason);
  }
}

/** Destinations of a binding list (defaults when none are stored) cover this destination. */
export function isBound(bindings: readonly string[] | undefined, destination: string): boolean {
  return (bindings ?? DEFAULT_SECRET_ORIGINS).some((binding) => bindingCovers(binding, destination));
}

/**
 * A policy over stored bindings. Answers are remembered for the life of the policy (one run in the
 * editor), so "allow once" covers the run's retries and parallel nodes and a refusal is asked once.
 */
export function createBindingPolicy(options: BindingPolicyOptions): SecretBindingPolicy {
  const answers = new Map<string, Promise<BindingDecision>>();
  return {
    async check(use) {
      if (use.kind === 'env') {
        const refusal = options.refuseEnvName?.(use.name);
        if (refusal) return { allowed: false, reason: refusal };
        if (options.isEnvTrusted) return { allowed: true };
      }
      const destination = use.destination;
      if (destination === undefined) return { allowed: true };
      if (isBound(options.boundTo(use.kind, use.name), destination)) return { allowed: true };
      const key = `${use.kind}:${use.name}\n${destination}`;
      let answer = answers.get(key);
      if (!answer) {
        answer = decide(options, { ...use, destination });
        answers.set(key, answer);
      }
      return answer;
    },
  };
}

async function decide(options: BindingPolicyOptions, use: SecretUse & { destination: string }): Promise<BindingDecision> {
  const what = use.kind === 'secret' ? `secret '${use.name}'` : `environment variable '${use.name}'`;
  const where = `node '${use.nodeId}'${use.file ? ` of ${use.file}` : ''}`;
  const refused = (why: string): BindingDecision => ({
    allowed: false,
    reason: `${what} may not be sent to ${use.destination} (by ${where}): ${why}; ${options.howToBind(use)}`,
  });
  if (!options.ask) return refused('it is not bound to that destination');
  const answer = await options.ask(use);
  if (answer === 'deny') return refused('the user denied it');
  if (answer === 'always') await options.bind?.(use.kind, use.name, use.destination);
  return { allowed: true };
}

/** Parses `NAME=ORIGIN` (as given to --allow-secret); throws with what is wrong. */
export function parseSecretBinding(text: string): { name: string; destination: string } {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1)
    throw new Error(`expected NAME=ORIGIN (such as OPENAI_API_KEY=https://api.openai.com), got '${text}'`);
  const name = text.slice(0, eq).trim();
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) throw new Error(`'${name}' is not a secret name (letters, digits, _ . -)`);
  try {
    return { name, destination: normaliseBinding(text.slice(eq + 1)) };
  } catch (error) {
    throw new Error(
      `${name}: ${(error as Error).message}; give an origin such as https://api.example.com, https://*.example.com or mcp:SERVER`,
    );
  }
}

/**
 * The policy of the CLI and of served flows: secrets go to the known providers' endpoints and to the
 * destinations given with --allow-secret; nothing asks. Environment variables the user exported for
 * the command are trusted.
 */
export function commandLinePolicy(
  allowed: readonly { name: string; destination: string }[],
  howToBind = cliHowToBind,
): SecretBindingPolicy {
  return createBindingPolicy({
    isEnvTrusted: true,
    boundTo: (kind, name) => {
      const extra = allowed.filter((binding) => binding.name === name).map((binding) => binding.destination);
      return [...DEFAULT_SECRET_ORIGINS, ...extra];
    },
    howToBind,
  });
}

function cliHowToBind(use: SecretUse & { destination: string }): string {
  return `to allow it, pass --allow-secret ${use.name}=${use.destination}`;
}
