import type { ReprocessFilter } from "../domain/reprocess-job.ts";

/**
 * docworker's own messages on the ingestion queue, beside S3's events. Same envelope shape as
 * EventBridge's (source, detail-type, detail), with source "docworker".
 */
export type ReprocessMessage =
  | {
      kind: "document";
      tenantId: string;
      documentId: string;
      jobId?: string;
      /** The job's tenant, when it is not the document's (a re-embedding job covers every tenant). */
      jobTenantId?: string;
      /** The vector space the job fills: once the job is done, searches switch to it. */
      space?: string;
    }
  | { kind: "page"; tenantId: string; jobId: string; filter: ReprocessFilter; cursor?: string }
  /** A page of the active vector space's documents, every tenant's, to embed into `space`. */
  | { kind: "space-page"; tenantId: string; jobId: string; space: string; cursor?: string };

const SOURCE = "docworker";
const DOCUMENT = "Reprocess Document";
const PAGE = "Reprocess Page";
const SPACE_PAGE = "Reembed Page";
const DETAIL_TYPES = { document: DOCUMENT, page: PAGE, "space-page": SPACE_PAGE } as const;

export function encodeReprocessMessage(message: ReprocessMessage): string {
  const { kind, ...detail } = message;
  return JSON.stringify({ source: SOURCE, "detail-type": DETAIL_TYPES[kind], detail });
}

/** The message, when it is one of docworker's own; undefined for anything else (S3 events). */
export function decodeReprocessMessage(body: string): ReprocessMessage | undefined {
  let envelope: { source?: unknown; "detail-type"?: unknown; detail?: Record<string, unknown> };
  try {
    envelope = JSON.parse(body) as typeof envelope;
  } catch {
    return undefined;
  }
  if (envelope?.source !== SOURCE || typeof envelope.detail !== "object" || envelope.detail === null) return undefined;
  const d = envelope.detail;
  if (typeof d.tenantId !== "string") return undefined;
  if (envelope["detail-type"] === DOCUMENT && typeof d.documentId === "string") {
    return {
      kind: "document",
      tenantId: d.tenantId,
      documentId: d.documentId,
      ...(typeof d.jobId === "string" ? { jobId: d.jobId } : {}),
      ...(typeof d.jobTenantId === "string" ? { jobTenantId: d.jobTenantId } : {}),
      ...(typeof d.space === "string" ? { space: d.space } : {}),
    };
  }
  if (envelope["detail-type"] === SPACE_PAGE && typeof d.jobId === "string" && typeof d.space === "string") {
    return {
      kind: "space-page",
      tenantId: d.tenantId,
      jobId: d.jobId,
      space: d.space,
      ...(typeof d.cursor === "string" ? { cursor: d.cursor } : {}),
    };
  }
  if (envelope["detail-type"] === PAGE && typeof d.jobId === "string") {
    return {
      kind: "page",
      tenantId: d.tenantId,
      jobId: d.jobId,
      filter: (typeof d.filter === "object" && d.filter !== null ? d.filter : {}) as ReprocessFilter,
      ...(typeof d.cursor === "string" ? { cursor: d.cursor } : {}),
    };
  }
  return undefined;
}
