import { type BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { DocworkerError, type Embedder, type EmbeddingBatch, tokenCount } from "@docworker/core";
import pLimit, { type LimitFunction } from "p-limit";
import { fromBedrockError } from "./bedrock-errors.ts";

export interface BedrockCohereEmbedderOptions {
  client: BedrockRuntimeClient;
  /** cohere.embed-english-v3, cohere.embed-multilingual-v3 (1024 dimensions) or cohere.embed-v4:0. */
  modelId: string;
  /** 1024 for v3; 256, 512, 1024 or 1536 for v4 (sent as output_dimension). */
  dimension: number;
  /** Calls in flight at once, over all batches of this embedder. Default 4. */
  maxConcurrency?: number;
}

/** Cohere Embed on Bedrock takes at most 96 texts, of at most 2,048 characters each, per call. */
export const COHERE_MAX_TEXTS = 96;
const COHERE_MAX_CHARS = 2048;

export { isCohereEmbed } from "./bedrock-config.ts";

/** The dimensions a Cohere Embed model can answer with; throws for one docworker does not support. */
export function cohereDimensions(modelId: string): number[] {
  if (/cohere\.embed-v4/.test(modelId)) return [256, 512, 1024, 1536];
  if (/cohere\.embed-(english|multilingual)-v3/.test(modelId)) return [1024];
  throw new Error(
    `invalid configuration: ${modelId} is not a supported Cohere Embed model (english-v3, multilingual-v3, v4)`,
  );
}

/**
 * The Embedder port on Cohere Embed through InvokeModel: up to 96 texts a call, documents as
 * `search_document` and queries as `search_query` (Cohere's asymmetric retrieval). A text over
 * 2,048 characters is cut there: the model reads at most 512 tokens of it anyway.
 */
export class BedrockCohereEmbedder implements Embedder {
  readonly model: string;
  readonly dimension: number;
  readonly kind = "semantic" as const;
  readonly #client: BedrockRuntimeClient;
  readonly #limit: LimitFunction;
  readonly #v4: boolean;

  constructor(options: BedrockCohereEmbedderOptions) {
    if (!cohereDimensions(options.modelId).includes(options.dimension)) {
      throw new Error(
        `invalid configuration: ${options.modelId} answers ${cohereDimensions(options.modelId).join(", ")} dimensions, not ${options.dimension}`,
      );
    }
    this.#client = options.client;
    this.model = options.modelId;
    this.dimension = options.dimension;
    this.#limit = pLimit(options.maxConcurrency ?? 4);
    this.#v4 = /cohere\.embed-v4/.test(options.modelId);
  }

  async embedDocuments(texts: string[]): Promise<EmbeddingBatch> {
    const calls: Promise<EmbeddingBatch>[] = [];
    for (let start = 0; start < texts.length; start += COHERE_MAX_TEXTS) {
      const slice = texts.slice(start, start + COHERE_MAX_TEXTS);
      calls.push(this.#limit(() => this.#invoke(slice, "search_document")));
    }
    const batches = await Promise.all(calls);
    return {
      vectors: batches.flatMap((batch) => batch.vectors),
      tokens: batches.reduce((sum, batch) => sum + batch.tokens, 0),
    };
  }

  embedQuery(text: string): Promise<EmbeddingBatch> {
    return this.#limit(() => this.#invoke([text], "search_query"));
  }

  async #invoke(texts: string[], inputType: "search_document" | "search_query"): Promise<EmbeddingBatch> {
    const cut = texts.map((text) => (text.length > COHERE_MAX_CHARS ? text.slice(0, COHERE_MAX_CHARS) : text));
    let raw: Uint8Array;
    try {
      const response = await this.#client.send(
        new InvokeModelCommand({
          modelId: this.model,
          contentType: "application/json",
          accept: "application/json",
          body: JSON.stringify({
            texts: cut,
            input_type: inputType,
            truncate: "END",
            embedding_types: ["float"],
            ...(this.#v4 ? { output_dimension: this.dimension } : {}),
          }),
        }),
      );
      raw = response.body;
    } catch (error) {
      throw fromBedrockError(error, `embedding with ${this.model}`);
    }
    const body = JSON.parse(new TextDecoder().decode(raw)) as {
      embeddings?: number[][] | { float?: number[][] };
    };
    const floats = Array.isArray(body.embeddings) ? body.embeddings : body.embeddings?.float;
    if (!Array.isArray(floats) || floats.length !== cut.length || floats.some((v) => v?.length !== this.dimension)) {
      throw new DocworkerError(
        "INTERNAL",
        `${this.model} answered ${Array.isArray(floats) ? floats.length : "no"} embeddings of the wrong shape for ${cut.length} texts of ${this.dimension} dimensions`,
      );
    }
    // Bedrock reports the token count only in a response header the SDK does not surface: the
    // cost estimate counts the texts' tokens instead (cl100k, close to Cohere's tokenizer).
    const tokens = cut.reduce((sum, text) => sum + tokenCount(text), 0);
    return { vectors: floats.map((v) => Float32Array.from(v)), tokens };
  }
}
