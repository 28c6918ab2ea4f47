// Destination-bound secrets in the engine: which origins a binding covers, what the policy asks and
// remembers, and a run that refuses before anything reaches an unbound model server.
import { strict as assert } from 'node:assert';
import {
  createBindingPolicy,
  commandLinePolicy,
  parseSecretBinding,
  runFlow,
  type BindingAnswer,
  type SecretUse,
} from '../../../src/engine';
import { bindingCovers, normaliseBinding, ownDestinationOf } from '../../../src/engine/secrets/destinations';
import { buildFlow, collect } from '../../helpers/flow-builder';
import { WireServer } from '../llm/helpers/wire-server';

const use = (destination: string | undefined, kind: 'secret' | 'env' = 'secret'): SecretUse => ({
  kind,
  name: 'KEY',
  destination,
  nodeId: 'model',
  nodeType: 'llm.chat',
});

describe('secret destinations and bindings', () => {
  it('normalises bindings to origins and refuses what cannot receive a secret', () => {
    assert.equal(normaliseBinding('https://API.example.com/v1/chat?x=1'), 'https://api.example.com');
    assert.equal(normaliseBinding('http://127.0.0.1:8080/'), 'http://127.0.0.1:8080');
    assert.equal(normaliseBinding('https://*.OpenAI.azure.com:443'), 'https://*.openai.azure.com');
    assert.equal(normaliseBinding('mcp:fetch'), 'mcp:fetch');
    assert.throws(() => normaliseBinding('file:///etc/passwd'), /'file:' URLs cannot receive secrets/);
    assert.throws(() => normaliseBinding('not a url'), /is not a URL/);
  });

  it('matches a wildcard binding to whole subdomain labels on the same scheme and port only', () => {
    const azure = 'https://*.openai.azure.com';
    assert.ok(bindingCovers(azure, 'https://my-resource.openai.azure.com'));
    assert.ok(!bindingCovers(azure, 'http://my-resource.openai.azure.com'));
    assert.ok(!bindingCovers(azure, 'https://openai.azure.com.attacker.example'));
    assert.ok(!bindingCovers(azure, 'https://x.openai.azure.com:8443'));
    assert.ok(!bindingCovers('https://api.openai.com', 'https://api.openai.com.attacker.example'));
  });

  it('finds where a node sends its params: a model endpoint, an MCP server, or nowhere', () => {
    assert.equal(ownDestinationOf('llm.chat', { provider: 'openai' }), 'https://api.openai.com');
    assert.equal(ownDestinationOf('llm.chat', { provider: 'openai', baseURL: 'https://proxy.example/v1' }), 'https://proxy.example');
    assert.equal(ownDestinationOf('rag.embed', { provider: 'ollama' }), 'http://127.0.0.1:11434');
    assert.equal(ownDestinationOf('llm.chat', { provider: 'vscode' }), undefined);
    // The caller's model through sampling: a prompt goes back to whoever called the served flow.
    assert.equal(ownDestinationOf('llm.chat', { provider: 'mcp-client', model: 'any' }), 'mcp-client');
    assert.equal(normaliseBinding('mcp-client'), 'mcp-client');
    assert.equal(ownDestinationOf('mcp.tool', { server: 'fetch', tool: 'get' }), 'mcp:fetch');
    assert.equal(ownDestinationOf('text.template', { template: 'x' }), undefined);
    assert.throws(() => ownDestinationOf('llm.chat', { provider: 'openai-compatible' }), /needs params\.baseURL/);
  });

  it('parses --allow-secret values, saying what is wrong with a bad one', () => {
    assert.deepEqual(parseSecretBinding('KEY=https://api.example.com/v1'), { name: 'KEY', destination: 'https://api.example.com' });
    assert.throws(() => parseSecretBinding('KEY'), /expected NAME=ORIGIN/);
    assert.throws(() => parseSecretBinding('1KEY=https://x.example'), /not a secret name/);
  });

  it('allows the known providers by default, and other origins only when bound', async () => {
    const policy = commandLinePolicy([{ name: 'KEY', destination: 'http://127.0.0.1:9' }]);
    assert.deepEqual(await policy.check(use('https://api.anthropic.com')), { allowed: true });
    assert.deepEqual(await policy.check(use('http://127.0.0.1:9')), { allowed: true });
    const refused = await policy.check(use('https://attacker.example'));
    assert.equal(refused.allowed, false);
    assert.match(
      refused.allowed ? '' : refused.reason,
      /secret 'KEY' may not be sent to https:\/\/attacker\.example \(by node 'model'\).*--allow-secret KEY=https:\/\/attacker\.example/,
    );
    // The CLI user exported the variable for this command.
    assert.deepEqual(await policy.check(use('https://attacker.example', 'env')), { allowed: true });
  });

  it('asks once per destination, stores "always", and refuses on "deny"', async () => {
    const stored: string[] = [];
    const asked: string[] = [];
    const answers: BindingAnswer[] = ['always', 'deny', 'once'];
    const policy = createBindingPolicy({
      boundTo: () => stored,
      ask: async (u) => {
        asked.push(u.destination);
        return answers.shift()!;
      },
      bind: async (_kind, _name, destination) => void stored.push(destination),
      refuseEnvName: (name) => (name === 'KEY' ? undefined : `'${name}' is not allowed`),
      howToBind: () => 'bind it',
    });
    assert.deepEqual(await policy.check(use('https://a.example')), { allowed: true });
    assert.deepEqual(stored, ['https://a.example']);
    const denied = await policy.check(use('https://b.example'));
    assert.match(denied.allowed ? '' : denied.reason, /the user denied it; bind it/);
    // The same question is not asked twice in one run.
    assert.equal((await policy.check(use('https://b.example'))).allowed, false);
    assert.deepEqual(await policy.check(use('https://c.example')), { allowed: true });
    assert.deepEqual(asked, ['https://a.example', 'https://b.example', 'https://c.example']);
    const other = await policy.check({ ...use(undefined, 'env'), name: 'HOME' });
    assert.deepEqual(other, { allowed: false, reason: "'HOME' is not allowed" });
  });
});

describe('a run with a secret for an unbound model server', () => {
  let server: WireServer;
  before(async () => (server = await WireServer.start()));
  after(() => server.close());

  const flow = () =>
    buildFlow(
      {
        message: ['input.text', { name: 'message' }],
        model: ['llm.chat', { provider: 'openai-compatible', model: 'm', baseURL: `${server.url}/v1`, apiKey: '{{secret:KEY}}' }],
        out: ['output.text', { name: 'reply' }],
      },
      ['message.text -> model.prompt', 'model.text -> out.text'],
    );
  const secrets = { get: async (name: string) => (name === 'KEY' ? 'sk-run-binding-key' : undefined) };

  it('sends nothing and says which binding is missing; binding the origin lets the same run through', async () => {
    server.on('POST', '/v1/chat/completions', { json: { error: { message: 'no' } }, status: 401 });
    const refused = await collect(runFlow(flow(), { inputs: { message: 'hi' }, secrets }));
    assert.equal(refused.result.status, 'error');
    assert.match(refused.result.error?.message ?? '', new RegExp(`secret 'KEY' may not be sent to ${server.url.replace(/\./g, '\\.')}`));
    assert.equal(server.requests.length, 0);

    const allowed = await collect(
      runFlow(flow(), { inputs: { message: 'hi' }, secrets, secretPolicy: commandLinePolicy([{ name: 'KEY', destination: server.url }]) }),
    );
    assert.equal(allowed.result.status, 'error');
    assert.deepEqual(
      server.requests.map((r) => r.headers.authorization),
      ['Bearer sk-run-binding-key'],
    );
    assert.ok(!JSON.stringify(allowed).includes('sk-run-binding-key'), 'the key shows in no event or result');
  });
});

describe('a secret on its way to the model of the MCP client that called the flow', () => {
  const flow = () =>
    buildFlow(
      {
        message: ['input.text', { name: 'message' }],
        prompt: ['text.template', { template: 'token {{secret:KEY}}: {{message}}' }],
        model: ['llm.chat', { provider: 'mcp-client', model: 'caller' }],
        out: ['output.text', { name: 'reply' }],
      },
      ['message.text -> prompt.message', 'prompt.text -> model.prompt', 'model.text -> out.text'],
    );
  const secrets = { get: async (name: string) => (name === 'KEY' ? 'sk-caller-bound-key' : undefined) };

  it('is refused unless the secret is bound to mcp-client, before the caller is asked anything', async () => {
    const sampled: string[] = [];
    const caller = {
      id: 'mcp-client',
      languageModel: () => {
        sampled.push('asked');
        throw new Error('the caller was asked to sample');
      },
    };
    const refused = await collect(runFlow(flow(), { inputs: { message: 'hi' }, secrets, modelProviders: [caller] }));
    assert.equal(refused.result.status, 'error');
    assert.match(refused.result.error?.message ?? '', /secret 'KEY' may not be sent to mcp-client/);
    assert.deepEqual(sampled, []);

    await collect(
      runFlow(flow(), {
        inputs: { message: 'hi' },
        secrets,
        modelProviders: [caller],
        secretPolicy: commandLinePolicy([{ name: 'KEY', destination: 'mcp-client' }]),
      }),
    );
    assert.deepEqual(sampled, ['asked'], 'once bound, the prompt goes to the caller');
  });
});
