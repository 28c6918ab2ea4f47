// A test file made ready to run: its flow read and parsed, its dataset rows turned into cases, and the
// names it uses checked against the flow (unknown flow, unknown output or input), each at file:line:col.
import * as path from 'node:path';
import { FlowError, type FlowProblem } from '../flow/errors';
import { flowInterface, type FlowInterface, type FlowInterfacePort } from '../flow/interface';
import { parseFlow } from '../flow/parse';
import { readFlowFileText } from '../flow/read-flow-file';
import type { Flow } from '../flow/schema';
import { positionOfPath, type JsonPath, type SourcePosition } from '../flow/source';
import { coreRegistry } from '../components/core';
import type { ComponentRegistry } from '../components/registry';
import { DatasetError, readBoundedText, readDataset, type DatasetRow } from './dataset';
import {
  MAX_TEST_FILE_BYTES,
  readTestFile,
  readExpectations,
  STATUS_KEY,
  substituteRow,
  TestFileError,
  type Expectations,
  type ParsedTestFile,
  type TestFile,
} from './test-file';

export interface TestCase {
  /** Unique in its file: the case's name, or `row N` for the Nth dataset row. */
  name: string;
  /** Place in the run's order: cases first, then dataset rows. */
  index: number;
  inputs: Record<string, unknown>;
  expectations: Expectations;
  /** Where the case is written: its entry in `cases`, or the `dataset` key for a row. */
  position?: SourcePosition;
  /** The dataset row a case came from. */
  row?: { file: string; line: number };
  /** Problems building this case (a placeholder naming a column the row lacks): the case fails with them. */
  problems: string[];
}

export interface TestSuite {
  /** The test file, absolute. */
  file: string;
  flowFile: string;
  flow: Flow;
  test: TestFile;
  cases: TestCase[];
}

export interface LoadOptions {
  registry?: ComponentRegistry;
}

export async function loadTestSuite(file: string, options: LoadOptions = {}): Promise<TestSuite> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = await readBoundedText(absolute, MAX_TEST_FILE_BYTES, 'test file');
  } catch (error) {
    if (error instanceof DatasetError) throw new TestFileError(file, [{ message: error.message.replace(`${absolute}: `, ''), path: [] }]);
    throw error;
  }
  return loadTestSuiteFromText(text, absolute, options);
}

/** The same from text already in hand (an open editor's unsaved document). */
export async function loadTestSuiteFromText(text: string, file: string, options: LoadOptions = {}): Promise<TestSuite> {
  const { parsed, problems } = readTestFile(text, file);
  const fail = (message: string, at: JsonPath) => problems.push({ message, path: at, position: positionOfPath(parsed.source, at) });
  const flowFile = path.resolve(path.dirname(file), parsed.test.flow);
  const flow = await readFlow(flowFile, parsed.test.flow, fail);
  if (!flow) throw new TestFileError(file, inFileOrder(problems));
  const iface = flowInterface(flow, options.registry ?? coreRegistry());
  checkNames(parsed, iface, fail);

  const cases: TestCase[] = (parsed.test.cases ?? []).map((c, index) => ({
    name: c.name,
    index,
    inputs: c.inputs ?? {},
    expectations: parsed.caseExpectations[index]!,
    position: positionOfPath(parsed.source, ['cases', index]),
    problems: [],
  }));
  if (parsed.test.dataset !== undefined) {
    const datasetFile = path.resolve(path.dirname(file), parsed.test.dataset);
    let rows: DatasetRow[] = [];
    try {
      rows = await readDataset(datasetFile);
    } catch (error) {
      if (!(error instanceof DatasetError)) throw error;
      fail(
        `dataset ${parsed.test.dataset}${error.line !== undefined ? `:${error.line}` : ''}: ${error.message.slice(error.message.indexOf(': ') + 2)}`,
        ['dataset'],
      );
    }
    if (rows.length === 0 && problems.length === 0) fail(`dataset ${parsed.test.dataset} has no rows`, ['dataset']);
    const position = positionOfPath(parsed.source, ['dataset']);
    rows.forEach((row, i) => cases.push(caseOfRow(row, i, cases.length, datasetFile, parsed, iface, position)));
  }
  if (problems.length > 0) throw new TestFileError(file, inFileOrder(problems));
  return { file, flowFile, flow, test: parsed.test, cases };
}

function inFileOrder(problems: FlowProblem[]): FlowProblem[] {
  return [...problems].sort((a, b) => (a.position?.offset ?? 0) - (b.position?.offset ?? 0));
}

async function readFlow(flowFile: string, written: string, fail: (message: string, at: JsonPath) => void): Promise<Flow | undefined> {
  let text: string;
  try {
    text = await readFlowFileText(flowFile);
  } catch (error) {
    fail(`unknown flow '${written}': ${(error as Error).message.replace(`${flowFile}: `, '')}`, ['flow']);
    return undefined;
  }
  try {
    return parseFlow(text, flowFile);
  } catch (error) {
    if (!(error instanceof FlowError)) throw error;
    fail(`the flow '${written}' does not parse: ${error.message.split('\n')[0]}`, ['flow']);
    return undefined;
  }
}

function checkNames(parsed: ParsedTestFile, iface: FlowInterface, fail: (message: string, at: JsonPath) => void): void {
  const outputs = iface.outputs.map((o) => o.name);
  const inputs = iface.inputs.map((i) => i.name);
  const list = (names: string[]) => (names.length ? names.map((n) => `'${n}'`).join(', ') : 'none');
  const checkExpect = (expect: Record<string, unknown> | undefined, at: JsonPath) => {
    for (const output of Object.keys(expect ?? {})) {
      if (output !== STATUS_KEY && !outputs.includes(output))
        fail(`unknown output '${output}': the flow '${parsed.test.flow}' has the outputs ${list(outputs)}`, [...at, output]);
    }
  };
  (parsed.test.cases ?? []).forEach((c, i) => {
    checkExpect(c.expect, ['cases', i, 'expect']);
    for (const input of Object.keys(c.inputs ?? {})) {
      if (!inputs.includes(input))
        fail(`unknown input '${input}': the flow '${parsed.test.flow}' has the inputs ${list(inputs)}`, ['cases', i, 'inputs', input]);
    }
  });
  checkExpect(parsed.test.expectEach, ['expectEach']);
}

function caseOfRow(
  row: DatasetRow,
  rowIndex: number,
  index: number,
  datasetFile: string,
  parsed: ParsedTestFile,
  iface: FlowInterface,
  position: SourcePosition,
): TestCase {
  const problems: string[] = [];
  const inputs: Record<string, unknown> = {};
  // Columns that are not flow inputs hold expected values for expectEach; they are not sent to the flow.
  for (const port of iface.inputs) {
    if (Object.hasOwn(row.values, port.name)) inputs[port.name] = typedValue(port, row.values[port.name]);
  }
  const lookup = (column: string) => {
    if (Object.hasOwn(row.values, column)) return row.values[column];
    problems.push(`{{row.${column}}}: the row has no column '${column}'`);
    return '';
  };
  const expect = substituteRow(parsed.test.expectEach ?? {}, lookup) as Record<string, unknown>;
  const assertionProblems: FlowProblem[] = [];
  const expectations = readExpectations(expect, ['expectEach'], assertionProblems);
  for (const p of assertionProblems) problems.push(p.message);
  return {
    name: `row ${rowIndex + 1}`,
    index,
    inputs,
    expectations,
    position,
    row: { file: datasetFile, line: row.line },
    problems,
  };
}

/** CSV cells are text: a number or JSON input gets the value the text spells. */
function typedValue(port: FlowInterfacePort, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const type = port.schema.type;
  if (type === 'string') return value;
  if (type === 'number' || type === 'integer') {
    const n = Number(value);
    return value.trim() !== '' && Number.isFinite(n) ? n : value;
  }
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
