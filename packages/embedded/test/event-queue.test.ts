import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { waitFor } from "@docworker/contract-tests";
import type { InboundMessage, MessageDisposition } from "@docworker/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  openSqliteDatabase,
  type SqliteDatabase,
  SqliteEventQueue,
  type SqliteEventQueueOptions,
} from "../src/index.ts";
import { tempDir } from "./temp-dir.ts";

describe("SqliteEventQueue", () => {
  let dir: string;
  let remove: () => void;
  const databases: SqliteDatabase[] = [];
  const queues: SqliteEventQueue[] = [];

  /** A queue on its own connection to the shared file, as another process would have. */
  function openQueue(options: SqliteEventQueueOptions = {}): SqliteEventQueue {
    const db = openSqliteDatabase(join(dir, "docworker.db"));
    databases.push(db);
    const queue = new SqliteEventQueue(db, {
      pollIntervalMs: 10,
      handlerErrorDelaySeconds: 0.02,
      visibilityTimeoutMs: 5000,
      ...options,
    });
    queues.push(queue);
    return queue;
  }

  function record(
    queue: SqliteEventQueue,
    decide: (m: InboundMessage) => Promise<MessageDisposition> | MessageDisposition,
    concurrency = 4,
  ) {
    const seen: { id: string; body: string; receiveCount: number; at: number }[] = [];
    queue.start(
      async (message) => {
        seen.push({ id: message.id, body: message.body, receiveCount: message.receiveCount, at: Date.now() });
        return decide(message);
      },
      { concurrency },
    );
    return seen;
  }

  beforeEach(() => {
    ({ dir, remove } = tempDir());
  });
  afterEach(async () => {
    for (const queue of queues.splice(0)) await queue.stop({ graceMs: 0 });
    for (const db of databases.splice(0)) db.close();
    remove();
  });

  it("hides a received message for the visibility timeout, then delivers it again", async () => {
    const first = openQueue({ visibilityTimeoutMs: 150 });
    const second = openQueue({ visibilityTimeoutMs: 150 });
    const hung = record(first, () => new Promise<MessageDisposition>(() => {}), 1);
    await first.send("job");
    await waitFor(() => hung.length === 1, 2000, "the first delivery");
    const later = record(second, () => ({ action: "ack" }));
    await waitFor(() => later.length === 1, 2000, "the redelivery");
    // Measured between the two deliveries, so a slow poll of the test itself cannot shorten it.
    expect((later[0]?.at ?? 0) - (hung[0]?.at ?? 0)).toBeGreaterThanOrEqual(100);
    expect(later[0]).toMatchObject({ id: hung[0]?.id, receiveCount: 2 });
  });

  it("keeps a message hidden while its handler extends the visibility", async () => {
    const first = openQueue({ visibilityTimeoutMs: 100 });
    const second = openQueue({ visibilityTimeoutMs: 100 });
    let release: (() => void) | undefined;
    const seen = record(first, async (m) => {
      for (let i = 0; i < 5; i++) {
        await m.extendVisibility(0.1);
        await sleep(50);
      }
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return { action: "ack" };
    });
    const others = record(second, () => ({ action: "ack" }));
    await first.send("long");
    await waitFor(() => release !== undefined, 3000, "the handler");
    expect(seen).toHaveLength(1);
    expect(others).toHaveLength(0);
    release?.();
    await waitFor(() => first.stats().inFlight === 0 && first.stats().visible === 0, 2000, "the ack");
    expect(others).toHaveLength(0);
  });

  it("rejects extendVisibility once the message was handed to someone else", async () => {
    const first = openQueue({ visibilityTimeoutMs: 50 });
    const second = openQueue({ visibilityTimeoutMs: 5000 });
    let stale: InboundMessage | undefined;
    record(
      first,
      (m) => {
        stale = m;
        return new Promise<MessageDisposition>(() => {});
      },
      1,
    );
    await first.send("x");
    await waitFor(() => stale !== undefined, 2000, "the first delivery");
    const again = record(second, () => new Promise<MessageDisposition>(() => {}));
    await waitFor(() => again.length === 1, 2000, "the second delivery");
    await expect(stale?.extendVisibility(10)).rejects.toThrow(/no longer in flight/);
  });

  it("holds a delayed message back until its delay has passed", async () => {
    const queue = openQueue();
    await queue.send("later", { delaySeconds: 0.3 });
    expect(queue.stats()).toEqual({ visible: 0, inFlight: 0, delayed: 1, deadLettered: 0 });
    const started = Date.now();
    const seen = record(queue, () => ({ action: "ack" }));
    await waitFor(() => seen.length === 1, 2000, "the delayed delivery");
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("retries after the delay a disposition asks for", async () => {
    const queue = openQueue();
    const times: number[] = [];
    record(queue, (m) => {
      times.push(Date.now());
      return m.receiveCount === 1 ? { action: "retry", delaySeconds: 0.2 } : { action: "ack" };
    });
    await queue.send("x");
    await waitFor(() => times.length === 2, 2000, "the retry");
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(180);
  });

  it("moves a message received more than maxReceiveCount times to the dead letters, and redrives it", async () => {
    const queue = openQueue({ maxReceiveCount: 3 });
    const seen = record(queue, () => ({ action: "retry", delaySeconds: 0 }));
    const id = await queue.send("always fails");
    await waitFor(() => queue.stats().deadLettered === 1, 3000, "the dead letter");
    expect(seen.map((s) => s.receiveCount)).toEqual([1, 2, 3]);
    const [dead] = queue.listDeadLetters();
    expect(dead).toMatchObject({
      id,
      body: "always fails",
      receiveCount: 3,
      reason: expect.stringMatching(/maxReceiveCount 3/),
    });
    await queue.stop({ graceMs: 0 });

    expect(queue.redriveDeadLetters()).toBe(1);
    expect(queue.stats()).toMatchObject({ visible: 1, deadLettered: 0 });
    const again = record(queue, () => ({ action: "ack" }));
    await waitFor(() => again.length === 1, 2000, "the redriven delivery");
    expect(again[0]).toMatchObject({ id, receiveCount: 1 });
  });

  it("records the reason of a dead-letter disposition and redrives by id", async () => {
    const queue = openQueue();
    record(queue, (m) => (m.body === "bad" ? { action: "dead-letter", reason: "not an S3 event" } : { action: "ack" }));
    const bad = await queue.send("bad");
    await queue.send("good");
    await waitFor(() => queue.stats().deadLettered === 1 && queue.stats().visible === 0, 2000, "both messages");
    expect(queue.listDeadLetters()).toEqual([
      expect.objectContaining({ id: bad, body: "bad", reason: "not an S3 event", receiveCount: 1 }),
    ]);
    expect(queue.redriveDeadLetters(["unknown-id"])).toBe(0);
    await queue.stop({ graceMs: 0 });
    expect(queue.redriveDeadLetters([bad])).toBe(1);
    expect(queue.listDeadLetters()).toEqual([]);
  });

  it("treats a throwing handler as a retry and keeps the loop running", async () => {
    const errors: unknown[] = [];
    const logger = {
      info() {},
      warn() {},
      debug() {},
      error: (fields: Record<string, unknown>) => void errors.push(fields.err),
    };
    const queue = openQueue({ logger });
    const seen = record(queue, (m) => {
      if (m.receiveCount < 3) throw new Error(`boom ${m.receiveCount}`);
      return { action: "ack" };
    });
    await queue.send("flaky");
    await waitFor(() => seen.length === 3, 2000, "three deliveries");
    await waitFor(() => queue.stats().visible + queue.stats().inFlight + queue.stats().delayed === 0, 2000, "the ack");
    expect(errors.map((e) => (e as Error).message)).toEqual(["boom 1", "boom 2"]);
  });

  it("wakes at once on a send in the same process, however long the poll interval", async () => {
    const queue = openQueue({ pollIntervalMs: 60_000 });
    const seen = record(queue, () => ({ action: "ack" }));
    await sleep(30);
    const sent = Date.now();
    await queue.send("now");
    await waitFor(() => seen.length === 1, 1000, "the delivery");
    expect(Date.now() - sent).toBeLessThan(500);
  });

  it("lets timers and I/O run while a busy queue drains through fast handlers", async () => {
    const queue = openQueue();
    for (let i = 0; i < 2000; i++) await queue.send(`m${i}`);
    const seen = record(queue, () => ({ action: "ack" }));
    const handledWhenTimerFired = await new Promise<number>((resolve) => setTimeout(() => resolve(seen.length), 1));
    expect(handledWhenTimerFired).toBeLessThan(2000);
    await waitFor(() => seen.length === 2000, 10_000, "every message");
  });

  it("does not take more messages than it has free handlers", async () => {
    const queue = openQueue();
    const gates: (() => void)[] = [];
    const seen = record(
      queue,
      () => new Promise<MessageDisposition>((resolve) => gates.push(() => resolve({ action: "ack" }))),
      2,
    );
    for (let i = 0; i < 5; i++) await queue.send(`m${i}`);
    await waitFor(() => seen.length === 2, 2000, "two deliveries");
    await sleep(50);
    expect(queue.stats()).toMatchObject({ inFlight: 2, visible: 3 });
    for (const open of gates.splice(0)) open();
    await waitFor(() => seen.length === 4, 2000, "two more");
  });

  it("on stop, releases what does not finish within the grace period, at once and without a late ack", async () => {
    const queue = openQueue();
    let finish: (() => void) | undefined;
    const seen = record(
      queue,
      () => new Promise<MessageDisposition>((resolve) => (finish = () => resolve({ action: "ack" }))),
    );
    await queue.send("stuck");
    await waitFor(() => seen.length === 1, 2000, "the delivery");
    const started = Date.now();
    await queue.stop({ graceMs: 100 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(queue.stats()).toMatchObject({ visible: 1, inFlight: 0 });
    finish?.();
    await sleep(20);
    expect(queue.stats().visible).toBe(1);
    const next = openQueue();
    const again = record(next, () => ({ action: "ack" }));
    await waitFor(() => again.length === 1, 2000, "the redelivery");
    expect(again[0]).toMatchObject({ body: "stuck", receiveCount: 2 });
  });

  it("can be started again after a stop, and not twice at once", async () => {
    const queue = openQueue();
    record(queue, () => ({ action: "ack" }));
    expect(() => queue.start(async () => ({ action: "ack" }), { concurrency: 1 })).toThrow(/already/);
    await queue.stop({ graceMs: 0 });
    const seen = record(queue, () => ({ action: "ack" }));
    await queue.send("x");
    await waitFor(() => seen.length === 1, 2000, "the delivery");
  });

  it("delivers each message to exactly one of several consumers", async () => {
    const consumers = [openQueue(), openQueue(), openQueue()];
    const seen = consumers.map((queue) =>
      record(
        queue,
        async () => {
          await sleep(5);
          return { action: "ack" };
        },
        3,
      ),
    );
    for (let i = 0; i < 30; i++) await consumers[i % 3]?.send(`m${i}`);
    await waitFor(() => seen.flat().length >= 30 && (consumers[0]?.stats().inFlight ?? 1) === 0, 5000, "every message");
    await sleep(50);
    const bodies = seen.flat().map((s) => s.body);
    expect(bodies).toHaveLength(30);
    expect(new Set(bodies).size).toBe(30);
  });

  it("keeps queues of different names apart in one database", async () => {
    const ingest = openQueue();
    const other = openQueue({ queueName: "other" });
    await other.send("elsewhere");
    const seen = record(ingest, () => ({ action: "ack" }));
    await sleep(80);
    expect(seen).toEqual([]);
    expect(other.stats().visible).toBe(1);
  });
});
