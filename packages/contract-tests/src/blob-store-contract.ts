import { createHash } from "node:crypto";
import type { BlobStore } from "@docworker/core";
import { describe, expect, it } from "vitest";
import { type AdapterFactory, useAdapter } from "./adapter-factory.ts";

export interface BlobStoreContractOptions {
  /** An existing, empty bucket the adapter may write to. */
  bucket?: string;
}

const md5 = (bytes: Uint8Array) => createHash("md5").update(bytes).digest("hex");
const text = (value: string) => new TextEncoder().encode(value);
const unquoted = (etag: string | undefined) => etag?.replaceAll('"', "");

/** BlobStore behaves like an S3 bucket: whole-object puts, MD5 ETags, idempotent deletes. */
export function describeBlobStoreContract(
  name: string,
  factory: AdapterFactory<BlobStore>,
  options: BlobStoreContractOptions = {},
): void {
  const bucket = options.bucket ?? "contract-blobs";
  describe(`BlobStore contract: ${name}`, () => {
    const store = useAdapter(factory);
    const ref = (key: string) => ({ bucket, key });

    it("returns undefined for an object that does not exist", async () => {
      expect(await store().get(ref("missing/object.txt"))).toBeUndefined();
    });

    it("stores the bytes with their content type, size, MD5 ETag and user metadata", async () => {
      const body = text("hello, docworker");
      await store().put(ref("tenants/t1/documents/a.txt"), body, {
        contentType: "text/plain",
        metadata: { origin: "test", team: "blue" },
      });
      const object = await store().get(ref("tenants/t1/documents/a.txt"));
      expect(object).toBeDefined();
      expect(Buffer.from(object?.body ?? [])).toEqual(Buffer.from(body));
      expect(object?.size).toBe(body.byteLength);
      expect(object?.contentType).toBe("text/plain");
      expect(unquoted(object?.etag)).toBe(md5(body));
      expect(object?.metadata).toEqual({ origin: "test", team: "blue" });
    });

    it("keeps binary and empty bodies byte for byte", async () => {
      const binary = Uint8Array.from({ length: 512 }, (_, i) => i % 256);
      await store().put(ref("bin/all-bytes"), binary, { contentType: "application/octet-stream" });
      await store().put(ref("bin/empty"), new Uint8Array(), { contentType: "application/octet-stream" });
      expect(Buffer.from((await store().get(ref("bin/all-bytes")))?.body ?? [])).toEqual(Buffer.from(binary));
      const empty = await store().get(ref("bin/empty"));
      expect(empty?.size).toBe(0);
      expect(empty?.body.byteLength).toBe(0);
      expect(empty?.metadata).toEqual({});
    });

    it("replaces an object as a whole on overwrite", async () => {
      await store().put(ref("doc.txt"), text("first version"), { contentType: "text/plain", metadata: { v: "1" } });
      await store().put(ref("doc.txt"), text("second"), { contentType: "text/markdown", metadata: { v: "2" } });
      const object = await store().get(ref("doc.txt"));
      expect(new TextDecoder().decode(object?.body)).toBe("second");
      expect(object?.contentType).toBe("text/markdown");
      expect(object?.metadata).toEqual({ v: "2" });
      expect(unquoted(object?.etag)).toBe(md5(text("second")));
    });

    it("keeps keys with spaces, unicode and folders apart", async () => {
      const keys = ["a/b/report 2024.pdf", "a/b/résumé – final.docx", "a/c.txt", "top-level.txt"];
      for (const key of keys) await store().put(ref(key), text(key), { contentType: "text/plain" });
      for (const key of keys) expect(new TextDecoder().decode((await store().get(ref(key)))?.body)).toBe(key);
    });

    it("deletes an object and leaves its neighbours", async () => {
      await store().put(ref("folder/one.txt"), text("1"), { contentType: "text/plain" });
      await store().put(ref("folder/two.txt"), text("2"), { contentType: "text/plain" });
      await store().delete(ref("folder/one.txt"));
      expect(await store().get(ref("folder/one.txt"))).toBeUndefined();
      expect(new TextDecoder().decode((await store().get(ref("folder/two.txt")))?.body)).toBe("2");
    });

    it("treats deleting a missing object as success", async () => {
      await expect(store().delete(ref("never/existed.txt"))).resolves.toBeUndefined();
      await store().put(ref("twice.txt"), text("x"), { contentType: "text/plain" });
      await store().delete(ref("twice.txt"));
      await expect(store().delete(ref("twice.txt"))).resolves.toBeUndefined();
    });

    it("creates a PUT upload target for the content type, expiring as asked", async () => {
      const before = Date.now();
      const target = await store().createUploadUrl(ref("tenants/t1/documents/doc_0123456789abcdef/upload.pdf"), {
        contentType: "application/pdf",
        maxBytes: 1024,
        expiresInSeconds: 600,
        metadata: { team: "blue" },
      });
      expect(target.method).toBe("PUT");
      expect(() => new URL(target.url)).not.toThrow();
      expect(target.headers["content-type"]).toBe("application/pdf");
      const expiresAt = Date.parse(target.expiresAt);
      expect(expiresAt).toBeGreaterThanOrEqual(before + 595_000);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 605_000);
    });
  });
}
