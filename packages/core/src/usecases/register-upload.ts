import type { DocumentRecord } from "../domain/document.ts";
import { ZERO_USAGE } from "../domain/document.ts";
import { newDocumentId, rawObjectKey } from "../domain/object-keys.ts";
import { pendingExpiresAt } from "../domain/pending-expiry.ts";
import type { UploadTarget } from "../ports/blob-store.ts";
import { now, type PipelineDependencies } from "./dependencies.ts";

export interface UploadRequest {
  tenantId: string;
  filename: string;
  contentType?: string;
  metadata?: Record<string, string>;
  /** A class the caller knows the document belongs to: classification is skipped. Checked by the caller. */
  class?: string;
}

export interface RegisteredUpload {
  documentId: string;
  upload: UploadTarget;
}

/**
 * POST /documents: records a PENDING document and hands back a URL to PUT the bytes to. The
 * object key carries tenant and id, so the event it causes finds this record.
 */
export async function registerUpload(
  deps: Pick<PipelineDependencies, "config" | "metadata" | "blobs" | "clock">,
  request: UploadRequest,
): Promise<RegisteredUpload> {
  const documentId = newDocumentId();
  const key = { tenantId: request.tenantId, documentId };
  const source = { bucket: deps.config.rawBucket, key: rawObjectKey(key, request.filename) };
  const contentType = request.contentType ?? "application/octet-stream";
  const metadata = request.metadata ?? {};
  const createdAt = now(deps);
  const timestamp = createdAt.toISOString();
  const record: DocumentRecord = {
    ...key,
    source,
    filename: request.filename,
    contentType,
    metadata,
    status: "PENDING",
    attempts: 0,
    usage: { ...ZERO_USAGE },
    createdAt: timestamp,
    updatedAt: timestamp,
    ...(request.class ? { class: request.class, classConfidence: 1, classification: { method: "given" } } : {}),
    expiresAt: pendingExpiresAt(createdAt, deps.config.upload.pendingTtlSeconds),
  };
  await deps.metadata.createPending(record);
  const upload = await deps.blobs.createUploadUrl(source, {
    contentType,
    maxBytes: deps.config.limits.maxBytes,
    expiresInSeconds: deps.config.upload.urlTtlSeconds,
    metadata,
  });
  return { documentId, upload };
}
