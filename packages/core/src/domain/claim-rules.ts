import type { ClaimRequest } from "../ports/metadata-store.ts";
import { type DocumentRecord, ZERO_USAGE } from "./document.ts";
import { isApiObjectKey } from "./object-keys.ts";
import { withoutExpiry } from "./pending-expiry.ts";
import { compareSequencers } from "./sequencer.ts";

/**
 * The claim rules every MetadataStore applies, as a pure function so they read as a table and
 * every adapter decides alike. Events of one key are ordered by their S3 sequencer alone: S3 gives
 * every event of a key its own sequencer and repeats one only when it delivers the same event
 * again. (Emulators that do otherwise are put right where their events come in: see
 * packages/aws/src/sqs/emulated-s3-events.ts.)
 */
export type ClaimDecision =
  | { kind: "claim"; attempts: number; newVersion: boolean }
  | { kind: "duplicate" }
  | { kind: "stale" }
  | { kind: "busy"; retryAfterMs: number };

/**
 * - DELETED is final for keys the API generated (tenants/{tenant}/documents/{id}/…);
 * - an event with an older sequencer than the recorded one (a DELETED tombstone's included) is stale;
 * - a newer sequencer starts its version over: attempts 1, error cleared;
 * - the same sequencer is the same event: on a DELETED record it is stale (the delete came after
 *   it), a version the record does not hold yet starts over, and the recorded version goes by
 *   status: PENDING -> claim; QUEUED -> claim, one attempt more; PROCESSING -> busy while the lease
 *   lives, else claim with one attempt more; PROCESSED/FAILED -> duplicate (a reprocess request:
 *   claim, starting over);
 * - a record without a sequencer (PENDING, or a tombstone written by other means) has seen no event
 *   of its key: a tombstone's document is taken again, a PENDING record goes by status.
 */
export function decideClaim(record: DocumentRecord, request: ClaimRequest): ClaimDecision {
  const { event } = request;
  // A document the API created is never brought back: its id is not given out again, and an
  // upload after the delete (a replayed URL, however new its sequencer) must not resurrect it.
  if (record.status === "DELETED" && isApiDocumentKey(request)) return { kind: "stale" };
  const bySequencer = record.sequencer === undefined ? undefined : compareSequencers(event.sequencer, record.sequencer);
  if (bySequencer !== undefined && bySequencer < 0) return { kind: "stale" };
  if (bySequencer !== undefined && bySequencer > 0) return { kind: "claim", attempts: 1, newVersion: true };
  if (record.status === "DELETED") {
    return bySequencer === undefined ? { kind: "claim", attempts: 1, newVersion: true } : { kind: "stale" };
  }
  const sameVersion = record.version === undefined || record.version === event.version;
  if (!sameVersion) return { kind: "claim", attempts: 1, newVersion: true };
  switch (record.status) {
    case "PENDING":
      return { kind: "claim", attempts: 1, newVersion: false };
    case "QUEUED":
      return { kind: "claim", attempts: record.attempts + 1, newVersion: false };
    case "PROCESSING": {
      const remaining = record.lease ? Date.parse(record.lease.expiresAt) - request.now.getTime() : 0;
      if (remaining > 0) return { kind: "busy", retryAfterMs: remaining };
      return { kind: "claim", attempts: record.attempts + 1, newVersion: false };
    }
    case "PROCESSED":
    case "FAILED":
      // Reprocessing starts the version over: new attempts, the old error cleared.
      return request.reprocess ? { kind: "claim", attempts: 1, newVersion: true } : { kind: "duplicate" };
  }
}

/** Keys under tenants/{tenant}/documents/{id}/ were handed out by POST /documents. */
function isApiDocumentKey(request: ClaimRequest): boolean {
  return isApiObjectKey(request.event.object.key);
}

export type Lease = NonNullable<DocumentRecord["lease"]>;

/** The record a claim writes for an object no record knows yet (dropped into the bucket directly). */
export function firstClaimRecord(request: ClaimRequest, lease: Lease): DocumentRecord {
  const { key, event, now } = request;
  return {
    ...key,
    source: event.object,
    filename: request.filename,
    metadata: {},
    version: event.version,
    sequencer: event.sequencer,
    status: "PROCESSING",
    attempts: 1,
    usage: { ...ZERO_USAGE },
    lease,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    ...(event.size === undefined ? {} : { size: event.size }),
  };
}

/** The record a claim writes over an existing one; a new version starts without the old error. */
export function reclaimedRecord(
  current: DocumentRecord,
  decision: Extract<ClaimDecision, { kind: "claim" }>,
  request: ClaimRequest,
  lease: Lease,
): DocumentRecord {
  const { event, now } = request;
  const { error: _error, ...withoutError } = withoutExpiry(current);
  return {
    ...(decision.newVersion ? withoutError : withoutExpiry(current)),
    version: event.version,
    sequencer: event.sequencer,
    status: "PROCESSING",
    attempts: decision.attempts,
    lease,
    updatedAt: now.toISOString(),
    ...(event.size === undefined ? {} : { size: event.size }),
  };
}
