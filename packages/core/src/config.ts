import { type Static, Type } from "typebox";
import { Compile } from "typebox/compile";

/**
 * Settings shared by every environment. Each service reads these from the environment with
 * loadCoreConfig and adds the settings of the adapters it wires.
 */
const CoreConfigSchema = Type.Object({
  defaultTenantId: Type.String({ pattern: "^[a-z0-9][a-z0-9-]{0,62}$" }),
  rawBucket: Type.String({ minLength: 1 }),
  processedBucket: Type.String({ minLength: 1 }),
  limits: Type.Object({
    maxBytes: Type.Integer({ minimum: 1 }),
    maxPages: Type.Integer({ minimum: 1 }),
    maxUncompressedBytes: Type.Integer({ minimum: 1 }),
    maxCompressionRatio: Type.Number({ minimum: 1 }),
    maxArchiveMembers: Type.Integer({ minimum: 1 }),
    maxCharacters: Type.Integer({ minimum: 1 }),
    maxSheetCells: Type.Integer({ minimum: 1 }),
    maxHtmlDepth: Type.Integer({ minimum: 8, maximum: 10000 }),
    maxJsonDepth: Type.Integer({ minimum: 8, maximum: 10000 }),
    maxAttachmentBytes: Type.Integer({ minimum: 0 }),
  }),
  recognition: Type.Object({
    /** Pages recognised with a lower confidence (0 to 1) are listed as low-confidence on the record. */
    lowConfidence: Type.Number({ minimum: 0, maximum: 1 }),
    /** Pages of one document rendered for recognition at most; more end TOO_LARGE. */
    maxPages: Type.Integer({ minimum: 1, maximum: 5000 }),
    /** Resolution scanned PDF pages are rendered at for recognition. */
    dpi: Type.Integer({ minimum: 72, maximum: 600 }),
  }),
  chunking: Type.Object({
    targetTokens: Type.Integer({ minimum: 32, maximum: 8000 }),
    overlapTokens: Type.Integer({ minimum: 0, maximum: 2000 }),
    maxChunks: Type.Integer({ minimum: 1 }),
  }),
  upload: Type.Object({
    urlTtlSeconds: Type.Integer({ minimum: 30, maximum: 604800 }),
    /** A PENDING record whose upload never came expires this long after it was created. */
    pendingTtlSeconds: Type.Integer({ minimum: 60, maximum: 2592000 }),
  }),
  worker: Type.Object({
    concurrency: Type.Integer({ minimum: 1, maximum: 256 }),
    maxAttempts: Type.Integer({ minimum: 1, maximum: 100 }),
    leaseSeconds: Type.Integer({ minimum: 5, maximum: 43200 }),
    backoffBaseSeconds: Type.Number({ minimum: 0 }),
    backoffMaxSeconds: Type.Number({ minimum: 0 }),
    shutdownGraceSeconds: Type.Number({ minimum: 0, maximum: 120 }),
  }),
  search: Type.Object({
    rrfK: Type.Integer({ minimum: 1 }),
    /**
     * Seconds until a write to the index is visible to search (OpenSearch Serverless: up to 60).
     * When set, a delete runs a second time after it, to remove chunks it could not see yet.
     */
    indexSettleSeconds: Type.Integer({ minimum: 0, maximum: 900 }),
  }),
  reprocess: Type.Object({
    /** Documents a reprocess job sends to the queue per second, at most (REPROCESS_RATE_PER_SECOND). */
    ratePerSecond: Type.Number({ minimum: 0.01, maximum: 1000 }),
    /** Records a job looks at per step (REPROCESS_PAGE_SIZE). */
    pageSize: Type.Integer({ minimum: 1, maximum: 1000 }),
  }),
  prices: Type.Object({
    /** USD per 1,000 tokens; 0 means unknown, and no cost estimate is recorded. */
    inputPer1k: Type.Number({ minimum: 0 }),
    outputPer1k: Type.Number({ minimum: 0 }),
    embeddingPer1k: Type.Number({ minimum: 0 }),
  }),
});

export type CoreConfig = Static<typeof CoreConfigSchema>;
const checkCoreConfig = Compile(CoreConfigSchema);

type Env = Record<string, string | undefined>;

const MiB = 1024 * 1024;

export function loadCoreConfig(env: Env = process.env): CoreConfig {
  const config: CoreConfig = {
    defaultTenantId: env.DOCWORKER_DEFAULT_TENANT ?? "default",
    rawBucket: env.RAW_BUCKET ?? "raw-input",
    processedBucket: env.PROCESSED_BUCKET ?? "processed-output",
    limits: {
      maxBytes: int(env, "MAX_DOCUMENT_BYTES", 100 * MiB),
      maxPages: int(env, "MAX_DOCUMENT_PAGES", 2000),
      maxUncompressedBytes: int(env, "MAX_UNCOMPRESSED_BYTES", 512 * MiB),
      maxCompressionRatio: num(env, "MAX_COMPRESSION_RATIO", 200),
      maxArchiveMembers: int(env, "MAX_ARCHIVE_MEMBERS", 1000),
      maxCharacters: int(env, "MAX_DOCUMENT_CHARACTERS", 10_000_000),
      maxSheetCells: int(env, "MAX_SHEET_CELLS", 1_000_000),
      maxHtmlDepth: int(env, "MAX_HTML_DEPTH", 512),
      maxJsonDepth: int(env, "MAX_JSON_DEPTH", 256),
      maxAttachmentBytes: int(env, "MAX_ATTACHMENT_BYTES", 50 * MiB),
    },
    recognition: {
      lowConfidence: num(env, "OCR_LOW_CONFIDENCE", 0.6),
      maxPages: int(env, "OCR_MAX_PAGES", 100),
      dpi: int(env, "OCR_DPI", 300),
    },
    chunking: {
      targetTokens: int(env, "CHUNK_TARGET_TOKENS", 400),
      overlapTokens: int(env, "CHUNK_OVERLAP_TOKENS", 50),
      maxChunks: int(env, "MAX_CHUNKS_PER_DOCUMENT", 10_000),
    },
    upload: {
      urlTtlSeconds: int(env, "UPLOAD_URL_TTL_SECONDS", 900),
      pendingTtlSeconds: int(env, "PENDING_UPLOAD_TTL_SECONDS", 86400),
    },
    worker: {
      // Several documents in flight let the embedding batcher fill its batches.
      concurrency: int(env, "WORKER_CONCURRENCY", 16),
      maxAttempts: int(env, "WORKER_MAX_ATTEMPTS", 5),
      leaseSeconds: int(env, "WORKER_LEASE_SECONDS", 300),
      backoffBaseSeconds: num(env, "WORKER_BACKOFF_BASE_SECONDS", 2),
      backoffMaxSeconds: num(env, "WORKER_BACKOFF_MAX_SECONDS", 300),
      shutdownGraceSeconds: num(env, "WORKER_SHUTDOWN_GRACE_SECONDS", 25),
    },
    search: { rrfK: int(env, "SEARCH_RRF_K", 60), indexSettleSeconds: int(env, "INDEX_SETTLE_SECONDS", 0) },
    reprocess: {
      ratePerSecond: num(env, "REPROCESS_RATE_PER_SECOND", 5),
      pageSize: int(env, "REPROCESS_PAGE_SIZE", 100),
    },
    prices: {
      inputPer1k: num(env, "PRICE_INPUT_PER_1K_TOKENS", 0),
      outputPer1k: num(env, "PRICE_OUTPUT_PER_1K_TOKENS", 0),
      embeddingPer1k: num(env, "PRICE_EMBEDDING_PER_1K_TOKENS", 0),
    },
  };
  const valid = assertValid(checkCoreConfig, config);
  // A URL that outlived its record would upload a document nobody can read.
  if (valid.upload.pendingTtlSeconds < valid.upload.urlTtlSeconds) {
    throw new Error("invalid configuration: PENDING_UPLOAD_TTL_SECONDS must be at least UPLOAD_URL_TTL_SECONDS");
  }
  return valid;
}

export function assertValid<T>(
  check: {
    Check(value: unknown): value is T;
    Errors(value: unknown): Iterable<{ instancePath: string; message: string }>;
  },
  value: unknown,
): T {
  if (check.Check(value)) return value;
  const problems = [...check.Errors(value)].map((e) => `${e.instancePath || "/"}: ${e.message}`);
  throw new Error(`invalid configuration: ${problems.join("; ")}`);
}

export function int(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`invalid configuration: ${name} must be an integer, got "${raw}"`);
  return value;
}

export function num(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`invalid configuration: ${name} must be a number, got "${raw}"`);
  return value;
}
