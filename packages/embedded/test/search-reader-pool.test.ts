import { join } from "node:path";
import type { IndexedChunk, IndexedDocument } from "@docworker/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteDatabase, PooledSearchIndex, type SqliteDatabase, SqliteSearchIndex } from "../src/index.ts";
import { tempDir } from "./temp-dir.ts";

const document = (i: number): IndexedDocument => ({
  tenantId: "t1",
  documentId: `doc_000000000000000${i}`,
  version: "v1",
  filename: `doc-${i}.txt`,
  contentType: "text/plain",
  createdAt: "2024-05-01T10:00:00Z",
  metadata: {},
});

const chunkOf = (doc: IndexedDocument, vector: number[]): IndexedChunk => ({
  chunkId: "c0",
  documentId: doc.documentId,
  ordinal: 0,
  text: "quarterly revenue",
  headingPath: [],
  tokenCount: 2,
  vector: Float32Array.from(vector),
});

const DOCS = [0, 1, 2, 3].map(document);
const VECTORS = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
  [1, 1, 0],
];

describe.each([
  ["exact scan", { minChunks: 1_000_000, build: "inline" as const }],
  ["vector graph", { minChunks: 1, build: "inline" as const }],
])("PooledSearchIndex (%s) while a document is replaced over and over", (_name, ann) => {
  let db: SqliteDatabase;
  let index: PooledSearchIndex;
  let remove: () => void;

  beforeEach(async () => {
    const temp = tempDir();
    remove = temp.remove;
    const databasePath = join(temp.dir, "docworker.db");
    db = openSqliteDatabase(databasePath);
    index = new PooledSearchIndex(new SqliteSearchIndex(db, { ann }), 1, { databasePath, busyTimeoutMs: 5000, ann });
    for (const [i, doc] of DOCS.entries()) await index.replaceDocument(doc, [chunkOf(doc, VECTORS[i] as number[])]);
  });

  afterEach(async () => {
    await index.close();
    db.close();
    remove();
  });

  it("finds every document in every search: a replace gives the chunks new rows, never a gap", async () => {
    const search = async () =>
      (await index.vectorSearch({ tenantId: "t1", k: 10, filters: {}, vector: Float32Array.from([1, 1, 1]) }))
        .map((hit) => hit.documentId)
        .sort();
    const everyDocument = DOCS.map((doc) => doc.documentId).sort();
    expect(await search()).toEqual(everyDocument);

    // Searches queued for the reader thread while the writer replaces the document back to back:
    // the thread runs them meanwhile, so commits land between its statements.
    const answers: string[][] = [];
    for (let round = 0; round < 10; round++) {
      const searches = Array.from({ length: 30 }, () => search());
      const until = performance.now() + 30;
      // Two documents in turn: SQLite reuses the largest row id, so one alone would keep its row.
      for (let i = 0; performance.now() < until; i++) {
        const replaced = DOCS[i % 2] as IndexedDocument;
        await index.replaceDocument(replaced, [chunkOf(replaced, VECTORS[i % 2] as number[])]);
        // Tinypool hands the next search to the thread from this event loop.
        await new Promise((resolve) => setImmediate(resolve));
      }
      answers.push(...(await Promise.all(searches)));
    }

    expect(answers.length).toBeGreaterThan(10);
    const incomplete = answers.filter((answer) => answer.length !== everyDocument.length);
    expect(incomplete).toEqual([]);
  });
});
