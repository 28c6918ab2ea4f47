// How `flowstudio test` prints a run: spec (readable, with failures and a summary), JUnit XML (one
// testcase per case, for CI), or the saved-results JSON.
import * as path from 'node:path';
import {
  describeFailure,
  terminalSafe,
  type CaseChange,
  type CaseResult,
  type SavedResults,
  type TestReport,
  type TestSummary,
} from '../engine';

export const REPORTERS = ['spec', 'junit', 'json'] as const;
export type ReporterName = (typeof REPORTERS)[number];

export function specReport(report: TestReport, baseDir: string): string {
  const lines: string[] = [];
  for (const suite of report.suites) {
    lines.push(`${relative(baseDir, suite.file)}`);
    for (const c of suite.cases) {
      lines.push(`  ${c.status === 'passed' ? '✔' : '✖'} ${c.name} (${formatMs(c.durationMs)})`);
      if (c.status === 'failed') for (const failure of c.failures) lines.push(`      ${describeFailure(failure)}`);
    }
  }
  lines.push('', summaryLine(report.summary));
  return `${lines.map(terminalSafe).join('\n')}\n`;
}

export function summaryLine(summary: TestSummary): string {
  const rate = `${(summary.passRate * 100).toFixed(1)}%`;
  const parts = [
    `${summary.total} case${summary.total === 1 ? '' : 's'}: ${summary.passed} passed, ${summary.failed} failed (${rate}) in ${formatMs(summary.durationMs)}`,
  ];
  const { usage, judgeUsage } = summary;
  if (usage.inputTokens + usage.outputTokens > 0) parts.push(`tokens ${count(usage.inputTokens)} in, ${count(usage.outputTokens)} out`);
  if (judgeUsage.inputTokens + judgeUsage.outputTokens > 0)
    parts.push(`judges ${count(judgeUsage.inputTokens)} in, ${count(judgeUsage.outputTokens)} out`);
  if (summary.cost !== undefined) parts.push(`cost $${summary.cost.toFixed(summary.cost < 1 ? 4 : 2)}`);
  return parts.join('; ');
}

export function changesReport(changes: CaseChange[], ref: string): string {
  if (changes.length === 0) return `No case changed between pass and fail since ${ref}.\n`;
  const lines = [`Changed since ${ref}:`];
  for (const c of changes) {
    const mark = c.after === 'failed' ? '✖' : c.after === 'passed' ? '✔' : '-';
    lines.push(`  ${mark} ${c.file} › ${c.name}: ${c.before} → ${c.after}`);
  }
  return `${lines.map(terminalSafe).join('\n')}\n`;
}

export function junitReport(report: TestReport, baseDir: string): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="flowstudio" tests="${report.summary.total}" failures="${report.summary.failed}" time="${seconds(report.summary.durationMs)}">`,
  ];
  for (const suite of report.suites) {
    const file = relative(baseDir, suite.file);
    const failures = suite.cases.filter((c) => c.status === 'failed').length;
    const time = suite.cases.reduce((n, c) => n + c.durationMs, 0);
    out.push(
      `  <testsuite name="${xml(file)}" tests="${suite.cases.length}" failures="${failures}" time="${seconds(time)}" file="${xml(file)}">`,
    );
    for (const c of suite.cases) out.push(...junitCase(c, file, seconds(c.durationMs)));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function junitCase(c: CaseResult, file: string, time: string): string[] {
  const open = `    <testcase name="${xml(c.name)}" classname="${xml(file)}" time="${time}"`;
  if (c.status === 'passed') return [`${open}/>`];
  const details = c.failures.map((f) =>
    [
      describeFailure(f),
      ...(f.expected !== undefined ? [`expected: ${JSON.stringify(f.expected)}`] : []),
      ...('actual' in f ? [`actual: ${JSON.stringify(f.actual)}`] : []),
    ].join('\n'),
  );
  return [
    `${open}>`,
    `      <failure message="${xml(describeFailure(c.failures[0]!))}" type="AssertionError">${xml(details.join('\n\n'), false)}</failure>`,
    '    </testcase>',
  ];
}

/** Text for an XML attribute or element: escaped, and without the control characters XML 1.0 forbids. */
export function xml(text: string, isAttribute = true): string {
  const escaped = text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
  // A line break in an attribute would be read back as a space.
  return isAttribute ? escaped.replace(/\n/g, '&#10;') : escaped;
}

export function jsonReport(saved: SavedResults): string {
  return `${JSON.stringify(saved, null, 2)}\n`;
}

function relative(baseDir: string, file: string): string {
  return path.relative(baseDir, file).split(path.sep).join('/') || file;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(ms < 10 ? 1 : 0)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
