import type { ObjectDeletedEvent } from "../events/object-event.ts";
import type { DocumentKey, DocumentRecord } from "./document.ts";
import { ZERO_USAGE } from "./document.ts";
import { filenameFromKey } from "./object-keys.ts";
import { withoutExpiry } from "./pending-expiry.ts";
import { compareSequencers } from "./sequencer.ts";

/**
 * The delete rules every MetadataStore applies, beside the claim rules: what an "Object Deleted"
 * event does to the record of its key.
 * - no record: a DELETED tombstone carrying the delete's sequencer, so the create the delete
 *   overtook is recognised as stale when it arrives;
 * - a record whose sequencer is newer than the delete's: the delete is stale (a newer version
 *   was uploaded after it), nothing changes;
 * - otherwise (an older or equal sequencer, or none yet): the record becomes DELETED. S3 gives
 *   every event of a key its own sequencer and repeats it only when it delivers the same event
 *   again, so an equal sequencer is this delete redelivered, and applying it again is harmless.
 */
export type DeleteDecision =
  /** Write `record` where there is none (conditional on that). */
  | { kind: "tombstone"; record: DocumentRecord }
  /** Replace the current record by `record` (conditional on it being unchanged). */
  | { kind: "delete"; record: DocumentRecord }
  /** A newer event is recorded: `record`, the current one, stays as it is. */
  | { kind: "stale"; record: DocumentRecord };

export function decideDelete(
  current: DocumentRecord | undefined,
  key: DocumentKey,
  event: ObjectDeletedEvent,
  now: Date,
): DeleteDecision {
  if (!current) return { kind: "tombstone", record: tombstoneRecord(key, event, now) };
  if (current.sequencer !== undefined && compareSequencers(event.sequencer, current.sequencer) < 0) {
    return { kind: "stale", record: current };
  }
  // A PENDING record that is deleted no longer expires: it stays DELETED.
  const { lease: _lease, ...rest } = withoutExpiry(current);
  return {
    kind: "delete",
    record: { ...rest, status: "DELETED", sequencer: event.sequencer, updatedAt: now.toISOString() },
  };
}

function tombstoneRecord(key: DocumentKey, event: ObjectDeletedEvent, now: Date): DocumentRecord {
  return {
    ...key,
    source: event.object,
    filename: filenameFromKey(event.object.key),
    metadata: {},
    sequencer: event.sequencer,
    status: "DELETED",
    attempts: 0,
    usage: { ...ZERO_USAGE },
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}
