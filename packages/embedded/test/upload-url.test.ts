import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { UploadRequestFacts, UploadTarget } from "@docworker/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FilesystemBlobStore, receiveUpload, UploadRefusedError } from "../src/index.ts";
import { tempDir } from "./temp-dir.ts";

const KEY = "tenants/t1/documents/doc_0123456789abcdef/My Report (final).pdf";
const REF = { bucket: "raw-input", key: KEY };
const CONSTRAINTS = {
  contentType: "application/pdf",
  maxBytes: 16,
  expiresInSeconds: 300,
  metadata: { team: "blue", "x-origin": "api" },
};

/** What the API's route sees for a PUT to `target`: path parameters, query, and two headers. */
function requestFor(target: UploadTarget, overrides: Partial<UploadRequestFacts> = {}): UploadRequestFacts {
  const url = new URL(target.url);
  const [, uploads, bucket, ...key] = url.pathname.split("/");
  expect(uploads).toBe("uploads");
  return {
    bucket: decodeURIComponent(bucket as string),
    key: key.map(decodeURIComponent).join("/"),
    query: url.searchParams,
    contentType: target.headers["content-type"],
    contentLength: 10,
    ...overrides,
  };
}

function refusal(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof UploadRefusedError) return error.code;
    throw error;
  }
  return undefined;
}

describe("pre-signed upload URLs", () => {
  let dir: string;
  let remove: () => void;
  let now: Date;
  let published: string[];
  let store: FilesystemBlobStore;
  const open = () =>
    new FilesystemBlobStore({
      rootDir: dir,
      notifyingBuckets: ["raw-input"],
      publish: (body) => void published.push(body),
      clock: () => now,
    });

  beforeEach(() => {
    ({ dir, remove } = tempDir());
    now = new Date("2025-06-01T12:00:00.000Z");
    published = [];
    store = open();
    store.setPublicBaseUrl("http://127.0.0.1:8080/");
  });
  afterEach(() => remove());

  it("signs a URL of the documented form", async () => {
    const target = await store.createUploadUrl(REF, CONSTRAINTS);
    const url = new URL(target.url);
    expect(url.origin).toBe("http://127.0.0.1:8080");
    expect(url.pathname).toBe("/uploads/raw-input/tenants/t1/documents/doc_0123456789abcdef/My%20Report%20(final).pdf");
    expect(url.searchParams.get("X-Docworker-Expires")).toBe(String(Date.parse("2025-06-01T12:05:00Z") / 1000));
    expect(url.searchParams.get("X-Docworker-Content-Type")).toBe("application/pdf");
    expect(url.searchParams.get("X-Docworker-Max-Bytes")).toBe("16");
    expect(url.searchParams.get("X-Docworker-Signature")).toMatch(/^[0-9a-f]{64}$/);
    expect(target).toMatchObject({
      method: "PUT",
      headers: { "content-type": "application/pdf" },
      expiresAt: "2025-06-01T12:05:00.000Z",
    });
  });

  it("accepts the PUT it signed and returns what it allows", async () => {
    const verified = store.verifyUploadRequest(requestFor(await store.createUploadUrl(REF, CONSTRAINTS)));
    expect(verified).toEqual({
      ref: REF,
      contentType: "application/pdf",
      maxBytes: 16,
      metadata: { team: "blue", "x-origin": "api" },
      expiresAt: "2025-06-01T12:05:00.000Z",
    });
  });

  it("accepts a query given as a plain object, and media types in another case", async () => {
    const request = requestFor(await store.createUploadUrl(REF, CONSTRAINTS));
    const query = Object.fromEntries(request.query as URLSearchParams);
    expect(store.verifyUploadRequest({ ...request, query, contentType: "Application/PDF" }).ref).toEqual(REF);
  });

  it("refuses a URL until the public base URL is known", async () => {
    const fresh = open();
    await expect(fresh.createUploadUrl(REF, CONSTRAINTS)).rejects.toThrow(/public base URL/);
  });

  describe("refusals", () => {
    it("SIGNATURE_INVALID for a changed signature, key, bucket, limit, type or metadata, or a missing field", async () => {
      const target = await store.createUploadUrl(REF, CONSTRAINTS);
      const valid = requestFor(target);
      const withQuery = (change: (q: URLSearchParams) => void) => {
        const query = new URLSearchParams(valid.query as URLSearchParams);
        change(query);
        return { ...valid, query };
      };
      const tampered: UploadRequestFacts[] = [
        withQuery((q) => q.set("X-Docworker-Signature", "0".repeat(64))),
        withQuery((q) => q.set("X-Docworker-Signature", "not hex")),
        withQuery((q) => q.delete("X-Docworker-Signature")),
        withQuery((q) => q.append("X-Docworker-Signature", q.get("X-Docworker-Signature") as string)),
        withQuery((q) => q.set("X-Docworker-Max-Bytes", "1000000")),
        withQuery((q) => q.set("X-Docworker-Expires", "99999999999")),
        withQuery((q) => q.set("X-Docworker-Content-Type", "text/html")),
        withQuery((q) => q.set("X-Docworker-Metadata", Buffer.from('{"team":"red"}').toString("base64url"))),
        withQuery((q) => q.delete("X-Docworker-Metadata")),
        { ...valid, key: `${KEY}.exe` },
        { ...valid, bucket: "processed-output" },
      ];
      for (const request of tampered)
        expect(refusal(() => store.verifyUploadRequest(request))).toBe("SIGNATURE_INVALID");
    });

    it("SIGNATURE_INVALID for a URL signed with another secret", async () => {
      const other = tempDir();
      try {
        const foreign = new FilesystemBlobStore({ rootDir: other.dir, publicBaseUrl: "http://127.0.0.1:8080" });
        const request = requestFor(await foreign.createUploadUrl(REF, CONSTRAINTS));
        expect(refusal(() => store.verifyUploadRequest(request))).toBe("SIGNATURE_INVALID");
      } finally {
        other.remove();
      }
    });

    it("URL_EXPIRED once the expiry has passed", async () => {
      const request = requestFor(await store.createUploadUrl(REF, CONSTRAINTS));
      now = new Date("2025-06-01T12:05:00.000Z");
      expect(refusal(() => store.verifyUploadRequest(request))).toBeUndefined();
      now = new Date("2025-06-01T12:05:01.000Z");
      expect(refusal(() => store.verifyUploadRequest(request))).toBe("URL_EXPIRED");
    });

    it("CONTENT_TYPE_MISMATCH for another Content-Type or none", async () => {
      const request = requestFor(await store.createUploadUrl(REF, CONSTRAINTS));
      expect(refusal(() => store.verifyUploadRequest({ ...request, contentType: "text/html" }))).toBe(
        "CONTENT_TYPE_MISMATCH",
      );
      expect(refusal(() => store.verifyUploadRequest({ ...request, contentType: undefined }))).toBe(
        "CONTENT_TYPE_MISMATCH",
      );
    });

    it("TOO_LARGE for a declared Content-Length over the limit", async () => {
      const request = requestFor(await store.createUploadUrl(REF, CONSTRAINTS));
      expect(refusal(() => store.verifyUploadRequest({ ...request, contentLength: 16 }))).toBeUndefined();
      expect(refusal(() => store.verifyUploadRequest({ ...request, contentLength: 17 }))).toBe("TOO_LARGE");
    });

    it("carries an HTTP status for the API to answer with", () => {
      expect(new UploadRefusedError("SIGNATURE_INVALID", "x").httpStatus).toBe(403);
      expect(new UploadRefusedError("URL_EXPIRED", "x").httpStatus).toBe(403);
      expect(new UploadRefusedError("TOO_LARGE", "x").httpStatus).toBe(413);
      expect(new UploadRefusedError("CONTENT_TYPE_MISMATCH", "x").httpStatus).toBe(403);
    });
  });

  describe("receiving the body", () => {
    it("streams the body into the bucket with the signed type and metadata, and announces it", async () => {
      const request = requestFor(await store.createUploadUrl(REF, CONSTRAINTS), { contentLength: undefined });
      const written = await receiveUpload(store, request, Readable.from([Buffer.from("%PDF-"), Buffer.from("1.7 ok")]));
      expect(written).toMatchObject({ ref: REF, size: 11 });
      const object = await store.get(REF);
      expect(new TextDecoder().decode(object?.body)).toBe("%PDF-1.7 ok");
      expect(object).toMatchObject({
        contentType: "application/pdf",
        metadata: { team: "blue", "x-origin": "api" },
        etag: written.etag,
      });
      expect(published).toHaveLength(1);
      expect(JSON.parse(published[0] as string).detail.object).toMatchObject({
        key: KEY,
        size: 11,
        etag: written.etag,
      });
    });

    it("stops reading past the limit when the client lied about or left out Content-Length", async () => {
      const request = requestFor(await store.createUploadUrl(REF, CONSTRAINTS), { contentLength: 4 });
      let pulled = 0;
      async function* body() {
        for (let i = 0; i < 100; i++) {
          pulled++;
          yield Buffer.alloc(8, 1);
        }
      }
      await expect(receiveUpload(store, request, body())).rejects.toMatchObject({ code: "TOO_LARGE" });
      expect(pulled).toBe(3);
      expect(await store.get(REF)).toBeUndefined();
      expect(published).toEqual([]);
      expect(readdirSync(join(dir, ".tmp"))).toEqual([]);
    });

    it("refuses before reading anything when the URL is invalid", async () => {
      const request = requestFor(await store.createUploadUrl(REF, CONSTRAINTS), { contentType: "text/plain" });
      let pulled = 0;
      async function* body() {
        pulled++;
        yield Buffer.from("x");
      }
      await expect(receiveUpload(store, request, body())).rejects.toMatchObject({ code: "CONTENT_TYPE_MISMATCH" });
      expect(pulled).toBe(0);
    });
  });

  describe("the signing secret", () => {
    it("is generated once, kept with mode 0600, and still verifies URLs after a restart", async () => {
      const request = requestFor(await store.createUploadUrl(REF, CONSTRAINTS));
      const file = join(dir, ".upload-signing-key");
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const restarted = open();
      expect(restarted.verifyUploadRequest(request).ref).toEqual(REF);
    });

    it("must not be trivially short", () => {
      expect(() => new FilesystemBlobStore({ rootDir: dir, signingSecret: "short" })).toThrow(/at least 16/);
    });

    it("can be given instead", async () => {
      const a = new FilesystemBlobStore({ rootDir: dir, signingSecret: "s".repeat(40), publicBaseUrl: "http://x" });
      const other = tempDir();
      try {
        const b = new FilesystemBlobStore({
          rootDir: other.dir,
          signingSecret: "s".repeat(40),
          publicBaseUrl: "http://x",
        });
        const request = { ...requestFor(await a.createUploadUrl(REF, CONSTRAINTS)) };
        expect(b.verifyUploadRequest(request).ref).toEqual(REF);
      } finally {
        other.remove();
      }
    });
  });
});
