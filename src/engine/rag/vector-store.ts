// Named vector collections persisted in a folder of the workspace, on LanceDB (an embedded engine: no
// server, the data is files next to the flows). Loaded on first use: the native module is large.
import type { Connection } from '@lancedb/lancedb';
import * as z from 'zod';
import type { RagDocument } from './documents';

export type WriteMode = 'replace' | 'append';

const rowSchema = z.object({
  id: z.string(),
  text: z.string(),
  source: z.string(),
  chunk: z.number(),
  _distance: z.number(),
});

const connections = new Map<string, Promise<Connection>>();

async function connectTo(folder: string): Promise<Connection> {
  let connection = connections.get(folder);
  if (!connection) {
    // LanceDB logs a warning for every new table; keep the CLI's output for the user's own messages.
    process.env.LANCEDB_LOG ??= 'error';
    const lancedb = await import('@lancedb/lancedb');
    connection = lancedb.connect(folder);
    connections.set(folder, connection);
    connection.catch(() => connections.delete(folder));
  }
  return connection;
}

export async function writeDocuments(folder: string, store: string, documents: readonly RagDocument[], mode: WriteMode): Promise<number> {
  const rows = documents.map((d, i) => {
    if (!d.vector) throw new Error(`document '${d.id}' has no embedding; pass the documents through rag.embed before rag.store`);
    return { id: d.id, text: d.text, source: d.source ?? '', chunk: d.chunk ?? i, vector: d.vector };
  });
  if (rows.length === 0) throw new Error(`nothing to store in '${store}': no documents arrived`);
  const db = await connectTo(folder);
  const exists = (await db.tableNames()).includes(store);
  if (exists && mode === 'append') {
    const table = await db.openTable(store);
    await table.add(rows);
    return table.countRows();
  }
  const table = await db.createTable(store, rows, { mode: 'overwrite' });
  return table.countRows();
}

export async function searchDocuments(
  folder: string,
  store: string,
  vector: readonly number[],
  topK: number,
  minScore: number | undefined,
): Promise<RagDocument[]> {
  const db = await connectTo(folder);
  if (!(await db.tableNames()).includes(store)) {
    throw new Error(`vector store '${store}' does not exist in ${folder}; index documents into it with rag.store first`);
  }
  const table = await db.openTable(store);
  let rows: unknown[];
  try {
    rows = await table
      .vectorSearch([...vector])
      .distanceType('cosine')
      .limit(topK)
      .toArray();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `searching '${store}' failed: ${reason}. Was it indexed with a different embedding model? Query and store must use the same one`,
    );
  }
  const matches: RagDocument[] = [];
  for (const raw of rows) {
    const row = rowSchema.parse(raw);
    // LanceDB's cosine distance is 1 - cosine similarity.
    const score = 1 - row._distance;
    if (minScore !== undefined && score < minScore) continue;
    matches.push({ id: row.id, text: row.text, source: row.source || undefined, chunk: row.chunk, score });
  }
  return matches;
}
