import type { ClaimRequest } from "../ports/metadata-store.ts";
import { type DocumentRecord, ZERO_USAGE } from "./document.ts";
import { isApiObjectKey } from "./object-keys.ts";
import { withoutExpiry } from "./pending-expiry.ts";
import { compareSequencers } from "./sequencer.ts";

/**
 * The claim rules every MetadataStore applies, as a pure function so they read as a table and
 * every adapter decides alike. Events are ordered by S3 sequencer; when two different events
 * carry the same sequencer (moto sends one constant sequencer for every event) the event time
 * breaks the tie. On AWS two events of one key never share a sequencer.
 */
export type ClaimDecision =
  | { kind: "claim"; attempts: number; newVersion: boolean }
  | { kind: "duplicate" }
  | { kind: "stale" }
  | { kind: "busy"; retryAfterMs: number };

/** What orders events for one key: the sequencer, then (emulators only) the event time. */
export interface EventPosition {
  sequencer: string;
  /** Normalised ISO time of the event; absent when unknown. */
  time?: string;
}

/** < 0: `a` is older; > 0: newer; 0: the same position (or no way to tell them apart). */
export function compareEventPositions(a: EventPosition, b: EventPosition): number {
  const bySequencer = compareSequencers(a.sequencer, b.sequencer);
  if (bySequencer !== 0 || a.time === undefined || b.time === undefined) return bySequencer;
  return a.time < b.time ? -1 : a.time > b.time ? 1 : 0;
}

/** ISO 8601 in one format (toISOString), so times compare as strings; undefined if unparsable. */
export function normaliseEventTime(time: string | undefined): string | undefined {
  if (time === undefined) return undefined;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * - DELETED is final for keys the API generated (tenants/{tenant}/documents/{id}/…);
 * - an event with an older sequencer than the recorded one (a DELETED tombstone's included) is stale;
 * - a newer sequencer starts its version over: attempts 1, error cleared;
 * - the same sequencer is, on AWS, the same event. Emulators repeat one sequencer for every
 *   event, so there a different version, or a create after a delete, is told apart by event time;
 * - the same event (or a record without one yet, i.e. PENDING) goes by status:
 *   PENDING -> claim; QUEUED -> claim, one attempt more; PROCESSING -> busy while the lease lives,
 *   else claim with one attempt more; PROCESSED/FAILED -> duplicate; DELETED -> stale.
 */
export function decideClaim(
  record: DocumentRecord,
  recordedTime: string | undefined,
  request: ClaimRequest,
): ClaimDecision {
  const { event } = request;
  // A document the API created is never brought back: its id is not given out again, and an
  // upload after the delete (a replayed URL, however new its sequencer) must not resurrect it.
  if (record.status === "DELETED" && isApiDocumentKey(request)) return { kind: "stale" };
  const bySequencer = record.sequencer === undefined ? undefined : compareSequencers(event.sequencer, record.sequencer);
  if (bySequencer !== undefined && bySequencer < 0) return { kind: "stale" };
  if (bySequencer !== undefined && bySequencer > 0) return { kind: "claim", attempts: 1, newVersion: true };
  const eventTime = normaliseEventTime(event.time);
  const byTime =
    eventTime === undefined || recordedTime === undefined ? undefined : compareTimes(eventTime, recordedTime);
  if (record.status === "DELETED") {
    // A tombstone without a sequencer was written by other means: the event is all we know.
    if (bySequencer === undefined) return { kind: "claim", attempts: 1, newVersion: true };
    return byTime !== undefined && byTime > 0 ? { kind: "claim", attempts: 1, newVersion: true } : { kind: "stale" };
  }
  const sameVersion = record.version === undefined || record.version === event.version;
  if (!sameVersion) {
    return byTime !== undefined && byTime < 0 ? { kind: "stale" } : { kind: "claim", attempts: 1, newVersion: true };
  }
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
      return { kind: "duplicate" };
  }
}

/** Keys under tenants/{tenant}/documents/{id}/ were handed out by POST /documents. */
function isApiDocumentKey(request: ClaimRequest): boolean {
  return isApiObjectKey(request.event.object.key);
}

function compareTimes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
