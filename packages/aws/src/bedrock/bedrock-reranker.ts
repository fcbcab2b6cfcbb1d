import { type BedrockAgentRuntimeClient, RerankCommand } from "@aws-sdk/client-bedrock-agent-runtime";
import { DocworkerError, type RerankedItem, type Reranker } from "@docworker/core";
import { partitionOf } from "../partition.ts";
import { fromBedrockError } from "./bedrock-errors.ts";

export interface BedrockRerankerOptions {
  client: BedrockAgentRuntimeClient;
  /** A model id ("amazon.rerank-v1:0", "cohere.rerank-v3-5:0") or its full foundation-model ARN. */
  modelId: string;
  region: string;
}

/** The Rerank API takes at most this many sources in one call. */
const MAX_SOURCES = 1000;

/**
 * The Reranker port on the Bedrock Rerank API (bedrock-agent-runtime), which serves Amazon Rerank
 * 1.0 and Cohere Rerank 3.5 behind one request shape. Billed per query: off unless configured.
 */
export class BedrockReranker implements Reranker {
  readonly model: string;
  readonly #client: BedrockAgentRuntimeClient;
  readonly #modelArn: string;

  constructor(options: BedrockRerankerOptions) {
    this.#client = options.client;
    this.model = options.modelId;
    this.#modelArn = options.modelId.startsWith("arn:")
      ? options.modelId
      : `arn:${partitionOf(options.region)}:bedrock:${options.region}::foundation-model/${options.modelId}`;
  }

  async rerank(query: string, texts: string[], topN: number): Promise<RerankedItem[]> {
    if (texts.length === 0 || topN < 1) return [];
    if (texts.length > MAX_SOURCES) {
      throw new DocworkerError("INTERNAL", `the Rerank API takes at most ${MAX_SOURCES} texts, got ${texts.length}`);
    }
    let results: { index?: number; relevanceScore?: number }[];
    try {
      const response = await this.#client.send(
        new RerankCommand({
          queries: [{ type: "TEXT", textQuery: { text: query } }],
          sources: texts.map((text) => ({
            type: "INLINE",
            inlineDocumentSource: { type: "TEXT", textDocument: { text } },
          })),
          rerankingConfiguration: {
            type: "BEDROCK_RERANKING_MODEL",
            bedrockRerankingConfiguration: {
              numberOfResults: Math.min(topN, texts.length),
              modelConfiguration: { modelArn: this.#modelArn },
            },
          },
        }),
      );
      results = response.results ?? [];
    } catch (error) {
      throw fromBedrockError(error, `reranking with ${this.model}`);
    }
    return results
      .filter((r): r is { index: number; relevanceScore: number } => {
        return Number.isInteger(r.index) && (r.index as number) < texts.length && typeof r.relevanceScore === "number";
      })
      .map((r) => ({ index: r.index, score: r.relevanceScore }))
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, topN);
  }
}
