// Runs the cases of test suites: many at once (`concurrency`), each flow's MCP servers from one pool
// shared by all its cases, results in the order the cases are written whatever order they finish in.
import { performance } from 'node:perf_hooks';
import { coreRegistry } from '../components/core';
import type { ComponentRegistry } from '../components/registry';
import type { ModelUsage, RunError, RunEvent, RunResult, RunStatus } from '../executor/events';
import { runFlow, type RunHandle, type RunOptions } from '../executor/run-flow';
import type { SourcePosition } from '../flow/source';
import { serversUsedBy, type McpAccess } from '../mcp/access';
import type { JudgeModel } from './assertion';
import { checkAssertion, type Grade } from './check-assertion';
import { gradeWithJudge } from './judge';
import type { TestCase, TestSuite } from './load-suite';

/** Cases run at once when the caller does not say: model calls wait on the network, not the CPU. */
export const DEFAULT_TEST_CONCURRENCY = 4;

export type HostRunOptions = Pick<
  RunOptions,
  'secrets' | 'secretPolicy' | 'env' | 'modelProviders' | 'redactor' | 'files' | 'approval' | 'humanInput' | 'nodeTimeoutMs'
>;

export interface TestRunOptions extends HostRunOptions {
  concurrency?: number;
  registry?: ComponentRegistry;
  /** The MCP servers for a flow's mcp.* nodes; asked once per suite that uses any, and shared by its cases. */
  mcp?: (flowFile: string) => Promise<McpAccess | undefined>;
  /** The model judges use when neither the assertion nor the test file names one (the editor's own). */
  judge?: JudgeModel;
  signal?: AbortSignal;
  onCaseStart?(suite: TestSuite, testCase: TestCase): void;
  onCaseEnd?(suite: TestSuite, result: CaseResult): void;
  /** Starts a case's run some other way (the editor's debugger); by default runFlow with these options. */
  startRun?(suite: TestSuite, testCase: TestCase, options: RunOptions): Promise<Pick<RunHandle, 'result'>>;
}

export interface CaseFailure {
  /** The output the assertion is on; absent for the run's status. */
  output?: string;
  message: string;
  expected?: unknown;
  actual?: unknown;
  /** A judge's reason. */
  reason?: string;
}

export interface Judgement {
  output: string;
  pass: boolean;
  reason: string;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface CaseResult {
  name: string;
  index: number;
  status: 'passed' | 'failed';
  /** The flow run's executor time. */
  durationMs: number;
  runStatus: RunStatus;
  outputs: Record<string, unknown>;
  error?: RunError;
  failures: CaseFailure[];
  judgements: Judgement[];
  /** Tokens the flow's models reported; judges' tokens are counted apart. */
  usage: TokenUsage;
  judgeUsage: TokenUsage;
  /** Dollars, from the test file's pricing, when a priced model reported usage. */
  cost?: number;
  position?: SourcePosition;
  row?: { file: string; line: number };
}

export interface SuiteResult {
  file: string;
  flowFile: string;
  cases: CaseResult[];
}

export interface TestSummary {
  total: number;
  passed: number;
  failed: number;
  /** passed / total, 0..1 (1 for no cases). */
  passRate: number;
  durationMs: number;
  usage: TokenUsage;
  judgeUsage: TokenUsage;
  cost?: number;
}

export interface TestReport {
  startedAt: string;
  suites: SuiteResult[];
  summary: TestSummary;
}

export async function runTestSuites(suites: readonly TestSuite[], options: TestRunOptions = {}): Promise<TestReport> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const registry = options.registry ?? coreRegistry();
  const jobs = suites.flatMap((suite, s) => suite.cases.map((testCase) => ({ s, suite, testCase })));
  const results: CaseResult[][] = suites.map((suite) => new Array<CaseResult>(suite.cases.length));
  const pools = new Map<TestSuite, Promise<McpAccess | undefined>>();
  const mcpOf = (suite: TestSuite) => {
    if (!options.mcp || serversUsedBy(suite.flow.nodes).length === 0) return Promise.resolve(undefined);
    let pool = pools.get(suite);
    if (!pool) pools.set(suite, (pool = options.mcp(suite.flowFile)));
    return pool;
  };
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const { s, suite, testCase } = jobs[next++]!;
      options.onCaseStart?.(suite, testCase);
      const result = await runCase(suite, testCase, registry, await mcpOf(suite), options);
      results[s]![testCase.index] = result;
      options.onCaseEnd?.(suite, result);
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? DEFAULT_TEST_CONCURRENCY, jobs.length || 1));
  await Promise.all(Array.from({ length: concurrency }, worker));
  const suiteResults = suites.map((suite, s) => ({ file: suite.file, flowFile: suite.flowFile, cases: results[s]! }));
  return { startedAt, suites: suiteResults, summary: summarize(suiteResults, performance.now() - started) };
}

export async function runCase(
  suite: TestSuite,
  testCase: TestCase,
  registry: ComponentRegistry,
  mcp: McpAccess | undefined,
  options: TestRunOptions,
): Promise<CaseResult> {
  const usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
  const judgeUsage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
  let cost: number | undefined;
  const addUsage = (into: TokenUsage, model: string, reported: ModelUsage) => {
    into.inputTokens += reported.inputTokens ?? 0;
    into.outputTokens += reported.outputTokens ?? 0;
    const price = suite.test.pricing?.[model];
    if (price) cost = (cost ?? 0) + ((reported.inputTokens ?? 0) * price.input + (reported.outputTokens ?? 0) * price.output) / 1e6;
  };
  const base = {
    name: testCase.name,
    index: testCase.index,
    ...(testCase.position ? { position: testCase.position } : {}),
    ...(testCase.row ? { row: testCase.row } : {}),
  };
  if (testCase.problems.length > 0) {
    return {
      ...base,
      status: 'failed',
      durationMs: 0,
      runStatus: 'error',
      outputs: {},
      failures: testCase.problems.map((message) => ({ message })),
      judgements: [],
      usage,
      judgeUsage,
    };
  }

  const host = hostOptionsOf(options);
  const runOptions: RunOptions = {
    ...host,
    inputs: testCase.inputs,
    registry,
    file: suite.flowFile,
    ...(mcp ? { mcp } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    recordEvents: false,
    // Listening makes the executor build every node's events; a flow of plain core nodes reports no usage.
    ...(callsNoModel(suite)
      ? {}
      : {
          onEvent: (event: RunEvent) => {
            if (event.type === 'node.model-call') addUsage(usage, event.model, event.usage);
          },
        }),
  };
  const handle = options.startRun ? await options.startRun(suite, testCase, runOptions) : runFlow(suite.flow, runOptions);
  const result: RunResult = await handle.result;

  const failures: CaseFailure[] = [];
  const judgements: Judgement[] = [];
  const expected = testCase.expectations;
  const hasExpectedStatus = (result.status === 'ok') === (expected.status === 'ok');
  if (!hasExpectedStatus) {
    failures.push(
      expected.status === 'ok'
        ? {
            message:
              `the run ${result.status === 'cancelled' ? 'was cancelled' : 'failed'}` +
              `${result.error?.nodeId ? ` at node '${result.error.nodeId}'` : ''}: ${result.error?.message ?? ''}`,
          }
        : {
            message: 'expected the run to fail, but it succeeded',
            expected: { $status: 'error' },
            actual: { $status: 'ok', outputs: result.outputs },
          },
    );
  } else {
    for (const { output, assertion } of expected.outputs) {
      const actual = result.outputs[output];
      let judged: Judgement | undefined;
      const grade: Grade = async (judge, value) => {
        const verdict = await gradeWithJudge({
          judge,
          defaults: [options.judge ?? {}, suite.test.judge ?? {}],
          output,
          actual: value,
          inputs: testCase.inputs,
          run: { ...host, registry, ...(options.signal ? { signal: options.signal } : {}) },
          onUsage: (model, reported) => addUsage(judgeUsage, model, reported),
        });
        judged = { output, ...verdict };
        return verdict;
      };
      const outcome = await checkAssertion(assertion, actual, grade);
      if (judged) judgements.push(judged);
      if (!outcome.pass) {
        failures.push({
          output,
          message:
            actual === undefined && !(output in result.outputs)
              ? `${output}: no value (the output was not reached); ${outcome.message}`
              : `${output}: ${outcome.message}`,
          ...(outcome.expected !== undefined ? { expected: outcome.expected } : {}),
          actual,
          ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
        });
      }
    }
  }
  return {
    ...base,
    status: failures.length === 0 ? 'passed' : 'failed',
    durationMs: result.durationMs,
    runStatus: result.status,
    outputs: result.outputs,
    ...(result.error ? { error: result.error } : {}),
    failures,
    judgements,
    usage,
    judgeUsage,
    ...(cost !== undefined ? { cost } : {}),
  };
}

/** Node types that never call a model; anything else (llm.*, agent, flow.run, mcp.*, rag.*, unknown) may. */
const MODEL_FREE_TYPES = /^(input|output|text|json|logic|util)\./;
const modelFree = new WeakMap<TestSuite, boolean>();

function callsNoModel(suite: TestSuite): boolean {
  let known = modelFree.get(suite);
  if (known === undefined) modelFree.set(suite, (known = suite.flow.nodes.every((node) => MODEL_FREE_TYPES.test(node.type))));
  return known;
}

const hostOptionsByRun = new WeakMap<TestRunOptions, HostRunOptions>();

/** The run services a case passes on, picked once per test run. */
function hostOptionsOf(options: TestRunOptions): HostRunOptions {
  let host = hostOptionsByRun.get(options);
  if (!host) hostOptionsByRun.set(options, (host = hostOptions(options)));
  return host;
}

function hostOptions(options: TestRunOptions): HostRunOptions {
  const { secrets, secretPolicy, env, modelProviders, redactor, files, approval, humanInput, nodeTimeoutMs } = options;
  const picked: HostRunOptions = { secrets, secretPolicy, env, modelProviders, redactor, files, approval, humanInput, nodeTimeoutMs };
  for (const key of Object.keys(picked) as (keyof HostRunOptions)[]) if (picked[key] === undefined) delete picked[key];
  return picked;
}

export function summarize(suites: readonly SuiteResult[], durationMs: number): TestSummary {
  const cases = suites.flatMap((s) => s.cases);
  const passed = cases.filter((c) => c.status === 'passed').length;
  const sum = (pick: (c: CaseResult) => TokenUsage): TokenUsage => ({
    inputTokens: cases.reduce((n, c) => n + pick(c).inputTokens, 0),
    outputTokens: cases.reduce((n, c) => n + pick(c).outputTokens, 0),
  });
  const priced = cases.filter((c) => c.cost !== undefined);
  return {
    total: cases.length,
    passed,
    failed: cases.length - passed,
    passRate: cases.length === 0 ? 1 : passed / cases.length,
    durationMs,
    usage: sum((c) => c.usage),
    judgeUsage: sum((c) => c.judgeUsage),
    ...(priced.length > 0 ? { cost: priced.reduce((n, c) => n + c.cost!, 0) } : {}),
  };
}

/** One line per failure, as a report prints it under the case. */
export function describeFailure(failure: CaseFailure): string {
  const reason = failure.reason !== undefined && !failure.message.includes(failure.reason) ? ` (judge: ${failure.reason})` : '';
  return `${failure.message}${reason}`;
}
