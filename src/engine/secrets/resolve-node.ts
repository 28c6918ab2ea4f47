// The one place a node's `{{secret:}}`/`{{env:}}` references become values: read them, find where the
// node sends them, check each against the binding policy, and register every value with the run's
// redactor before anything can echo it.
import { DestinationError, ownDestinationOf } from './destinations';
import { SecretBindingError, type SecretBindingPolicy } from './binding-policy';
import type { Redactor } from './redactor';
import { readReferences, referencesIn, substituteReferences, type ReferenceSources } from './references';

export interface ReferenceResolver extends ReferenceSources {
  policy: SecretBindingPolicy;
  redactor: Redactor;
}

export interface ReferenceSite {
  nodeId: string;
  nodeType: string;
  /** The node's params as written, references unresolved. */
  params: unknown;
  file?: string;
  /**
   * Where the node's outputs may carry a value on to, for a node that sends nothing itself (a
   * template feeding a model, say): the destinations of the nodes downstream of it.
   */
  downstreamDestinations(): readonly string[];
}

/** The node's params with references resolved; throws MissingSecretError or SecretBindingError. */
export async function resolveNodeReferences(site: ReferenceSite, resolver: ReferenceResolver): Promise<unknown> {
  const references = referencesIn(site.params);
  const values = await readReferences(references, resolver);
  for (const reference of references) resolver.redactor.add(values.get(`${reference.kind}:${reference.name}`) ?? '', reference.kind);
  const resolved = substituteReferences(site.params, values);

  let destinations: readonly (string | undefined)[];
  try {
    const own = ownDestinationOf(site.nodeType, resolved);
    destinations = own !== undefined ? [own] : site.downstreamDestinations();
  } catch (error) {
    if (!(error instanceof DestinationError)) throw error;
    const first = references[0]!;
    throw new SecretBindingError(
      { ...first, destination: undefined, nodeId: site.nodeId, nodeType: site.nodeType, ...(site.file ? { file: site.file } : {}) },
      `{{${first.kind}:${first.name}}} cannot be sent by node '${site.nodeId}': ${error.message}`,
    );
  }
  if (destinations.length === 0) destinations = [undefined];
  for (const reference of references) {
    for (const destination of destinations) {
      const use = { ...reference, destination, nodeId: site.nodeId, nodeType: site.nodeType, ...(site.file ? { file: site.file } : {}) };
      const decision = await resolver.policy.check(use);
      if (!decision.allowed) throw new SecretBindingError(use, decision.reason);
    }
  }
  return resolved;
}

/** Where a node sends its params by itself, ignoring ones that cannot be known before its references resolve. */
export function destinationOfUnresolved(nodeType: string, params: unknown): string | undefined {
  try {
    return ownDestinationOf(nodeType, params);
  } catch (error) {
    if (error instanceof DestinationError) return `an endpoint of node type ${nodeType} that is not a URL`;
    throw error;
  }
}
