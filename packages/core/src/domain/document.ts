import type { DocumentError } from "./errors.ts";
import type { RecognitionSummary } from "./recognition.ts";

export const DOCUMENT_STATUSES = ["PENDING", "QUEUED", "PROCESSING", "PROCESSED", "FAILED", "DELETED"] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** Where an object lives: a bucket (a directory in the embedded default) and a key. */
export interface ObjectRef {
  bucket: string;
  key: string;
}

export interface DocumentKey {
  tenantId: string;
  documentId: string;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  embeddingTokens: number;
  /** Estimated from the configured price table; absent when no prices are configured. */
  estimatedCostUsd?: number;
}

export const ZERO_USAGE: Usage = Object.freeze({ inputTokens: 0, outputTokens: 0, embeddingTokens: 0 });

export function addUsage(a: Usage, b: Partial<Usage>): Usage {
  return {
    inputTokens: a.inputTokens + (b.inputTokens ?? 0),
    outputTokens: a.outputTokens + (b.outputTokens ?? 0),
    embeddingTokens: a.embeddingTokens + (b.embeddingTokens ?? 0),
  };
}

/** Where a field's value was found in the document's text: a page and a span of that page's text. */
export interface FieldEvidence {
  /** 1-based; documents without pages are one page. */
  page: number;
  /** Character offsets into the page's text (its blocks joined by blank lines). */
  start: number;
  end: number;
  /** The text at that span, as the document has it. */
  text: string;
}

/**
 * How far a field can be trusted: its value was located in the text (exactly, after
 * normalising, or only approximately) or not at all, and the confidence follows from that.
 */
export interface FieldAssessment {
  confidence: number;
  match: "exact" | "normalised" | "fuzzy" | "none" | "empty";
  evidence: FieldEvidence[];
}

/** The extraction result as stored: the JSON that validated against the schema, and who made it. */
export interface ExtractionResult {
  extractor: string;
  model?: string;
  /** The class's schema, versioned, e.g. "receipt/v1". */
  schemaId: string;
  /** Valid against the schema: confidence and evidence live beside it, in `fields`. */
  data: Record<string, unknown>;
  /** One entry per top-level property of the schema. */
  fields?: Record<string, FieldAssessment>;
}

/** How the document's class was decided. */
export interface Classification {
  /** "given" (named at upload), "local" (keywords and embeddings), "bedrock" (a model). */
  method: string;
  model?: string;
  reason?: string;
}

export interface DocumentRecord extends DocumentKey {
  source: ObjectRef;
  filename: string;
  contentType?: string;
  size?: number;
  /** User metadata given at upload; searchable as key=value filters. */
  metadata: Record<string, string>;
  /** The object version this record describes: S3 version-id when versioned, else the ETag. */
  version?: string;
  /** S3's sequencer for the last event applied to this record; orders events for one key. */
  sequencer?: string;
  status: DocumentStatus;
  /** Processing attempts for the current version. */
  attempts: number;
  error?: DocumentError;
  pageCount?: number;
  chunkCount?: number;
  /** Present when pages were read from their image: which, by what engine, how confidently. */
  recognition?: RecognitionSummary;
  /** The document's class (its schema); set at upload to skip classification. */
  class?: string;
  /** 0 to 1; 1 for a class named at upload. */
  classConfidence?: number;
  classification?: Classification;
  extraction?: ExtractionResult;
  /** The embedder whose vectors the index holds for this document. */
  embedder?: string;
  usage: Usage;
  /** Held while a worker processes the document, so a duplicate delivery does not run it twice. */
  lease?: { token: string; expiresAt: string };
  createdAt: string;
  updatedAt: string;
  processedAt?: string;
  /** While PENDING: when the record disappears if its upload has not come (see pending-expiry.ts). */
  expiresAt?: string;
}
