import type { ObjectRef } from "../domain/document.ts";

/** An S3 object change as docworker sees it, whatever transport carried it. */
export type ObjectEvent = ObjectCreatedEvent | ObjectDeletedEvent;

export interface ObjectCreatedEvent {
  type: "ObjectCreated";
  object: ObjectRef;
  /** version-id on versioned buckets, else the ETag. */
  version: string;
  etag?: string;
  versionId?: string;
  size?: number;
  sequencer: string;
  time: string;
}

export interface ObjectDeletedEvent {
  type: "ObjectDeleted";
  object: ObjectRef;
  /**
   * What went away. "current" (the default): the key has no current version any more (a delete
   * marker, or a delete on an unversioned bucket), so the document goes. "version": one version,
   * `versionId`, was permanently removed (DeleteObject with a VersionId, or the lifecycle expiring
   * a noncurrent version); the document goes only when that is the version it holds.
   */
  removes?: "current" | "version";
  /** S3's reason, e.g. "DeleteObject" or "Lifecycle Expiration". */
  reason?: string;
  versionId?: string;
  sequencer: string;
  time: string;
}
