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

/** The object-event queue: SQS in AWS, a SQLite table in the embedded default. */
export interface EventSource {
  /** Starts delivering messages to the handler, at most `concurrency` at once. */
  start(handler: MessageHandler, options: { concurrency: number }): void;
  /** Stops taking messages, waits up to `graceMs` for in-flight ones, releases the rest. */
  stop(options: { graceMs: number }): Promise<void>;
}
