import type { Extractor } from "@docworker/core";
import { createRulesExtractor } from "@docworker/local-models";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, openHarness } from "../support/pipeline-harness.ts";

const KEY = "tenants/acme/documents/doc_0123456789abcdef09/race.txt";
const docKey = { tenantId: "acme", documentId: "doc_0123456789abcdef09" };

/** The real rules extractor, with a hook that runs once mid-processing, as a slow model would allow. */
function pausingExtractor(): Extractor & { once(action: () => Promise<void>): void } {
  const rules = createRulesExtractor();
  let pending: (() => Promise<void>) | undefined;
  return {
    once(action) {
      pending = action;
    },
    async extract(request) {
      const action = pending;
      pending = undefined;
      await action?.();
      return rules.extract(request);
    },
  };
}

describe("races between a version in flight and newer events", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("drops a version whose document was deleted while it was processed, leaving nothing searchable", async () => {
    h = await openHarness();
    const extractor = pausingExtractor();
    h.deps.extractor = extractor;
    const { etag } = await h.putRaw(KEY, "A document that is deleted while the model reads it.");
    const created = h.createdMessage(KEY, etag, h.nextSequencer());
    const deleted = h.deletedMessage(KEY, h.nextSequencer());
    extractor.once(async () => {
      expect(await h.deliver(deleted)).toEqual({ action: "ack" });
    });

    expect(await h.deliver(created)).toEqual({ action: "ack" });
    expect((await h.deps.metadata.get(docKey))?.status).toBe("DELETED");
    expect(await h.deps.index.countChunks("acme", docKey.documentId)).toBe(0);
  });

  it("lets a newer version win over an older one still in flight", async () => {
    h = await openHarness();
    const extractor = pausingExtractor();
    h.deps.extractor = extractor;
    const v1 = await h.putRaw(KEY, "The first version talks about tides.");
    const older = h.createdMessage(KEY, v1.etag, h.nextSequencer());
    extractor.once(async () => {
      const v2 = await h.putRaw(KEY, "The second version talks about lighthouses.");
      expect(await h.deliver(h.createdMessage(KEY, v2.etag, h.nextSequencer()))).toEqual({ action: "ack" });
    });

    await h.deliver(older);
    const record = await h.deps.metadata.get(docKey);
    expect(record?.status).toBe("PROCESSED");
    const hits = await h.deps.index.keywordSearch({ tenantId: "acme", k: 10, filters: {}, text: "lighthouses tides" });
    expect(hits.map((x) => x.text).join(" ")).toContain("lighthouses");
    expect(hits.map((x) => x.text).join(" ")).not.toContain("tides");
  });
});

describe("an older version overtaken after its last check", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("ends with the newer version's chunks when the older one wrote its own after them", async () => {
    h = await openHarness();
    const sent: string[] = [];
    h.deps.queue = { send: async (body) => sent.push(body) };
    const v1 = await h.putRaw(KEY, "The first version talks about tides.");
    const older = h.createdMessage(KEY, v1.etag, h.nextSequencer());
    // The older version has passed its last check and is about to write its chunks when the newer
    // one is claimed, processed and indexed.
    const index = h.deps.index;
    const replace = index.replaceDocument.bind(index);
    let newer: string | undefined;
    index.replaceDocument = async (document, chunks) => {
      if (newer === undefined) {
        newer = (await h.putRaw(KEY, "The second version talks about lighthouses.")).etag;
        expect(await h.deliver(h.createdMessage(KEY, newer, h.nextSequencer()))).toEqual({ action: "ack" });
      }
      return replace(document, chunks);
    };
    expect(await h.deliver(older)).toEqual({ action: "ack" });
    expect(sent).toHaveLength(1);
    expect(await h.deliver(sent[0] as string)).toEqual({ action: "ack" });

    const record = await h.deps.metadata.get(docKey);
    expect(record).toMatchObject({ status: "PROCESSED", version: newer });
    const text = (await index.keywordSearch({ tenantId: "acme", k: 10, filters: {}, text: "lighthouses tides" }))
      .map((hit) => hit.text)
      .join(" ");
    expect(text).toContain("lighthouses");
    expect(text).not.toContain("tides");
    expect(await index.countChunks("acme", docKey.documentId)).toBe(record?.chunkCount);
  });
});
