import type { Chunk } from "../domain/chunk.ts";

/** Document-level fields copied onto every chunk so filters run inside the index query. */
export interface IndexedDocument {
  tenantId: string;
  documentId: string;
  version: string;
  filename: string;
  contentType: string;
  createdAt: string;
  metadata: Record<string, string>;
}

export interface IndexedChunk extends Chunk {
  vector: Float32Array;
}

export interface SearchFilters {
  contentType?: string[];
  filenamePrefix?: string;
  createdAfter?: string;
  createdBefore?: string;
  metadata?: Record<string, string>;
}

/** A document that has chunks in the index. */
export interface IndexedDocumentRef {
  tenantId: string;
  documentId: string;
}

export interface IndexedDocumentPage {
  items: IndexedDocumentRef[];
  /** Absent on the last page. */
  nextCursor?: string;
}

export interface IndexQuery {
  tenantId: string;
  k: number;
  filters: SearchFilters;
}

export interface IndexHit {
  documentId: string;
  chunkId: string;
  score: number;
  text: string;
  pageStart?: number;
  pageEnd?: number;
  headingPath: string[];
  filename: string;
  contentType: string;
  metadata: Record<string, string>;
  /** Present when the chunk's text was (partly) recognised from page images. */
  recognizedConfidence?: number;
}

/**
 * Chunks with vectors and text, searchable by BM25 and by vector. The tenant and the filters are
 * applied inside the index query, never to its results.
 */
export interface SearchIndex {
  /** Replaces every chunk of the document with these; afterwards only these are searchable. */
  replaceDocument(document: IndexedDocument, chunks: IndexedChunk[]): Promise<void>;
  deleteDocument(tenantId: string, documentId: string): Promise<void>;
  /**
   * Removes chunks of the document written for any version but `keepVersion`; returns how many.
   * An index that replaces atomically has none; one that shows writes late (OpenSearch
   * Serverless) can, when two versions were indexed within its refresh interval.
   */
  deleteOtherVersions(tenantId: string, documentId: string, keepVersion: string): Promise<number>;
  keywordSearch(query: IndexQuery & { text: string }): Promise<IndexHit[]>;
  vectorSearch(query: IndexQuery & { vector: Float32Array }): Promise<IndexHit[]>;
  /** Chunks stored for a document; for tests and reindexing. */
  countChunks(tenantId: string, documentId: string): Promise<number>;
  /**
   * Every document with chunks here, of every tenant, in a stable order, a page at a time: what
   * re-embedding into another vector space walks through. An index that shows writes late
   * (OpenSearch Serverless) lists a document once its chunks are searchable.
   */
  listDocuments(query: { limit: number; cursor?: string }): Promise<IndexedDocumentPage>;
}
