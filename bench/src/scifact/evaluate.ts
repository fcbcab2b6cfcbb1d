import { type Embedder, type Reranker, type SearchIndex, type SearchMode, searchDocuments } from "@docworker/core";
import type { SciFact } from "./dataset.ts";
import { documentsOf, type QualityScores, scoreRun } from "./metrics.ts";

/** Chunks asked for per query: enough that ~100 distinct documents remain after aggregation. */
export const CHUNKS_PER_QUERY = 200;
export const TENANT = "bench";

/**
 * Runs every judged query through docworker's own search use case (the code behind POST /search)
 * against `index`, aggregates chunks to documents (max score) and scores the run. `tookMs` is the
 * use case's own time per query, reranking included when `rerank` is given.
 */
export async function evaluateSearch(
  sf: SciFact,
  index: SearchIndex,
  embedder: Embedder,
  mode: SearchMode,
  rerank?: { reranker: Reranker; depth: number },
): Promise<QualityScores & { run: Map<string, string[]>; tookMs: number[] }> {
  const run = new Map<string, string[]>();
  const tookMs: number[] = [];
  for (const query of sf.queries) {
    const response = await searchDocuments(
      { index, embedder, rrfK: 60, ...(rerank ? { rerank } : {}) },
      { tenantId: TENANT, query: query.text, k: CHUNKS_PER_QUERY, mode, filters: {} },
    );
    tookMs.push(response.tookMs);
    run.set(query.id, documentsOf(response.results.map((r) => r.documentId)).slice(0, 100));
  }
  return { ...scoreRun(run, sf.qrels), run, tookMs };
}

/** Scores a run of a peer (document ids in rank order per query). */
export async function evaluateRetriever(
  sf: SciFact,
  retrieve: (query: string) => Promise<string[]>,
): Promise<QualityScores> {
  const run = new Map<string, string[]>();
  for (const query of sf.queries) run.set(query.id, documentsOf(await retrieve(query.text)).slice(0, 100));
  return scoreRun(run, sf.qrels);
}
