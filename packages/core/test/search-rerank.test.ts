import { describe, expect, it } from "vitest";
import type { Embedder } from "../src/ports/embedder.ts";
import type { Reranker } from "../src/ports/reranker.ts";
import type { IndexHit, SearchIndex } from "../src/ports/search-index.ts";
import { searchDocuments } from "../src/usecases/search-documents.ts";

const hit = (i: number, text: string): IndexHit => ({
  documentId: `d${i}`,
  chunkId: `d${i}#0`,
  score: 10 - i,
  text,
  headingPath: [],
  filename: "f.txt",
  contentType: "text/plain",
  metadata: {},
});

const TEXTS = ["alpha", "bravo", "charlie", "delta", "echo"];

/** An index whose keyword search returns the texts in order, and records the k it was asked for. */
function fakeIndex() {
  const asked: number[] = [];
  const index = {
    async keywordSearch(query: { k: number }) {
      asked.push(query.k);
      return TEXTS.slice(0, query.k).map((t, i) => hit(i, t));
    },
  } as unknown as SearchIndex;
  return { index, asked };
}

const embedder = {} as Embedder;

/** Prefers texts containing the query's letter, most occurrences first. */
const letterReranker = (calls: string[][]): Reranker => ({
  model: "letters",
  async rerank(query, texts, topN) {
    calls.push(texts);
    return texts
      .map((t, index) => ({ index, score: t.split(query).length - 1 }))
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, topN);
  },
});

describe("searchDocuments with a reranker", () => {
  it("retrieves `depth` candidates, reorders them by the reranker and returns k with its scores", async () => {
    const { index, asked } = fakeIndex();
    const calls: string[][] = [];
    const response = await searchDocuments(
      { index, embedder, rrfK: 60, rerank: { reranker: letterReranker(calls), depth: 4 } },
      { tenantId: "t", query: "a", k: 2, mode: "keyword", filters: {} },
    );
    expect(asked).toEqual([4]);
    expect(calls).toEqual([["alpha", "bravo", "charlie", "delta"]]);
    // alpha 2 a's, then bravo/charlie/delta 1 each, ties in retrieval order.
    expect(response.results.map((r) => [r.text, r.score])).toEqual([
      ["alpha", 2],
      ["bravo", 1],
    ]);
  });

  it("keeps the retrieval order past the depth when k is larger", async () => {
    const { index } = fakeIndex();
    const response = await searchDocuments(
      { index, embedder, rrfK: 60, rerank: { reranker: letterReranker([]), depth: 2 } },
      { tenantId: "t", query: "r", k: 4, mode: "keyword", filters: {} },
    );
    expect(response.results.map((r) => r.text)).toEqual(["bravo", "alpha", "charlie", "delta"]);
  });

  it("asks for exactly k and calls no reranker when none is configured", async () => {
    const { index, asked } = fakeIndex();
    const response = await searchDocuments(
      { index, embedder, rrfK: 60 },
      { tenantId: "t", query: "a", k: 3, mode: "keyword", filters: {} },
    );
    expect(asked).toEqual([3]);
    expect(response.results.map((r) => r.text)).toEqual(["alpha", "bravo", "charlie"]);
  });
});
