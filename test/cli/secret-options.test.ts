// The shared --allow-secret parsing, for `run` and the serving commands.
import { strict as assert } from 'node:assert';
import { parseAllowSecretFlags, secretPolicyFromFlags, servedSecretPolicyFromFlags } from '../../src/cli/secret-options';
import { UsageError } from '../../src/cli/usage';

const use = { kind: 'secret' as const, name: 'KEY', destination: 'http://127.0.0.1:8080', nodeId: 'model', nodeType: 'llm.chat' };

describe('--allow-secret', () => {
  it('parses repeated NAME=ORIGIN values into bindings, and a bad one into a usage error', () => {
    assert.deepEqual(parseAllowSecretFlags(['KEY=http://127.0.0.1:8080/v1', 'TOOL=mcp:fetch']), [
      { name: 'KEY', destination: 'http://127.0.0.1:8080' },
      { name: 'TOOL', destination: 'mcp:fetch' },
    ]);
    assert.deepEqual(parseAllowSecretFlags(undefined), []);
    assert.throws(
      () => parseAllowSecretFlags(['KEY=javascript:alert(1)']),
      (error: unknown) => error instanceof UsageError && /--allow-secret: KEY: 'javascript:'/.test(error.message),
    );
  });

  it('binds only the named secret to the given origin', async () => {
    const policy = secretPolicyFromFlags(['KEY=http://127.0.0.1:8080']);
    assert.deepEqual(await policy.check(use), { allowed: true });
    const other = await policy.check({ ...use, name: 'OTHER' });
    assert.equal(other.allowed, false);
    assert.match(other.allowed ? '' : other.reason, /pass --allow-secret OTHER=http:\/\/127\.0\.0\.1:8080$/);
  });

  it('tells the operator of a served flow which binding is missing', async () => {
    const refused = await servedSecretPolicyFromFlags([]).check(use);
    assert.match(
      refused.allowed ? '' : refused.reason,
      /the server has no binding KEY=http:\/\/127\.0\.0\.1:8080; its operator can start it with --allow-secret KEY=/,
    );
  });
});
