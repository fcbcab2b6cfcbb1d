import type { DocumentKey, DocumentRecord, DocumentStatus } from "../domain/document.ts";
import type { DocumentError } from "../domain/errors.ts";
import type { ObjectCreatedEvent, ObjectDeletedEvent } from "../events/object-event.ts";

export type ClaimOutcome =
  /** This worker now owns the version; it must finish with complete, fail or release. */
  | { outcome: "claimed"; record: DocumentRecord; leaseToken: string }
  /** This exact version already ended PROCESSED or FAILED: nothing to do. */
  | { outcome: "duplicate"; record: DocumentRecord }
  /** A newer version or a later delete is already recorded: the event is out of date. */
  | { outcome: "stale"; record: DocumentRecord }
  /** Another worker holds a live lease on this version: try again after it expires. */
  | { outcome: "busy"; record: DocumentRecord; retryAfterMs: number };

export interface ClaimRequest {
  key: DocumentKey;
  event: ObjectCreatedEvent;
  /** Used to create the record when the object was dropped into the bucket directly. */
  filename: string;
  now: Date;
  leaseMs: number;
  /** A reprocess request: the recorded version, PROCESSED or FAILED, is taken on again from the start. */
  reprocess?: boolean;
}

export interface CompletedProcessing {
  pageCount?: number;
  recognition?: DocumentRecord["recognition"];
  chunkCount: number;
  contentType: string;
  extraction: DocumentRecord["extraction"];
  class?: string;
  classConfidence?: number;
  classification?: DocumentRecord["classification"];
  embedder?: string;
  usage: DocumentRecord["usage"];
  size?: number;
}

export interface ListQuery {
  status?: DocumentStatus;
  limit: number;
  cursor?: string;
}

export interface ListPage {
  items: DocumentRecord[];
  nextCursor?: string;
}

/**
 * Document records. Every state change is a conditional write: an adapter applies it only when
 * the stored record is in the state the method names, so racing workers and stale events can
 * never move a record backwards.
 */
export interface MetadataStore {
  get(key: DocumentKey): Promise<DocumentRecord | undefined>;
  list(tenantId: string, query: ListQuery): Promise<ListPage>;

  /** Records an announced upload (PENDING). Fails with a conflict if the id is taken. */
  createPending(record: DocumentRecord): Promise<void>;

  /**
   * Takes ownership of one object version for processing. Applies when there is no record, the
   * record is PENDING/QUEUED, the event is newer (sequencer) than the record, or the record is
   * PROCESSING this version under an expired lease.
   */
  claim(request: ClaimRequest): Promise<ClaimOutcome>;

  /** PROCESSING -> PROCESSED, only while `leaseToken` still owns the record. Returns false if superseded. */
  complete(key: DocumentKey, leaseToken: string, result: CompletedProcessing, now: Date): Promise<boolean>;

  /** PROCESSING -> FAILED (deterministic error), only while `leaseToken` owns the record. */
  fail(key: DocumentKey, leaseToken: string, error: DocumentError, now: Date): Promise<boolean>;

  /** PROCESSING -> QUEUED after a transient error: the lease is dropped so a redelivery can claim. */
  release(key: DocumentKey, leaseToken: string, error: DocumentError, now: Date): Promise<boolean>;

  /** Extends a live lease while a long document is processed. */
  renewLease(key: DocumentKey, leaseToken: string, leaseMs: number, now: Date): Promise<boolean>;

  /**
   * Marks the document DELETED unless a newer event is already recorded. Creates a tombstone
   * when there is no record, so a create that arrives after its delete is seen as stale.
   */
  markDeleted(
    key: DocumentKey,
    event: ObjectDeletedEvent,
    now: Date,
  ): Promise<{ applied: boolean; record?: DocumentRecord }>;
}

/** A list cursor this store did not make for this query (garbage, tampered with, another tenant's). */
export class InvalidCursorError extends Error {
  constructor() {
    super("invalid list cursor");
    this.name = "InvalidCursorError";
  }
}

export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}
