import { join } from "node:path";
import type { IndexedChunk, IndexedDocument, IndexHit, SearchFilters } from "@docworker/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  openSqliteDatabase,
  PooledSearchIndex,
  type SqliteDatabase,
  SqliteSearchIndex,
  SqliteSearchReader,
} from "../src/index.ts";
import { type AnnSettings, DEFAULT_ANN_SETTINGS, TenantAnn } from "../src/tenant-ann.ts";
import { tempDir } from "./temp-dir.ts";

const DIMENSION = 24;
const CHUNKS_PER_DOC = 10;

/** Seeded, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

function vectors(count: number, seed: number): Float32Array[] {
  const next = random(seed);
  return Array.from({ length: count }, () => Float32Array.from({ length: DIMENSION }, () => next() - 0.5));
}

function doc(tenantId: string, n: number, extra: Partial<IndexedDocument> = {}): IndexedDocument {
  return {
    tenantId,
    documentId: `doc_${String(n).padStart(16, "0")}`,
    version: "v1",
    filename: n % 2 === 0 ? `even-${n}.txt` : `odd-${n}.txt`,
    contentType: n % 50 === 0 ? "application/pdf" : "text/plain",
    createdAt: "2024-05-01T10:00:00Z",
    metadata: {},
    ...extra,
  };
}

function chunks(document: IndexedDocument, vs: Float32Array[]): IndexedChunk[] {
  return vs.map((vector, ordinal) => ({
    chunkId: `c${ordinal}`,
    documentId: document.documentId,
    ordinal,
    text: `chunk ${ordinal} of ${document.documentId}`,
    headingPath: [],
    tokenCount: 4,
    vector,
  }));
}

/** Fills a tenant with `docs` documents of ten chunks each; returns every vector by document. */
async function fill(index: SqliteSearchIndex, tenantId: string, docs: number, seed: number) {
  const all = vectors(docs * CHUNKS_PER_DOC, seed);
  for (let n = 0; n < docs; n++) {
    const document = doc(tenantId, n);
    await index.replaceDocument(document, chunks(document, all.slice(n * CHUNKS_PER_DOC, (n + 1) * CHUNKS_PER_DOC)));
  }
}

const keyOf = (hit: IndexHit) => `${hit.documentId}/${hit.chunkId}`;

/** Recall@k of `found` against `exact`: how many of the exact top k it has. */
function recall(found: IndexHit[], exact: IndexHit[]): number {
  const wanted = new Set(exact.map(keyOf));
  return found.filter((hit) => wanted.has(keyOf(hit))).length / Math.max(1, exact.length);
}

describe("vector search through the HNSW graph", () => {
  let dir: string;
  let remove: () => void;
  let db: SqliteDatabase;
  let index: SqliteSearchIndex;
  /** Every tenant through the graph, and every tenant exact: the same database. */
  let graph: SqliteSearchReader;
  let exact: SqliteSearchReader;

  beforeEach(() => {
    ({ dir, remove } = tempDir());
    db = openSqliteDatabase(join(dir, "docworker.db"));
    index = new SqliteSearchIndex(db);
    graph = new SqliteSearchReader(db, { minChunks: 1, build: "inline" });
    exact = new SqliteSearchReader(db, { minChunks: Number.MAX_SAFE_INTEGER });
  });

  afterEach(() => {
    if (db.open) db.close();
    remove();
  });

  const search = (reader: SqliteSearchReader, tenantId: string, vector: Float32Array, filters: SearchFilters = {}) =>
    reader.vectorSearch({ tenantId, k: 10, filters, vector });

  it("finds what the exact scan finds, with the exact cosine as the score", async () => {
    await fill(index, "t1", 300, 1);
    let total = 0;
    const queries = vectors(20, 99);
    for (const query of queries) {
      const approximate = search(graph, "t1", query);
      const truth = search(exact, "t1", query);
      expect(approximate).toHaveLength(10);
      total += recall(approximate, truth);
      const exactScores = new Map(search(exact, "t1", query).map((hit) => [keyOf(hit), hit.score]));
      for (const hit of approximate) {
        if (exactScores.has(keyOf(hit))) expect(hit.score).toBeCloseTo(exactScores.get(keyOf(hit)) as number, 5);
      }
    }
    expect(total / queries.length).toBeGreaterThanOrEqual(0.95);
  });

  it("never returns another tenant's chunks, even when that tenant holds the very query vector", async () => {
    await fill(index, "t1", 100, 2);
    await fill(index, "t2", 100, 3);
    const t2Vectors = vectors(1000, 3);
    for (const query of t2Vectors.slice(0, 20)) {
      const hits = search(graph, "t1", query);
      expect(hits).toHaveLength(10);
      const truth = search(exact, "t1", query);
      // t2 holds the query itself (cosine 1): t1's own best is lower, and t1's hits are t1's rows.
      expect(hits[0]?.score ?? 1).toBeLessThan(0.9999);
      expect(recall(hits, truth)).toBeGreaterThanOrEqual(0.8);
    }
    const t2Hits = search(graph, "t2", t2Vectors[0] as Float32Array);
    expect(t2Hits[0]?.score).toBeCloseTo(1, 5);
  });

  it("applies selective and broad filters before the cut, as the exact scan does", async () => {
    await fill(index, "t1", 300, 4);
    const selective: SearchFilters = { contentType: ["application/pdf"] }; // 6 documents of 300
    const broad: SearchFilters = { filenamePrefix: "even-" }; // half of them
    for (const query of vectors(10, 5)) {
      for (const filters of [selective, broad]) {
        const hits = search(graph, "t1", query, filters);
        const truth = search(exact, "t1", query, filters);
        expect(hits).toHaveLength(10);
        for (const hit of hits) {
          if (filters === selective) expect(hit.contentType).toBe("application/pdf");
          else expect(hit.filename.startsWith("even-")).toBe(true);
        }
        if (filters === selective) expect(hits.map(keyOf)).toEqual(truth.map(keyOf));
        else expect(recall(hits, truth)).toBeGreaterThanOrEqual(0.8);
      }
    }
  });

  it("catches up with deletes and replaces written by another connection", async () => {
    await fill(index, "t1", 100, 6);
    const query = (vectors(1000, 6)[42] as Float32Array).slice();
    // Built now, before the writes below.
    expect(keyOf(search(graph, "t1", query)[0] as IndexHit)).toBe(`${doc("t1", 4).documentId}/c2`);

    const other = openSqliteDatabase(join(dir, "docworker.db"));
    const writer = new SqliteSearchIndex(other);
    await writer.deleteDocument("t1", doc("t1", 4).documentId);
    const afterDelete = search(graph, "t1", query);
    expect(afterDelete.some((hit) => hit.documentId === doc("t1", 4).documentId)).toBe(false);
    expect(afterDelete.map(keyOf)).toEqual(search(exact, "t1", query).map(keyOf));

    const replaced = doc("t1", 7);
    await writer.replaceDocument(replaced, chunks(replaced, [query, ...vectors(9, 77)]));
    const afterReplace = search(graph, "t1", query);
    expect(keyOf(afterReplace[0] as IndexHit)).toBe(`${replaced.documentId}/c0`);
    expect(afterReplace[0]?.score).toBeCloseTo(1, 5);
    expect(afterReplace.filter((hit) => hit.documentId === replaced.documentId)).toHaveLength(
      search(exact, "t1", query).filter((hit) => hit.documentId === replaced.documentId).length,
    );
    other.close();
  });

  it("builds again from SQLite after a restart, and when the log no longer reaches back", async () => {
    await fill(index, "t1", 100, 8);
    const queries = vectors(5, 9);
    const before = queries.map((q) => search(graph, "t1", q).map(keyOf));
    db.close();

    // A new process: the graph is rebuilt from the rows, so it answers as before.
    db = openSqliteDatabase(join(dir, "docworker.db"));
    index = new SqliteSearchIndex(db);
    graph = new SqliteSearchReader(db, { minChunks: 1, build: "inline" });
    exact = new SqliteSearchReader(db, { minChunks: Number.MAX_SAFE_INTEGER });
    expect(queries.map((q) => search(graph, "t1", q).map(keyOf))).toEqual(before);

    // Writes whose log entries are gone (pruned) before the reader saw them: it builds again.
    await index.deleteDocument("t1", doc("t1", 0).documentId);
    await index.deleteDocument("t1", doc("t1", 1).documentId);
    db.exec("DELETE FROM search_vector_log");
    await index.deleteDocument("t1", doc("t1", 2).documentId);
    for (const q of queries) {
      const hits = search(graph, "t1", q);
      expect(hits.some((hit) => [0, 1, 2].some((n) => hit.documentId === doc("t1", n).documentId))).toBe(false);
      expect(recall(hits, search(exact, "t1", q))).toBeGreaterThanOrEqual(0.8);
    }
  });

  it("builds a graph in the background, answering exactly meanwhile, and sees the writes made meanwhile", async () => {
    await fill(index, "t1", 300, 13);
    const background = new SqliteSearchReader(db, { minChunks: 1, build: "background" });
    const queries = vectors(5, 14);
    // The first search starts the build and is answered by the exact scan.
    expect(background.vectorSearch({ tenantId: "t1", k: 10, filters: {}, vector: queries[0] as Float32Array })).toEqual(
      search(exact, "t1", queries[0] as Float32Array),
    );
    expect(background.graphTenants).toEqual([]);
    await index.deleteDocument("t1", doc("t1", 5).documentId);
    for (let turn = 0; turn < 1000 && background.graphTenants.length === 0; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(background.graphTenants).toEqual(["t1"]);
    for (const query of queries) {
      const hits = background.vectorSearch({ tenantId: "t1", k: 10, filters: {}, vector: query });
      expect(hits.some((hit) => hit.documentId === doc("t1", 5).documentId)).toBe(false);
      expect(recall(hits, search(exact, "t1", query))).toBeGreaterThanOrEqual(0.8);
    }
  });

  it("searches exactly below the tenant size threshold", async () => {
    await fill(index, "t1", 20, 10);
    const belowThreshold = new SqliteSearchReader(db, { minChunks: 201 });
    for (const query of vectors(5, 11)) {
      expect(belowThreshold.vectorSearch({ tenantId: "t1", k: 10, filters: {}, vector: query })).toEqual(
        search(exact, "t1", query),
      );
    }
  });
});

describe("vector search through a graph in segments", () => {
  let dir: string;
  let remove: () => void;
  let db: SqliteDatabase;
  let index: SqliteSearchIndex;
  let exact: SqliteSearchReader;

  beforeEach(() => {
    ({ dir, remove } = tempDir());
    db = openSqliteDatabase(join(dir, "docworker.db"));
    index = new SqliteSearchIndex(db);
    exact = new SqliteSearchReader(db, { minChunks: Number.MAX_SAFE_INTEGER });
  });

  afterEach(() => {
    if (db.open) db.close();
    remove();
  });

  const settings = (segmentChunks: number): AnnSettings => ({
    ...DEFAULT_ANN_SETTINGS,
    build: "inline",
    segmentChunks,
  });
  const buildAnn = (segmentChunks: number) =>
    db.transaction(() => TenantAnn.build(db, "t1", settings(segmentChunks)))() as TenantAnn;
  const catchUp = (ann: TenantAnn) => db.transaction(() => ann.catchUp(db))();
  const search = (reader: SqliteSearchReader, vector: Float32Array) =>
    reader.vectorSearch({ tenantId: "t1", k: 10, filters: {}, vector });

  it("fills segments of at most segmentChunks vectors and searches them as one graph", async () => {
    await fill(index, "t1", 300, 21);
    expect(buildAnn(700).segmentSizes).toEqual([700, 700, 700, 700, 200]);
    const segmented = new SqliteSearchReader(db, { ...settings(700), minChunks: 1 });
    let total = 0;
    const queries = vectors(20, 22);
    for (const query of queries) {
      const hits = search(segmented, query);
      const truth = search(exact, query);
      expect(hits).toHaveLength(10);
      const exactScores = new Map(truth.map((hit) => [keyOf(hit), hit.score]));
      for (const hit of hits) {
        if (exactScores.has(keyOf(hit))) expect(hit.score).toBeCloseTo(exactScores.get(keyOf(hit)) as number, 5);
      }
      total += recall(hits, truth);
    }
    expect(total / queries.length).toBeGreaterThanOrEqual(0.95);
    const broad: SearchFilters = { filenamePrefix: "even-" };
    for (const query of queries.slice(0, 5)) {
      const hits = segmented.vectorSearch({ tenantId: "t1", k: 10, filters: broad, vector: query });
      expect(hits.every((hit) => hit.filename.startsWith("even-"))).toBe(true);
      expect(
        recall(hits, exact.vectorSearch({ tenantId: "t1", k: 10, filters: broad, vector: query })),
      ).toBeGreaterThanOrEqual(0.8);
    }
    // A chunk of the oldest segment and one of the newest are each found first by their own vector.
    const all = vectors(3000, 21);
    for (const n of [0, 2999]) {
      const top = search(segmented, all[n] as Float32Array)[0] as IndexHit;
      expect(keyOf(top)).toBe(`${doc("t1", Math.floor(n / CHUNKS_PER_DOC)).documentId}/c${n % CHUNKS_PER_DOC}`);
    }
  });

  it("replays a delete or a replace into the older segment that holds the chunk, and inserts into the newest", async () => {
    await fill(index, "t1", 100, 23);
    const ann = buildAnn(300);
    const segmented = new SqliteSearchReader(db, { ...settings(300), minChunks: 1 });
    const query = (vectors(1000, 23)[42] as Float32Array).slice();
    expect(keyOf(search(segmented, query)[0] as IndexHit)).toBe(`${doc("t1", 4).documentId}/c2`);
    expect(ann.segmentSizes).toEqual([300, 300, 300, 100]);

    const other = openSqliteDatabase(join(dir, "docworker.db"));
    const writer = new SqliteSearchIndex(other);
    await writer.deleteDocument("t1", doc("t1", 4).documentId);
    expect(catchUp(ann)).toBe(true);
    expect(ann.segmentSizes).toEqual([290, 300, 300, 100]);
    const afterDelete = search(segmented, query);
    expect(afterDelete.some((hit) => hit.documentId === doc("t1", 4).documentId)).toBe(false);
    expect(afterDelete.map(keyOf)).toEqual(search(exact, query).map(keyOf));

    const replaced = doc("t1", 7);
    await writer.replaceDocument(replaced, chunks(replaced, [query, ...vectors(9, 77)]));
    catchUp(ann);
    expect(ann.segmentSizes).toEqual([280, 300, 300, 110]);
    const afterReplace = search(segmented, query);
    expect(keyOf(afterReplace[0] as IndexHit)).toBe(`${replaced.documentId}/c0`);
    expect(afterReplace[0]?.score).toBeCloseTo(1, 5);
    expect(afterReplace.map(keyOf)).toEqual(search(exact, query).map(keyOf));
    other.close();
  });

  it("drops a segment its deletes empty, and opens a new one when the newest is full", async () => {
    await fill(index, "t1", 30, 25);
    const ann = buildAnn(100);
    expect(ann.segmentSizes).toEqual([100, 100, 100]);
    for (let n = 0; n < 10; n++) await index.deleteDocument("t1", doc("t1", n).documentId);
    catchUp(ann);
    expect(ann.segmentSizes).toEqual([100, 100]);
    const more = vectors(150, 26);
    for (let n = 30; n < 45; n++) {
      const document = doc("t1", n);
      await index.replaceDocument(document, chunks(document, more.slice((n - 30) * 10, (n - 29) * 10)));
    }
    catchUp(ann);
    expect(ann.segmentSizes).toEqual([100, 100, 100, 50]);
    for (const query of vectors(5, 27)) {
      // Segments this small are searched exhaustively (the expansion exceeds them); the distances
      // are 8-bit ones, so the exact top 10 is among the 4 × k candidates the reader rescores.
      const found = new Set(ann.nearest(query, 40));
      const truth = search(exact, query);
      expect(truth.filter((hit) => found.has(rowOf(hit)))).toHaveLength(10);
    }
  });

  /** The chunk row of a hit, as the graph keys it. */
  const rowOf = (hit: IndexHit) =>
    db
      .prepare<[string, string], number>(
        "SELECT c.id FROM search_chunks c JOIN search_documents d ON d.id = c.doc_id WHERE d.document_id = ? AND c.chunk_id = ?",
      )
      .pluck()
      .get(hit.documentId, hit.chunkId) as number;
});

describe("keyword search with common words", () => {
  it("counts the words again once the chunks written since the counts outnumber a hundredth of the index", async () => {
    const { dir, remove } = tempDir();
    const db = openSqliteDatabase(join(dir, "docworker.db"));
    try {
      const index = new SqliteSearchIndex(db);
      const write = (n: number, texts: string[]) => {
        const document = doc("t1", n);
        return index.replaceDocument(
          document,
          chunks(document, vectors(texts.length, n)).map((chunk, i) => ({ ...chunk, text: texts[i] as string })),
        );
      };
      await write(
        1,
        Array.from({ length: 100 }, (_, i) => (i < 40 ? `alpha item ${i}` : i === 99 ? "beta" : `item ${i}`)),
      );
      const reader = new SqliteSearchReader(db, {}, { commonShare: 0.5, commonMinChunks: 0 });
      const query = { tenantId: "t1", k: 100, filters: {}, text: "alpha beta" };
      // alpha is in 40 % of the chunks: kept beside beta.
      expect(reader.keywordSearch(query)).toHaveLength(41);
      await write(
        2,
        Array.from({ length: 60 }, (_, i) => `alpha filler ${i}`),
      );
      // 60 chunks written since: alpha is counted again, in 100 of 160 chunks now, and left out.
      expect(reader.keywordSearch(query).map((hit) => hit.text)).toEqual(["beta"]);
    } finally {
      db.close();
      remove();
    }
  });

  it("leaves out words most chunks contain when rarer ones remain, and keeps them when nothing else is there", async () => {
    const { dir, remove } = tempDir();
    const db = openSqliteDatabase(join(dir, "docworker.db"));
    try {
      const index = new SqliteSearchIndex(db);
      const document = doc("t1", 1);
      const texts = Array.from({ length: 10 }, (_, i) => (i === 3 ? "protein zebra" : `protein sample ${i}`));
      await index.replaceDocument(
        document,
        texts.map(
          (text, ordinal) =>
            ({ ...chunks(document, vectors(1, ordinal))[0], chunkId: `c${ordinal}`, ordinal, text }) as IndexedChunk,
        ),
      );
      const keepAll = new SqliteSearchReader(db, {}, { commonShare: 1, commonMinChunks: 0 });
      const dropCommon = new SqliteSearchReader(db, {}, { commonShare: 0.5, commonMinChunks: 0 });
      const query = { tenantId: "t1", k: 10, filters: {}, text: "protein zebra" };
      expect(keepAll.keywordSearch(query)).toHaveLength(10);
      const rare = dropCommon.keywordSearch(query);
      expect(rare.map((hit) => hit.chunkId)).toEqual(["c3"]);
      expect(dropCommon.keywordSearch({ ...query, text: "protein" })).toHaveLength(10);
      // Below commonMinChunks nothing is left out.
      expect(
        new SqliteSearchReader(db, {}, { commonShare: 0.5, commonMinChunks: 11 }).keywordSearch(query),
      ).toHaveLength(10);
    } finally {
      db.close();
      remove();
    }
  });
});

describe("PooledSearchIndex", () => {
  it("starts its reader threads with the first search, answers on them and sees the writes made through it", async () => {
    const { dir, remove } = tempDir();
    const databasePath = join(dir, "docworker.db");
    const db = openSqliteDatabase(databasePath);
    const writer = new SqliteSearchIndex(db);
    const pooled = new PooledSearchIndex(writer, 2, {
      databasePath,
      busyTimeoutMs: 5000,
      ann: { minChunks: 1, build: "inline" },
    });
    try {
      await fill(writer, "t1", 50, 12);
      // Writes alone start no reader thread: they start with the first search.
      expect(pooled.threadCount).toBe(0);
      const query = vectors(500, 12)[3] as Float32Array;
      const results = await Promise.all(
        Array.from({ length: 8 }, () => pooled.vectorSearch({ tenantId: "t1", k: 5, filters: {}, vector: query })),
      );
      for (const hits of results) expect(keyOf(hits[0] as IndexHit)).toBe(`${doc("t1", 0).documentId}/c3`);
      expect(pooled.threadCount).toBe(2);
      // Writes through the pool reach its readers.
      await pooled.deleteDocument("t1", doc("t1", 0).documentId);
      const after = await pooled.vectorSearch({ tenantId: "t1", k: 5, filters: {}, vector: query });
      expect(after.some((hit) => hit.documentId === doc("t1", 0).documentId)).toBe(false);
      expect(await pooled.keywordSearch({ tenantId: "t1", k: 3, filters: {}, text: "chunk" })).toHaveLength(3);
    } finally {
      await pooled.close();
      db.close();
      remove();
    }
  });
});
