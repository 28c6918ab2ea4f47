// Flow tests: `*.flowtest.json` files, their datasets and assertions, and the runner the CLI and the editor share.
export { parseAssertion, AssertionSyntaxError, ASSERTION_OPERATORS, type Assertion, type JudgeSpec, type JudgeModel } from './assertion';
export { checkAssertion, type AssertionOutcome, type Verdict, type Grade } from './check-assertion';
export { readDataset, parseCsv, parseJsonLines, DatasetError, MAX_DATASET_ROWS, type DatasetRow } from './dataset';
export { readVerdict } from './judge';
export { loadTestSuite, loadTestSuiteFromText, type TestCase, type TestSuite } from './load-suite';
export {
  parseTestFile,
  testFileSchema,
  TestFileError,
  TEST_FILE_VERSION,
  STATUS_KEY,
  type TestFile,
  type ParsedTestFile,
  type Expectations,
} from './test-file';
export {
  runTestSuites,
  summarize,
  describeFailure,
  DEFAULT_TEST_CONCURRENCY,
  type TestRunOptions,
  type TestReport,
  type SuiteResult,
  type CaseResult,
  type CaseFailure,
  type Judgement,
  type TokenUsage,
  type TestSummary,
} from './run-tests';
export {
  toSavedResults,
  parseSavedResults,
  compareResults,
  RESULTS_VERSION,
  RESULTS_FOLDER,
  LATEST_RESULTS,
  saveTestResults,
  type SavedResults,
  type SavedCase,
  type CaseChange,
  type CaseStatus,
} from './results-file';
export { compareRunsMarkdown, type RunLabel } from './compare-table';
