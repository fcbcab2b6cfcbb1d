import type { DocumentRecord, DocumentStatus } from "./document.ts";

/** Which documents a reprocess job takes; every field present must hold. */
export interface ReprocessFilter {
  status?: DocumentStatus;
  class?: string;
  /** ISO 8601: created at or after. */
  createdAfter?: string;
  /** ISO 8601: created before. */
  createdBefore?: string;
  /** Extracted under this schema id, e.g. "receipt/v1". */
  schemaId?: string;
  /** Extracted by this extractor, e.g. "rules" or "bedrock". */
  extractor?: string;
  /** Extracted by this model. */
  model?: string;
}

/** A reprocess job as stored: counters only, so concurrent workers can add to them. */
export interface ReprocessJob {
  tenantId: string;
  jobId: string;
  filter: ReprocessFilter;
  /** Documents the filter matched so far, each sent to the queue. */
  matched: number;
  /** All documents have been looked at: `matched` is final. */
  listed: boolean;
  processed: number;
  failed: number;
  /** Sent, but not processed: deleted, or taken over by a newer upload in the meantime. */
  skipped: number;
  createdAt: string;
  updatedAt: string;
}

export type ReprocessJobStatus = "RUNNING" | "SUCCEEDED";

export function jobStatus(job: ReprocessJob): ReprocessJobStatus {
  return job.listed && job.processed + job.failed + job.skipped >= job.matched ? "SUCCEEDED" : "RUNNING";
}

/** Statuses a document can be reprocessed from: the others are in flight, awaiting upload, or gone. */
export const REPROCESSABLE: readonly DocumentStatus[] = ["PROCESSED", "FAILED"];

export function matchesFilter(record: DocumentRecord, filter: ReprocessFilter): boolean {
  if (!REPROCESSABLE.includes(record.status)) return false;
  if (filter.status && record.status !== filter.status) return false;
  if (filter.class && record.class !== filter.class) return false;
  if (filter.createdAfter && record.createdAt < new Date(filter.createdAfter).toISOString()) return false;
  if (filter.createdBefore && record.createdAt >= new Date(filter.createdBefore).toISOString()) return false;
  if (filter.schemaId && record.extraction?.schemaId !== filter.schemaId) return false;
  if (filter.extractor && record.extraction?.extractor !== filter.extractor) return false;
  if (filter.model && record.extraction?.model !== filter.model) return false;
  return true;
}
