// Two runs of the same tests side by side, as a Markdown table per test file: each case's status,
// outputs, latency and tokens in both runs, so "did my prompt change make it better?" reads on one screen.
import type { SavedCase, SavedResults } from './results-file';

export interface RunLabel {
  name: string;
  results: SavedResults;
}

const MAX_CELL = 160;

export function compareRunsMarkdown(before: RunLabel, after: RunLabel): string {
  const lines = [`# Flow test runs compared`, '', `**A**: ${escapeCell(before.name)} · **B**: ${escapeCell(after.name)}`, ''];
  lines.push(summaryTable(before.results, after.results), '');
  const files = [...new Set([...after.results.files.map((f) => f.file), ...before.results.files.map((f) => f.file)])];
  for (const file of files) {
    const a = casesOf(before.results, file);
    const b = casesOf(after.results, file);
    const names = [...new Set([...b.keys(), ...a.keys()])];
    lines.push(`## ${escapeCell(file)}`, '');
    lines.push('| Case | Status A → B | Outputs A | Outputs B | Latency A | Latency B | Tokens A | Tokens B |');
    lines.push('|---|---|---|---|---:|---:|---:|---:|');
    for (const name of names) {
      const x = a.get(name);
      const y = b.get(name);
      lines.push(
        `| ${escapeCell(name)} | ${statusOf(x)} → ${statusOf(y)} | ${outputsOf(x)} | ` +
          `${outputsOf(y)} | ${latencyOf(x)} | ${latencyOf(y)} | ${tokensOf(x)} | ${tokensOf(y)} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

function summaryTable(a: SavedResults, b: SavedResults): string {
  const rate = (r: SavedResults) => `${(r.summary.passRate * 100).toFixed(1)}% (${r.summary.passed}/${r.summary.total})`;
  const tokens = (r: SavedResults) => `${r.summary.usage.inputTokens + r.summary.usage.outputTokens}`;
  const cases = (r: SavedResults) => r.files.flatMap((f) => f.cases);
  const meanLatency = (r: SavedResults) => {
    const all = cases(r);
    return all.length ? `${(all.reduce((n, c) => n + c.durationMs, 0) / all.length).toFixed(1)} ms` : '–';
  };
  return [
    '| | A | B |',
    '|---|---:|---:|',
    `| Pass rate | ${rate(a)} | ${rate(b)} |`,
    `| Mean latency | ${meanLatency(a)} | ${meanLatency(b)} |`,
    `| Tokens | ${tokens(a)} | ${tokens(b)} |`,
    ...(a.summary.cost !== undefined || b.summary.cost !== undefined ? [`| Cost | ${cost(a)} | ${cost(b)} |`] : []),
  ].join('\n');
}

function casesOf(results: SavedResults, file: string): Map<string, SavedCase> {
  return new Map((results.files.find((f) => f.file === file)?.cases ?? []).map((c) => [c.name, c]));
}

function statusOf(c: SavedCase | undefined): string {
  return c === undefined ? '–' : c.status === 'passed' ? '✔' : '✖';
}

function outputsOf(c: SavedCase | undefined): string {
  if (!c) return '–';
  const entries = Object.entries(c.outputs ?? {});
  if (entries.length === 0) return c.error ? escapeCell(`error: ${c.error.message}`) : '–';
  const text = entries.map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`).join('; ');
  return escapeCell(text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text);
}

function latencyOf(c: SavedCase | undefined): string {
  return c ? `${c.durationMs.toFixed(1)} ms` : '–';
}

function tokensOf(c: SavedCase | undefined): string {
  return c?.usage ? `${c.usage.inputTokens + c.usage.outputTokens}` : '–';
}

function cost(r: SavedResults): string {
  return r.summary.cost === undefined ? '–' : `$${r.summary.cost.toFixed(4)}`;
}

/** Cell text that cannot break the table or inject markup: pipes, line breaks, HTML and links escaped. */
export function escapeCell(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~-]/g, (ch) => `\\${ch}`).replace(/\r?\n/g, ' ');
}
