import { documentKeyForObject, processedObjectKey } from "@docworker/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, openHarness } from "../support/pipeline-harness.ts";

const KEY = "tenants/acme/documents/doc_0123456789abcdef01/report.txt";
const docKey = { tenantId: "acme", documentId: "doc_0123456789abcdef01" };
const V1 = "Harbour report. The tide tables for Norwich were revised in spring.";
const V2 = "Budget memo. The lighthouse repairs cost more than planned.";

describe("ingest is idempotent and ordered by sequencer", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness();
  });
  afterEach(() => h.close());

  const keywordHits = (text: string) =>
    h.deps.index
      .keywordSearch({ tenantId: "acme", k: 10, filters: {}, text })
      .then((hits) => hits.map((x) => x.documentId));

  it("processes one object version once, however often its event arrives", async () => {
    const { etag, size } = await h.putRaw(KEY, V1);
    const message = h.createdMessage(KEY, etag, h.nextSequencer(), size);
    expect(await h.deliver(message)).toEqual({ action: "ack" });
    const first = await h.deps.metadata.get(docKey);
    expect(first?.status).toBe("PROCESSED");
    const chunks = await h.deps.index.countChunks("acme", docKey.documentId);
    expect(chunks).toBeGreaterThan(0);

    expect(await h.deliver(message, 2)).toEqual({ action: "ack" });
    const second = await h.deps.metadata.get(docKey);
    expect(await h.deps.index.countChunks("acme", docKey.documentId)).toBe(chunks);
    expect(second?.processedAt).toBe(first?.processedAt);
    expect(second?.attempts).toBe(first?.attempts);
  });

  it("replaces the chunks when a newer version of the key arrives", async () => {
    const v1 = await h.putRaw(KEY, V1);
    await h.deliver(h.createdMessage(KEY, v1.etag, h.nextSequencer()));
    const v2 = await h.putRaw(KEY, V2);
    await h.deliver(h.createdMessage(KEY, v2.etag, h.nextSequencer()));

    const record = await h.deps.metadata.get(docKey);
    expect(record).toMatchObject({ status: "PROCESSED", version: v2.etag });
    expect(await keywordHits("lighthouse")).toEqual([docKey.documentId]);
    expect(await keywordHits("tide tables")).toEqual([]);
  });

  it("ignores an event older than what is recorded", async () => {
    const old = h.nextSequencer();
    const v1 = await h.putRaw(KEY, V1);
    const staleMessage = h.createdMessage(KEY, v1.etag, old);
    const v2 = await h.putRaw(KEY, V2);
    await h.deliver(h.createdMessage(KEY, v2.etag, h.nextSequencer()));

    expect(await h.deliver(staleMessage)).toEqual({ action: "ack" });
    expect(await h.deps.metadata.get(docKey)).toMatchObject({ status: "PROCESSED", version: v2.etag });
    expect(await keywordHits("lighthouse")).toEqual([docKey.documentId]);
  });

  it("treats a create that arrives after its delete as stale", async () => {
    const v1 = await h.putRaw(KEY, V1);
    const createSequencer = h.nextSequencer();
    const deleteSequencer = h.nextSequencer();
    await h.deliver(h.deletedMessage(KEY, deleteSequencer));
    expect((await h.deps.metadata.get(docKey))?.status).toBe("DELETED");

    await h.deliver(h.createdMessage(KEY, v1.etag, createSequencer));
    expect((await h.deps.metadata.get(docKey))?.status).toBe("DELETED");
    expect(await h.deps.index.countChunks("acme", docKey.documentId)).toBe(0);
  });

  it("removes chunks and processed JSON on delete, and a repeated delete is harmless", async () => {
    const v1 = await h.putRaw(KEY, V1);
    await h.deliver(h.createdMessage(KEY, v1.etag, h.nextSequencer()));
    const processedRef = { bucket: h.config.processedBucket, key: processedObjectKey(docKey) };
    const processed = await h.deps.blobs.get(processedRef);
    const json = JSON.parse(new TextDecoder().decode(processed?.body));
    expect(json).toMatchObject({ documentId: docKey.documentId, extraction: { extractor: "rules" } });
    expect(json.chunks.length).toBeGreaterThan(0);
    expect(json.chunks[0].vector).toBeUndefined();

    const deleteMessage = h.deletedMessage(KEY, h.nextSequencer());
    expect(await h.deliver(deleteMessage)).toEqual({ action: "ack" });
    expect(await h.deliver(deleteMessage)).toEqual({ action: "ack" });
    expect((await h.deps.metadata.get(docKey))?.status).toBe("DELETED");
    expect(await h.deps.index.countChunks("acme", docKey.documentId)).toBe(0);
    expect(await h.deps.blobs.get(processedRef)).toBeUndefined();
  });

  it("gives objects dropped into the bucket directly a stable id in the default tenant", async () => {
    const key = "inbox/quarterly notes.txt";
    const v1 = await h.putRaw(key, V1);
    await h.deliver(h.createdMessage(key, v1.etag, h.nextSequencer()));
    const id = documentKeyForObject({ bucket: h.config.rawBucket, key }, h.config.defaultTenantId);
    expect(id.tenantId).toBe("default");
    expect(await h.deps.metadata.get(id)).toMatchObject({ status: "PROCESSED", filename: "quarterly notes.txt" });
  });
});

describe("deletes on an index that shows writes late", () => {
  it("runs the delete a second time after the settle interval, then acknowledges it", async () => {
    const h = await openHarness({ env: { INDEX_SETTLE_SECONDS: "60" } });
    try {
      const { etag } = await h.putRaw(KEY, V1);
      await h.deliver(h.createdMessage(KEY, etag, h.nextSequencer()));
      const deleteMessage = h.deletedMessage(KEY, h.nextSequencer());
      expect(await h.deliver(deleteMessage, 1)).toEqual({ action: "retry", delaySeconds: 65 });
      expect((await h.deps.metadata.get(docKey))?.status).toBe("DELETED");
      expect(await h.deliver(deleteMessage, 2)).toEqual({ action: "ack" });
      expect(await h.deps.index.countChunks("acme", docKey.documentId)).toBe(0);
    } finally {
      await h.close();
    }
  });
});

describe("ingest on an index that shows writes late", () => {
  it("comes back once after the settle interval and sweeps chunks of other versions", async () => {
    const h = await openHarness({ env: { INDEX_SETTLE_SECONDS: "60" } });
    try {
      const v1 = await h.putRaw(KEY, V1);
      const message = h.createdMessage(KEY, v1.etag, h.nextSequencer());
      expect(await h.deliver(message, 1)).toEqual({ action: "retry", delaySeconds: 65 });
      expect((await h.deps.metadata.get(docKey))?.status).toBe("PROCESSED");
      // What a late worker on a lagging index leaves behind: chunks filed under an older version.
      const [stale] = await h.deps.index.keywordSearch({ tenantId: "acme", k: 1, filters: {}, text: "harbour" });
      expect(stale).toBeDefined();
      await h.deps.index.replaceDocument(
        {
          tenantId: "acme",
          documentId: docKey.documentId,
          version: "an-older-version",
          filename: "report.txt",
          contentType: "text/plain",
          createdAt: new Date().toISOString(),
          metadata: {},
        },
        [{ ...(stale as any), ordinal: 0, tokenCount: 5, vector: new Float32Array(256) }],
      );
      expect(await h.deps.index.countChunks("acme", docKey.documentId)).toBe(1);
      // The second pass is a duplicate of a finished version: acknowledged, and it sweeps them.
      expect(await h.deliver(message, 2)).toEqual({ action: "ack" });
      expect(await h.deps.index.countChunks("acme", docKey.documentId)).toBe(0);
    } finally {
      await h.close();
    }
  });
});
