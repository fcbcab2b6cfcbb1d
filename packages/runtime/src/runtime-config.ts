import { existsSync } from "node:fs";
import { resolve } from "node:path";
// The settings alone: they load no AWS SDK, which the embedded default never needs.
import { isServerlessCollection } from "@docworker/aws/settings";
import {
  type CoreConfig,
  type Env,
  loadCoreConfig,
  readSettings,
  Setting,
  type SettingsConcern,
  settingsSchema,
} from "@docworker/core";
// The type alone: the package (and its parsers) is loaded only by a process that serves the worker.
import type { ParsePoolConfig } from "@docworker/parse-pool";
import { type AuthConfig, loadAuthConfig } from "./auth-config.ts";
import { loadParsePoolConfig } from "./parse-pool-config.ts";
import { loadRecognitionConfig, type RecognitionConfig } from "./recognition-config.ts";
import { type EmbeddedSearchConfig, loadSearchConfig, type RerankerKind } from "./search-config.ts";

export type { AuthConfig } from "./auth-config.ts";
export type { RecognitionConfig, RecognizerKind } from "./recognition-config.ts";
export type { EmbeddedSearchConfig, RerankerKind } from "./search-config.ts";

export type AdapterSet = "embedded" | "aws";
export type EmbeddingsProvider = "hashing" | "minilm" | "bedrock";
/** "rules+local-llm": the rules first, the local model only for the fields they leave empty. */
export type ExtractorKind = "rules" | "local-llm" | "rules+local-llm" | "bedrock";
export type ClassifierKind = "local" | "bedrock";
/** What a process serves: the query API, the queue worker, or both (`make run`). */
export type ServiceRole = "api" | "worker";
export const ALL_ROLES: readonly ServiceRole[] = ["api", "worker"];

export interface RuntimeConfig {
  core: CoreConfig;
  /** Which adapters to wire: "embedded" (default, no cloud) or "aws". */
  adapters: AdapterSet;
  /** Embedded only: where the data directory lives. */
  dataDir: string;
  /** "bedrock" (Titan), "minilm" (a local sentence-embedding model) or "hashing" (lexical). */
  embeddingsProvider: EmbeddingsProvider;
  extractor: ExtractorKind;
  /** The local LLM's weights and threads (EXTRACTOR=local-llm or rules+local-llm; embedded only). */
  localLlm: LocalLlmConfig;
  /** "local" (keywords and embeddings) or "bedrock" (Converse); by default the extractor's side. */
  classifier: ClassifierKind;
  /** The document classes and their schemas; built-in classes when unset. */
  classesPath?: string;
  /** Reads pages without a text layer: Tesseract in-process, Amazon Textract, or none (NO_TEXT_LAYER). */
  recognition: RecognitionConfig;
  modelDir: string;
  embeddingDimension: number;
  reranker: RerankerKind;
  rerankDepth: number;
  /** How texts of documents in flight are grouped before they reach the embedder. */
  embeddingBatch: EmbeddingBatchConfig;
  extractionSchemaPath?: string;
  /** Secret for the embedded store's upload URLs; generated and kept in the data dir when unset. */
  uploadSigningSecret?: string;
  /** What this process serves; it opens only the adapters and settings those need. */
  serves: readonly ServiceRole[];
  /** How the API learns the caller's tenant; absent for a worker-only process. */
  auth?: AuthConfig;
  /** Where documents are parsed: workers, their heap limit and deadline. */
  parsePool: ParsePoolConfig;
  /** Embedded search; a process that does not serve the API searches nothing and has no readers. */
  embeddedSearch: EmbeddedSearchConfig;
}

export interface LocalLlmConfig {
  /** A GGUF file; `make model-llm` fetches the default. */
  modelPath: string;
  /** CPU threads for generation; unset: half the cores, at least one. */
  threads?: number;
}

export interface EmbeddingBatchConfig {
  /** Texts per embedder call, from any number of documents. */
  maxBatchSize: number;
  /** How long a partial batch waits for more texts. */
  maxWaitMs: number;
  /** Embedder calls in flight; by default 1 for a local model, 4 for Bedrock. */
  concurrency: number;
}

const both = ["api", "worker"] as const;

/** Which adapters and models a process wires. */
export const ADAPTER_SETTINGS = settingsSchema({
  DOCWORKER_ADAPTERS: Setting.oneOf(["embedded", "aws"], {
    default: "embedded",
    meaning: "`embedded` (SQLite, files, local models) or `aws` (S3, SQS, DynamoDB, OpenSearch, Bedrock)",
    readBy: both,
  }),
  DOCWORKER_DATA_DIR: Setting.string({
    default: ".docworker",
    defaultText: "`./.docworker`",
    meaning: "embedded data: `raw-input/`, `processed-output/`, `docworker.db`",
    readBy: both,
  }),
  DOCWORKER_UPLOAD_SIGNING_SECRET: Setting.optional(
    Setting.string({
      defaultText: "generated, kept in the data directory",
      meaning: "embedded: the key upload URLs are signed with (at least 16 characters)",
      readBy: ["api"],
      secret: true,
    }),
  ),
  EMBEDDINGS_PROVIDER: Setting.oneOf(["auto", "hashing", "minilm", "bedrock"], {
    default: "auto",
    meaning: "`auto`: Bedrock on AWS, else MiniLM once `make model-minilm` fetched it, else `hashing` (lexical)",
    readBy: both,
  }),
  MINILM_MODEL_DIR: Setting.string({
    default: ".tools/models/all-MiniLM-L6-v2",
    meaning: "where `make model-minilm` puts the MiniLM model",
    readBy: both,
  }),
  EMBEDDING_DIMENSION: Setting.integer(
    { minimum: 16, maximum: 4096 },
    { default: 512, meaning: "vector size of the hashing embedder", readBy: both },
  ),
  EMBEDDING_BATCH_SIZE: Setting.integer(
    { minimum: 1, maximum: 1024 },
    { default: 32, meaning: "texts per embedding call, gathered from every document in flight", readBy: both },
  ),
  EMBEDDING_BATCH_WAIT_MS: Setting.integer(
    { minimum: 0, maximum: 10000 },
    { default: 5, meaning: "how long a partial batch waits for texts of other documents", readBy: both },
  ),
  EMBEDDING_CONCURRENCY: Setting.optional(
    Setting.integer(
      { minimum: 1, maximum: 256 },
      { defaultText: "`1` local model, `4` Bedrock", meaning: "embedding calls in flight at once", readBy: both },
    ),
  ),
  EXTRACTOR: Setting.optional(
    Setting.oneOf(["rules", "local-llm", "rules+local-llm", "bedrock"], {
      defaultText: "`bedrock` on AWS, else `rules`",
      meaning: "`rules`, `local-llm` (`make model-llm`), `rules+local-llm` (the model fills the gaps) or `bedrock`",
      readBy: ["worker"],
    }),
  ),
  LOCAL_LLM_MODEL_PATH: Setting.string({
    default: ".tools/models/qwen2.5-coder-0.5b-instruct/model.gguf",
    defaultText: "`make model-llm`'s file",
    meaning: "the local LLM's GGUF weights, where `make model-llm` puts them",
    readBy: ["worker"],
  }),
  LOCAL_LLM_THREADS: Setting.optional(
    Setting.integer(
      { minimum: 1, maximum: 256 },
      {
        defaultText: "half the cores, at least 1",
        meaning: "CPU threads the local LLM generates with",
        readBy: ["worker"],
      },
    ),
  ),
  CLASSIFIER: Setting.optional(
    Setting.oneOf(["local", "bedrock"], {
      defaultText: "`local`; `bedrock` with `EXTRACTOR=bedrock`",
      meaning: "`local`: keywords + embedding similarity; `bedrock`: Converse with a forced tool",
      readBy: ["worker"],
    }),
  ),
  EXTRACTION_SCHEMA_PATH: Setting.optional(
    Setting.string({
      defaultText: "generic document schema",
      meaning: "a JSON Schema file for the `generic` class",
      readBy: both,
    }),
  ),
  DOCWORKER_CLASSES_PATH: Setting.optional(
    Setting.string({
      defaultText: "built-in classes",
      meaning: "a JSON file of document classes and their schemas ([docs/understanding.md](docs/understanding.md))",
      readBy: both,
    }),
  ),
});

export const ADAPTER_CONCERN: SettingsConcern = { title: "adapters and models", schema: ADAPTER_SETTINGS };

export function loadRuntimeConfig(
  env: Env = process.env,
  options: { serves?: readonly ServiceRole[] } = {},
): RuntimeConfig {
  const serves = options.serves ?? ALL_ROLES;
  const s = readSettings(ADAPTER_SETTINGS, env);
  const adapters = s.DOCWORKER_ADAPTERS;
  const onAws = adapters === "aws";
  // Serverless shows new documents after its refresh interval, up to 60 s.
  const core = loadCoreConfig(env, { indexSettleSeconds: onAws && isServerlessCollection(env) ? 60 : 0 });
  const modelDir = resolve(s.MINILM_MODEL_DIR);
  // auto: Bedrock on AWS; on the embedded default the local model when `make model-minilm`
  // has fetched it, else the lexical embedder.
  const embeddingsProvider: EmbeddingsProvider =
    s.EMBEDDINGS_PROVIDER !== "auto"
      ? s.EMBEDDINGS_PROVIDER
      : onAws
        ? "bedrock"
        : existsSync(modelDir)
          ? "minilm"
          : "hashing";
  const extractor = s.EXTRACTOR ?? (onAws ? "bedrock" : "rules");
  if (extractor.includes("local-llm") && onAws) {
    // llama.cpp is not in the AWS images: a model on a Fargate task's CPU would be slower than Bedrock.
    throw new Error(`invalid configuration: EXTRACTOR=${extractor} runs embedded only (DOCWORKER_ADAPTERS=embedded)`);
  }
  const search = loadSearchConfig(env, { servesApi: serves.includes("api"), onAws });
  return {
    core,
    adapters,
    reranker: search.reranker,
    rerankDepth: search.rerankDepth,
    dataDir: resolve(s.DOCWORKER_DATA_DIR),
    embeddingsProvider,
    extractor,
    localLlm: {
      modelPath: resolve(s.LOCAL_LLM_MODEL_PATH),
      ...(s.LOCAL_LLM_THREADS ? { threads: s.LOCAL_LLM_THREADS } : {}),
    },
    classifier: s.CLASSIFIER ?? (extractor === "bedrock" ? "bedrock" : "local"),
    recognition: loadRecognitionConfig(env, { servesWorker: serves.includes("worker"), onAws }),
    modelDir,
    embeddingDimension: s.EMBEDDING_DIMENSION,
    embeddingBatch: {
      maxBatchSize: s.EMBEDDING_BATCH_SIZE,
      maxWaitMs: s.EMBEDDING_BATCH_WAIT_MS,
      // A local model already spreads one batch over every core; Bedrock answers calls in parallel.
      concurrency: s.EMBEDDING_CONCURRENCY ?? (embeddingsProvider === "bedrock" ? 4 : 1),
    },
    serves,
    ...(serves.includes("api") ? { auth: loadAuthConfig(env, { onAws, defaultTenantId: core.defaultTenantId }) } : {}),
    parsePool: loadParsePoolConfig(env),
    embeddedSearch: search.embedded,
    ...(s.EXTRACTION_SCHEMA_PATH ? { extractionSchemaPath: s.EXTRACTION_SCHEMA_PATH } : {}),
    ...(s.DOCWORKER_CLASSES_PATH ? { classesPath: s.DOCWORKER_CLASSES_PATH } : {}),
    ...(s.DOCWORKER_UPLOAD_SIGNING_SECRET ? { uploadSigningSecret: s.DOCWORKER_UPLOAD_SIGNING_SECRET } : {}),
  };
}
