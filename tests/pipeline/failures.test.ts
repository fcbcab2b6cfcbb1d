import { DocworkerError, type Embedder, type EmbeddingBatch } from "@docworker/core";
import { createHashingEmbedder } from "@docworker/local-models";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, openHarness } from "../support/pipeline-harness.ts";

const KEY = "tenants/acme/documents/doc_0123456789abcdef02/notes.txt";
const docKey = { tenantId: "acme", documentId: "doc_0123456789abcdef02" };

/**
 * A real embedder that answers THROTTLED, as Bedrock does under load, until it is told to stop.
 * Not by a count of calls: the runtime's batcher decides how many calls an attempt makes.
 */
class ThrottlingEmbedder implements Embedder {
  readonly inner = createHashingEmbedder({ dimension: 256 });
  readonly model = this.inner.model;
  readonly dimension = this.inner.dimension;
  readonly kind = this.inner.kind;
  throttling = true;
  async embedDocuments(texts: string[]): Promise<EmbeddingBatch> {
    if (this.throttling) throw new DocworkerError("THROTTLED", "ThrottlingException: rate exceeded");
    return this.inner.embedDocuments(texts);
  }
  embedQuery(text: string) {
    return this.inner.embedQuery(text);
  }
}

describe("failures", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("ends a corrupt document FAILED with its code, once, and acknowledges the message", async () => {
    h = await openHarness();
    const key = "tenants/acme/documents/doc_0123456789abcdef03/broken.pdf";
    const { etag } = await h.putRaw(key, new TextEncoder().encode("%PDF-1.7\n1 0 obj << /Type /Catalog"));
    expect(await h.deliver(h.createdMessage(key, etag, h.nextSequencer()))).toEqual({ action: "ack" });
    const record = await h.deps.metadata.get({ tenantId: "acme", documentId: "doc_0123456789abcdef03" });
    expect(record?.status).toBe("FAILED");
    expect(record?.error).toMatchObject({ code: "CORRUPT", retryable: false });
    expect(record?.attempts).toBe(1);
  });

  it("retries throttling with backoff and still ends PROCESSED", async () => {
    const embedder = new ThrottlingEmbedder();
    h = await openHarness({ embedder });
    const { etag } = await h.putRaw(KEY, "The quarterly notes mention the harbour and its tides.");
    const message = h.createdMessage(KEY, etag, h.nextSequencer());

    const first = await h.deliver(message, 1);
    expect(first.action).toBe("retry");
    expect(await h.deps.metadata.get(docKey)).toMatchObject({
      status: "QUEUED",
      error: { code: "THROTTLED", retryable: true },
    });
    expect((await h.deliver(message, 2)).action).toBe("retry");
    embedder.throttling = false;
    expect(await h.deliver(message, 3)).toEqual({ action: "ack" });
    const record = await h.deps.metadata.get(docKey);
    expect(record?.status).toBe("PROCESSED");
    expect(record?.error).toBeUndefined();
  });

  it("gives up after the attempt budget with RETRIES_EXHAUSTED", async () => {
    h = await openHarness({ embedder: new ThrottlingEmbedder() });
    const { etag } = await h.putRaw(KEY, "Some text that will never be embedded.");
    const message = h.createdMessage(KEY, etag, h.nextSequencer());
    await h.deliver(message, 1);
    await h.deliver(message, 2);
    expect(await h.deliver(message, 3)).toEqual({ action: "ack" });
    const record = await h.deps.metadata.get(docKey);
    expect(record).toMatchObject({ status: "FAILED", error: { code: "RETRIES_EXHAUSTED", retryable: false } });
    expect(record?.error?.message).toContain("THROTTLED");
  });

  it("sends a malformed message to the dead-letter queue without touching any record", async () => {
    h = await openHarness();
    expect(await h.deliver("this is not an event")).toMatchObject({ action: "dead-letter" });
    expect(await h.deliver(JSON.stringify({ source: "aws.s3", "detail-type": "Object Created" }))).toMatchObject({
      action: "dead-letter",
    });
    expect((await h.deps.metadata.list("default", { limit: 10 })).items).toEqual([]);
  });

  it("ends a document whose object vanished before it was read FAILED with OBJECT_MISSING", async () => {
    h = await openHarness();
    expect(await h.deliver(h.createdMessage(KEY, "0123abcd", h.nextSequencer()))).toEqual({ action: "ack" });
    expect(await h.deps.metadata.get(docKey)).toMatchObject({ status: "FAILED", error: { code: "OBJECT_MISSING" } });
  });

  it("refuses an object over the byte limit from the event's size, before downloading it", async () => {
    h = await openHarness({ env: { MAX_DOCUMENT_BYTES: "10" } });
    const { etag, size } = await h.putRaw(KEY, "more than ten bytes of text");
    await h.deliver(h.createdMessage(KEY, etag, h.nextSequencer(), size));
    expect(await h.deps.metadata.get(docKey)).toMatchObject({ status: "FAILED", error: { code: "TOO_LARGE" } });
  });
});
