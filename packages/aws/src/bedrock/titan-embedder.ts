import { type BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { DocworkerError, type Embedder, type EmbeddingBatch } from "@docworker/core";
import pLimit, { type LimitFunction } from "p-limit";
import type { TitanDimension } from "./bedrock-config.ts";
import { fromBedrockError, isInputTooLong } from "./bedrock-errors.ts";

export interface BedrockTitanEmbedderOptions {
  client: BedrockRuntimeClient;
  modelId: string;
  dimension: TitanDimension;
  /** Calls in flight at once, over all batches of this embedder. Default 8. */
  maxConcurrency?: number;
  /** A "too long" text is split in halves down to this size before giving up. Default 200. */
  minSplitChars?: number;
}

interface Embedded {
  vector: Float32Array;
  tokens: number;
}

/**
 * The Embedder port on Titan Text Embeddings V2. Titan takes one text per call, so a batch is
 * many InvokeModel calls with bounded concurrency; the SDK's adaptive retries absorb throttling,
 * and what they cannot absorb becomes a retryable DocworkerError for the queue. A text Titan
 * finds too long is split in halves, each embedded, and the halves' vectors averaged (weighted by
 * length) and normalised: chunks are sized far below Titan's 8k tokens, so this is only a guard.
 */
export class BedrockTitanEmbedder implements Embedder {
  readonly model: string;
  readonly dimension: TitanDimension;
  readonly kind = "semantic" as const;
  private readonly client: BedrockRuntimeClient;
  private readonly limit: LimitFunction;
  private readonly minSplitChars: number;

  constructor(options: BedrockTitanEmbedderOptions) {
    this.client = options.client;
    this.model = options.modelId;
    this.dimension = options.dimension;
    this.limit = pLimit(options.maxConcurrency ?? 8);
    this.minSplitChars = options.minSplitChars ?? 200;
  }

  async embedDocuments(texts: string[]): Promise<EmbeddingBatch> {
    // One failed text fails the batch (the queue retries the document): stop spending calls on it.
    const batch = new AbortController();
    const tasks = texts.map((text) =>
      this.limit(() => {
        batch.signal.throwIfAborted();
        return this.embedFitting(text, batch.signal);
      }),
    );
    let results: Embedded[];
    try {
      results = await Promise.all(tasks);
    } catch (error) {
      batch.abort(error);
      throw error;
    }
    return {
      vectors: results.map((result) => result.vector),
      tokens: results.reduce((sum, result) => sum + result.tokens, 0),
    };
  }

  async embedQuery(text: string): Promise<EmbeddingBatch> {
    return this.embedDocuments([text]);
  }

  /** Embeds a text, splitting it (within the same concurrency slot) while Titan says it is too long. */
  private async embedFitting(text: string, signal: AbortSignal): Promise<Embedded> {
    try {
      return await this.invoke(text, signal);
    } catch (error) {
      if (!isInputTooLong(error)) throw fromBedrockError(error, `embedding with ${this.model}`);
      if (text.length < this.minSplitChars * 2) {
        throw new DocworkerError("TOO_LARGE", `${this.model} rejects a ${text.length}-character text as too long`, {
          cause: error,
        });
      }
      const [head, tail] = splitInHalves(text);
      const first = await this.embedFitting(head, signal);
      const second = await this.embedFitting(tail, signal);
      return {
        vector: weightedMean(first.vector, head.length, second.vector, tail.length),
        tokens: first.tokens + second.tokens,
      };
    }
  }

  private async invoke(text: string, signal: AbortSignal): Promise<Embedded> {
    const response = await this.client.send(
      new InvokeModelCommand({
        modelId: this.model,
        contentType: "application/json",
        accept: "application/json",
        body: JSON.stringify({
          inputText: text,
          dimensions: this.dimension,
          normalize: true,
          embeddingTypes: ["float"],
        }),
      }),
      { abortSignal: signal },
    );
    const body = JSON.parse(new TextDecoder().decode(response.body)) as {
      embedding?: number[];
      embeddingsByType?: { float?: number[] };
      inputTextTokenCount?: number;
    };
    const values = body.embeddingsByType?.float ?? body.embedding;
    if (!Array.isArray(values) || values.length !== this.dimension) {
      throw new DocworkerError(
        "INTERNAL",
        `${this.model} answered ${Array.isArray(values) ? `${values.length} dimensions` : "no embedding"}, expected ${this.dimension}`,
      );
    }
    return { vector: Float32Array.from(values), tokens: body.inputTextTokenCount ?? 0 };
  }
}

/** Two halves of about equal length, cut at the whitespace nearest the middle when there is one. */
function splitInHalves(text: string): [string, string] {
  const middle = Math.floor(text.length / 2);
  const window = Math.floor(text.length / 4);
  let cut = middle;
  for (let offset = 0; offset <= window; offset++) {
    if (/\s/.test(text[middle + offset] ?? "")) {
      cut = middle + offset;
      break;
    }
    if (/\s/.test(text[middle - offset] ?? "")) {
      cut = middle - offset;
      break;
    }
  }
  return [text.slice(0, cut), text.slice(cut)];
}

function weightedMean(a: Float32Array, weightA: number, b: Float32Array, weightB: number): Float32Array {
  const mean = new Float32Array(a.length);
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    const value = ((a[i] as number) * weightA + (b[i] as number) * weightB) / (weightA + weightB);
    mean[i] = value;
    norm += value * value;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < mean.length; i++) mean[i] = (mean[i] as number) / norm;
  return mean;
}
