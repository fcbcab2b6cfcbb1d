import type { Runtime } from "@docworker/runtime";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { singleTenant } from "../src/plugins/tenant-auth.ts";
import { type EmbeddedApi, openEmbeddedApi } from "./support/embedded-api.ts";

let api: EmbeddedApi;
let runtime: Runtime;
let app: FastifyInstance;

beforeAll(async () => {
  api = await openEmbeddedApi({
    authenticate: singleTenant("default"),
    env: { MAX_DOCUMENT_BYTES: "1000" },
  });
  ({ runtime, app } = api);
  await app.ready();
});

afterAll(() => api.close());

const create = (body: unknown) => app.inject({ method: "POST", url: "/documents", payload: body as object });

describe("OpenAPI", () => {
  it("describes every public route with a schema", async () => {
    const res = await app.inject({ method: "GET", url: "/openapi.json" });
    expect(res.statusCode).toBe(200);
    const spec = res.json();
    expect(spec.openapi).toBe("3.1.0");
    expect(Object.keys(spec.paths).sort()).toEqual([
      "/classes",
      "/documents",
      "/documents/{documentId}",
      "/documents/{documentId}/chunks",
      "/documents/{documentId}/content",
      "/documents/{documentId}/reprocess",
      "/extraction-schema",
      "/health",
      "/jobs/{jobId}",
      "/reprocess",
      "/search",
    ]);
    expect(spec.paths["/documents"].post.requestBody.content["application/json"].schema.required).toContain("filename");
    expect(spec.paths["/search"].post.responses["200"]).toBeDefined();
    expect((await app.inject({ method: "GET", url: "/docs" })).statusCode).toBeLessThan(400);
  });
});

describe("POST /documents", () => {
  it("records a PENDING document and returns a pre-signed PUT", async () => {
    const res = await create({
      filename: "Q3 report.pdf",
      contentType: "application/pdf",
      metadata: { team: "finance" },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.documentId).toMatch(/^doc_[a-z0-9]+$/);
    expect(body.upload).toMatchObject({ method: "PUT", headers: { "content-type": "application/pdf" } });
    expect(body.upload.url).toContain(`/uploads/raw-input/tenants/default/documents/${body.documentId}/Q3_report.pdf`);
    expect(Date.parse(body.upload.expiresAt)).toBeGreaterThan(Date.now());

    const record = await app.inject({ method: "GET", url: `/documents/${body.documentId}` });
    expect(record.json()).toMatchObject({
      documentId: body.documentId,
      status: "PENDING",
      filename: "Q3 report.pdf",
      metadata: { team: "finance" },
    });
    expect(record.json().source).toBeUndefined();
  });

  it.each([
    ["no filename", {}],
    ["an unknown field", { filename: "a.txt", owner: "me" }],
    ["a malformed content type", { filename: "a.txt", contentType: "pdf" }],
    ["nested metadata", { filename: "a.txt", metadata: { n: { deep: "x" } } }],
    ["a metadata key with spaces", { filename: "a.txt", metadata: { "a b": "x" } }],
  ])("answers %s with a 400 problem", async (_name, body) => {
    const res = await create(body);
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json()).toMatchObject({ status: 400, code: "VALIDATION_FAILED" });
  });
});

describe("GET /documents", () => {
  it("answers an unknown or malformed id with a 404 problem", async () => {
    for (const id of ["doc_00000000000000000000", "../../etc/passwd", "x"]) {
      const res = await app.inject({ method: "GET", url: `/documents/${encodeURIComponent(id)}` });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: "NOT_FOUND" });
    }
  });

  it("pages through the documents with a cursor", async () => {
    for (let i = 0; i < 5; i++) await create({ filename: `page-${i}.txt` });
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const res = await app.inject({
        method: "GET",
        url: `/documents?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      });
      expect(res.statusCode).toBe(200);
      const page = res.json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      for (const item of page.items) seen.add(item.documentId);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBeGreaterThanOrEqual(6);
    const bad = await app.inject({ method: "GET", url: "/documents?limit=1000" });
    expect(bad.statusCode).toBe(400);
  });
});

describe("DELETE /documents/{id}", () => {
  it("accepts a delete for a known document and 404s an unknown one", async () => {
    const { documentId } = (await create({ filename: "gone.txt" })).json();
    expect((await app.inject({ method: "DELETE", url: `/documents/${documentId}` })).statusCode).toBe(202);
    expect((await app.inject({ method: "DELETE", url: "/documents/doc_00000000000000000000" })).statusCode).toBe(404);
  });
});

describe("POST /search", () => {
  it("validates the request", async () => {
    for (const payload of [
      {},
      { query: "" },
      { query: "x", k: 0 },
      { query: "x", k: 101 },
      { query: "x", mode: "fuzzy" },
    ]) {
      const res = await app.inject({ method: "POST", url: "/search", payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe("VALIDATION_FAILED");
    }
  });

  it("answers an empty index with no results", async () => {
    const res = await app.inject({ method: "POST", url: "/search", payload: { query: "anything at all" } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mode: "hybrid", results: [] });
  });
});

describe("pre-signed upload refusals", () => {
  async function presigned(contentType = "text/plain") {
    const { upload } = (await create({ filename: "u.txt", contentType })).json();
    return new URL(upload.url);
  }
  const put = (url: URL, body: string, contentType = "text/plain") =>
    app.inject({
      method: "PUT",
      url: url.pathname + url.search,
      payload: body,
      headers: { "content-type": contentType },
    });

  it("accepts the signed request", async () => {
    expect((await put(await presigned(), "hello")).statusCode).toBe(200);
  });

  it("stores a JSON upload as bytes rather than parsing it", async () => {
    const body = '{"a": [1, 2, 3]}';
    const url = await presigned("application/json");
    expect((await put(url, body, "application/json")).statusCode).toBe(200);
    const key = decodeURIComponent(url.pathname.replace("/uploads/raw-input/", ""));
    const stored = await runtime.deps.blobs.get({ bucket: "raw-input", key });
    expect(new TextDecoder().decode(stored?.body)).toBe(body);
  });

  it("refuses a tampered signature", async () => {
    const url = await presigned();
    const signature = url.searchParams.get("X-Docworker-Signature") ?? "";
    url.searchParams.set(
      "X-Docworker-Signature",
      signature.replace(/^./, (c) => (c === "a" ? "b" : "a")),
    );
    const res = await put(url, "hello");
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("SIGNATURE_INVALID");
  });

  it("refuses a key the URL was not signed for", async () => {
    const url = await presigned();
    url.pathname = url.pathname.replace("u.txt", "other.txt");
    expect((await put(url, "hello")).json().code).toBe("SIGNATURE_INVALID");
  });

  it("refuses another content type", async () => {
    const res = await put(await presigned(), "hello", "application/pdf");
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("CONTENT_TYPE_MISMATCH");
  });

  it("refuses a body over the size limit", async () => {
    const res = await put(await presigned(), "x".repeat(2000));
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe("TOO_LARGE");
  });
});
