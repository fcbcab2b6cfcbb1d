import type { Embedder } from "../ports/embedder.ts";
import type { IndexHit, SearchFilters, SearchIndex } from "../ports/search-index.ts";
import { reciprocalRankFusion } from "../search/reciprocal-rank-fusion.ts";
import { snippetBuilder } from "../search/snippet.ts";

export const SEARCH_MODES = ["keyword", "vector", "hybrid"] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];

export interface SearchRequest {
  tenantId: string;
  query: string;
  k: number;
  mode: SearchMode;
  filters: SearchFilters;
}

export interface SearchResult {
  documentId: string;
  chunkId: string;
  score: number;
  text: string;
  snippet: string;
  page?: number;
  pageEnd?: number;
  headingPath: string[];
  filename: string;
  contentType: string;
  metadata: Record<string, string>;
}

export interface SearchResponse {
  results: SearchResult[];
  mode: SearchMode;
  tookMs: number;
}

/** Hybrid asks each retriever for more than k so fusion has overlap to work with. */
const HYBRID_CANDIDATES = (k: number) => Math.min(200, Math.max(k * 3, 30));

export async function searchDocuments(
  deps: { index: SearchIndex; embedder: Embedder; rrfK: number },
  request: SearchRequest,
): Promise<SearchResponse> {
  const started = performance.now();
  const base = { tenantId: request.tenantId, filters: request.filters };
  let hits: IndexHit[];
  if (request.mode === "keyword") {
    hits = await deps.index.keywordSearch({ ...base, k: request.k, text: request.query });
  } else if (request.mode === "vector") {
    const vector = await embedQuery(deps.embedder, request.query);
    hits = await deps.index.vectorSearch({ ...base, k: request.k, vector });
  } else {
    const candidates = HYBRID_CANDIDATES(request.k);
    const [keyword, vector] = await Promise.all([
      deps.index.keywordSearch({ ...base, k: candidates, text: request.query }),
      embedQuery(deps.embedder, request.query).then((v) =>
        deps.index.vectorSearch({ ...base, k: candidates, vector: v }),
      ),
    ]);
    hits = reciprocalRankFusion([keyword, vector], deps.rrfK, request.k);
  }
  const snippet = snippetBuilder(request.query);
  return {
    mode: request.mode,
    results: hits.map((hit) => toResult(hit, snippet)),
    tookMs: Math.round((performance.now() - started) * 100) / 100,
  };
}

async function embedQuery(embedder: Embedder, query: string): Promise<Float32Array> {
  const { vectors } = await embedder.embedQuery(query);
  const vector = vectors[0];
  if (!vector) throw new Error("the embedder returned no vector for the query");
  return vector;
}

function toResult(hit: IndexHit, snippet: (text: string) => string): SearchResult {
  return {
    documentId: hit.documentId,
    chunkId: hit.chunkId,
    score: hit.score,
    text: hit.text,
    snippet: snippet(hit.text),
    headingPath: hit.headingPath,
    filename: hit.filename,
    contentType: hit.contentType,
    metadata: hit.metadata,
    ...(hit.pageStart === undefined ? {} : { page: hit.pageStart }),
    ...(hit.pageEnd === undefined || hit.pageEnd === hit.pageStart ? {} : { pageEnd: hit.pageEnd }),
  };
}
