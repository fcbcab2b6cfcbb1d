import { resolve, sep } from "node:path";
import type { ObjectRef } from "@docworker/core";

/** A bucket or key the filesystem store cannot hold safely; the API answers it with 400. */
export class InvalidObjectKeyError extends Error {
  readonly code = "INVALID_KEY";
  constructor(message: string) {
    super(message);
    this.name = "InvalidObjectKeyError";
  }
}

// Dots are left out (S3 allows them) so no bucket can be named like the database file.
const BUCKET = /^[a-z0-9][a-z0-9-]{1,62}$/;
const MAX_KEY_BYTES = 1024;
/** Filesystems cap a name at 255 bytes; the sidecar adds ".json". */
const MAX_SEGMENT_BYTES = 240;

/**
 * Where an object lives under the data directory. A key maps to a relative path segment by
 * segment, so it must not be absolute, contain "." or ".." or empty segments, backslashes or NUL:
 * those could escape the bucket or alias another key. The resolved path is checked once more.
 */
export function objectPath(rootDir: string, ref: ObjectRef, suffix = ""): string {
  const { bucket, key } = ref;
  if (!BUCKET.test(bucket)) throw new InvalidObjectKeyError(`invalid bucket name: ${JSON.stringify(bucket)}`);
  if (typeof key !== "string" || key.length === 0) throw new InvalidObjectKeyError("the key is empty");
  if (Buffer.byteLength(key) > MAX_KEY_BYTES)
    throw new InvalidObjectKeyError(`the key is longer than ${MAX_KEY_BYTES} bytes`);
  if (key.startsWith("/")) throw new InvalidObjectKeyError("absolute keys are not allowed");
  if (/[\\\0]/.test(key)) throw new InvalidObjectKeyError("keys may not contain backslashes or NUL");
  const segments = key.split("/");
  for (const segment of segments) {
    if (segment === "" || segment === "." || segment === "..") {
      throw new InvalidObjectKeyError(`the key has an empty, "." or ".." segment: ${JSON.stringify(key)}`);
    }
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES) {
      throw new InvalidObjectKeyError(`a key segment is longer than ${MAX_SEGMENT_BYTES} bytes`);
    }
  }
  const bucketDir = resolve(rootDir, bucket);
  const path = resolve(bucketDir, ...segments) + suffix;
  if (!path.startsWith(bucketDir + sep)) throw new InvalidObjectKeyError("the key escapes its bucket");
  return path;
}
