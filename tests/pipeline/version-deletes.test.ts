// On a versioned bucket S3 sends "Object Deleted" both when the current version goes away and when
// one version is permanently removed, including the lifecycle expiring a noncurrent version. Only
// the first deletes the document. Events in the shapes of the S3 EventBridge documentation.
import { processedObjectKey } from "@docworker/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, openHarness } from "../support/pipeline-harness.ts";

const KEY = "tenants/acme/documents/doc_0123456789abcdef02/tides.txt";
const docKey = { tenantId: "acme", documentId: "doc_0123456789abcdef02" };
const TEXT = "Harbour report. The tide tables for Norwich were revised in spring.";

function envelope(detailType: string, detail: Record<string, unknown>, object: Record<string, unknown>): string {
  return JSON.stringify({
    version: "0",
    id: crypto.randomUUID(),
    "detail-type": detailType,
    source: "aws.s3",
    account: "111122223333",
    time: "2021-11-12T00:00:00Z",
    region: "ca-central-1",
    resources: ["arn:aws:s3:::raw-input"],
    detail: {
      version: "0",
      bucket: { name: "raw-input" },
      object: { key: KEY, ...object },
      "request-id": "0BH729840619AG5K",
      requester: "123456789012",
      "source-ip-address": "34.252.34.74",
      ...detail,
    },
  });
}

describe("deletes on a versioned bucket", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness({ env: { RAW_BUCKET: "raw-input" } });
  });
  afterEach(() => h.close());

  async function processCurrentVersion(versionId: string) {
    const { etag, size } = await h.putRaw(KEY, TEXT);
    const created = envelope(
      "Object Created",
      { reason: "PutObject" },
      { size, etag, "version-id": versionId, sequencer: h.nextSequencer() },
    );
    expect(await h.deliver(created)).toEqual({ action: "ack" });
    expect(await h.deps.metadata.get(docKey)).toMatchObject({ status: "PROCESSED", version: versionId });
  }

  const chunks = () => h.deps.index.countChunks("acme", docKey.documentId);
  const processedJson = () => h.deps.blobs.get({ bucket: h.config.processedBucket, key: processedObjectKey(docKey) });

  it("keeps the document when the lifecycle expires a noncurrent version", async () => {
    await processCurrentVersion("IYV3p45BT0ac8hjHg1houSdS1a.Mro8e");
    const before = await chunks();
    const expired = envelope(
      "Object Deleted",
      { reason: "Lifecycle Expiration", "deletion-type": "Permanently Deleted" },
      {
        etag: "d41d8cd98f00b204e9800998ecf8427e",
        "version-id": "1QW9g1Z99LUNbvaaYVpW9xDlOLU.qxgF",
        sequencer: h.nextSequencer(),
      },
    );
    expect(await h.deliver(expired)).toEqual({ action: "ack" });
    expect(await h.deps.metadata.get(docKey)).toMatchObject({ status: "PROCESSED" });
    expect(await chunks()).toBe(before);
    expect(await processedJson()).toBeDefined();
  });

  it("keeps the document when DeleteObject with a VersionId removes an older version", async () => {
    await processCurrentVersion("v-current");
    const deleted = envelope(
      "Object Deleted",
      { reason: "DeleteObject", "deletion-type": "Permanently Deleted" },
      { "version-id": "v-older", sequencer: h.nextSequencer() },
    );
    expect(await h.deliver(deleted)).toEqual({ action: "ack" });
    expect((await h.deps.metadata.get(docKey))?.status).toBe("PROCESSED");
    expect(await chunks()).toBeGreaterThan(0);
  });

  it("deletes the document when the version it holds is permanently deleted", async () => {
    await processCurrentVersion("v-current");
    const deleted = envelope(
      "Object Deleted",
      { reason: "DeleteObject", "deletion-type": "Permanently Deleted" },
      { "version-id": "v-current", sequencer: h.nextSequencer() },
    );
    expect(await h.deliver(deleted)).toEqual({ action: "ack" });
    expect((await h.deps.metadata.get(docKey))?.status).toBe("DELETED");
    expect(await chunks()).toBe(0);
    expect(await processedJson()).toBeUndefined();
  });

  it.each([
    ["DeleteObject", "the client deleted the key"],
    ["Lifecycle Expiration", "the lifecycle expired the current version"],
  ])("deletes the document when a delete marker is created (%s: %s)", async (reason) => {
    await processCurrentVersion("v-current");
    const marker = envelope(
      "Object Deleted",
      { reason, "deletion-type": "Delete Marker Created" },
      { "version-id": "oBLh4Zc5RnDiP2n.8DcuBY2BQVb9yy8Z", sequencer: h.nextSequencer() },
    );
    expect(await h.deliver(marker)).toEqual({ action: "ack" });
    expect((await h.deps.metadata.get(docKey))?.status).toBe("DELETED");
    expect(await chunks()).toBe(0);
  });
});
