import {
  ChangeMessageVisibilityCommand,
  type Message,
  SendMessageCommand,
  SQSClient,
  type SQSClientConfig,
} from "@aws-sdk/client-sqs";
import {
  type DeadLetterHandler,
  type EventSource,
  type EventSourceStartOptions,
  type InboundMessage,
  type Logger,
  type MessageDisposition,
  type MessageHandler,
  silentLogger,
} from "@docworker/core";
import { Consumer } from "sqs-consumer";
import { DEAD_LETTER_ATTRIBUTES, readMaxReceiveCount, resolveDeadLetterQueueUrl } from "./dead-letter-queue.ts";
import { normaliseEmulatedS3Event } from "./emulated-s3-events.ts";

/** SQS caps a message's visibility at 12 hours. */
const MAX_VISIBILITY_SECONDS = 43_200;
/** sqs-consumer receives at most 10 messages per call (SQS's limit). */
const MAX_BATCH = 10;

export interface SqsEventSourceOptions {
  queueUrl: string;
  /** Where "dead-letter" dispositions go; default: the queue's RedrivePolicy target. */
  deadLetterQueueUrl?: string;
  /** A client to share; otherwise one is made from `clientConfig` (region, endpoint, credentials). */
  client?: SQSClient;
  clientConfig?: SQSClientConfig;
  /** Long polling: how long one receive waits for a message, 1-20 s (default 20). */
  waitTimeSeconds?: number;
  /** Visibility timeout asked for on receive; default: the queue's own. */
  visibilityTimeoutSeconds?: number;
  /** When a handler throws, its message comes back after this long (default 5 s). */
  handlerErrorDelaySeconds?: number;
  logger?: Logger;
}

interface Delivery {
  message: Message;
  /** Set when stop() gave the message back: the handler's disposition then changes nothing. */
  abandoned: boolean;
  /** Settles when the handler is done and, for an ack, sqs-consumer's delete has been answered. */
  done: Promise<unknown>;
}

/** One start()..stop() span: its consumers, and the messages its handlers hold. */
interface Run {
  consumers: Consumer[];
  inFlight: Set<Delivery>;
  /** Acked messages whose delete sqs-consumer has not reported yet, by receipt handle. */
  deleting: Map<string, () => void>;
  stopping: boolean;
  onDeadLetter?: DeadLetterHandler;
}

/**
 * EventSource on SQS with sqs-consumer. Each consumer receives a batch (long polling), runs the
 * handler on every message of it at once and polls again when the batch is done, so a consumer's
 * batch size is its concurrency: `concurrency` up to 10 is one consumer, more is several.
 *
 * Dispositions: ack returns the message to sqs-consumer, which deletes it; retry sets the
 * message's visibility to the delay and keeps it (it comes back with ApproximateReceiveCount + 1,
 * and the queue's redrive policy still applies); dead-letter sends the body to the DLQ with the
 * reason as a message attribute, then deletes it. A handler that throws is a retry after
 * `handlerErrorDelaySeconds`. Long documents keep their message hidden through
 * `extendVisibility` (the worker calls it between stages, with its lease); sqs-consumer's own
 * heartbeat is not used, since it would overwrite those extensions and the retry delays.
 */
export class SqsEventSource implements EventSource {
  readonly #client: SQSClient;
  readonly #queueUrl: string;
  readonly #waitTimeSeconds: number;
  readonly #visibilityTimeout: number | undefined;
  readonly #errorDelaySeconds: number;
  readonly #logger: Logger;
  #deadLetterQueueUrl: Promise<string> | undefined;
  #run: Run | undefined;

  constructor(options: SqsEventSourceOptions) {
    this.#client = options.client ?? new SQSClient(options.clientConfig ?? {});
    this.#queueUrl = options.queueUrl;
    this.#waitTimeSeconds = Math.max(1, Math.min(20, Math.trunc(options.waitTimeSeconds ?? 20)));
    this.#visibilityTimeout = options.visibilityTimeoutSeconds;
    this.#errorDelaySeconds = options.handlerErrorDelaySeconds ?? 5;
    this.#logger = options.logger ?? silentLogger;
    if (options.deadLetterQueueUrl) this.#deadLetterQueueUrl = Promise.resolve(options.deadLetterQueueUrl);
  }

  start(handler: MessageHandler, options: EventSourceStartOptions): void {
    if (this.#run) throw new Error("the queue is already being consumed");
    const concurrency = Math.max(1, Math.trunc(options.concurrency));
    const run: Run = { consumers: [], inFlight: new Set(), deleting: new Map(), stopping: false };
    for (const batchSize of splitIntoBatches(concurrency)) run.consumers.push(this.#consumer(run, handler, batchSize));
    this.#run = run;
    for (const consumer of run.consumers) consumer.start();
    run.onDeadLetter = options.onDeadLetter;
    if (options.onDeadLetter) void this.#maxReceiveCount().catch(() => undefined);
  }

  async stop(options: { graceMs: number }): Promise<void> {
    const run = this.#run;
    if (!run) return;
    run.stopping = true;
    // abort: false lets the deletes and visibility changes of running handlers go through; a
    // receive still waiting hands back whatever it gets (see #handle).
    for (const consumer of run.consumers) consumer.stop({ abort: false });
    if (run.inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, Math.max(0, options.graceMs));
      });
      await Promise.race([Promise.allSettled([...run.inFlight].map((d) => d.done)), grace]);
      clearTimeout(timer);
    }
    // Whatever still runs is given up: visible again at once, for this or another consumer.
    const abandoned = [...run.inFlight];
    for (const delivery of abandoned) delivery.abandoned = true;
    await Promise.all(abandoned.map((delivery) => this.#setVisibility(delivery.message, 0, "release on stop")));
    run.inFlight.clear();
    for (const settle of run.deleting.values()) settle();
    run.deleting.clear();
    this.#run = undefined;
  }

  #consumer(run: Run, handler: MessageHandler, batchSize: number): Consumer {
    let failures = 0;
    const consumer = Consumer.create({
      queueUrl: this.#queueUrl,
      sqs: this.#client,
      batchSize,
      waitTimeSeconds: this.#waitTimeSeconds,
      ...(this.#visibilityTimeout === undefined ? {} : { visibilityTimeout: this.#visibilityTimeout }),
      messageSystemAttributeNames: ["ApproximateReceiveCount"],
      suppressFifoWarning: true,
      handleMessage: (message) => this.#handle(run, handler, message),
      // sqs-consumer polls again at once after a failed receive; back off instead of spinning.
      preReceiveMessageCallback: async () => {
        if (failures > 0) await sleep(Math.min(10_000, 250 * 2 ** Math.min(failures, 6)));
      },
    });
    consumer.on("response_processed", () => {
      failures = 0;
    });
    consumer.on("empty", () => {
      failures = 0;
    });
    const deleteAnswered = (message: Message | Message[] | undefined) => {
      for (const m of Array.isArray(message) ? message : message ? [message] : []) {
        const settle = run.deleting.get(m.ReceiptHandle ?? "");
        run.deleting.delete(m.ReceiptHandle ?? "");
        settle?.();
      }
    };
    consumer.on("message_processed", deleteAnswered);
    consumer.on("error", (err, message) => {
      deleteAnswered(message);
      if (!message) failures++;
      if (run.stopping && (err as { name?: string }).name === "AbortError") return;
      this.#logger.error({ err, queueUrl: this.#queueUrl, messageId: messageIdOf(message) }, "SQS consumer error");
    });
    consumer.on("processing_error", (err, message) => {
      deleteAnswered(message);
      this.#logger.error({ err, messageId: message.MessageId }, "SQS message processing failed");
    });
    return consumer;
  }

  /** sqs-consumer deletes the message when this returns it, and leaves it when this returns undefined. */
  async #handle(run: Run, handler: MessageHandler, message: Message): Promise<Message | undefined> {
    if (run.stopping) {
      // Received by a poll that was already waiting when stop() was called: give it straight back.
      await this.#setVisibility(message, 0, "release after stop");
      return undefined;
    }
    const delivery: Delivery = { message, abandoned: false, done: Promise.resolve() };
    run.inFlight.add(delivery);
    const work = this.#dispose(delivery, handler, run);
    // An acked message stays in flight until sqs-consumer's delete is answered, so that stop()
    // waits for the delete too and does not hand back a message that is being deleted. The
    // waiter is registered before sqs-consumer sees the result (this runs first).
    delivery.done = work
      .then((acked) =>
        acked?.ReceiptHandle && !delivery.abandoned
          ? new Promise<void>((resolve) => run.deleting.set(acked.ReceiptHandle as string, resolve))
          : undefined,
      )
      .finally(() => run.inFlight.delete(delivery));
    return work;
  }

  async #dispose(delivery: Delivery, handler: MessageHandler, run: Run): Promise<Message | undefined> {
    const { message } = delivery;
    let disposition: MessageDisposition;
    try {
      disposition = await handler(this.#inbound(delivery));
      if (disposition.action === "retry") disposition = (await this.#lastReceive(delivery, run)) ?? disposition;
    } catch (error) {
      // A handler bug must neither stop the consumer nor lose the message: it comes back shortly.
      this.#logger.error(
        { err: error, messageId: message.MessageId },
        "message handler threw; the message will be retried",
      );
      disposition = { action: "retry", delaySeconds: this.#errorDelaySeconds };
    }
    if (delivery.abandoned) return undefined;
    switch (disposition.action) {
      case "ack":
        return message;
      case "retry":
        await this.#setVisibility(message, disposition.delaySeconds, "retry");
        return undefined;
      case "dead-letter":
        try {
          await this.#sendToDeadLetterQueue(message, disposition.reason);
          return message;
        } catch (error) {
          // Left on the queue: it comes back after its visibility timeout, and the redrive policy
          // moves it to the DLQ once it has been received maxReceiveCount times.
          this.#logger.error({ err: error, messageId: message.MessageId }, "could not send a message to the DLQ");
          return undefined;
        }
    }
  }

  /**
   * SQS moves a message to the DLQ by itself after maxReceiveCount receives, telling nobody: its
   * record would stay in flight. So a retry asked for on the last receive SQS allows becomes a
   * dead letter here instead: the record is settled (onDeadLetter), then the message goes to the
   * DLQ with the reason. (A worker that dies on that last receive cannot do this; keep
   * maxReceiveCount above WORKER_MAX_ATTEMPTS, as the Terraform does, and the claim ends such a
   * document RETRIES_EXHAUSTED before.)
   */
  async #lastReceive(delivery: Delivery, run: Run): Promise<MessageDisposition | undefined> {
    if (!run.onDeadLetter) return undefined;
    const max = await this.#maxReceiveCount().catch(() => undefined);
    const receiveCount = Number(delivery.message.Attributes?.ApproximateReceiveCount ?? 1) || 1;
    if (max === undefined || receiveCount < max) return undefined;
    const reason = `received ${receiveCount} times without an outcome (maxReceiveCount ${max})`;
    const settled = await run.onDeadLetter({
      id: delivery.message.MessageId ?? "",
      body: normaliseEmulatedS3Event(delivery.message.Body ?? ""),
      reason,
    });
    if (settled.retryAfterSeconds !== undefined) return { action: "retry", delaySeconds: settled.retryAfterSeconds };
    return { action: "dead-letter", reason };
  }

  #redrive: Promise<number | undefined> | undefined;

  /** The source queue's maxReceiveCount, from its RedrivePolicy; undefined without one. */
  #maxReceiveCount(): Promise<number | undefined> {
    this.#redrive ??= readMaxReceiveCount(this.#client, this.#queueUrl).catch((error: unknown) => {
      this.#redrive = undefined; // ask again next time
      throw error;
    });
    return this.#redrive;
  }

  #inbound(delivery: Delivery): InboundMessage {
    const { message } = delivery;
    return {
      id: message.MessageId ?? "",
      body: normaliseEmulatedS3Event(message.Body ?? ""),
      receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1) || 1,
      extendVisibility: async (seconds: number) => {
        if (delivery.abandoned)
          throw new Error(`message ${message.MessageId} is no longer in flight for this receiver`);
        await this.#client.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: this.#queueUrl,
            ReceiptHandle: message.ReceiptHandle,
            VisibilityTimeout: visibilitySeconds(seconds),
          }),
        );
      },
    };
  }

  async #sendToDeadLetterQueue(message: Message, reason: string): Promise<void> {
    this.#deadLetterQueueUrl ??= resolveDeadLetterQueueUrl(this.#client, this.#queueUrl);
    const url = await this.#deadLetterQueueUrl.catch((error: unknown) => {
      this.#deadLetterQueueUrl = undefined; // resolve again next time
      throw error;
    });
    await this.#client.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: message.Body ?? "",
        MessageAttributes: {
          [DEAD_LETTER_ATTRIBUTES.reason]: {
            DataType: "String",
            StringValue: (reason || "unspecified").slice(0, 4096),
          },
          [DEAD_LETTER_ATTRIBUTES.sourceMessageId]: { DataType: "String", StringValue: message.MessageId ?? "unknown" },
          [DEAD_LETTER_ATTRIBUTES.receiveCount]: {
            DataType: "Number",
            StringValue: String(Number(message.Attributes?.ApproximateReceiveCount ?? 1) || 1),
          },
        },
      }),
    );
  }

  /** Failures are logged, not thrown: the message then reappears after its current timeout. */
  async #setVisibility(message: Message, seconds: number, why: string): Promise<void> {
    try {
      await this.#client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: this.#queueUrl,
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: visibilitySeconds(seconds),
        }),
      );
    } catch (error) {
      this.#logger.warn({ err: error, messageId: message.MessageId, why }, "could not change a message's visibility");
    }
  }
}

/** Whole seconds within SQS's range (fractions round up, so a short delay is never zero). */
function visibilitySeconds(seconds: number): number {
  if (!Number.isFinite(seconds)) return MAX_VISIBILITY_SECONDS;
  return Math.max(0, Math.min(MAX_VISIBILITY_SECONDS, Math.ceil(seconds)));
}

/** concurrency 23 -> [8, 8, 7]: as few consumers as SQS's batch limit allows, evenly loaded. */
export function splitIntoBatches(concurrency: number): number[] {
  const consumers = Math.ceil(concurrency / MAX_BATCH);
  return Array.from({ length: consumers }, (_, i) => Math.floor((concurrency + consumers - 1 - i) / consumers));
}

function messageIdOf(message: Message | Message[] | undefined): string | undefined {
  if (!message) return undefined;
  return Array.isArray(message) ? message.map((m) => m.MessageId).join(",") : message.MessageId;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
