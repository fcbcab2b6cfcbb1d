import type { DocumentKey } from "../domain/document.ts";
import { documentKeyForObject, processedObjectKey } from "../domain/object-keys.ts";
import type { ObjectDeletedEvent } from "../events/object-event.ts";
import { now, type PipelineDependencies } from "./dependencies.ts";
import { deleteFromIndexes } from "./index-targets.ts";

export type DeleteResult =
  | { outcome: "deleted"; key: DocumentKey }
  | { outcome: "skipped"; key: DocumentKey; reason: "stale" | "noncurrent" };

/**
 * Applies an "Object Deleted" event: the record becomes DELETED (or a tombstone, when the delete
 * overtook its create), then the chunks and the processed JSON go. Repeating it is harmless.
 * The permanent removal of one version deletes the document only when the record holds that
 * version: expiring or deleting an older version leaves the current one, and its document, alone.
 */
export async function deleteObject(
  deps: Pick<PipelineDependencies, "config" | "metadata" | "index" | "blobs" | "logger" | "clock">,
  event: ObjectDeletedEvent,
): Promise<DeleteResult> {
  const key = documentKeyForObject(event.object, deps.config.defaultTenantId);
  if (event.removes === "version") {
    const record = await deps.metadata.get(key);
    if (!record || record.status === "DELETED" || record.version !== event.versionId) {
      deps.logger.info(
        { ...key, versionId: event.versionId, reason: event.reason, holds: record?.version },
        "delete skipped: a version the document does not hold was removed",
      );
      return { outcome: "skipped", key, reason: "noncurrent" };
    }
  }
  const { applied } = await deps.metadata.markDeleted(key, event, now(deps));
  if (!applied) {
    deps.logger.info({ ...key, sequencer: event.sequencer }, "delete skipped: a newer version exists");
    return { outcome: "skipped", key, reason: "stale" };
  }
  await deleteFromIndexes(deps, key.tenantId, key.documentId);
  await deps.blobs.delete({ bucket: deps.config.processedBucket, key: processedObjectKey(key) });
  deps.logger.info({ ...key }, "document deleted");
  return { outcome: "deleted", key };
}
