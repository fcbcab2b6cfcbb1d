import type { SearchMode } from "../domain/search-modes.ts";
import type { Embedder } from "../ports/embedder.ts";
import type { Reranker } from "../ports/reranker.ts";
import type { IndexHit, SearchFilters, SearchIndex } from "../ports/search-index.ts";
import { reciprocalRankFusion } from "../search/reciprocal-rank-fusion.ts";
import { snippetBuilder } from "../search/snippet.ts";
import type { VectorSpaces } from "../search/vector-spaces.ts";

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
  /** Present when the hit's text was recognised from page images (OCR): the engine's confidence. */
  recognizedConfidence?: number;
}

export interface SearchResponse {
  results: SearchResult[];
  mode: SearchMode;
  tookMs: number;
}

/** Hybrid asks each retriever for more than k so fusion has overlap to work with. */
const HYBRID_CANDIDATES = (k: number) => Math.min(200, Math.max(k * 3, 30));

export interface SearchDependencies {
  index: SearchIndex;
  embedder: Embedder;
  /** When set, the search reads the active vector space with its own embedder instead. */
  spaces?: VectorSpaces;
  rrfK: number;
  /** When set, the first `depth` results of any mode are reordered by the reranker. */
  rerank?: { reranker: Reranker; depth: number };
}

export async function searchDocuments(deps: SearchDependencies, request: SearchRequest): Promise<SearchResponse> {
  const started = performance.now();
  const wanted = deps.rerank ? Math.max(request.k, deps.rerank.depth) : request.k;
  let hits = await retrieve(deps, request, wanted);
  if (deps.rerank) hits = await rerankHits(deps.rerank, request.query, hits, request.k);
  const snippet = snippetBuilder(request.query);
  return {
    mode: request.mode,
    results: hits.map((hit) => toResult(hit, snippet)),
    tookMs: Math.round((performance.now() - started) * 100) / 100,
  };
}

async function retrieve(deps: SearchDependencies, request: SearchRequest, k: number): Promise<IndexHit[]> {
  // One space for the whole request: both retrievers read the same index, the query is embedded
  // by the embedder that made its vectors.
  const { index, embedder } = deps.spaces ? await deps.spaces.searchTarget() : deps;
  const base = { tenantId: request.tenantId, filters: request.filters };
  if (request.mode === "keyword") return index.keywordSearch({ ...base, k, text: request.query });
  if (request.mode === "vector") {
    const vector = await embedQuery(embedder, request.query);
    return index.vectorSearch({ ...base, k, vector });
  }
  const candidates = HYBRID_CANDIDATES(k);
  const [keyword, vector] = await Promise.all([
    index.keywordSearch({ ...base, k: candidates, text: request.query }),
    embedQuery(embedder, request.query).then((v) => index.vectorSearch({ ...base, k: candidates, vector: v })),
  ]);
  return reciprocalRankFusion([keyword, vector], deps.rrfK, k);
}

/**
 * The reranker reads query and text together, so it orders the first `depth` candidates better
 * than the retrievers did; those carry its relevance score. Past `depth` (a k larger than the
 * depth) the retrieval order and scores are kept.
 */
async function rerankHits(
  rerank: NonNullable<SearchDependencies["rerank"]>,
  query: string,
  hits: IndexHit[],
  k: number,
): Promise<IndexHit[]> {
  const head = hits.slice(0, rerank.depth);
  if (head.length === 0) return [];
  const order = await rerank.reranker.rerank(
    query,
    head.map((hit) => hit.text),
    head.length,
  );
  const seen = new Set<number>();
  const reranked: IndexHit[] = [];
  for (const { index, score } of order) {
    const hit = head[index];
    if (!hit || seen.has(index)) continue;
    seen.add(index);
    reranked.push({ ...hit, score });
  }
  // A reranker that answered fewer than it was given: the rest keep their retrieval order.
  head.forEach((hit, index) => {
    if (!seen.has(index)) reranked.push(hit);
  });
  return [...reranked, ...hits.slice(rerank.depth)].slice(0, k);
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
    ...(hit.recognizedConfidence === undefined ? {} : { recognizedConfidence: hit.recognizedConfidence }),
  };
}
