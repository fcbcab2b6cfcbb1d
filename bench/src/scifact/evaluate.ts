import { type Embedder, type SearchIndex, type SearchMode, searchDocuments } from "@docworker/core";
import type { SciFact } from "./dataset.ts";
import { documentsOf, type QualityScores, scoreRun } from "./metrics.ts";

/** Chunks asked for per query: enough that ~100 distinct documents remain after aggregation. */
export const CHUNKS_PER_QUERY = 200;
export const TENANT = "bench";

/**
 * Runs every judged query through docworker's own search use case (the code behind POST /search)
 * against `index`, aggregates chunks to documents (max score) and scores the run.
 */
export async function evaluateSearch(
  sf: SciFact,
  index: SearchIndex,
  embedder: Embedder,
  mode: SearchMode,
): Promise<QualityScores & { run: Map<string, string[]> }> {
  const run = new Map<string, string[]>();
  for (const query of sf.queries) {
    const response = await searchDocuments(
      { index, embedder, rrfK: 60 },
      { tenantId: TENANT, query: query.text, k: CHUNKS_PER_QUERY, mode, filters: {} },
    );
    run.set(query.id, documentsOf(response.results.map((r) => r.documentId)).slice(0, 100));
  }
  return { ...scoreRun(run, sf.qrels), run };
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
