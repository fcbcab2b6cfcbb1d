// The API's shapes as the browser reads them (see /openapi.json). Fields the UI does not know yet
// are kept and shown as they come, so a newer API never breaks an older page.

export const STATUSES = ["PENDING", "QUEUED", "PROCESSING", "PROCESSED", "FAILED", "DELETED"] as const;
export type Status = (typeof STATUSES)[number];
export const FINAL_STATUSES: readonly string[] = ["PROCESSED", "FAILED", "DELETED"];

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  embeddingTokens: number;
  estimatedCostUsd?: number;
}

export interface DocumentView {
  documentId: string;
  tenantId: string;
  filename: string;
  contentType?: string;
  size?: number;
  metadata: Record<string, string>;
  status: Status;
  version?: string;
  attempts: number;
  error?: { code: string; message: string; retryable: boolean };
  pages?: number;
  chunkCount?: number;
  extraction?: { extractor: string; model?: string; schemaId: string; data: Record<string, unknown> };
  usage: Usage;
  createdAt: string;
  updatedAt: string;
  processedAt?: string;
  [extra: string]: unknown;
}

export interface DocumentList {
  items: DocumentView[];
  nextCursor?: string;
}

export interface ChunkView {
  chunkId: string;
  ordinal: number;
  text: string;
  pageStart?: number;
  pageEnd?: number;
  headingPath: string[];
  tokenCount: number;
}

export interface SearchHit {
  documentId: string;
  chunkId: string;
  score: number;
  text: string;
  snippet: string;
  page?: number;
  pageEnd?: number;
  headingPath: string[];
  filename: string;
  contentType: string;
  metadata?: Record<string, string>;
}

export type SearchMode = "keyword" | "vector" | "hybrid";

export interface SearchFilters {
  contentType?: string[];
  filenamePrefix?: string;
  createdAfter?: string;
  createdBefore?: string;
  metadata?: Record<string, string>;
}

export interface SearchResponse {
  mode: string;
  tookMs: number;
  results: SearchHit[];
}

export interface CreatedDocument {
  documentId: string;
  status: "PENDING";
  upload: { url: string; method: "PUT"; headers: Record<string, string>; expiresAt: string };
}

export interface ExtractionSchema {
  id: string;
  schema: Record<string, unknown>;
}

export type UiAuth = { mode: "none" } | { mode: "cognito"; clientId: string; region: string; endpoint: string };

export interface UiConfig {
  auth: UiAuth;
  maxDocumentBytes: number;
}
