import { existsSync } from "node:fs";
import { resolve } from "node:path";
// The config module alone: it loads no AWS SDK, which the embedded default never needs.
import { isServerlessCollection } from "@docworker/aws/opensearch-config";
import { type CoreConfig, int, loadCoreConfig } from "@docworker/core";
import { loadParsePoolConfig, type ParsePoolConfig } from "@docworker/parse-pool";

export type AdapterSet = "embedded" | "aws";
export type EmbeddingsProvider = "hashing" | "minilm" | "bedrock";
export type ExtractorKind = "rules" | "bedrock";
export type ClassifierKind = "local" | "bedrock";
/** What a process serves: the query API, the queue worker, or both (`make run`). */
export type ServiceRole = "api" | "worker";
export const ALL_ROLES: readonly ServiceRole[] = ["api", "worker"];
export type RerankerKind = "none" | "bedrock";
export type RecognizerKind = "tesseract" | "textract" | "none";

export interface RuntimeConfig {
  core: CoreConfig;
  /** Which adapters to wire: "embedded" (default, no cloud) or "aws". */
  adapters: AdapterSet;
  /** Embedded only: where the data directory lives. */
  dataDir: string;
  /** "bedrock" (Titan), "minilm" (a local sentence-embedding model) or "hashing" (lexical). */
  embeddingsProvider: EmbeddingsProvider;
  extractor: ExtractorKind;
  /** CLASSIFIER: "local" (keywords and embeddings) or "bedrock" (Converse); by default the extractor's side. */
  classifier: ClassifierKind;
  /** DOCWORKER_CLASSES_PATH: the document classes and their schemas; built-in classes when unset. */
  classesPath?: string;
  /** Reads pages without a text layer: Tesseract in-process, Amazon Textract, or none (NO_TEXT_LAYER). */
  recognition: RecognitionConfig;
  modelDir: string;
  embeddingDimension: number;
  /** RERANKER: "none" (default) or "bedrock" (the Rerank API, billed per query: AWS only). */
  reranker: RerankerKind;
  /** RERANK_DEPTH: results of the retrievers the reranker reorders (default 50, at most 1000). */
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

export interface EmbeddedSearchConfig {
  /** SEARCH_READER_THREADS: threads that serve searches, each with a read-only connection (default 2, 0: on the event loop). */
  readerThreads: number;
  /** SEARCH_ANN_MIN_CHUNKS: a tenant with this many chunks is vector-searched through an HNSW graph (default 20000). */
  annMinChunks: number;
  /** SEARCH_ANN_EXPANSION: candidates the graph search keeps (default 512): recall against speed. */
  annExpansion: number;
  /** SEARCH_ANN_BUILD: "background" (default; exact until the graph is ready) or "inline" (the search waits for it). */
  annBuild: "background" | "inline";
  /** SEARCH_KEYWORD_COMMON_SHARE: a query word in more than this share of chunks is left out of the match when rarer words remain (default 0.2; 1 keeps all). */
  keywordCommonShare: number;
}

export interface EmbeddingBatchConfig {
  /** Texts per embedder call, from any number of documents (EMBEDDING_BATCH_SIZE). */
  maxBatchSize: number;
  /** How long a partial batch waits for more texts (EMBEDDING_BATCH_WAIT_MS). */
  maxWaitMs: number;
  /** Embedder calls in flight (EMBEDDING_CONCURRENCY); by default 1 for a local model, 4 for Bedrock. */
  concurrency: number;
}

export type AuthConfig =
  /** One tenant, no credentials: the embedded default on a laptop. */
  | { mode: "none"; tenantId: string }
  | {
      mode: "cognito";
      userPoolId: string;
      clientId: string;
      tenantClaim: string;
      /** Emulators issue tokens under their own issuer and JWKS address. */
      issuer?: string;
      jwksUri?: string;
      /** The default tenant: no token may carry it. */
      reservedTenantId: string;
    };

export interface RecognitionConfig {
  engine: RecognizerKind;
  /** Tesseract language codes, each from its @tesseract.js-data package. */
  languages: string[];
  /** Tesseract worker threads. */
  workers: number;
}

type Env = Record<string, string | undefined>;

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = env[name]?.trim() || fallback;
  if (!allowed.includes(value as T)) {
    throw new Error(`invalid configuration: ${name}=${value} (supported: ${allowed.join(", ")})`);
  }
  return value as T;
}

export function loadRuntimeConfig(
  env: Env = process.env,
  options: { serves?: readonly ServiceRole[] } = {},
): RuntimeConfig {
  const serves = options.serves ?? ALL_ROLES;
  const core = loadCoreConfig(env);
  const adapters = oneOf(env, "DOCWORKER_ADAPTERS", ["embedded", "aws"] as const, "embedded");
  if (adapters === "aws" && env.INDEX_SETTLE_SECONDS === undefined && isServerlessCollection(env)) {
    // Serverless shows new documents after its refresh interval, up to 60 s.
    core.search.indexSettleSeconds = 60;
  }
  const modelDir = resolve(env.MINILM_MODEL_DIR ?? ".tools/models/all-MiniLM-L6-v2");
  const requested = oneOf(env, "EMBEDDINGS_PROVIDER", ["auto", "hashing", "minilm", "bedrock"] as const, "auto");
  // auto: Bedrock on AWS; on the embedded default the local model when `make model-minilm`
  // has fetched it, else the lexical embedder.
  const embeddingsProvider: EmbeddingsProvider =
    requested !== "auto" ? requested : adapters === "aws" ? "bedrock" : existsSync(modelDir) ? "minilm" : "hashing";
  const extractor = oneOf(env, "EXTRACTOR", ["rules", "bedrock"] as const, adapters === "aws" ? "bedrock" : "rules");
  const classifier = oneOf(
    env,
    "CLASSIFIER",
    ["local", "bedrock"] as const,
    extractor === "bedrock" ? "bedrock" : "local",
  );
  // Only the worker reads scans: the API never opens a recognizer.
  const recognition: RecognitionConfig = serves.includes("worker")
    ? loadRecognitionConfig(env, adapters)
    : { engine: "none", languages: [], workers: 1 };
  const dimension = Number(env.EMBEDDING_DIMENSION ?? 512);
  if (!Number.isInteger(dimension) || dimension < 16 || dimension > 4096) {
    throw new Error("invalid configuration: EMBEDDING_DIMENSION must be an integer from 16 to 4096");
  }
  const embeddingBatch: EmbeddingBatchConfig = {
    maxBatchSize: boundedInt(env, "EMBEDDING_BATCH_SIZE", 32, 1, 1024),
    maxWaitMs: boundedInt(env, "EMBEDDING_BATCH_WAIT_MS", 5, 0, 10000),
    // A local model already spreads one batch over every core; Bedrock answers calls in parallel.
    concurrency: boundedInt(env, "EMBEDDING_CONCURRENCY", embeddingsProvider === "bedrock" ? 4 : 1, 1, 256),
  };
  // Only search reranks: a worker-only process neither reads the setting nor opens the client.
  const reranker = serves.includes("api") ? oneOf(env, "RERANKER", ["none", "bedrock"] as const, "none") : "none";
  if (reranker === "bedrock" && adapters !== "aws") {
    throw new Error("invalid configuration: RERANKER=bedrock needs DOCWORKER_ADAPTERS=aws");
  }
  return {
    core,
    adapters,
    reranker,
    rerankDepth: boundedInt(env, "RERANK_DEPTH", 50, 1, 1000),
    dataDir: resolve(env.DOCWORKER_DATA_DIR ?? ".docworker"),
    embeddingsProvider,
    extractor,
    classifier,
    recognition,
    modelDir,
    embeddingDimension: dimension,
    embeddingBatch,
    serves,
    ...(serves.includes("api") ? { auth: loadAuthConfig(env, adapters, core.defaultTenantId) } : {}),
    parsePool: loadParsePoolConfig(env),
    embeddedSearch: {
      readerThreads: serves.includes("api") ? boundedInt(env, "SEARCH_READER_THREADS", 2, 0, 64) : 0,
      annMinChunks: boundedInt(env, "SEARCH_ANN_MIN_CHUNKS", 20_000, 1, 1_000_000_000),
      annExpansion: boundedInt(env, "SEARCH_ANN_EXPANSION", 512, 16, 65_536),
      annBuild: oneOf(env, "SEARCH_ANN_BUILD", ["background", "inline"] as const, "background"),
      keywordCommonShare: share(env, "SEARCH_KEYWORD_COMMON_SHARE", 0.2),
    },
    ...(env.EXTRACTION_SCHEMA_PATH ? { extractionSchemaPath: env.EXTRACTION_SCHEMA_PATH } : {}),
    ...(env.DOCWORKER_CLASSES_PATH ? { classesPath: env.DOCWORKER_CLASSES_PATH } : {}),
    ...(env.DOCWORKER_UPLOAD_SIGNING_SECRET ? { uploadSigningSecret: env.DOCWORKER_UPLOAD_SIGNING_SECRET } : {}),
  };
}

function share(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  const value = raw ? Number(raw) : fallback;
  if (!(value > 0 && value <= 1)) throw new Error(`invalid configuration: ${name} must be a number above 0, at most 1`);
  return value;
}

function boundedInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = int(env, name, fallback);
  if (value < min || value > max) throw new Error(`invalid configuration: ${name} must be from ${min} to ${max}`);
  return value;
}

/**
 * On AWS the API verifies Cognito tokens; running it there without auth takes an explicit
 * AUTH_MODE=none, so a missing variable can never open every tenant's documents to everyone.
 */
function loadAuthConfig(env: Env, adapters: AdapterSet, defaultTenantId: string): AuthConfig {
  const mode = oneOf(env, "AUTH_MODE", ["none", "cognito"] as const, adapters === "aws" ? "cognito" : "none");
  if (mode === "none") return { mode, tenantId: defaultTenantId };
  const userPoolId = env.COGNITO_USER_POOL_ID?.trim();
  const clientId = env.COGNITO_CLIENT_ID?.trim();
  if (!userPoolId || !clientId) {
    throw new Error("invalid configuration: AUTH_MODE=cognito needs COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID");
  }
  return {
    mode,
    userPoolId,
    clientId,
    tenantClaim: env.TENANT_CLAIM?.trim() || "custom:tenant",
    reservedTenantId: defaultTenantId,
    ...(env.COGNITO_ISSUER ? { issuer: env.COGNITO_ISSUER } : {}),
    ...(env.COGNITO_JWKS_URI ? { jwksUri: env.COGNITO_JWKS_URI } : {}),
  };
}

function loadRecognitionConfig(env: Env, adapters: AdapterSet): RecognitionConfig {
  const engine = oneOf(
    env,
    "OCR_ENGINE",
    ["tesseract", "textract", "none"] as const,
    adapters === "aws" ? "textract" : "tesseract",
  );
  if (engine === "textract" && adapters !== "aws") {
    throw new Error("invalid configuration: OCR_ENGINE=textract needs DOCWORKER_ADAPTERS=aws");
  }
  const languages = (env.OCR_LANGUAGES?.trim() || "eng").split(/[+,\s]+/).filter(Boolean);
  const workers = Number(env.OCR_WORKERS ?? 1);
  if (!Number.isInteger(workers) || workers < 1 || workers > 16) {
    throw new Error("invalid configuration: OCR_WORKERS must be an integer from 1 to 16");
  }
  return { engine, languages, workers };
}
