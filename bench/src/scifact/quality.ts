import { join } from "node:path";
import { createOpenSearchClient, OpenSearchIndex } from "@docworker/aws";
import { type Chunk, type Embedder, type IndexedChunk, SEARCH_MODES, type SearchMode } from "@docworker/core";
import { openEmbeddedAdapters } from "@docworker/embedded";
import { percentile, round } from "../stats.ts";
import type { SciFact } from "./dataset.ts";
import { evaluateSearch, TENANT } from "./evaluate.ts";
import { indexChunks } from "./index-corpus.ts";
import { documentsOf, scoreRun } from "./metrics.ts";
import { type RerankRun, rerankRuns } from "./rerank-quality.ts";

export interface QualityRow {
  system: string;
  backend:
    | "embedded (SQLite FTS5 + exact vectors)"
    | "OpenSearch 2.19 (emulated, exact k-NN)"
    | "the peer's in-memory vector store";
  mode: SearchMode | string;
  embedder: string;
  embedderKind: "semantic" | "lexical" | "-";
  ndcg10: number;
  recall100: number;
  mrr10: number;
  queries: number;
  note?: string;
  /** Rows of hybrid search reranked: how, and the search time with and without it. */
  rerank?: Omit<RerankRun, "scores"> & { hybridSearchMs: { p50: number; p95: number } };
}

export interface EmbeddedCorpus {
  name: string;
  embedder: Embedder;
  chunks: IndexedChunk[];
}

const EMBEDDED = "embedded (SQLite FTS5 + exact vectors)" as const;
const OPENSEARCH = "OpenSearch 2.19 (emulated, exact k-NN)" as const;

function row(
  backend: QualityRow["backend"],
  mode: string,
  embedder: Embedder | undefined,
  scores: { ndcg10: number; recall100: number; mrr10: number; queries: number },
  note?: string,
): QualityRow {
  return {
    system: "docworker",
    backend,
    mode,
    embedder: embedder && mode !== "keyword" ? embedder.model : "-",
    embedderKind: embedder && mode !== "keyword" ? embedder.kind : "-",
    ndcg10: round(scores.ndcg10, 4),
    recall100: round(scores.recall100, 4),
    mrr10: round(scores.mrr10, 4),
    queries: scores.queries,
    ...(note ? { note } : {}),
  };
}

/** Keyword once (it does not depend on the embedder), vector and hybrid per embedder. */
export async function embeddedQuality(sf: SciFact, corpora: EmbeddedCorpus[], workDir: string): Promise<QualityRow[]> {
  const rows: QualityRow[] = [];
  for (const [i, corpus] of corpora.entries()) {
    const adapters = openEmbeddedAdapters({
      dataDir: join(workDir, `quality-embedded-${corpus.name}`),
      rawBucket: "raw-input",
      processedBucket: "processed-output",
    });
    try {
      await indexChunks(adapters.index, corpus.chunks);
      for (const mode of SEARCH_MODES) {
        if (mode === "keyword" && i > 0) continue;
        const scores = await evaluateSearch(sf, adapters.index, corpus.embedder, mode);
        rows.push(row(EMBEDDED, mode, corpus.embedder, scores));
        // Reranking on the semantic embedder's hybrid list only: the lexical one is a baseline.
        if (mode !== "hybrid" || corpus.embedder.kind !== "semantic") continue;
        const hybridSearchMs = {
          p50: round(percentile(scores.tookMs, 50), 2),
          p95: round(percentile(scores.tookMs, 95), 2),
        };
        for (const { scores: reranked, ...rerank } of await rerankRuns(
          sf,
          adapters.index,
          corpus.embedder,
          scores.tookMs,
        )) {
          const label = `hybrid + rerank@${rerank.depth}`;
          rows.push({
            ...row(EMBEDDED, label, corpus.embedder, reranked, `${rerank.model} wire format, ${rerank.scorer}`),
            rerank: { ...rerank, hybridSearchMs },
          });
        }
      }
    } finally {
      await adapters.close();
    }
  }
  return rows;
}

/**
 * The same through OpenSearchIndex (the AWS adapter) on the emulated node: BM25 with the
 * adapter's own query, k-NN, and hybrid as docworker's client-side RRF. Plus BM25 variants on the
 * same index, to explain where its BM25 figure stands against the published 0.665.
 */
export async function openSearchQuality(
  sf: SciFact,
  corpora: EmbeddedCorpus[],
  node: string,
  log: (m: string) => void,
): Promise<QualityRow[]> {
  const client = createOpenSearchClient({ node, serverless: false });
  const rows: QualityRow[] = [];
  for (const [i, corpus] of corpora.entries()) {
    const name = `bench-scifact-${corpus.name}-${Date.now()}`;
    const index = new OpenSearchIndex(client, { index: name, dimension: corpus.embedder.dimension });
    try {
      await index.ensureIndex();
      const ms = await indexChunks(index, corpus.chunks, 4);
      await client.indices.refresh({ index: name });
      log(`  OpenSearch ${corpus.name}: ${corpus.chunks.length} chunks indexed in ${round(ms / 1000)} s`);
      for (const mode of SEARCH_MODES) {
        if (mode === "keyword" && i > 0) continue;
        rows.push(row(OPENSEARCH, mode, corpus.embedder, await evaluateSearch(sf, index, corpus.embedder, mode)));
      }
      if (i === 0) rows.push(...(await bm25Variants(sf, client, name)));
    } finally {
      await client.indices.delete({ index: name }).catch(() => undefined);
    }
  }
  return rows;
}

type Client = ReturnType<typeof createOpenSearchClient>;

/** BM25 query shapes on the same index: which part of docworker's query moves the score. */
async function bm25Variants(sf: SciFact, client: Client, index: string): Promise<QualityRow[]> {
  const variants: Record<string, (q: string) => object> = {
    "keyword: text field only (english analyzer)": (q) => ({ match: { text: { query: q } } }),
    "keyword: text.exact only (standard analyzer)": (q) => ({ match: { "text.exact": { query: q } } }),
    "keyword: text + text.exact, no heading boost": (q) => ({
      bool: { should: [{ match: { text: { query: q } } }, { match: { "text.exact": { query: q, boost: 0.5 } } }] },
    }),
  };
  const rows: QualityRow[] = [];
  for (const [label, build] of Object.entries(variants)) {
    const run = new Map<string, string[]>();
    for (const query of sf.queries) {
      const response = await client.search({
        index,
        body: {
          size: 200,
          _source: ["document_id"],
          query: { bool: { filter: [{ term: { tenant_id: TENANT } }], must: [build(query.text)] } },
        } as never,
      });
      const hits = response.body.hits.hits as { _source?: { document_id?: string } }[];
      run.set(query.id, documentsOf(hits.map((h) => h._source?.document_id ?? "")).slice(0, 100));
    }
    rows.push(row(OPENSEARCH, label, undefined, scoreRun(run, sf.qrels), "diagnostic: raw query on the same index"));
  }
  return rows;
}

export type { Chunk };
