import { BedrockReranker, createBedrockAgentRuntimeClient } from "@docworker/aws";
import type { Embedder, SearchIndex } from "@docworker/core";
// Not a dependency of bench: reached by path, as the AWS section reaches it.
import { startBedrockStandIn } from "../../../packages/bedrock-stand-in/src/index.ts";
import { percentile, round } from "../stats.ts";
import type { SciFact } from "./dataset.ts";
import { evaluateSearch } from "./evaluate.ts";

/** How many of the hybrid results the reranker reorders, per row. */
export const RERANK_DEPTHS = [20, 50];
const MODEL_ID = "amazon.rerank-v1:0";
const REGION = "us-east-1";

export interface RerankRun {
  depth: number;
  model: string;
  /** What scored the candidates: the stand-in's word overlap, not Amazon Rerank. */
  scorer: "Bedrock stand-in (lexical word overlap)";
  scores: { ndcg10: number; recall100: number; mrr10: number; queries: number };
  searchMs: { p50: number; p95: number };
  /** The reranked search's time less the same query's hybrid time, per query. */
  addedMs: { p50: number; p95: number };
}

/**
 * Hybrid search reranked through the AWS adapter (BedrockReranker, the Rerank API's wire format)
 * against the in-process stand-in. The stand-in scores by word overlap, so these rows measure the
 * path and its latency, not what Amazon Rerank or Cohere Rerank would do to the ranking.
 */
export async function rerankRuns(
  sf: SciFact,
  index: SearchIndex,
  embedder: Embedder,
  hybridTookMs: number[],
): Promise<RerankRun[]> {
  const standIn = await startBedrockStandIn({ port: 0, host: "127.0.0.1" });
  try {
    const reranker = new BedrockReranker({
      client: createBedrockAgentRuntimeClient({
        region: REGION,
        endpoint: standIn.url,
        credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
        maxAttempts: 4,
      }),
      modelId: MODEL_ID,
      region: REGION,
    });
    const runs: RerankRun[] = [];
    for (const depth of RERANK_DEPTHS) {
      const { run: _run, tookMs, ...scores } = await evaluateSearch(sf, index, embedder, "hybrid", { reranker, depth });
      const added = tookMs.map((ms, i) => ms - (hybridTookMs[i] ?? 0));
      runs.push({
        depth,
        model: MODEL_ID,
        scorer: "Bedrock stand-in (lexical word overlap)",
        scores,
        searchMs: { p50: round(percentile(tookMs, 50), 2), p95: round(percentile(tookMs, 95), 2) },
        addedMs: { p50: round(percentile(added, 50), 2), p95: round(percentile(added, 95), 2) },
      });
    }
    return runs;
  } finally {
    await standIn.stop();
  }
}
