// S3 answers a GET of a missing key with 404 NoSuchKey, or with 403 AccessDenied to a caller that
// lacks s3:ListBucket. The blob store must tell them apart: a missing object reads as undefined (the
// worker then tries the decoded key, then ends OBJECT_MISSING); a denial is an error naming the grant.
// A local HTTP server answers in S3's wire format, so the real SDK client parses real responses.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DocworkerError } from "@docworker/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3BlobStore } from "../../src/s3/s3-blob-store.ts";

const ERRORS: Record<string, { status: number; code: string; message: string }> = {
  "/raw/missing.txt": { status: 404, code: "NoSuchKey", message: "The specified key does not exist." },
  "/raw/denied.txt": { status: 403, code: "AccessDenied", message: "Access Denied" },
};

let server: Server;
let store: S3BlobStore;

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0] as string;
    const error = ERRORS[path];
    if (!error) {
      response.writeHead(200, { "content-type": "text/plain", etag: '"abc"' }).end("hello");
      return;
    }
    response
      .writeHead(error.status, { "content-type": "application/xml", "x-amz-request-id": "REQ" })
      .end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${error.message}</Message>` +
          `<RequestId>REQ</RequestId></Error>`,
      );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  store = new S3BlobStore({
    clientConfig: {
      region: "us-east-1",
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
    },
  });
});
afterAll(async () => {
  store.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("S3BlobStore.get: 404 and 403", () => {
  it("reads a missing object (404) as undefined", async () => {
    expect(await store.get({ bucket: "raw", key: "missing.txt" })).toBeUndefined();
  });

  it("reports a denial (403) as an error naming s3:GetObject and s3:ListBucket, not as a missing object", async () => {
    const read = store.get({ bucket: "raw", key: "denied.txt" });
    await expect(read).rejects.toBeInstanceOf(DocworkerError);
    await expect(read).rejects.toThrow(/s3:GetObject.*denied \(403\).*s3:ListBucket/);
  });

  it("reads an object that exists", async () => {
    expect(await store.get({ bucket: "raw", key: "here.txt" })).toMatchObject({ etag: "abc", size: 5 });
  });
});
