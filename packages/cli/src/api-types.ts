import type { DocumentStatus, DocumentView, SearchFilters, SearchMode, UploadTarget } from "@docworker/core";

/**
 * The HTTP API's wire shapes, as the CLI sees them. Derived from core's domain types so a change
 * there shows up here, but tolerant where a newer server may send more (error codes are strings).
 */
export type { DocumentStatus, SearchFilters, SearchMode, UploadTarget };

export interface ApiDocumentError {
  code: string;
  message: string;
  retryable: boolean;
}

/** GET /documents/{id}: the record without internals; `pages` is the public name of pageCount. */
export type ApiDocument = Omit<DocumentView, "pageCount" | "source" | "sequencer" | "error"> & {
  pages?: number;
  error?: ApiDocumentError;
};

export interface CreateDocumentRequest {
  filename: string;
  contentType?: string;
  metadata?: Record<string, string>;
}

export interface CreatedDocument {
  documentId: string;
  status?: DocumentStatus;
  upload: UploadTarget;
}

export interface ListDocumentsQuery {
  status?: DocumentStatus;
  limit?: number;
  cursor?: string;
}

export interface DocumentPage {
  items: ApiDocument[];
  nextCursor?: string;
}

export interface DeletionAccepted {
  documentId: string;
  status: string;
}

export interface SearchRequestBody {
  query: string;
  k?: number;
  mode?: SearchMode;
  filters?: SearchFilters;
}

export interface SearchHit {
  documentId: string;
  chunkId: string;
  score: number;
  text: string;
  /** HTML-escaped text with the query terms wrapped in <mark>. */
  snippet: string;
  page?: number;
  pageEnd?: number;
  headingPath?: string[];
  filename: string;
  contentType?: string;
  metadata?: Record<string, string>;
}

export interface SearchResponseBody {
  results: SearchHit[];
  mode?: SearchMode;
  tookMs: number;
}

/** Statuses after which a document does not change any more (until it is uploaded again). */
export const TERMINAL_STATUSES: readonly DocumentStatus[] = ["PROCESSED", "FAILED", "DELETED"];

/** Kept in step with core's DOCUMENT_STATUSES; a local copy so the CLI loads no core runtime code. */
export const DOCUMENT_STATUS_NAMES = [
  "PENDING",
  "QUEUED",
  "PROCESSING",
  "PROCESSED",
  "FAILED",
  "DELETED",
] as const satisfies readonly DocumentStatus[];

export const SEARCH_MODE_NAMES = ["keyword", "vector", "hybrid"] as const satisfies readonly SearchMode[];
