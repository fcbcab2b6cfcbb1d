import { DocworkerError } from "../domain/errors.ts";
import { decodeReprocessMessage } from "../events/reprocess-messages.ts";
import { decodeS3EventBridgeMessage } from "../events/s3-eventbridge.ts";
import type { InboundMessage, MessageDisposition } from "../ports/event-source.ts";
import type { MessageHandled } from "../ports/pipeline-metrics.ts";
import { deleteObject } from "./delete-object.ts";
import type { PipelineDependencies } from "./dependencies.ts";
import { deleteOtherVersionsFromIndexes } from "./index-targets.ts";
import { ingestObjectVersion } from "./ingest-object-version.ts";
import { handleReprocessMessage } from "./reprocess.ts";
import { retryDelaySeconds } from "./retry-delay.ts";

/**
 * One queue message in, one disposition out. Deterministic outcomes (processed, skipped, FAILED
 * with a code) remove the message; transient ones come back after a backoff; a message that is
 * not an S3 event at all goes to the dead-letter queue.
 */
export async function handleQueueMessage(
  deps: PipelineDependencies,
  message: InboundMessage,
): Promise<MessageDisposition> {
  const started = performance.now();
  const report = (event: Omit<MessageHandled, "durationMs">) =>
    deps.metrics?.messageHandled({ ...event, durationMs: Math.round(performance.now() - started) });
  const settle = deps.config.search.indexSettleSeconds;
  const reprocess = decodeReprocessMessage(message.body);
  if (reprocess) {
    const disposition = await handleReprocessMessage(deps, reprocess, message);
    report({ kind: "reprocess", outcome: disposition.action === "ack" ? "ack" : "retry" });
    return disposition;
  }
  let decoded: ReturnType<typeof decodeS3EventBridgeMessage>;
  try {
    decoded = decodeS3EventBridgeMessage(message.body);
  } catch (error) {
    const reason = error instanceof DocworkerError ? error.message : String(error);
    deps.logger.error({ messageId: message.id, reason }, "malformed message sent to the dead-letter queue");
    report({ kind: "malformed", outcome: "dead-letter", errorCode: "INVALID_EVENT" });
    return { action: "dead-letter", reason };
  }
  if (decoded.kind === "ignored") {
    deps.logger.debug({ messageId: message.id, detailType: decoded.detailType }, "event type ignored");
    report({ kind: "ignored", outcome: "ack" });
    return { action: "ack" };
  }
  const { event } = decoded;
  if (event.type === "ObjectDeleted") {
    const deleted = await deleteObject(deps, event);
    report({ kind: "delete", outcome: deleted.outcome });
    // An index that shows writes late (OpenSearch Serverless) may have hidden chunks written just
    // before the delete: the same delete runs once more after they have become visible.
    if (deleted.outcome === "deleted" && settle > 0 && message.receiveCount === 1) {
      return { action: "retry", delaySeconds: settle + 5 };
    }
    return { action: "ack" };
  }
  const leaseSeconds = deps.config.worker.leaseSeconds;
  const result = await ingestObjectVersion(deps, event, {
    attempt: message.receiveCount,
    heartbeat: () => message.extendVisibility(leaseSeconds),
  });
  report({
    kind: "ingest",
    outcome: result.outcome,
    ...("error" in result ? { errorCode: result.error.code } : {}),
    ...(result.outcome === "processed" ? { stages: result.stages, usage: result.usage } : {}),
  });
  if (settle > 0 && result.outcome === "processed" && message.receiveCount === 1) {
    // Chunks another worker wrote for an older version within the refresh interval were invisible
    // to this replace: come back once they are visible, and sweep them then.
    return { action: "retry", delaySeconds: settle + 5 };
  }
  if (settle > 0 && result.outcome === "skipped" && result.reason === "duplicate") {
    const removed = await deleteOtherVersionsFromIndexes(
      deps,
      result.key.tenantId,
      result.key.documentId,
      event.version,
    );
    if (removed > 0) deps.logger.info({ ...result.key, removed }, "chunks of older versions swept");
  }
  if (result.outcome !== "retry") return { action: "ack" };
  const backoff = retryDelaySeconds(message.receiveCount, deps.config.worker);
  const delaySeconds = Math.max(backoff, Math.ceil((result.retryAfterMs ?? 0) / 1000));
  return { action: "retry", delaySeconds };
}
