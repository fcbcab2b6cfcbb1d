import type { DocumentKey, DocumentRecord } from "../domain/document.ts";
import type { PipelineDependencies } from "./dependencies.ts";

/**
 * DELETE /documents/{id}: removes the raw object. The "Object Deleted" event that follows does the
 * rest through the same path as a delete made straight in the bucket. Returns undefined when the
 * tenant has no such document.
 */
export async function requestDeletion(
  deps: Pick<PipelineDependencies, "metadata" | "blobs">,
  key: DocumentKey,
): Promise<DocumentRecord | undefined> {
  const record = await deps.metadata.get(key);
  if (!record || record.status === "DELETED") return undefined;
  await deps.blobs.delete(record.source);
  return record;
}
