import { decodeS3EventBridgeMessage, settleDeadLetter } from "@docworker/core";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, openHarness } from "../support/pipeline-harness.ts";

const KEY = "tenants/acme/documents/doc_0123456789abcdef77/poison.txt";
const docKey = { tenantId: "acme", documentId: "doc_0123456789abcdef77" };

describe("poison messages", () => {
  let h: Harness;
  afterEach(() => h.close());

  /** What a worker that dies in the middle of the document leaves: a claim whose lease ran out. */
  let crashes = 0;
  async function crashedAttempt(message: string) {
    crashes += 1;
    const decoded = decodeS3EventBridgeMessage(message);
    if (decoded.kind !== "event" || decoded.event.type !== "ObjectCreated") throw new Error("not an upload event");
    const { event } = decoded;
    const claim = await h.deps.metadata.claim({
      key: docKey,
      event,
      filename: "poison.txt",
      now: new Date(Date.now() - 3_600_000 + crashes * 10_000), // each lease long expired, in order
      leaseMs: 1000,
    });
    expect(claim.outcome).toBe("claimed");
  }

  it("ends a version FAILED RETRIES_EXHAUSTED at claim once its attempts reached the budget, without processing it", async () => {
    h = await openHarness(); // WORKER_MAX_ATTEMPTS=3
    const { etag } = await h.putRaw(KEY, "A document whose every attempt kills the worker.");
    const message = h.createdMessage(KEY, etag, h.nextSequencer());
    for (let attempt = 1; attempt <= 3; attempt++) await crashedAttempt(message);
    expect(await h.deps.metadata.get(docKey)).toMatchObject({ status: "PROCESSING", attempts: 3 });

    expect(await h.deliver(message, 4)).toEqual({ action: "ack" });
    const record = await h.deps.metadata.get(docKey);
    expect(record).toMatchObject({ status: "FAILED", error: { code: "RETRIES_EXHAUSTED", retryable: false } });
    expect(record?.error?.message).toContain("WORKER_MAX_ATTEMPTS");
    expect(record?.chunkCount).toBeUndefined(); // never processed again
    // And a further redelivery is a duplicate of a finished version.
    expect(await h.deliver(message, 5)).toEqual({ action: "ack" });
    expect((await h.deps.metadata.get(docKey))?.status).toBe("FAILED");
  });

  it("still processes a version whose budget is not spent", async () => {
    h = await openHarness();
    const { etag } = await h.putRaw(KEY, "A document whose first two workers died.");
    const message = h.createdMessage(KEY, etag, h.nextSequencer());
    await crashedAttempt(message);
    await crashedAttempt(message);
    expect(await h.deliver(message, 3)).toEqual({ action: "ack" });
    expect(await h.deps.metadata.get(docKey)).toMatchObject({ status: "PROCESSED", attempts: 3 });
  });

  it("marks the record of a dead-lettered message FAILED with the queue's reason", async () => {
    h = await openHarness();
    const { etag } = await h.putRaw(KEY, "A document the queue gave up on.");
    const message = h.createdMessage(KEY, etag, h.nextSequencer());
    await crashedAttempt(message);
    const reason = "received 5 times without success (maxReceiveCount 5)";
    expect(await settleDeadLetter(h.deps, { id: "m-1", body: message, reason })).toEqual({
      outcome: "failed",
      documentId: docKey.documentId,
    });
    const record = await h.deps.metadata.get(docKey);
    expect(record).toMatchObject({ status: "FAILED", error: { code: "RETRIES_EXHAUSTED", retryable: false } });
    expect(record?.error?.message).toContain(reason);
  });

  it("leaves a finished version alone when its message is dead-lettered late, and ignores what is not an upload", async () => {
    h = await openHarness();
    const { etag } = await h.putRaw(KEY, "A document that was processed before its message was dead-lettered.");
    const message = h.createdMessage(KEY, etag, h.nextSequencer());
    await h.deliver(message);
    expect(await settleDeadLetter(h.deps, { id: "m-2", body: message, reason: "late" })).toEqual({
      outcome: "unchanged",
      reason: "already-final",
    });
    expect((await h.deps.metadata.get(docKey))?.status).toBe("PROCESSED");
    expect(await settleDeadLetter(h.deps, { id: "m-3", body: "not json", reason: "malformed" })).toEqual({
      outcome: "unchanged",
      reason: "not-an-upload",
    });
  });
});
