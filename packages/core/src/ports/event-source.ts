/** One message from the ingestion queue, as the worker sees it. */
export interface InboundMessage {
  id: string;
  body: string;
  /** 1 on first delivery. */
  receiveCount: number;
  /** Keeps the message hidden from other consumers while a long document is processed. */
  extendVisibility(seconds: number): Promise<void>;
}

export type MessageDisposition =
  /** Done (processed, skipped, or failed for good and recorded): remove it from the queue. */
  | { action: "ack" }
  /** Transient failure: deliver again after the delay. */
  | { action: "retry"; delaySeconds: number }
  /** Cannot be handled at all (malformed): move to the dead-letter queue. */
  | { action: "dead-letter"; reason: string };

export type MessageHandler = (message: InboundMessage) => Promise<MessageDisposition>;

/** A message the queue gave up on (its redrive policy moved it to the dead letters). */
export interface DeadLetteredMessage {
  id: string;
  body: string;
  /** Why it was dead-lettered, as far as the queue knows. */
  reason: string;
}

/**
 * Settles the record of a dead-lettered message. `retryAfterSeconds`: the record could not be
 * settled yet (another worker still holds it); hand the message over again after that long.
 */
export type DeadLetterHandler = (message: DeadLetteredMessage) => Promise<{ retryAfterSeconds?: number }>;

export interface EventSourceStartOptions {
  concurrency: number;
  /** Called for every message the queue dead-letters, so that its record does not stay in flight forever. */
  onDeadLetter?: DeadLetterHandler;
}

/** The object-event queue: SQS in AWS, a SQLite table in the embedded default. */
export interface EventSource {
  /** Starts delivering messages to the handler, at most `concurrency` at once. */
  start(handler: MessageHandler, options: EventSourceStartOptions): void;
  /** Stops taking messages, waits up to `graceMs` for in-flight ones, releases the rest. */
  stop(options: { graceMs: number }): Promise<void>;
}
