import { type Env, readSettings, Setting, type SettingsConcern, settingsSchema } from "@docworker/core";

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

const both = ["api", "worker"] as const;
const d = DEFAULT_BEDROCK_CONFIG;

export const BEDROCK_SETTINGS = settingsSchema({
  BEDROCK_REGION: Setting.optional(
    Setting.string({
      defaultText: "`AWS_REGION`, else `us-east-1`",
      meaning: "the region Bedrock is called in",
      readBy: both,
    }),
  ),
  BEDROCK_ENDPOINT_URL: Setting.optional(
    Setting.string({
      defaultText: "the regional endpoint",
      meaning: "another Bedrock runtime endpoint (the emulated stack's stand-in)",
      readBy: both,
    }),
  ),
  BEDROCK_EXTRACTION_MODEL_ID: Setting.string({
    default: d.extractionModelId,
    meaning: "the Converse model that extracts (forced tool use: Claude 3+, Nova)",
    readBy: ["worker"],
  }),
  BEDROCK_CLASSIFICATION_MODEL_ID: Setting.optional(
    Setting.string({
      defaultText: "the extraction model",
      meaning: "the Converse model that classifies",
      readBy: ["worker"],
    }),
  ),
  BEDROCK_EMBEDDING_MODEL_ID: Setting.string({
    default: d.embeddingModelId,
    meaning: "Titan Text Embeddings V2, Cohere Embed v3/v4, or an inference profile for one",
    readBy: both,
  }),
  BEDROCK_EMBEDDING_DIMENSION: Setting.integer(
    { minimum: 256, maximum: 1024 },
    { default: d.embeddingDimension, meaning: "`256`, `512` or `1024` (Cohere Embed v3: `1024`)", readBy: both },
  ),
  BEDROCK_RERANK_MODEL_ID: Setting.string({
    default: d.rerankModelId,
    meaning: "the Rerank API's model, with `RERANKER=bedrock`",
    readBy: ["api"],
  }),
  BEDROCK_MAX_CONCURRENCY: Setting.integer(
    { minimum: 1, maximum: 256 },
    { default: d.maxConcurrency, meaning: "embedding calls in flight per Bedrock embedder", readBy: both },
  ),
  BEDROCK_MAX_ATTEMPTS: Setting.integer(
    { minimum: 1, maximum: 20 },
    {
      default: d.maxAttempts,
      meaning: "SDK attempts per call (adaptive retry) before the queue retries",
      readBy: both,
    },
  ),
  BEDROCK_REQUEST_TIMEOUT_MS: Setting.integer(
    { minimum: 1000, maximum: 900_000 },
    {
      default: d.requestTimeoutMs,
      meaning: "one HTTP request, a Converse call on a long window included",
      readBy: both,
    },
  ),
  BEDROCK_EXTRACTION_MAX_INPUT_CHARS: Setting.integer(
    { minimum: 4000, maximum: 4_000_000 },
    {
      default: d.extractionMaxInputChars,
      meaning: "characters one Converse call may carry; longer documents are extracted over windows",
      readBy: ["worker"],
    },
  ),
  BEDROCK_EXTRACTION_MAX_WINDOWS: Setting.integer(
    { minimum: 1, maximum: 50 },
    { default: d.extractionMaxWindows, meaning: "Converse calls one long document may take", readBy: ["worker"] },
  ),
  BEDROCK_EXTRACTION_MAX_OUTPUT_TOKENS: Setting.integer(
    { minimum: 256, maximum: 64_000 },
    { default: d.extractionMaxOutputTokens, meaning: "`maxTokens` of each Converse call", readBy: ["worker"] },
  ),
});

export const BEDROCK_CONCERN: SettingsConcern = { title: "Bedrock", schema: BEDROCK_SETTINGS };

/** Reads the Bedrock settings from the environment; throws on a value that cannot work. */
export function loadBedrockConfig(env: Env = process.env): BedrockConfig {
  const s = readSettings(BEDROCK_SETTINGS, env);
  const dimension = s.BEDROCK_EMBEDDING_DIMENSION;
  if (dimension !== 256 && dimension !== 512 && dimension !== 1024) {
    throw new Error("invalid configuration: BEDROCK_EMBEDDING_DIMENSION must be 256, 512 or 1024");
  }
  return {
    region: s.BEDROCK_REGION || env.AWS_REGION || d.region,
    ...(s.BEDROCK_ENDPOINT_URL ? { endpoint: s.BEDROCK_ENDPOINT_URL } : {}),
    extractionModelId: s.BEDROCK_EXTRACTION_MODEL_ID,
    ...(s.BEDROCK_CLASSIFICATION_MODEL_ID ? { classificationModelId: s.BEDROCK_CLASSIFICATION_MODEL_ID } : {}),
    embeddingModelId: s.BEDROCK_EMBEDDING_MODEL_ID,
    embeddingDimension: dimension,
    rerankModelId: s.BEDROCK_RERANK_MODEL_ID,
    maxConcurrency: s.BEDROCK_MAX_CONCURRENCY,
    maxAttempts: s.BEDROCK_MAX_ATTEMPTS,
    requestTimeoutMs: s.BEDROCK_REQUEST_TIMEOUT_MS,
    extractionMaxInputChars: s.BEDROCK_EXTRACTION_MAX_INPUT_CHARS,
    extractionMaxWindows: s.BEDROCK_EXTRACTION_MAX_WINDOWS,
    extractionMaxOutputTokens: s.BEDROCK_EXTRACTION_MAX_OUTPUT_TOKENS,
  };
}

/** Whether a Bedrock model id (plain, inference profile or ARN) names Cohere Embed. */
export function isCohereEmbed(modelId: string): boolean {
  return /cohere\.embed-/.test(modelId);
}
