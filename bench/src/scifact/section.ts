import { join } from "node:path";
import type { BenchConfig } from "../config.ts";
import { hashingEmbedder, memoize, openMiniLm } from "../embedders.ts";
import { ingestWithLangChain, LANGCHAIN_CONFIG } from "../peers/langchain-peer.ts";
import { ingestWithLlamaIndex, LLAMAINDEX_CONFIG } from "../peers/llamaindex-peer.ts";
import { peerVersions } from "../peers/versions.ts";
import { round } from "../stats.ts";
import { chunkSciFact } from "./corpus-chunks.ts";
import { docText, loadSciFact, type SciFact } from "./dataset.ts";
import { evaluateRetriever } from "./evaluate.ts";
import { embedChunks } from "./index-corpus.ts";
import { embeddedQuality, openSearchQuality, type QualityRow } from "./quality.ts";

export const CHUNKING = { targetTokens: 400, overlapTokens: 50 };
export const REFERENCE_NDCG10 = {
  "BM25 (BEIR, Elasticsearch)": 0.665,
  "all-MiniLM-L6-v2": 0.645,
  "bge-small-en-v1.5": 0.713,
};

export interface QualitySection {
  dataset: { documents: number; queries: number; chunks: number; subset: boolean };
  chunking: typeof CHUNKING;
  corpusEmbedSeconds: { minilm: number; hashing: number };
  rows: QualityRow[];
  reference: typeof REFERENCE_NDCG10;
  peerConfig: Record<string, string>;
  memo: { cached: number; computed: number; reused: number };
}

/** BENCH_QUICK: every judged document plus 500 others, and the first 60 queries. */
function quickSubset(sf: SciFact): SciFact {
  const queries = sf.queries.slice(0, 60);
  const qrels = new Map(queries.map((q) => [q.id, sf.qrels.get(q.id) ?? new Map<string, number>()]));
  const judged = new Set([...qrels.values()].flatMap((m) => [...m.keys()]));
  const corpus = sf.corpus.filter((d, i) => judged.has(d.id) || i < 500);
  return { corpus, queries, qrels };
}

export async function runQualitySection(
  cfg: BenchConfig,
  openSearchUrl: string | undefined,
  log: (m: string) => void,
): Promise<QualitySection> {
  const full = loadSciFact(cfg.scifactDir);
  const sf = cfg.quick ? quickSubset(full) : full;
  const chunks = chunkSciFact(sf.corpus, CHUNKING);
  log(`SciFact: ${sf.corpus.length} documents, ${chunks.length} chunks, ${sf.queries.length} queries`);

  const minilm = await openMiniLm(cfg.modelDir);
  const cacheFile =
    process.env.BENCH_EMBED_CACHE === "0" ? undefined : join(cfg.repoRoot, ".tools/bench-cache/minilm-vectors.tsv");
  const memo = memoize(minilm, cacheFile);
  log(`  MiniLM vector cache: ${cacheFile ? `${memo.loaded} vectors in ${cacheFile}` : "off"}`);
  try {
    const mini = await embedChunks(memo, chunks);
    log(`  MiniLM embedded the corpus in ${round(mini.ms / 1000)} s`);
    const hashing = await embedChunks(hashingEmbedder(), chunks);
    const corpora = [
      { name: "minilm", embedder: memo, chunks: mini.chunks },
      { name: "hashing", embedder: hashingEmbedder(), chunks: hashing.chunks },
    ];
    const rows = await embeddedQuality(sf, corpora, cfg.workDir);
    log("  embedded index done");
    if (openSearchUrl) {
      try {
        rows.push(...(await openSearchQuality(sf, corpora, openSearchUrl, log)));
      } catch (error) {
        log(`  OpenSearch quality failed: ${(error as Error).message}`);
      }
    }

    const docs = sf.corpus.map((d) => ({ id: d.id, text: docText(d) }));
    const chunking = { chunkSize: CHUNKING.targetTokens, chunkOverlap: CHUNKING.overlapTokens };
    const versions = peerVersions();
    const peers = [
      {
        system: `LlamaIndex.TS ${versions.llamaindex}`,
        ingest: () => ingestWithLlamaIndex(docs, memo, { ...chunking, batchSize: 16 }),
      },
      {
        system: `LangChain.js ${versions["@langchain/classic"]}`,
        ingest: () => ingestWithLangChain(docs, memo, chunking),
      },
    ];
    for (const peer of peers) {
      try {
        const ingested = await peer.ingest();
        const scores = await evaluateRetriever(sf, (q) => ingested.retrieve(q));
        rows.push({
          system: peer.system,
          backend: "the peer's in-memory vector store",
          mode: "vector",
          embedder: memo.model,
          embedderKind: "semantic",
          ndcg10: round(scores.ndcg10, 4),
          recall100: round(scores.recall100, 4),
          mrr10: round(scores.mrr10, 4),
          queries: scores.queries,
          note: `in-memory store; ${ingested.chunks} chunks`,
        });
        log(`  ${peer.system}: nDCG@10 ${round(scores.ndcg10, 3)}`);
      } catch (error) {
        log(`  ${peer.system} failed: ${(error as Error).stack}`);
      }
    }
    return {
      dataset: { documents: sf.corpus.length, queries: sf.queries.length, chunks: chunks.length, subset: cfg.quick },
      chunking: CHUNKING,
      corpusEmbedSeconds: { minilm: round(mini.ms / 1000), hashing: round(hashing.ms / 1000, 2) },
      rows,
      reference: REFERENCE_NDCG10,
      peerConfig: {
        llamaindex: LLAMAINDEX_CONFIG(CHUNKING.targetTokens, CHUNKING.overlapTokens, 16),
        langchain: LANGCHAIN_CONFIG(CHUNKING.targetTokens, CHUNKING.overlapTokens),
      },
      memo: { cached: memo.loaded, computed: memo.computed, reused: memo.reused },
    };
  } finally {
    memo.save();
    await minilm.close();
  }
}
