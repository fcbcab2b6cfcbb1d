import { type Env, intSetting } from "../env-settings.ts";
export type TitanDimension = 256 | 512 | 1024;

/**
 * Everything about Bedrock that varies between accounts, regions and environments. Model ids
 * differ by region (cross-region inference profiles carry a `us.`/`eu.`/`apac.` prefix), so they
 * are configuration, never literals in the code paths.
 */
export interface BedrockConfig {
  /** BEDROCK_REGION, else AWS_REGION, else us-east-1. */
  region: string;
  /** BEDROCK_ENDPOINT_URL: another endpoint, e.g. the local stand-in. Unset: the regional Bedrock runtime. */
  endpoint?: string;
  /** BEDROCK_EXTRACTION_MODEL_ID: a Converse model that supports forced tool use (Claude 3+, Nova). */
  extractionModelId: string;
  /** BEDROCK_CLASSIFICATION_MODEL_ID: the Converse model that classifies; default the extraction model. */
  classificationModelId?: string;
  /**
   * BEDROCK_EMBEDDING_MODEL_ID: Titan Text Embeddings V2 (one text a call), Cohere Embed v3 or v4
   * (up to 96 texts a call), or an inference profile for one of them.
   */
  embeddingModelId: string;
  /**
   * BEDROCK_RERANK_MODEL_ID: the Rerank API's model, "amazon.rerank-v1:0" or "cohere.rerank-v3-5:0"
   * (or a foundation-model ARN). Used only with RERANKER=bedrock.
   */
  rerankModelId: string;
  /** BEDROCK_EMBEDDING_DIMENSION: 256, 512 or 1024 (Cohere Embed v3: 1024). */
  embeddingDimension: TitanDimension;
  /** BEDROCK_MAX_CONCURRENCY: embedding calls in flight per embedder. */
  maxConcurrency: number;
  /** BEDROCK_MAX_ATTEMPTS: SDK attempts per call (adaptive retry) before the queue retries the document. */
  maxAttempts: number;
  /** BEDROCK_REQUEST_TIMEOUT_MS: one HTTP request, a Converse call on a long window included. */
  requestTimeoutMs: number;
  /**
   * BEDROCK_EXTRACTION_MAX_INPUT_CHARS: characters one Converse call may carry (prompt, schema and
   * document text). Conservative on purpose: longer documents are extracted over windows.
   */
  extractionMaxInputChars: number;
  /** BEDROCK_EXTRACTION_MAX_WINDOWS: Converse calls one long document may take (first window + evenly spaced). */
  extractionMaxWindows: number;
  /** BEDROCK_EXTRACTION_MAX_OUTPUT_TOKENS: inferenceConfig.maxTokens of each Converse call. */
  extractionMaxOutputTokens: number;
}

export const DEFAULT_BEDROCK_CONFIG: Readonly<BedrockConfig> = Object.freeze({
  region: "us-east-1",
  extractionModelId: "us.anthropic.claude-haiku-4-5-20251001-v1:0",
  embeddingModelId: "amazon.titan-embed-text-v2:0",
  embeddingDimension: 1024,
  rerankModelId: "amazon.rerank-v1:0",
  maxConcurrency: 8,
  maxAttempts: 6,
  requestTimeoutMs: 120_000,
  // ~30k tokens of English: far inside a 200k-token context, and it bounds the cost of one call.
  extractionMaxInputChars: 120_000,
  extractionMaxWindows: 4,
  extractionMaxOutputTokens: 4096,
});

/** Reads the Bedrock settings from the environment; throws on a value that cannot work. */
export function loadBedrockConfig(env: Env = process.env): BedrockConfig {
  const d = DEFAULT_BEDROCK_CONFIG;
  const dimension = intSetting(env, "BEDROCK_EMBEDDING_DIMENSION", d.embeddingDimension, 256, 1024);
  if (dimension !== 256 && dimension !== 512 && dimension !== 1024) {
    throw new Error("invalid configuration: BEDROCK_EMBEDDING_DIMENSION must be 256, 512 or 1024");
  }
  const endpoint = env.BEDROCK_ENDPOINT_URL?.trim();
  return {
    region: env.BEDROCK_REGION || env.AWS_REGION || d.region,
    ...(endpoint ? { endpoint } : {}),
    extractionModelId: env.BEDROCK_EXTRACTION_MODEL_ID || d.extractionModelId,
    ...(env.BEDROCK_CLASSIFICATION_MODEL_ID ? { classificationModelId: env.BEDROCK_CLASSIFICATION_MODEL_ID } : {}),
    embeddingModelId: env.BEDROCK_EMBEDDING_MODEL_ID || d.embeddingModelId,
    embeddingDimension: dimension,
    rerankModelId: env.BEDROCK_RERANK_MODEL_ID || d.rerankModelId,
    maxConcurrency: intSetting(env, "BEDROCK_MAX_CONCURRENCY", d.maxConcurrency, 1, 256),
    maxAttempts: intSetting(env, "BEDROCK_MAX_ATTEMPTS", d.maxAttempts, 1, 20),
    requestTimeoutMs: intSetting(env, "BEDROCK_REQUEST_TIMEOUT_MS", d.requestTimeoutMs, 1000, 900_000),
    extractionMaxInputChars: intSetting(
      env,
      "BEDROCK_EXTRACTION_MAX_INPUT_CHARS",
      d.extractionMaxInputChars,
      4000,
      4_000_000,
    ),
    extractionMaxWindows: intSetting(env, "BEDROCK_EXTRACTION_MAX_WINDOWS", d.extractionMaxWindows, 1, 50),
    extractionMaxOutputTokens: intSetting(
      env,
      "BEDROCK_EXTRACTION_MAX_OUTPUT_TOKENS",
      d.extractionMaxOutputTokens,
      256,
      64_000,
    ),
  };
}
