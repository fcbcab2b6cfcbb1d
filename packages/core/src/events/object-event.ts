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
  versionId?: string;
  sequencer: string;
  time: string;
}
