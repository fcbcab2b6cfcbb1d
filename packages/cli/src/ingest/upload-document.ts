import { lookup } from "mime-types";
import type { DocworkerApiClient } from "../api-client.ts";
import type { CreatedDocument } from "../api-types.ts";
import type { IngestFile } from "./collect-files.ts";
import { withRetries } from "./retry.ts";

export interface UploadOptions {
  metadata?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * Announces the file (POST /documents), then PUTs its bytes to the pre-signed URL. The POST is
 * not retried (a retry could leave a second PENDING record behind); the PUT is idempotent and is.
 */
export async function uploadDocument(
  client: DocworkerApiClient,
  file: IngestFile,
  options: UploadOptions,
): Promise<CreatedDocument> {
  const contentType = lookup(file.filename) || undefined;
  const created = await client.createDocument({
    filename: file.filename,
    ...(contentType ? { contentType } : {}),
    ...(options.metadata && Object.keys(options.metadata).length > 0 ? { metadata: options.metadata } : {}),
  });
  try {
    await withRetries(() => client.uploadFile(created.upload, file), {
      attempts: 3,
      baseDelayMs: 500,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    throw new PutFailedError(created.documentId, error);
  }
  return created;
}

/** The record was created but the bytes did not arrive: it stays PENDING under this id. */
export class PutFailedError extends Error {
  readonly documentId: string;

  constructor(documentId: string, cause: unknown) {
    super(`upload of ${documentId} failed`, { cause });
    this.name = "PutFailedError";
    this.documentId = documentId;
  }
}
