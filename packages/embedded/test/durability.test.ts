import { mkdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { waitFor } from "@docworker/contract-tests";
import {
  compareSequencers,
  decodeS3EventBridgeMessage,
  type MessageDisposition,
  sequencerFromTime,
} from "@docworker/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type EmbeddedAdapters, openEmbeddedAdapters } from "../src/index.ts";
import { tempDir } from "./temp-dir.ts";

const text = (value: string) => new TextEncoder().encode(value);

describe("openEmbeddedAdapters", () => {
  let root: string;
  let remove: () => void;
  let dataDir: string;
  const opened: EmbeddedAdapters[] = [];
  const open = (queue = {}) => {
    const adapters = openEmbeddedAdapters({
      dataDir,
      rawBucket: "raw-input",
      processedBucket: "processed-output",
      publicBaseUrl: "http://127.0.0.1:8080",
      queue: { pollIntervalMs: 10, ...queue },
    });
    opened.push(adapters);
    return adapters;
  };

  beforeEach(() => {
    ({ dir: root, remove } = tempDir());
    dataDir = join(root, "data", "nested");
  });
  afterEach(async () => {
    for (const adapters of opened.splice(0)) await adapters.close();
    remove();
  });

  it("creates the data directory private to its owner, with the database in it", async () => {
    const adapters = open();
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, "docworker.db")).isFile()).toBe(true);
    expect(adapters.db.pragma("journal_mode", { simple: true })).toBe("wal");
  });

  it("announces raw-bucket puts and deletes on its queue, and not processed-bucket writes", async () => {
    const { blobs, queue } = open();
    await blobs.put({ bucket: "raw-input", key: "tenants/t1/documents/doc_0123456789abcdef/a.txt" }, text("a"), {
      contentType: "text/plain",
    });
    await blobs.put({ bucket: "processed-output", key: "tenants/t1/documents/doc_0123456789abcdef.json" }, text("{}"), {
      contentType: "application/json",
    });
    await blobs.delete({ bucket: "raw-input", key: "tenants/t1/documents/doc_0123456789abcdef/a.txt" });
    expect(queue.stats().visible).toBe(2);
    const bodies: string[] = [];
    queue.start(
      async (m) => {
        bodies.push(m.body);
        return { action: "ack" };
      },
      { concurrency: 1 },
    );
    await waitFor(() => bodies.length === 2, 2000, "both events");
    const events = bodies.map((b) => decodeS3EventBridgeMessage(b));
    expect(events.map((e) => (e.kind === "event" ? e.event.type : e.kind))).toEqual(["ObjectCreated", "ObjectDeleted"]);
  });

  it("keeps records, chunks, objects, queued and in-flight messages across close and reopen", async () => {
    const first = open();
    const key = { tenantId: "t1", documentId: "doc_0123456789abcdef" };
    const event = {
      type: "ObjectCreated" as const,
      object: { bucket: "raw-input", key: "k" },
      version: "v1",
      sequencer: sequencerFromTime(Date.now()),
      time: new Date().toISOString(),
    };
    const claim = await first.metadata.claim({ key, event, filename: "a.pdf", now: new Date(), leaseMs: 60_000 });
    if (claim.outcome !== "claimed") throw new Error("not claimed");
    await first.index.replaceDocument(
      {
        ...key,
        version: "v1",
        filename: "a.pdf",
        contentType: "application/pdf",
        createdAt: new Date().toISOString(),
        metadata: {},
      },
      [
        {
          chunkId: "c0",
          documentId: key.documentId,
          ordinal: 0,
          text: "durable words",
          headingPath: [],
          tokenCount: 2,
          vector: Float32Array.from([1, 0]),
        },
      ],
    );
    await first.blobs.put({ bucket: "processed-output", key: "p.json" }, text("{}"), {
      contentType: "application/json",
    });
    await first.queue.send("waiting");
    await first.queue.send("in flight");
    let inFlight = false;
    first.queue.start(
      async (m) => {
        if (m.body === "waiting") return new Promise<MessageDisposition>(() => {});
        inFlight = true;
        return new Promise<MessageDisposition>(() => {});
      },
      { concurrency: 2 },
    );
    await waitFor(() => inFlight, 2000, "a delivery");
    await first.close();

    const second = open();
    expect(await second.metadata.get(key)).toMatchObject({ status: "PROCESSING", lease: { token: claim.leaseToken } });
    expect(
      await second.metadata.complete(
        key,
        claim.leaseToken,
        {
          chunkCount: 1,
          contentType: "application/pdf",
          extraction: undefined,
          usage: { inputTokens: 0, outputTokens: 0, embeddingTokens: 0 },
        },
        new Date(),
      ),
    ).toBe(true);
    expect(await second.index.countChunks("t1", key.documentId)).toBe(1);
    expect(
      (await second.index.keywordSearch({ tenantId: "t1", k: 5, filters: {}, text: "durable" })).map((h) => h.chunkId),
    ).toEqual(["c0"]);
    expect((await second.blobs.get({ bucket: "processed-output", key: "p.json" }))?.contentType).toBe(
      "application/json",
    );
    // close() released both in-flight messages: visible at once, each received once already.
    expect(second.queue.stats()).toMatchObject({ visible: 2, inFlight: 0 });
    const again: { body: string; receiveCount: number }[] = [];
    second.queue.start(
      async (m) => {
        again.push({ body: m.body, receiveCount: m.receiveCount });
        return { action: "ack" };
      },
      { concurrency: 2 },
    );
    await waitFor(() => again.length === 2, 2000, "the redeliveries");
    expect(again.map((m) => m.receiveCount)).toEqual([2, 2]);
  });

  it("keeps sequencers increasing across a restart", async () => {
    const first = open();
    await first.blobs.put({ bucket: "raw-input", key: "x" }, text("1"), { contentType: "text/plain" });
    await first.close();
    const second = open();
    await second.blobs.put({ bucket: "raw-input", key: "x" }, text("2"), { contentType: "text/plain" });
    const bodies: string[] = [];
    second.queue.start(
      async (m) => {
        bodies.push(m.body);
        return { action: "ack" };
      },
      { concurrency: 1 },
    );
    await waitFor(() => bodies.length === 2, 2000, "both events");
    const [a, b] = bodies.map((body) => JSON.parse(body).detail.object.sequencer as string) as [string, string];
    expect(compareSequencers(b, a)).toBe(1);
  });

  it("verifies after a restart the upload URLs it signed before", async () => {
    const first = open();
    const target = await first.blobs.createUploadUrl(
      { bucket: "raw-input", key: "u.pdf" },
      {
        contentType: "application/pdf",
        maxBytes: 10,
        expiresInSeconds: 60,
        metadata: {},
      },
    );
    await first.close();
    const second = open();
    const url = new URL(target.url);
    expect(
      second.blobs.verifyUploadRequest({
        bucket: "raw-input",
        key: "u.pdf",
        query: url.searchParams,
        contentType: "application/pdf",
        contentLength: 3,
      }).ref,
    ).toEqual({
      bucket: "raw-input",
      key: "u.pdf",
    });
  });

  it("serves upload URLs to the API through `uploads`, each good for one upload to a PENDING document", async () => {
    const { blobs, uploads, queue, metadata } = open();
    uploads.setPublicBaseUrl("http://127.0.0.1:9999");
    const ref = { bucket: "raw-input", key: "tenants/t1/documents/doc_0123456789abcdef/u.txt" };
    const target = await blobs.createUploadUrl(ref, {
      contentType: "text/plain",
      maxBytes: 5,
      expiresInSeconds: 60,
      metadata: { a: "b" },
    });
    expect(target.url.startsWith("http://127.0.0.1:9999/uploads/raw-input/")).toBe(true);
    const query = Object.fromEntries(new URL(target.url).searchParams);
    const request = { ...ref, query, contentType: "text/plain" };
    // No PENDING record: the URL was not handed out by POST /documents, or its document is gone.
    await expect(uploads.verify(request)).rejects.toMatchObject({ code: "UPLOAD_USED" });
    const now = new Date().toISOString();
    await metadata.createPending({
      tenantId: "t1",
      documentId: "doc_0123456789abcdef",
      source: ref,
      filename: "u.txt",
      metadata: {},
      status: "PENDING",
      attempts: 0,
      usage: { inputTokens: 0, outputTokens: 0, embeddingTokens: 0 },
      createdAt: now,
      updatedAt: now,
    });
    await expect(uploads.verify({ ...request, contentLength: 6 })).rejects.toMatchObject({ code: "TOO_LARGE" });
    await uploads.verify(request);
    await expect(uploads.store(request, Readable.from([Buffer.from("toolong")]))).rejects.toMatchObject({
      code: "TOO_LARGE",
    });
    await uploads.store(request, Readable.from([Buffer.from("hi")]));
    expect(await blobs.get(ref)).toMatchObject({ size: 2, contentType: "text/plain", metadata: { a: "b" } });
    expect(queue.stats().visible).toBe(1);
    // A replay of the same URL, with other bytes, does not replace the upload.
    await expect(uploads.store(request, Readable.from([Buffer.from("no")]))).rejects.toMatchObject({
      code: "UPLOAD_USED",
    });
    expect(new TextDecoder().decode((await blobs.get(ref))?.body)).toBe("hi");
    expect(queue.stats().visible).toBe(1);
  });

  it("keeps the data private even in a folder that existed (0700), with its database 0600", () => {
    mkdirSync(dataDir, { recursive: true, mode: 0o755 });
    const { blobs } = open();
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, "docworker.db")).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, ".upload-signing-key")).mode & 0o777).toBe(0o600);
    return blobs.put({ bucket: "raw-input", key: "a/b/c.txt" }, text("x"), { contentType: "text/plain" }).then(() => {
      expect(statSync(join(dataDir, "raw-input", "a", "b")).mode & 0o777).toBe(0o700);
    });
  });

  it("sweeps temporary files a crash left behind at start, and leaves fresh ones to their writers", async () => {
    const temp = join(dataDir, ".tmp");
    mkdirSync(temp, { recursive: true });
    writeFileSync(join(temp, "orphan.tmp"), "half a document");
    const old = new Date(Date.now() - 2 * 3600_000);
    utimesSync(join(temp, "orphan.tmp"), old, old);
    writeFileSync(join(temp, "in-progress.tmp"), "being written");
    open();
    expect(() => statSync(join(temp, "orphan.tmp"))).toThrow();
    expect(statSync(join(temp, "in-progress.tmp")).size).toBeGreaterThan(0);
  });

  it("removes at start the PENDING records that expired without an upload (a process was down meanwhile)", async () => {
    const first = open();
    const expiredAt = new Date(Date.now() - 60_000).toISOString();
    await first.metadata.createPending({
      tenantId: "t1",
      documentId: "doc_00000000000000e1",
      source: { bucket: "raw-input", key: "tenants/t1/documents/doc_00000000000000e1/a.txt" },
      filename: "a.txt",
      metadata: {},
      status: "PENDING",
      attempts: 0,
      usage: { inputTokens: 0, outputTokens: 0, embeddingTokens: 0 },
      createdAt: expiredAt,
      updatedAt: expiredAt,
      expiresAt: expiredAt,
    });
    const count = (adapters: EmbeddedAdapters) =>
      (adapters.db.prepare("SELECT count(*) AS n FROM documents").get() as { n: number }).n;
    expect(count(first)).toBe(1);
    await first.close();
    expect(count(open())).toBe(0);
  });

  it("has closed the database by the time close() returns, so callers need not await it", () => {
    const adapters = open();
    adapters.queue.start(async () => ({ action: "ack" }), { concurrency: 1 });
    void adapters.close();
    expect(adapters.db.open).toBe(false);
  });

  it("refuses a bucket name the filesystem cannot hold", () => {
    expect(() => openEmbeddedAdapters({ dataDir, rawBucket: "../raw", processedBucket: "processed-output" })).toThrow(
      /bucket/,
    );
  });

  it("closes twice without complaint", async () => {
    const adapters = open();
    await adapters.close();
    await expect(adapters.close()).resolves.toBeUndefined();
  });
});
