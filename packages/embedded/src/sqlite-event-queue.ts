import { randomUUID } from "node:crypto";
import { setImmediate } from "node:timers/promises";
import { BroadcastChannel } from "node:worker_threads";
import {
  type DeadLetteredMessage,
  type DeadLetterHandler,
  type EventSource,
  type EventSourceStartOptions,
  type InboundMessage,
  type Logger,
  type MessageDisposition,
  type MessageHandler,
  silentLogger,
} from "@docworker/core";
import pLimit, { type LimitFunction } from "p-limit";
import { type MessageRow, prepareQueueStatements, type QueueStats } from "./event-queue-statements.ts";
import { GroupCommit } from "./group-commit.ts";
import type { SqliteDatabase } from "./sqlite-database.ts";
import { Wakeup } from "./wakeup.ts";

export type { QueueStats };

interface Received {
  deliveries: Omit<Delivery, "done">[];
  deadLettered: DeadLetteredMessage[];
  examined: number;
}

export interface SqliteEventQueueOptions {
  /** Several queues may share one database. */
  queueName?: string;
  /** How long a received message stays invisible to other consumers; SQS's VisibilityTimeout. */
  visibilityTimeoutMs?: number;
  /** Redrive policy: a message received more often than this goes to the dead letters. */
  maxReceiveCount?: number;
  /** Sleep between polls of an empty queue; a send in this process, on any thread, wakes the loop at once. */
  pollIntervalMs?: number;
  /** When a handler throws, the message comes back after this long. */
  handlerErrorDelaySeconds?: number;
  /** Commits shared with the other stores on this database; default: a group of its own. */
  group?: GroupCommit;
  logger?: Logger;
  clock?: () => number;
}

export interface DeadLetter {
  id: string;
  body: string;
  reason: string;
  receiveCount: number;
  sentAt: string;
  deadLetteredAt: string;
}

interface Delivery {
  message: InboundMessage;
  receipt: string;
  done: Promise<void>;
}

/**
 * The embedded SQS: messages in a SQLite table, received under a visibility timeout, deleted on
 * ack, made visible again on retry (after a delay) or when the timeout lapses, moved to a
 * dead-letter state on request or after `maxReceiveCount` receives. Delivery is at least once,
 * like SQS's; the pipeline is idempotent. Several processes may consume the same queue.
 */
export class SqliteEventQueue implements EventSource {
  readonly #db: SqliteDatabase;
  readonly #queue: string;
  readonly #visibilityMs: number;
  readonly #maxReceiveCount: number;
  readonly #pollMs: number;
  readonly #errorDelaySeconds: number;
  readonly #logger: Logger;
  readonly #clock: () => number;
  readonly #wakeup = new Wakeup();
  readonly #inFlight = new Set<Delivery>();
  readonly #sql;
  readonly #group: GroupCommit;
  /** Bumped by every start and halt: a poll loop runs only while the epoch it started in lasts. */
  #epoch = 0;
  #loop: Promise<void> | undefined;
  #onDeadLetter: DeadLetterHandler | undefined;
  /** Tells the other threads of this process that consume this database (make run's ingest thread) of a send. */
  #sent: BroadcastChannel | undefined;
  #woken: BroadcastChannel | undefined;

  constructor(db: SqliteDatabase, options: SqliteEventQueueOptions = {}) {
    this.#db = db;
    this.#queue = options.queueName ?? "ingest";
    this.#visibilityMs = options.visibilityTimeoutMs ?? 300_000;
    this.#maxReceiveCount = options.maxReceiveCount ?? 10;
    this.#pollMs = options.pollIntervalMs ?? 200;
    this.#errorDelaySeconds = options.handlerErrorDelaySeconds ?? 1;
    this.#logger = options.logger ?? silentLogger;
    this.#clock = options.clock ?? Date.now;
    this.#sql = prepareQueueStatements(db);
    this.#group = options.group ?? new GroupCommit(db);
  }

  /** Enqueues one message body; returns its id. */
  async send(body: string, options: { delaySeconds?: number } = {}): Promise<string> {
    const id = randomUUID();
    const now = this.#clock();
    this.#sql.insert.run(id, this.#queue, body, now + Math.max(0, (options.delaySeconds ?? 0) * 1000), now);
    this.#wakeup.wake();
    this.#sent ??= this.#channel();
    this.#sent?.postMessage("sent");
    return id;
  }

  /** One channel name per database file and queue; none for an in-memory database. */
  #channel(): BroadcastChannel | undefined {
    const file = this.#db.name;
    if (!file || file === ":memory:") return undefined;
    const channel = new BroadcastChannel(`docworker-queue:${file}:${this.#queue}`);
    // Never what keeps a thread alive.
    channel.unref();
    return channel;
  }

  start(handler: MessageHandler, options: EventSourceStartOptions): void {
    if (this.#loop) throw new Error("the queue is already being consumed");
    const concurrency = Math.max(1, Math.trunc(options.concurrency));
    this.#onDeadLetter = options.onDeadLetter;
    this.#woken = this.#channel();
    if (this.#woken) this.#woken.onmessage = () => this.#wakeup.wake();
    this.#loop = this.#poll(++this.#epoch, handler, concurrency, pLimit(concurrency));
  }

  async stop(options: { graceMs: number }): Promise<void> {
    const loop = this.#loop;
    if (!loop) return;
    this.#epoch++;
    this.#wakeup.wake();
    await loop;
    if (this.#inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, Math.max(0, options.graceMs));
      });
      await Promise.race([Promise.allSettled([...this.#inFlight].map((d) => d.done)), grace]);
      clearTimeout(timer);
    }
    this.halt();
  }

  /**
   * Stops at once, without a grace period: polling ends and every message in flight is visible
   * again now. Synchronous, so the database can be closed right after it.
   */
  halt(): void {
    this.#epoch++;
    this.#wakeup.wake();
    for (const channel of [this.#woken, this.#sent]) channel?.close();
    this.#woken = undefined;
    this.#sent = undefined;
    // Whatever still runs is given up, for this or another consumer. Its handler may still
    // finish, but its receipt is void, so its disposition changes nothing.
    for (const delivery of this.#inFlight) {
      if (this.#db.open) this.#sql.handBack.run(this.#clock(), delivery.message.id, delivery.receipt);
    }
    this.#inFlight.clear();
    this.#loop = undefined;
  }

  stats(): QueueStats {
    const now = this.#clock();
    return this.#sql.stats.get(now, now, now, this.#queue) ?? { visible: 0, inFlight: 0, delayed: 0, deadLettered: 0 };
  }

  listDeadLetters(options: { limit?: number } = {}): DeadLetter[] {
    return this.#sql.deadLetters.all(this.#queue, options.limit ?? 100).map((row) => ({
      id: row.id,
      body: row.body,
      reason: row.dead_reason ?? "",
      receiveCount: row.receive_count,
      sentAt: new Date(row.sent_at).toISOString(),
      deadLetteredAt: new Date(row.dead_at ?? row.sent_at).toISOString(),
    }));
  }

  /** Moves dead letters (all, or these ids) back to the queue with a fresh receive count. */
  redriveDeadLetters(ids?: string[]): number {
    const now = this.#clock();
    const moved = this.#db.transaction(() => {
      if (!ids) return this.#sql.redrive.run(now, this.#queue, null, null).changes;
      return ids.reduce((sum, id) => sum + this.#sql.redrive.run(now, this.#queue, id, id).changes, 0);
    })();
    if (moved > 0) this.#wakeup.wake();
    return moved;
  }

  async #poll(epoch: number, handler: MessageHandler, concurrency: number, limit: LimitFunction): Promise<void> {
    while (epoch === this.#epoch) {
      // Receiving, fast handlers and wake-ups are all promise continuations: without a turn of
      // the event loop here a busy queue would starve timers and I/O (the API in the same process).
      await setImmediate();
      if (epoch !== this.#epoch) break;
      const free = concurrency - this.#inFlight.size;
      if (free <= 0) {
        await this.#wakeup.wait();
        continue;
      }
      let received: Received;
      try {
        received = this.#receive(free);
      } catch (error) {
        this.#logger.error({ err: error, queue: this.#queue }, "receiving from the embedded queue failed");
        await this.#wakeup.wait(this.#pollMs);
        continue;
      }
      for (const delivery of received.deliveries) this.#dispatch(handler, delivery, limit);
      for (const dead of received.deadLettered) this.#reportDeadLetter(dead, epoch);
      if (received.examined === 0) await this.#wakeup.wait(this.#pollMs);
    }
  }

  /** Takes up to `max` visible messages in one write transaction, so two consumers never share one. */
  #receive(max: number): Received {
    return this.#db
      .transaction(() => {
        const now = this.#clock();
        const rows = this.#sql.visible.all(this.#queue, now, max);
        const deliveries: Omit<Delivery, "done">[] = [];
        const deadLettered: DeadLetteredMessage[] = [];
        for (const row of rows) {
          const receiveCount = row.receive_count + 1;
          if (receiveCount > this.#maxReceiveCount) {
            const reason = `received ${row.receive_count} times without success (maxReceiveCount ${this.#maxReceiveCount})`;
            this.#sql.redrivePolicy.run(reason, now, row.id);
            this.#logger.warn(
              { messageId: row.id, receiveCount: row.receive_count },
              "redrive policy moved a message to the dead letters",
            );
            deadLettered.push({ id: row.id, body: row.body, reason });
            continue;
          }
          const receipt = randomUUID();
          this.#sql.markReceived.run(receiveCount, receipt, now + this.#visibilityMs, row.id);
          deliveries.push({ receipt, message: this.#inbound(row, receiveCount, receipt) });
        }
        return { deliveries, deadLettered, examined: rows.length };
      })
      .immediate();
  }

  /**
   * Hands a message the redrive policy just moved to the dead letters to the consumer, so its
   * record is settled; again after the delay it asks for, while this consumer runs.
   */
  #reportDeadLetter(message: DeadLetteredMessage, epoch: number): void {
    const handler = this.#onDeadLetter;
    if (!handler || epoch !== this.#epoch) return;
    handler(message).then(
      ({ retryAfterSeconds }) => {
        if (retryAfterSeconds === undefined) return;
        setTimeout(() => this.#reportDeadLetter(message, epoch), retryAfterSeconds * 1000).unref();
      },
      (error: unknown) => this.#logger.error({ err: error, messageId: message.id }, "the dead-letter handler failed"),
    );
  }

  #inbound(row: MessageRow, receiveCount: number, receipt: string): InboundMessage {
    return {
      id: row.id,
      body: row.body,
      receiveCount,
      extendVisibility: async (seconds: number) => {
        const visibleAt = this.#clock() + Math.max(0, seconds * 1000);
        // As SQS does for a stale receipt handle: the message was released or received again.
        if (this.#sql.setVisibleAt.run(visibleAt, row.id, receipt).changes === 0) {
          throw new Error(`message ${row.id} is no longer in flight for this receiver`);
        }
      },
    };
  }

  #dispatch(handler: MessageHandler, received: Omit<Delivery, "done">, limit: LimitFunction): void {
    const delivery: Delivery = { ...received, done: Promise.resolve() };
    const { message } = delivery;
    this.#inFlight.add(delivery);
    delivery.done = limit(async () => {
      let disposition: MessageDisposition;
      try {
        disposition = await handler(message);
      } catch (error) {
        // A handler bug must neither stop the loop nor lose the message: it comes back shortly.
        this.#logger.error({ err: error, messageId: message.id }, "message handler threw; the message will be retried");
        disposition = { action: "retry", delaySeconds: this.#errorDelaySeconds };
      }
      try {
        // In the group of the writes that finished with it: an ack commits with, or after, the
        // record it acknowledges, never before.
        await this.#group.run(() => this.#settle(delivery, disposition));
      } catch (error) {
        this.#logger.error({ err: error, messageId: message.id }, "could not record the message's disposition");
      }
    }).finally(() => {
      this.#inFlight.delete(delivery);
      this.#wakeup.wake();
    });
  }

  /** Applies a disposition; a receipt that is no longer current (released, redelivered) changes nothing. */
  #settle(delivery: Delivery, disposition: MessageDisposition): void {
    if (!this.#db.open) return;
    const { message, receipt } = delivery;
    const now = this.#clock();
    if (disposition.action === "ack") this.#sql.delete.run(message.id, receipt);
    else if (disposition.action === "retry") {
      this.#sql.handBack.run(now + Math.max(0, disposition.delaySeconds * 1000), message.id, receipt);
    } else this.#sql.deadLetter.run(disposition.reason, now, message.id, receipt);
  }
}
