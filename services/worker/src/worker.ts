import {
  type EventSource,
  handleQueueMessage,
  type InboundMessage,
  type Logger,
  type PipelineDependencies,
  settleDeadLetter,
} from "@docworker/core";
import type { TaskProtection } from "./task-protection.ts";

export interface RunningWorker {
  /** Stops taking messages, lets in-flight ones finish within the grace period, releases the rest. */
  stop(): Promise<void>;
}

/**
 * The worker is a loop around one use case: every message from the event source goes through
 * handleQueueMessage with bounded concurrency. Everything else — parsing, retries, idempotency —
 * lives in core, so this file only owns the process concerns.
 */
export function startWorker(
  deps: PipelineDependencies,
  events: EventSource,
  logger: Logger,
  options: { protection?: TaskProtection } = {},
): RunningWorker {
  const { concurrency, shutdownGraceSeconds } = deps.config.worker;
  const protection = options.protection;
  const handle = (message: InboundMessage) => handleQueueMessage(deps, message);
  events.start(
    async (message) => {
      const started = performance.now();
      const disposition = await (protection ? protection.around(() => handle(message)) : handle(message));
      logger.debug(
        { messageId: message.id, disposition, ms: Math.round(performance.now() - started) },
        "message handled",
      );
      return disposition;
    },
    {
      concurrency,
      onDeadLetter: async (message) => {
        const settled = await settleDeadLetter(deps, message);
        logger.debug({ messageId: message.id, ...settled }, "dead-lettered message settled");
        return settled.outcome === "busy" ? { retryAfterSeconds: settled.retryAfterSeconds } : {};
      },
    },
  );
  logger.info({ concurrency }, "worker started");
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= events
        .stop({ graceMs: shutdownGraceSeconds * 1000 })
        .then(() => protection?.release())
        .then(() => logger.info({}, "worker stopped"));
      return stopping;
    },
  };
}
