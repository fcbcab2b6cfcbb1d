import { CreateKeyCommand } from "@aws-sdk/client-kms";
import { HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { ensureBucket } from "@docworker/dev-provisioning";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3BlobStore } from "../../src/index.ts";
import { emulatedClients, emulatedS3Config, uniqueName } from "../support/aws-clients.ts";
import { emptyAndDeleteBucket } from "../support/cleanup.ts";
import { ensureEmulatedStack } from "../support/emulated-stack.ts";

const bucket = uniqueName("s3-blob-store");
const versionedBucket = uniqueName("s3-blob-store-versioned");
const text = (value: string) => new TextEncoder().encode(value);

let env: Record<string, string>;
let s3: S3Client;
let kmsKeyId: string;
let plain: S3BlobStore;
let encrypted: S3BlobStore;

beforeAll(async () => {
  env = (await ensureEmulatedStack()).env;
  const clients = emulatedClients(env);
  s3 = clients.s3;
  await ensureBucket(s3, bucket);
  await ensureBucket(s3, versionedBucket, { versioning: true });
  const key = await clients.kms.send(new CreateKeyCommand({ Description: "docworker s3 adapter test" }));
  kmsKeyId = key.KeyMetadata?.KeyId ?? "";
  clients.kms.destroy();
  plain = new S3BlobStore({ clientConfig: emulatedS3Config(env) });
  encrypted = new S3BlobStore({ clientConfig: emulatedS3Config(env), kmsKeyId });
});

afterAll(async () => {
  await emptyAndDeleteBucket(s3, bucket);
  await emptyAndDeleteBucket(s3, versionedBucket);
  plain.destroy();
  encrypted.destroy();
  s3.destroy();
});

async function head(key: string, inBucket = bucket) {
  return s3.send(new HeadObjectCommand({ Bucket: inBucket, Key: key }));
}

describe("S3BlobStore upload URLs", () => {
  it("is a pre-signed PUT that uploads with exactly the returned headers", async () => {
    const ref = { bucket, key: "tenants/t1/documents/doc_0123456789abcdef/report 2024.pdf" };
    const target = await plain.createUploadUrl(ref, {
      contentType: "application/pdf",
      maxBytes: 1024,
      expiresInSeconds: 300,
      metadata: { team: "blue", Origin: "api" },
    });
    expect(target.headers).toEqual({
      "content-type": "application/pdf",
      "if-none-match": "*",
      "x-amz-meta-team": "blue",
      "x-amz-meta-origin": "api",
    });
    const response = await fetch(target.url, { method: "PUT", headers: target.headers, body: text("%PDF-1.4 hi") });
    expect(response.status).toBe(200);
    const stored = await plain.get(ref);
    expect(new TextDecoder().decode(stored?.body)).toBe("%PDF-1.4 hi");
    expect(stored?.contentType).toBe("application/pdf");
    expect(stored?.metadata).toEqual({ team: "blue", origin: "api" });
  });

  it("is single-use: a replayed PUT, with other bytes, is refused and the first upload stays", async () => {
    const ref = { bucket, key: "tenants/t1/documents/doc_0123456789abcdef/replayed.pdf" };
    const target = await plain.createUploadUrl(ref, {
      contentType: "application/pdf",
      maxBytes: 1024,
      expiresInSeconds: 300,
      metadata: {},
    });
    const first = await fetch(target.url, { method: "PUT", headers: target.headers, body: text("%PDF-1.4 first") });
    expect(first.status).toBe(200);
    const replay = await fetch(target.url, { method: "PUT", headers: target.headers, body: text("%PDF-1.4 other") });
    expect(replay.status).toBe(412);
    expect(new TextDecoder().decode((await plain.get(ref))?.body)).toBe("%PDF-1.4 first");
  });

  it("signs the content type and metadata headers, expires as asked, and carries no checksum", async () => {
    const target = await plain.createUploadUrl(
      { bucket, key: "signed.pdf" },
      { contentType: "application/pdf", maxBytes: 1, expiresInSeconds: 600, metadata: { team: "blue" } },
    );
    const query = new URL(target.url).searchParams;
    // S3 refuses a request whose signed headers differ from these; moto does not check signatures
    // at all (see the next test), so the signature's coverage is asserted here instead.
    expect(query.get("X-Amz-SignedHeaders")?.split(";")).toEqual([
      "content-type",
      "host",
      "if-none-match",
      "x-amz-meta-team",
    ]);
    expect(query.get("X-Amz-Expires")).toBe("600");
    expect(query.has("x-amz-meta-team")).toBe(false);
    expect([...query.keys()].filter((name) => name.toLowerCase().includes("checksum"))).toEqual([]);
  });

  it("documents moto: a presigned PUT with another content type is accepted (S3 answers 403)", async () => {
    const target = await plain.createUploadUrl(
      { bucket, key: "moto-lenient.pdf" },
      { contentType: "application/pdf", maxBytes: 1, expiresInSeconds: 60, metadata: {} },
    );
    const response = await fetch(target.url, { method: "PUT", headers: { "content-type": "text/html" }, body: "<p>" });
    // If this starts failing with 403, moto began verifying signatures: assert the refusal instead.
    expect(response.status).toBe(200);
  });

  it("requires SSE-KMS with the configured key, as signed headers the client must send", async () => {
    const ref = { bucket, key: "encrypted-upload.pdf" };
    const target = await encrypted.createUploadUrl(ref, {
      contentType: "application/pdf",
      maxBytes: 1024,
      expiresInSeconds: 300,
      metadata: {},
    });
    expect(target.headers).toEqual({
      "content-type": "application/pdf",
      "if-none-match": "*",
      "x-amz-server-side-encryption": "aws:kms",
      "x-amz-server-side-encryption-aws-kms-key-id": kmsKeyId,
    });
    expect(new URL(target.url).searchParams.get("X-Amz-SignedHeaders")?.split(";")).toEqual([
      "content-type",
      "host",
      "if-none-match",
      "x-amz-server-side-encryption",
      "x-amz-server-side-encryption-aws-kms-key-id",
    ]);
    const response = await fetch(target.url, { method: "PUT", headers: target.headers, body: text("%PDF") });
    expect(response.status).toBe(200);
    const stored = await head(ref.key);
    expect(stored.ServerSideEncryption).toBe("aws:kms");
    expect(stored.SSEKMSKeyId).toContain(kmsKeyId);
  });

  it("caps the lifetime at SigV4's seven days", async () => {
    const before = Date.now();
    const target = await plain.createUploadUrl(
      { bucket, key: "long.pdf" },
      { contentType: "application/pdf", maxBytes: 1, expiresInSeconds: 30 * 24 * 3600, metadata: {} },
    );
    expect(new URL(target.url).searchParams.get("X-Amz-Expires")).toBe(String(7 * 24 * 3600));
    expect(Date.parse(target.expiresAt)).toBeLessThanOrEqual(before + 7 * 24 * 3600 * 1000 + 1000);
  });
});

describe("S3BlobStore objects", () => {
  it("writes processed JSON with SSE-KMS when a key is configured", async () => {
    const ref = { bucket, key: "tenants/t1/documents/doc_0123456789abcdef.json" };
    await encrypted.put(ref, text("{}"), { contentType: "application/json" });
    const stored = await head(ref.key);
    expect(stored.ServerSideEncryption).toBe("aws:kms");
    expect(stored.SSEKMSKeyId).toContain(kmsKeyId);
  });

  it("leaves encryption to the bucket default without a key", async () => {
    await plain.put({ bucket, key: "default-encryption.json" }, text("{}"), { contentType: "application/json" });
    expect((await head("default-encryption.json")).ServerSideEncryption).toBe("AES256");
  });

  it("round-trips metadata values that are not ASCII (RFC 2047 on the wire)", async () => {
    const ref = { bucket, key: "unicode-metadata.txt" };
    const metadata = { title: "Résumé – final", plain: "ascii only", tricky: "=?UTF-8?B?not-encoded?=" };
    await plain.put(ref, text("x"), { contentType: "text/plain", metadata });
    expect((await plain.get(ref))?.metadata).toEqual(metadata);
    expect((await head(ref.key)).Metadata?.title).toMatch(/^=\?UTF-8\?B\?/);
  });

  it("reports the version id on a versioned bucket, and none on an unversioned one", async () => {
    const ref = { bucket: versionedBucket, key: "v.txt" };
    await plain.put(ref, text("one"), { contentType: "text/plain" });
    const first = await plain.get(ref);
    await plain.put(ref, text("two"), { contentType: "text/plain" });
    const second = await plain.get(ref);
    expect(first?.versionId).toBeTruthy();
    expect(second?.versionId).toBeTruthy();
    expect(second?.versionId).not.toBe(first?.versionId);
    await plain.put({ bucket, key: "unversioned.txt" }, text("x"), { contentType: "text/plain" });
    expect((await plain.get({ bucket, key: "unversioned.txt" }))?.versionId).toBeUndefined();
  });

  it("fails loudly for a bucket that does not exist", async () => {
    await expect(plain.get({ bucket: uniqueName("no-such-bucket"), key: "x" })).rejects.toMatchObject({
      name: "NoSuchBucket",
    });
  });
});
