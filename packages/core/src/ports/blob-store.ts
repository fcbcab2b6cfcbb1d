import type { ObjectRef } from "../domain/document.ts";

export interface StoredObject {
  body: Uint8Array;
  contentType?: string;
  size: number;
  etag?: string;
  versionId?: string;
  /** User metadata stored with the object (x-amz-meta-*). */
  metadata: Record<string, string>;
}

export interface UploadConstraints {
  contentType: string;
  maxBytes: number;
  expiresInSeconds: number;
  metadata: Record<string, string>;
}

/** How a client uploads: PUT the bytes to `url` with exactly these headers before `expiresAt`. */
export interface UploadTarget {
  url: string;
  method: "PUT";
  headers: Record<string, string>;
  expiresAt: string;
}

/** Raw input and processed output, addressed like S3 (bucket + key). */
export interface BlobStore {
  /** Returns undefined when the object does not exist (any more). */
  get(ref: ObjectRef): Promise<StoredObject | undefined>;
  put(
    ref: ObjectRef,
    body: Uint8Array,
    options: { contentType: string; metadata?: Record<string, string> },
  ): Promise<void>;
  /** Deleting an object that does not exist is not an error. */
  delete(ref: ObjectRef): Promise<void>;
  createUploadUrl(ref: ObjectRef, constraints: UploadConstraints): Promise<UploadTarget>;
}
