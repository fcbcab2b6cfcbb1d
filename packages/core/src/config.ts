import type { ParseLimits } from "./domain/parsed-document.ts";
import { type Env, readSettings, Setting, settingsSchema } from "./settings/env-settings.ts";
import type { SettingsConcern } from "./settings/settings-table.ts";

const MiB = 1024 * 1024;
const both = ["api", "worker"] as const;
const worker = ["worker"] as const;
const api = ["api"] as const;

/** The pipeline's own settings, shared by every service; each adds the settings of the adapters it wires. */
export const PIPELINE_SETTINGS = settingsSchema({
  DOCWORKER_DEFAULT_TENANT: Setting.string({
    default: "default",
    pattern: "^[a-z0-9][a-z0-9-]{0,62}$",
    meaning: "the tenant of `AUTH_MODE=none`; no token may carry it",
    readBy: both,
  }),
  RAW_BUCKET: Setting.string({ default: "raw-input", meaning: "the bucket uploads land in", readBy: both }),
  PROCESSED_BUCKET: Setting.string({
    default: "processed-output",
    meaning: "the bucket the processed JSON is written to",
    readBy: both,
  }),
  MAX_DOCUMENT_BYTES: Setting.integer(
    { minimum: 1 },
    { default: 100 * MiB, defaultText: "100 MiB", meaning: "larger uploads end `TOO_LARGE`", readBy: both },
  ),
  MAX_DOCUMENT_PAGES: Setting.integer(
    { minimum: 1 },
    { default: 2000, meaning: "documents with more pages end `TOO_LARGE`", readBy: worker },
  ),
  MAX_UNCOMPRESSED_BYTES: Setting.integer(
    { minimum: 1 },
    {
      default: 512 * MiB,
      defaultText: "512 MiB",
      meaning: "bytes an archive or a zipped format may expand to",
      readBy: worker,
    },
  ),
  MAX_COMPRESSION_RATIO: Setting.number(
    { minimum: 1 },
    { default: 200, meaning: "uncompressed to compressed size one archive entry may claim", readBy: worker },
  ),
  MAX_ARCHIVE_MEMBERS: Setting.integer(
    { minimum: 1 },
    {
      default: 1000,
      meaning: "files one zip archive may unpack into documents, nested archives' files included",
      readBy: worker,
    },
  ),
  MAX_DOCUMENT_CHARACTERS: Setting.integer(
    { minimum: 1 },
    { default: 10_000_000, meaning: "text one document may yield, counted while parsing", readBy: worker },
  ),
  MAX_SHEET_CELLS: Setting.integer(
    { minimum: 1 },
    {
      default: 1_000_000,
      meaning: "cells holding a value in one sheet (empty cells are never counted or created)",
      readBy: worker,
    },
  ),
  MAX_HTML_DEPTH: Setting.integer(
    { minimum: 8, maximum: 10000 },
    { default: 512, meaning: "HTML element nesting", readBy: worker },
  ),
  MAX_JSON_DEPTH: Setting.integer(
    { minimum: 8, maximum: 10000 },
    { default: 256, meaning: "JSON array-and-object nesting", readBy: worker },
  ),
  MAX_ATTACHMENT_BYTES: Setting.integer(
    { minimum: 0 },
    {
      default: 50 * MiB,
      defaultText: "50 MiB",
      meaning: "an e-mail's attachments together (named, never kept)",
      readBy: worker,
    },
  ),
  OCR_LOW_CONFIDENCE: Setting.number(
    { minimum: 0, maximum: 1 },
    {
      default: 0.6,
      meaning: "pages read with less confidence are listed in `recognition.lowConfidencePages`",
      readBy: worker,
    },
  ),
  OCR_MAX_PAGES: Setting.integer(
    { minimum: 1, maximum: 5000 },
    { default: 100, meaning: "pages of one document rendered for recognition; more end `TOO_LARGE`", readBy: worker },
  ),
  OCR_DPI: Setting.integer(
    { minimum: 72, maximum: 600 },
    { default: 300, meaning: "resolution scanned PDF pages are rendered at for recognition", readBy: worker },
  ),
  CHUNK_TARGET_TOKENS: Setting.integer(
    { minimum: 32, maximum: 8000 },
    { default: 400, meaning: "chunk size", readBy: worker },
  ),
  CHUNK_OVERLAP_TOKENS: Setting.integer(
    { minimum: 0, maximum: 2000 },
    { default: 50, meaning: "overlap between neighbouring chunks", readBy: worker },
  ),
  MAX_CHUNKS_PER_DOCUMENT: Setting.integer(
    { minimum: 1 },
    { default: 10_000, meaning: "chunks one document may make", readBy: worker },
  ),
  UPLOAD_URL_TTL_SECONDS: Setting.integer(
    { minimum: 30, maximum: 604800 },
    { default: 900, meaning: "lifetime of a pre-signed upload URL", readBy: api },
  ),
  PENDING_UPLOAD_TTL_SECONDS: Setting.integer(
    { minimum: 60, maximum: 2592000 },
    {
      default: 86400,
      meaning: "a document announced but never uploaded is removed after this (≥ the URL's lifetime)",
      readBy: api,
    },
  ),
  WORKER_CONCURRENCY: Setting.integer(
    { minimum: 1, maximum: 256 },
    // Several documents in flight let the embedding batcher fill its batches.
    { default: 16, meaning: "documents processed at once (their chunks share embedding calls)", readBy: worker },
  ),
  WORKER_MAX_ATTEMPTS: Setting.integer(
    { minimum: 1, maximum: 100 },
    { default: 5, meaning: "transient failures before `RETRIES_EXHAUSTED`", readBy: worker },
  ),
  WORKER_LEASE_SECONDS: Setting.integer(
    { minimum: 5, maximum: 43200 },
    { default: 300, meaning: "how long a claimed document is the worker's before another may take it", readBy: worker },
  ),
  WORKER_BACKOFF_BASE_SECONDS: Setting.number(
    { minimum: 0 },
    { default: 2, meaning: "first retry delay of a transient failure, doubled each attempt", readBy: worker },
  ),
  WORKER_BACKOFF_MAX_SECONDS: Setting.number(
    { minimum: 0 },
    { default: 300, meaning: "longest retry delay", readBy: worker },
  ),
  WORKER_SHUTDOWN_GRACE_SECONDS: Setting.number(
    { minimum: 0, maximum: 120 },
    { default: 25, meaning: "after SIGTERM, how long in-flight documents may finish", readBy: worker },
  ),
  SEARCH_RRF_K: Setting.integer(
    { minimum: 1 },
    { default: 60, meaning: "reciprocal rank fusion's constant for hybrid search", readBy: api },
  ),
  INDEX_SETTLE_SECONDS: Setting.optional(
    Setting.integer(
      { minimum: 0, maximum: 900 },
      {
        defaultText: "60 on OpenSearch Serverless, else 0",
        meaning: "a delete runs again after this long, to remove chunks the index did not show yet",
        readBy: both,
      },
    ),
  ),
  REPROCESS_RATE_PER_SECOND: Setting.number(
    { minimum: 0.01, maximum: 1000 },
    { default: 5, meaning: "documents a reprocess job sends to the queue per second, at most", readBy: both },
  ),
  REPROCESS_PAGE_SIZE: Setting.integer(
    { minimum: 1, maximum: 1000 },
    { default: 100, meaning: "records a reprocess job looks at per step", readBy: both },
  ),
  PRICE_INPUT_PER_1K_TOKENS: Setting.number(
    { minimum: 0 },
    { default: 0, meaning: "USD per 1,000 input tokens, for the cost estimate (`0`: none recorded)", readBy: worker },
  ),
  PRICE_OUTPUT_PER_1K_TOKENS: Setting.number(
    { minimum: 0 },
    { default: 0, meaning: "USD per 1,000 output tokens", readBy: worker },
  ),
  PRICE_EMBEDDING_PER_1K_TOKENS: Setting.number(
    { minimum: 0 },
    { default: 0, meaning: "USD per 1,000 embedded tokens", readBy: worker },
  ),
});

export const PIPELINE_CONCERN: SettingsConcern = { title: "pipeline", schema: PIPELINE_SETTINGS };

export interface CoreConfig {
  defaultTenantId: string;
  rawBucket: string;
  processedBucket: string;
  limits: ParseLimits;
  recognition: {
    /** Pages recognised with a lower confidence (0 to 1) are listed as low-confidence on the record. */
    lowConfidence: number;
    /** Pages of one document rendered for recognition at most; more end TOO_LARGE. */
    maxPages: number;
    dpi: number;
  };
  chunking: { targetTokens: number; overlapTokens: number; maxChunks: number };
  upload: {
    urlTtlSeconds: number;
    /** A PENDING record whose upload never came expires this long after it was created. */
    pendingTtlSeconds: number;
  };
  worker: {
    concurrency: number;
    maxAttempts: number;
    leaseSeconds: number;
    backoffBaseSeconds: number;
    backoffMaxSeconds: number;
    shutdownGraceSeconds: number;
  };
  search: {
    rrfK: number;
    /**
     * Seconds until a write to the index is visible to search (OpenSearch Serverless: up to 60).
     * When set, a delete runs a second time after it, to remove chunks it could not see yet.
     */
    indexSettleSeconds: number;
  };
  reprocess: { ratePerSecond: number; pageSize: number };
  /** USD per 1,000 tokens; 0 means unknown, and no cost estimate is recorded. */
  prices: { inputPer1k: number; outputPer1k: number; embeddingPer1k: number };
}

/**
 * Settings shared by every environment. `indexSettleSeconds` is the settle time an unset
 * INDEX_SETTLE_SECONDS takes: the runtime knows which index it opens.
 */
export function loadCoreConfig(env: Env = process.env, defaults: { indexSettleSeconds?: number } = {}): CoreConfig {
  const s = readSettings(PIPELINE_SETTINGS, env);
  // A URL that outlived its record would upload a document nobody can read.
  if (s.PENDING_UPLOAD_TTL_SECONDS < s.UPLOAD_URL_TTL_SECONDS) {
    throw new Error("invalid configuration: PENDING_UPLOAD_TTL_SECONDS must be at least UPLOAD_URL_TTL_SECONDS");
  }
  return {
    defaultTenantId: s.DOCWORKER_DEFAULT_TENANT,
    rawBucket: s.RAW_BUCKET,
    processedBucket: s.PROCESSED_BUCKET,
    limits: {
      maxBytes: s.MAX_DOCUMENT_BYTES,
      maxPages: s.MAX_DOCUMENT_PAGES,
      maxUncompressedBytes: s.MAX_UNCOMPRESSED_BYTES,
      maxCompressionRatio: s.MAX_COMPRESSION_RATIO,
      maxArchiveMembers: s.MAX_ARCHIVE_MEMBERS,
      maxCharacters: s.MAX_DOCUMENT_CHARACTERS,
      maxSheetCells: s.MAX_SHEET_CELLS,
      maxHtmlDepth: s.MAX_HTML_DEPTH,
      maxJsonDepth: s.MAX_JSON_DEPTH,
      maxAttachmentBytes: s.MAX_ATTACHMENT_BYTES,
    },
    recognition: { lowConfidence: s.OCR_LOW_CONFIDENCE, maxPages: s.OCR_MAX_PAGES, dpi: s.OCR_DPI },
    chunking: {
      targetTokens: s.CHUNK_TARGET_TOKENS,
      overlapTokens: s.CHUNK_OVERLAP_TOKENS,
      maxChunks: s.MAX_CHUNKS_PER_DOCUMENT,
    },
    upload: { urlTtlSeconds: s.UPLOAD_URL_TTL_SECONDS, pendingTtlSeconds: s.PENDING_UPLOAD_TTL_SECONDS },
    worker: {
      concurrency: s.WORKER_CONCURRENCY,
      maxAttempts: s.WORKER_MAX_ATTEMPTS,
      leaseSeconds: s.WORKER_LEASE_SECONDS,
      backoffBaseSeconds: s.WORKER_BACKOFF_BASE_SECONDS,
      backoffMaxSeconds: s.WORKER_BACKOFF_MAX_SECONDS,
      shutdownGraceSeconds: s.WORKER_SHUTDOWN_GRACE_SECONDS,
    },
    search: { rrfK: s.SEARCH_RRF_K, indexSettleSeconds: s.INDEX_SETTLE_SECONDS ?? defaults.indexSettleSeconds ?? 0 },
    reprocess: { ratePerSecond: s.REPROCESS_RATE_PER_SECOND, pageSize: s.REPROCESS_PAGE_SIZE },
    prices: {
      inputPer1k: s.PRICE_INPUT_PER_1K_TOKENS,
      outputPer1k: s.PRICE_OUTPUT_PER_1K_TOKENS,
      embeddingPer1k: s.PRICE_EMBEDDING_PER_1K_TOKENS,
    },
  };
}
