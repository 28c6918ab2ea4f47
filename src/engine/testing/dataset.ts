// Datasets of a test file: JSON Lines (one object a line) or CSV with a header row. Each row becomes
// one case; CSV cells are text, converted to an input's declared type when the case is built.
import { readFile, stat } from 'node:fs/promises';

/** Largest dataset read, and most rows: a test run holds every row's result in memory. */
export const MAX_DATASET_BYTES = 50 * 1024 * 1024;
export const MAX_DATASET_ROWS = 100_000;

export interface DatasetRow {
  /** 1-based line in the dataset file where the row starts. */
  line: number;
  values: Record<string, unknown>;
}

/** Why a dataset cannot be used; `line` is in the dataset file when the problem is in one row. */
export class DatasetError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${message}`);
    this.name = 'DatasetError';
  }
}

export async function readDataset(file: string): Promise<DatasetRow[]> {
  const text = await readBoundedText(file, MAX_DATASET_BYTES, 'dataset');
  if (/\.jsonl$/i.test(file) || /\.ndjson$/i.test(file)) return parseJsonLines(text, file);
  if (/\.csv$/i.test(file)) return parseCsv(text, file);
  throw new DatasetError(file, 'a dataset is a .jsonl or a .csv file');
}

/** A regular file's text, refused before reading when it is larger than `maxBytes` or not a file. */
export async function readBoundedText(file: string, maxBytes: number, what: string): Promise<string> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new DatasetError(file, `the ${what} is not a regular file`);
    size = info.size;
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new DatasetError(
      file,
      code === 'ENOENT' ? `no such ${what} file` : `cannot read the ${what}: ${code ?? (error as Error).message}`,
    );
  }
  if (size > maxBytes)
    throw new DatasetError(
      file,
      `the ${what} is ${size.toLocaleString('en-US')} bytes; at most ${maxBytes.toLocaleString('en-US')} are read`,
    );
  return readFile(file, 'utf8');
}

export function parseJsonLines(text: string, file: string): DatasetRow[] {
  const rows: DatasetRow[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new DatasetError(file, `not a JSON line: ${(error as Error).message}`, i + 1);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new DatasetError(file, 'each line must be a JSON object of column names to values', i + 1);
    if (Object.hasOwn(value, '__proto__')) throw new DatasetError(file, "the column name '__proto__' is not allowed", i + 1);
    pushRow(rows, { line: i + 1, values: value as Record<string, unknown> }, file);
  }
  return rows;
}

/** RFC 4180 CSV: a header row, quoted fields with "" for a quote, quoted line breaks; CRLF or LF. */
export function parseCsv(text: string, file: string): DatasetRow[] {
  const records = csvRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file);
  const header = records.shift();
  if (!header) return [];
  const columns = header.fields.map((name) => name.trim());
  const seen = new Set<string>();
  for (const name of columns) {
    if (name === '') throw new DatasetError(file, 'the header row has an empty column name', header.line);
    if (name === '__proto__') throw new DatasetError(file, "the column name '__proto__' is not allowed", header.line);
    if (seen.has(name)) throw new DatasetError(file, `the header row names the column '${name}' twice`, header.line);
    seen.add(name);
  }
  const rows: DatasetRow[] = [];
  for (const record of records) {
    if (record.fields.length === 1 && record.fields[0] === '') continue;
    if (record.fields.length !== columns.length)
      throw new DatasetError(file, `the row has ${record.fields.length} fields; the header has ${columns.length}`, record.line);
    const values: Record<string, unknown> = {};
    columns.forEach((name, i) => (values[name] = record.fields[i]));
    pushRow(rows, { line: record.line, values }, file);
  }
  return rows;
}

function pushRow(rows: DatasetRow[], row: DatasetRow, file: string): void {
  if (rows.length >= MAX_DATASET_ROWS)
    throw new DatasetError(file, `the dataset has more than ${MAX_DATASET_ROWS.toLocaleString('en-US')} rows`, row.line);
  rows.push(row);
}

function csvRecords(text: string, file: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endField = () => {
    fields.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push({ line: recordLine, fields });
    fields = [];
    recordLine = line;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      const quoteLine = line;
      i++;
      for (;;) {
        if (i >= text.length) throw new DatasetError(file, 'a quoted field is not closed', quoteLine);
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      if (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r')
        throw new DatasetError(file, 'a quoted field is followed by more text before the next comma', line);
      continue;
    }
    if (ch === ',') endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      line++;
      endRecord();
    } else field += ch;
    i++;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}
