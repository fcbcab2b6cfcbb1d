import type { ApiDocument } from "../api-types.ts";

/** A document status, or UPLOAD_FAILED when the file never reached the pipeline. */
export type IngestStatus = ApiDocument["status"] | "UPLOAD_FAILED";

/** What became of one file; also the shape of `ingest --json` results. */
export interface IngestResult {
  file: string;
  filename: string;
  size: number;
  documentId?: string;
  status: IngestStatus;
  /** The document's error, the API's problem code for an upload, or WAIT_TIMEOUT. */
  error?: { code: string; message: string };
  chunkCount?: number;
  pages?: number;
  /** The last record seen (with --wait). */
  document?: ApiDocument;
}

/** Set when --wait gave up on a document that had not reached a final status. */
export const WAIT_TIMEOUT = "WAIT_TIMEOUT";

/** Without --wait, only a failed upload is a failure; with it, anything but PROCESSED or DELETED. */
export function isFailure(result: IngestResult, waited: boolean): boolean {
  if (result.status === "UPLOAD_FAILED") return true;
  return waited && result.status !== "PROCESSED" && result.status !== "DELETED";
}

export interface IngestCounts {
  byStatus: Map<string, number>;
  byErrorCode: Map<string, number>;
}

export function countResults(results: IngestResult[]): IngestCounts {
  const byStatus = new Map<string, number>();
  const byErrorCode = new Map<string, number>();
  for (const result of results) {
    byStatus.set(result.status, (byStatus.get(result.status) ?? 0) + 1);
    if (result.error) byErrorCode.set(result.error.code, (byErrorCode.get(result.error.code) ?? 0) + 1);
  }
  const sorted = (map: Map<string, number>) => new Map([...map].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
  return { byStatus: sorted(byStatus), byErrorCode: sorted(byErrorCode) };
}
