import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compareSequencers, decodeS3EventBridgeMessage } from "@docworker/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemorySequencerSource, FilesystemBlobStore, InvalidObjectKeyError } from "../src/index.ts";
import { tempDir } from "./temp-dir.ts";

const text = (value: string) => new TextEncoder().encode(value);
const md5 = (value: string) => createHash("md5").update(value).digest("hex");

describe("FilesystemBlobStore", () => {
  let dir: string;
  let remove: () => void;
  let published: string[];
  let store: FilesystemBlobStore;

  beforeEach(() => {
    ({ dir, remove } = tempDir());
    published = [];
    store = new FilesystemBlobStore({
      rootDir: dir,
      notifyingBuckets: ["raw-input"],
      publish: (body) => {
        published.push(body);
      },
      publicBaseUrl: "http://127.0.0.1:8080",
    });
  });
  afterEach(() => remove());

  describe("S3 EventBridge notifications", () => {
    it("announces a put on the notifying bucket with the exact envelope S3 sends", async () => {
      await store.put({ bucket: "raw-input", key: "tenants/t1/documents/doc_0123456789abcdef/a.txt" }, text("hello"), {
        contentType: "text/plain",
      });
      expect(published).toHaveLength(1);
      const envelope = JSON.parse(published[0] as string);
      expect(envelope).toMatchObject({
        version: "0",
        id: expect.any(String),
        "detail-type": "Object Created",
        source: "aws.s3",
        account: expect.any(String),
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        region: expect.any(String),
        resources: ["arn:aws:s3:::raw-input"],
        detail: {
          version: "0",
          bucket: { name: "raw-input" },
          object: {
            key: "tenants/t1/documents/doc_0123456789abcdef/a.txt",
            size: 5,
            etag: md5("hello"),
            sequencer: expect.any(String),
          },
          reason: "PutObject",
        },
      });
      const decoded = decodeS3EventBridgeMessage(published[0] as string);
      expect(decoded).toMatchObject({
        kind: "event",
        event: { type: "ObjectCreated", version: md5("hello"), size: 5 },
      });
    });

    it("announces deletes, even of objects that do not exist, as S3 does", async () => {
      await store.delete({ bucket: "raw-input", key: "never/was.txt" });
      expect(published).toHaveLength(1);
      const envelope = JSON.parse(published[0] as string);
      expect(envelope["detail-type"]).toBe("Object Deleted");
      expect(envelope.detail).toMatchObject({
        reason: "DeleteObject",
        object: { key: "never/was.txt", sequencer: expect.any(String) },
      });
      expect(envelope.detail.object.etag).toBeUndefined();
      expect(decodeS3EventBridgeMessage(published[0] as string)).toMatchObject({ event: { type: "ObjectDeleted" } });
    });

    it("gives every event of a bucket a strictly greater sequencer, even within one millisecond", async () => {
      const ref = { bucket: "raw-input", key: "same/key.txt" };
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.put(ref, text(`v${i}`), { contentType: "text/plain" })),
      );
      await store.delete(ref);
      const sequencers = published.map((body) => JSON.parse(body).detail.object.sequencer as string);
      for (let i = 1; i < sequencers.length; i++)
        expect(compareSequencers(sequencers[i] as string, sequencers[i - 1] as string)).toBe(1);
    });

    it("orders the sequencers of a frozen clock by a counter", () => {
      const next = createMemorySequencerSource(() => 1_700_000_000_000);
      const [a, b, c] = [next(), next(), next()] as [string, string, string];
      expect(compareSequencers(b, a)).toBe(1);
      expect(compareSequencers(c, b)).toBe(1);
    });

    it("stays silent for buckets that do not notify", async () => {
      await store.put({ bucket: "processed-output", key: "x.json" }, text("{}"), { contentType: "application/json" });
      await store.delete({ bucket: "processed-output", key: "x.json" });
      expect(published).toEqual([]);
    });

    it("the last put wins on disk and in the last event", async () => {
      const ref = { bucket: "raw-input", key: "race.txt" };
      await Promise.all(["a", "b", "c"].map((v) => store.put(ref, text(v), { contentType: "text/plain" })));
      const last = JSON.parse(published.at(-1) as string);
      expect((await store.get(ref))?.etag).toBe(last.detail.object.etag);
    });
  });

  describe("keys", () => {
    const bad = [
      "../escape.txt",
      "a/../../escape.txt",
      "/etc/passwd",
      "a//b",
      "./a",
      "a/.",
      "a/..",
      "a\\..\\b",
      "nul\0byte",
      "",
      "trailing/",
    ];
    for (const key of bad) {
      it(`refuses ${JSON.stringify(key)} for every operation`, async () => {
        const ref = { bucket: "raw-input", key };
        await expect(store.put(ref, text("x"), { contentType: "text/plain" })).rejects.toBeInstanceOf(
          InvalidObjectKeyError,
        );
        await expect(store.get(ref)).rejects.toBeInstanceOf(InvalidObjectKeyError);
        await expect(store.delete(ref)).rejects.toBeInstanceOf(InvalidObjectKeyError);
        await expect(
          store.createUploadUrl(ref, { contentType: "text/plain", maxBytes: 10, expiresInSeconds: 60, metadata: {} }),
        ).rejects.toBeInstanceOf(InvalidObjectKeyError);
        expect(published).toEqual([]);
      });
    }

    it("refuses bucket names that are not plain folder names", async () => {
      for (const bucket of ["..", "../raw-input", "Raw", ".meta", ".tmp", "a/b", "docworker.db", ""]) {
        await expect(store.put({ bucket, key: "x" }, text("x"), { contentType: "text/plain" })).rejects.toBeInstanceOf(
          InvalidObjectKeyError,
        );
      }
    });

    it("writes nothing outside the data directory", async () => {
      await store
        .put({ bucket: "raw-input", key: "a/b/c.txt" }, text("x"), { contentType: "text/plain" })
        .catch(() => undefined);
      await store
        .put({ bucket: "raw-input", key: "../../outside.txt" }, text("x"), { contentType: "text/plain" })
        .catch(() => undefined);
      expect(existsSync(join(dir, "..", "outside.txt"))).toBe(false);
      expect(existsSync(join(dir, "raw-input", "a", "b", "c.txt"))).toBe(true);
    });

    it("reports a key that collides with another key's folder", async () => {
      await store.put({ bucket: "processed-output", key: "a/b" }, text("x"), { contentType: "text/plain" });
      await expect(
        store.put({ bucket: "processed-output", key: "a" }, text("y"), { contentType: "text/plain" }),
      ).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(
        store.put({ bucket: "processed-output", key: "a/b/c" }, text("y"), { contentType: "text/plain" }),
      ).rejects.toBeInstanceOf(InvalidObjectKeyError);
      expect(await store.get({ bucket: "processed-output", key: "a" })).toBeUndefined();
    });
  });

  describe("files on disk", () => {
    it("keeps the bytes at the key's path and S3's fields in a sidecar, leaving no temporary files", async () => {
      await store.put({ bucket: "raw-input", key: "docs/report.txt" }, text("report"), {
        contentType: "text/plain",
        metadata: { team: "blue" },
      });
      expect(readFileSync(join(dir, "raw-input", "docs", "report.txt"), "utf8")).toBe("report");
      const sidecar = JSON.parse(readFileSync(join(dir, ".meta", "raw-input", "docs", "report.txt.json"), "utf8"));
      expect(sidecar).toMatchObject({
        key: "docs/report.txt",
        contentType: "text/plain",
        etag: md5("report"),
        size: 6,
        metadata: { team: "blue" },
      });
      expect(readdirSync(join(dir, ".tmp"))).toEqual([]);
    });

    it("reads a file dropped into a bucket folder by hand", async () => {
      await store.put({ bucket: "raw-input", key: "seed.txt" }, text("seed"), { contentType: "text/plain" });
      writeFileSync(join(dir, "raw-input", "by-hand.txt"), "dropped");
      const object = await store.get({ bucket: "raw-input", key: "by-hand.txt" });
      expect(object).toMatchObject({ size: 7, etag: md5("dropped"), metadata: {} });
      expect(object?.contentType).toBeUndefined();
    });

    it("removes folders a delete leaves empty, and keeps the bucket folder", async () => {
      await store.put({ bucket: "processed-output", key: "deep/er/file.json" }, text("{}"), {
        contentType: "application/json",
      });
      await store.delete({ bucket: "processed-output", key: "deep/er/file.json" });
      expect(existsSync(join(dir, "processed-output", "deep"))).toBe(false);
      expect(existsSync(join(dir, ".meta", "processed-output", "deep"))).toBe(false);
      expect(statSync(join(dir, "processed-output")).isDirectory()).toBe(true);
    });

    it("ignores a sidecar left over from an interrupted write when the body disagrees", async () => {
      await store.put({ bucket: "raw-input", key: "torn.txt" }, text("old"), {
        contentType: "text/plain",
        metadata: { v: "1" },
      });
      writeFileSync(join(dir, "raw-input", "torn.txt"), "new body written, sidecar not yet");
      const object = await store.get({ bucket: "raw-input", key: "torn.txt" });
      expect(object?.etag).toBe(md5("new body written, sidecar not yet"));
      expect(object?.metadata).toEqual({});
    });
  });
});
