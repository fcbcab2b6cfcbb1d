import { join } from "node:path";
import type { IndexedChunk, IndexedDocument, IndexHit, SearchFilters } from "@docworker/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteDatabase, type SqliteDatabase, SqliteSearchIndex, SqliteSearchReader } from "../src/index.ts";
import { contributionBound, essentialCount, rarestFirst, seedSize } from "../src/keyword-pruning.ts";
import { tempDir } from "./temp-dir.ts";

/** Seeded, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

const VOCABULARY = Array.from({ length: 400 }, (_, i) => `w${i.toString(36)}`);

/** Word i drawn with weight 1 / (i + 1): a few words in most chunks, most words in few, as in text. */
function zipf(next: () => number): string {
  const total = Math.log(VOCABULARY.length + 1);
  const i = Math.min(VOCABULARY.length - 1, Math.floor(Math.exp(next() * total)) - 1);
  return VOCABULARY[i] as string;
}

function text(next: () => number): string {
  const length = 3 + Math.floor(next() * 60);
  return Array.from({ length }, () => zipf(next)).join(" ");
}

/** Queries of 2 to 12 words, some common, some a hyphenated phrase or a word with punctuation. */
function queryText(next: () => number): string {
  const words = Array.from({ length: 2 + Math.floor(next() * 11) }, () => {
    const word = next() < 0.3 ? (VOCABULARY[Math.floor(next() * 8)] as string) : zipf(next);
    const r = next();
    return r < 0.1 ? `${word}-${zipf(next)}` : r < 0.2 ? `${word}.` : word;
  });
  return words.join(" ");
}

const TENANTS = ["t1", "t2"];
const DOCS_PER_TENANT = 120;
const CHUNKS_PER_DOC = 12;

async function fill(index: SqliteSearchIndex, next: () => number): Promise<void> {
  for (const tenantId of TENANTS) {
    for (let n = 0; n < DOCS_PER_TENANT; n++) {
      const document: IndexedDocument = {
        tenantId,
        documentId: `doc_${String(n).padStart(16, "0")}`,
        version: "v1",
        filename: `${n % 3 === 0 ? "report" : "note"}-${n}.txt`,
        contentType: n % 4 === 0 ? "application/pdf" : "text/plain",
        createdAt: new Date(Date.UTC(2024, 0, 1 + n)).toISOString(),
        metadata: { team: n % 5 === 0 ? "blue" : "red" },
      };
      const chunks: IndexedChunk[] = Array.from({ length: CHUNKS_PER_DOC }, (_, ordinal) => ({
        chunkId: `c${ordinal}`,
        documentId: document.documentId,
        ordinal,
        text: text(next),
        headingPath: [],
        tokenCount: 10,
        vector: Float32Array.from([next(), next()]),
      }));
      await index.replaceDocument(document, chunks);
    }
  }
}

const FILTERS: SearchFilters[] = [
  {},
  { contentType: ["application/pdf"] },
  { filenamePrefix: "report" },
  { metadata: { team: "blue" } },
  { createdAfter: "2024-02-01T00:00:00Z" },
];

function same(pruned: IndexHit[], plain: IndexHit[]): void {
  expect(pruned.map((hit) => `${hit.documentId}/${hit.chunkId}`)).toEqual(
    plain.map((hit) => `${hit.documentId}/${hit.chunkId}`),
  );
  pruned.forEach((hit, i) => {
    const expected = (plain[i] as IndexHit).score;
    // The pruned queries list the phrases rarest first, the plain one as typed: the sums may differ in the last bit.
    expect(Math.abs(hit.score - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-14);
  });
}

describe("keyword search scoring only the chunks that can enter the top k", () => {
  let remove: () => void;
  let db: SqliteDatabase;
  // Every word kept, so the common ones are there to be pruned; the plain reader never prunes.
  let pruning: SqliteSearchReader;
  let plain: SqliteSearchReader;

  beforeAll(async () => {
    const dir = tempDir();
    remove = dir.remove;
    db = openSqliteDatabase(join(dir.dir, "docworker.db"));
    await fill(new SqliteSearchIndex(db), random(7));
    pruning = new SqliteSearchReader(db, {}, { commonShare: 1, pruneMinChunks: 0 });
    plain = new SqliteSearchReader(db, {}, { commonShare: 1, pruneMinChunks: Number.POSITIVE_INFINITY });
  });
  afterAll(() => {
    db.close();
    remove();
  });

  it("returns the plain FTS5 query's top k and bm25 scores for random queries, filters and both tenants", () => {
    const next = random(11);
    for (let i = 0; i < 300; i++) {
      const query = {
        tenantId: TENANTS[i % 2] as string,
        k: [1, 5, 10, 30][i % 4] as number,
        filters: FILTERS[i % FILTERS.length] as SearchFilters,
        text: queryText(next),
      };
      same(pruning.keywordSearch(query), plain.keywordSearch(query));
    }
    // Most of those queries were answered by the pruned path, not by its plain fallback.
    expect(pruning.prunedKeywordSearches).toBeGreaterThan(150);
    expect(plain.prunedKeywordSearches).toBe(0);
  });

  it("returns the same when the database holds one tenant, whose queries leave the tenant token out", async () => {
    const dir = tempDir();
    const single = openSqliteDatabase(join(dir.dir, "docworker.db"));
    try {
      const index = new SqliteSearchIndex(single);
      const next = random(5);
      for (let n = 0; n < 60; n++) {
        await index.replaceDocument(
          {
            tenantId: "t1",
            documentId: `doc_${n}`,
            version: "v1",
            filename: `f${n}.txt`,
            contentType: "text/plain",
            createdAt: "2024-01-01T00:00:00Z",
            metadata: {},
          },
          Array.from({ length: 10 }, (_, ordinal) => ({
            chunkId: `c${ordinal}`,
            documentId: `doc_${n}`,
            ordinal,
            text: text(next),
            headingPath: [],
            tokenCount: 10,
            vector: Float32Array.from([1, 0]),
          })),
        );
      }
      const prune = new SqliteSearchReader(single, {}, { commonShare: 1, pruneMinChunks: 0 });
      const full = new SqliteSearchReader(single, {}, { commonShare: 1, pruneMinChunks: Number.POSITIVE_INFINITY });
      for (let i = 0; i < 100; i++) {
        const query = { tenantId: "t1", k: 10, filters: {}, text: queryText(next) };
        same(prune.keywordSearch(query), full.keywordSearch(query));
      }
      expect(prune.prunedKeywordSearches).toBeGreaterThan(30);
    } finally {
      single.close();
      dir.remove();
    }
  });

  it("follows writes made between searches: the bounds use this snapshot's counts", async () => {
    const index = new SqliteSearchIndex(db);
    const query = { tenantId: "t1", k: 10, filters: {}, text: `${VOCABULARY[0]} ${VOCABULARY[1]} ${VOCABULARY[300]}` };
    same(pruning.keywordSearch(query), plain.keywordSearch(query));
    // The rare word becomes common and short chunks of the common ones appear.
    await index.replaceDocument(
      {
        tenantId: "t1",
        documentId: "doc_written_later",
        version: "v1",
        filename: "later.txt",
        contentType: "text/plain",
        createdAt: "2024-01-01T00:00:00Z",
        metadata: {},
      },
      Array.from({ length: 200 }, (_, ordinal) => ({
        chunkId: `c${ordinal}`,
        documentId: "doc_written_later",
        ordinal,
        text: ordinal % 2 ? `${VOCABULARY[300]} ${VOCABULARY[0]}` : `${VOCABULARY[1]} ${VOCABULARY[1]}`,
        headingPath: [],
        tokenCount: 2,
        vector: Float32Array.from([1, 0]),
      })),
    );
    same(pruning.keywordSearch(query), plain.keywordSearch(query));
    await index.deleteDocument("t1", "doc_written_later");
    same(pruning.keywordSearch(query), plain.keywordSearch(query));
  });
});

describe("the pruning plan", () => {
  it("orders phrases rarest first, ties by text", () => {
    const counts: Record<string, number> = { '"b"': 5, '"a"': 5, '"c"': 1 };
    expect(rarestFirst(['"b"', '"a"', '"c"'], (p) => counts[p] as number)).toEqual(['"c"', '"a"', '"b"']);
  });

  it("bounds a phrase's contribution above bm25's limit, with FTS5's floor for words in most rows", () => {
    const idf = Math.log((1000 - 10 + 0.5) / (10 + 0.5));
    expect(contributionBound(10, 1000)).toBeGreaterThan(2.2 * idf);
    expect(contributionBound(10, 1000)).toBeLessThan(2.2 * idf * 1.000001);
    expect(contributionBound(900, 1000)).toBeCloseTo(2.2e-6, 12);
  });

  it("seeds with the rarest phrases up to the budget, and leaves to probing only common phrases whose bounds stay below θ", () => {
    const rows = 100_000;
    expect(seedSize([10, 500, 1500, 20_000], rows)).toBe(2);
    expect(seedSize([5000, 6000], rows)).toBe(1);
    const chunks = [10, 500, 15_000, 20_000];
    const common = contributionBound(20_000, rows) + contributionBound(15_000, rows);
    expect(essentialCount(chunks, rows, common + 0.01, 1)).toBe(2);
    expect(essentialCount(chunks, rows, common - 0.01, 1)).toBe(3);
    expect(essentialCount(chunks, rows, 0, 1)).toBe(4);
    // Never one of the seed's phrases.
    expect(essentialCount(chunks, rows, 1e9, 3)).toBe(3);
  });
});
