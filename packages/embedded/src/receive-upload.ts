import type { UploadRequestFacts } from "@docworker/core";
import type { FilesystemBlobStore, StreamedObject } from "./filesystem-blob-store.ts";
import type { VerifiedUpload } from "./upload-signer.ts";

/**
 * What the API's PUT /uploads/{bucket}/{key} route does: verify the signed URL (signature, expiry,
 * content type, declared Content-Length), then stream the body into the bucket, counting bytes
 * because a client may send no Content-Length or a false one. Throws UploadRefusedError.
 */
export async function receiveUpload(
  store: FilesystemBlobStore,
  request: UploadRequestFacts,
  body: AsyncIterable<Uint8Array | string>,
): Promise<VerifiedUpload & StreamedObject> {
  const upload = store.verifyUploadRequest(request);
  // Single use, as S3 is with If-None-Match: * signed into the URL: a replay cannot replace it.
  const written = await store.putStream(upload.ref, body, { ...upload, ifNoneMatch: true });
  return { ...upload, ...written };
}
