import type { DocumentError } from "../domain/errors.ts";
import { documentKeyForObject, filenameFromKey } from "../domain/object-keys.ts";
import { decodeS3EventBridgeMessage } from "../events/s3-eventbridge.ts";
import type { DeadLetteredMessage } from "../ports/event-source.ts";
import { now, type PipelineDependencies } from "./dependencies.ts";

export type DeadLetterOutcome =
  | { outcome: "failed"; documentId: string }
  | { outcome: "unchanged"; reason: "not-an-upload" | "already-final" | "stale" }
  | { outcome: "busy"; retryAfterSeconds: number };

/**
 * A message the queue dead-lettered (received too often without an answer: a document that
 * crashes the worker every time) ends its document FAILED with RETRIES_EXHAUSTED, instead of
 * leaving the record PROCESSING forever. A version already final, or overtaken, is left alone.
 */
export async function settleDeadLetter(
  deps: PipelineDependencies,
  message: DeadLetteredMessage,
): Promise<DeadLetterOutcome> {
  let decoded: ReturnType<typeof decodeS3EventBridgeMessage>;
  try {
    decoded = decodeS3EventBridgeMessage(message.body);
  } catch {
    return { outcome: "unchanged", reason: "not-an-upload" };
  }
  if (decoded.kind !== "event" || decoded.event.type !== "ObjectCreated") {
    return { outcome: "unchanged", reason: "not-an-upload" };
  }
  const { event } = decoded;
  const key = documentKeyForObject(event.object, deps.config.defaultTenantId);
  const claim = await deps.metadata.claim({
    key,
    event,
    filename: filenameFromKey(event.object.key),
    now: now(deps),
    leaseMs: deps.config.worker.leaseSeconds * 1000,
  });
  if (claim.outcome === "busy") return { outcome: "busy", retryAfterSeconds: Math.ceil(claim.retryAfterMs / 1000) };
  if (claim.outcome === "duplicate") return { outcome: "unchanged", reason: "already-final" };
  if (claim.outcome === "stale") return { outcome: "unchanged", reason: "stale" };
  const error: DocumentError = {
    code: "RETRIES_EXHAUSTED",
    message: `the queue gave up on this document's message: ${message.reason}`,
    retryable: false,
  };
  await deps.metadata.fail(key, claim.leaseToken, error, now(deps));
  deps.logger.warn(
    {
      tenantId: key.tenantId,
      documentId: key.documentId,
      messageId: message.id,
      errorCode: error.code,
      reason: error.message,
    },
    "document failed",
  );
  return { outcome: "failed", documentId: key.documentId };
}
