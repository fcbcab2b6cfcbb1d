import type { DocumentRecord, DocumentStatus } from "@docworker/core";

/** A `documents` row: scalar fields as columns, nested ones (metadata, extraction, usage, error) as JSON text. */
export interface DocumentRow {
  tenant_id: string;
  document_id: string;
  source_bucket: string;
  source_key: string;
  filename: string;
  content_type: string | null;
  size: number | null;
  metadata: string;
  version: string | null;
  sequencer: string | null;
  status: DocumentStatus;
  attempts: number;
  error: string | null;
  page_count: number | null;
  chunk_count: number | null;
  recognition: string | null;
  extraction: string | null;
  class: string | null;
  class_confidence: number | null;
  classification: string | null;
  embedder: string | null;
  usage: string;
  lease_token: string | null;
  lease_expires_at: string | null;
  created_at: string;
  updated_at: string;
  processed_at: string | null;
  expires_at: string | null;
}

export const DOCUMENT_COLUMNS = [
  "tenant_id",
  "document_id",
  "source_bucket",
  "source_key",
  "filename",
  "content_type",
  "size",
  "metadata",
  "version",
  "sequencer",
  "status",
  "attempts",
  "error",
  "page_count",
  "chunk_count",
  "recognition",
  "extraction",
  "class",
  "class_confidence",
  "classification",
  "embedder",
  "usage",
  "lease_token",
  "lease_expires_at",
  "created_at",
  "updated_at",
  "processed_at",
  "expires_at",
] as const satisfies readonly (keyof DocumentRow)[];

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

export function toRow(record: DocumentRecord): DocumentRow {
  return {
    tenant_id: record.tenantId,
    document_id: record.documentId,
    source_bucket: record.source.bucket,
    source_key: record.source.key,
    filename: record.filename,
    content_type: record.contentType ?? null,
    size: record.size ?? null,
    metadata: JSON.stringify(record.metadata ?? {}),
    version: record.version ?? null,
    sequencer: record.sequencer ?? null,
    status: record.status,
    attempts: record.attempts,
    error: json(record.error),
    page_count: record.pageCount ?? null,
    chunk_count: record.chunkCount ?? null,
    recognition: json(record.recognition),
    extraction: json(record.extraction),
    class: record.class ?? null,
    class_confidence: record.classConfidence ?? null,
    classification: json(record.classification),
    embedder: record.embedder ?? null,
    usage: JSON.stringify(record.usage),
    lease_token: record.lease?.token ?? null,
    lease_expires_at: record.lease?.expiresAt ?? null,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    processed_at: record.processedAt ?? null,
    expires_at: record.expiresAt ?? null,
  };
}

/** Absent fields stay absent (not undefined-valued) so records compare equal after a round trip. */
export function fromRow(row: DocumentRow): DocumentRecord {
  const record: DocumentRecord = {
    tenantId: row.tenant_id,
    documentId: row.document_id,
    source: { bucket: row.source_bucket, key: row.source_key },
    filename: row.filename,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    status: row.status,
    attempts: row.attempts,
    usage: JSON.parse(row.usage) as DocumentRecord["usage"],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.content_type !== null) record.contentType = row.content_type;
  if (row.size !== null) record.size = row.size;
  if (row.version !== null) record.version = row.version;
  if (row.sequencer !== null) record.sequencer = row.sequencer;
  if (row.error !== null) record.error = JSON.parse(row.error) as DocumentRecord["error"];
  if (row.page_count !== null) record.pageCount = row.page_count;
  if (row.chunk_count !== null) record.chunkCount = row.chunk_count;
  if (row.recognition !== null) record.recognition = JSON.parse(row.recognition) as DocumentRecord["recognition"];
  if (row.extraction !== null) record.extraction = JSON.parse(row.extraction) as DocumentRecord["extraction"];
  if (row.class !== null) record.class = row.class;
  if (row.class_confidence !== null) record.classConfidence = row.class_confidence;
  if (row.classification !== null) {
    record.classification = JSON.parse(row.classification) as DocumentRecord["classification"];
  }
  if (row.embedder !== null) record.embedder = row.embedder;
  if (row.lease_token !== null && row.lease_expires_at !== null) {
    record.lease = { token: row.lease_token, expiresAt: row.lease_expires_at };
  }
  if (row.processed_at !== null) record.processedAt = row.processed_at;
  if (row.expires_at !== null) record.expiresAt = row.expires_at;
  return record;
}
