import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { DocworkerError } from "@docworker/core";
import { afterEach, describe, expect, it } from "vitest";
import { batches } from "../../src/opensearch/bulk-writes.ts";
import { metadataPair } from "../../src/opensearch/chunk-mapping.ts";
import { createOpenSearchClient } from "../../src/opensearch/opensearch-client.ts";
import { loadOpenSearchConfig } from "../../src/opensearch/opensearch-config.ts";
import { bulkFailureError, toDocworkerError } from "../../src/opensearch/opensearch-errors.ts";
import { RecentWrites } from "../../src/opensearch/recent-writes.ts";
import { filterClauses, innerProductFromScore, keywordQuery } from "../../src/opensearch/search-query.ts";
import { unitVector } from "../../src/opensearch/unit-vector.ts";

describe("loadOpenSearchConfig", () => {
  const dimension = { dimension: 256 };

  it("signs for aoss with the host's region for a Serverless endpoint", () => {
    const config = loadOpenSearchConfig({ OPENSEARCH_URL: "https://abc123.eu-west-1.aoss.amazonaws.com" }, dimension);
    expect(config).toMatchObject({ serverless: true, region: "eu-west-1", index: "docworker-chunks", dimension: 256 });
  });

  it("signs for es on a managed domain, preferring OPENSEARCH_REGION, then AWS_REGION", () => {
    const node = "https://search-docs-xyz.us-east-1.es.amazonaws.com";
    expect(loadOpenSearchConfig({ OPENSEARCH_URL: node, AWS_REGION: "us-west-2" }, dimension)).toMatchObject({
      serverless: false,
      region: "us-west-2",
    });
    expect(
      loadOpenSearchConfig(
        { OPENSEARCH_URL: node, AWS_REGION: "us-west-2", OPENSEARCH_REGION: "ap-south-1" },
        dimension,
      ).region,
    ).toBe("ap-south-1");
  });

  it("does not sign a plain node, even when AWS_REGION is set (the emulated stack sets it)", () => {
    const config = loadOpenSearchConfig(
      { OPENSEARCH_URL: "http://127.0.0.1:9200", AWS_REGION: "us-east-1", OPENSEARCH_INDEX: "chunks-v2" },
      dimension,
    );
    expect(config.region).toBeUndefined();
    expect(config).toMatchObject({ serverless: false, index: "chunks-v2", hnsw: { m: 16, efConstruction: 128 } });
  });

  it("lets OPENSEARCH_AUTH and OPENSEARCH_SERVERLESS override what the host suggests", () => {
    const config = loadOpenSearchConfig(
      {
        OPENSEARCH_URL: "https://proxy.internal",
        OPENSEARCH_AUTH: "sigv4",
        OPENSEARCH_SERVERLESS: "true",
        AWS_REGION: "us-east-1",
      },
      dimension,
    );
    expect(config).toMatchObject({ serverless: true, region: "us-east-1" });
  });

  it("rejects what cannot work", () => {
    expect(() => loadOpenSearchConfig({}, dimension)).toThrow(/OPENSEARCH_URL/);
    expect(() => loadOpenSearchConfig({ OPENSEARCH_URL: "not a url" }, dimension)).toThrow(/not a URL/);
    expect(() => loadOpenSearchConfig({ OPENSEARCH_URL: "http://x", OPENSEARCH_SERVERLESS: "yes" }, dimension)).toThrow(
      /OPENSEARCH_SERVERLESS/,
    );
    expect(() => loadOpenSearchConfig({ OPENSEARCH_URL: "http://x", OPENSEARCH_AUTH: "sigv4" }, dimension)).toThrow(
      /REGION/,
    );
    expect(() => loadOpenSearchConfig({ OPENSEARCH_URL: "http://x", OPENSEARCH_INDEX: "Chunks" }, dimension)).toThrow(
      /OPENSEARCH_INDEX/,
    );
    expect(() => loadOpenSearchConfig({ OPENSEARCH_URL: "http://x" }, { dimension: 0 })).toThrow(/dimension/);
  });
});

describe("createOpenSearchClient", () => {
  const saved = { ...process.env };
  let close: (() => void) | undefined;
  afterEach(() => {
    close?.();
    process.env = { ...saved };
  });

  async function capture(): Promise<{ url: string; headers: IncomingHttpHeaders[] }> {
    const headers: IncomingHttpHeaders[] = [];
    const server = createServer((request, response) => {
      headers.push(request.headers);
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ count: 0 }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    close = () => server.close();
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, headers };
  }

  it("SigV4-signs every request for service aoss (Serverless) or es (managed) with the default credentials", async () => {
    process.env.AWS_ACCESS_KEY_ID = "AKIDEXAMPLE";
    process.env.AWS_SECRET_ACCESS_KEY = "secret";
    const { url, headers } = await capture();
    await createOpenSearchClient({ node: url, serverless: true, region: "eu-west-1" }).count({ index: "i" });
    await createOpenSearchClient({ node: url, serverless: false, region: "eu-west-1" }).count({ index: "i" });
    expect(headers[0]?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/aoss\/aws4_request/,
    );
    expect(headers[0]?.["x-amz-content-sha256"]).toBeDefined();
    expect(headers[1]?.authorization).toMatch(/\/eu-west-1\/es\/aws4_request/);
  });

  it("sends no signature to a plain node", async () => {
    const { url, headers } = await capture();
    await createOpenSearchClient({ node: url, serverless: false }).count({ index: "i" });
    expect(headers[0]?.authorization).toBeUndefined();
  });
});

describe("bulk error mapping", () => {
  it("is retryable for throttling and server errors alone", () => {
    expect(bulkFailureError("op", [{ status: 429 }, { status: 429 }])).toMatchObject({
      code: "THROTTLED",
      retryable: true,
    });
    expect(
      bulkFailureError("op", [{ status: 429 }, { status: 503, type: "unavailable_shards_exception" }]),
    ).toMatchObject({
      code: "DEPENDENCY_UNAVAILABLE",
      retryable: true,
    });
  });

  it("is deterministic as soon as one item was rejected, and names that item", () => {
    const error = bulkFailureError("op", [
      { status: 503 },
      { status: 400, type: "mapper_parsing_exception", reason: "failed to parse field [vector]" },
    ]);
    expect(error).toMatchObject({ code: "INTERNAL", retryable: false });
    expect(error?.message).toMatch(/2 bulk item\(s\) failed; first: HTTP 400 mapper_parsing_exception/);
    expect(bulkFailureError("op", [])).toBeUndefined();
  });

  it("maps client errors by status and kind", () => {
    const response = (statusCode: number, type = "x") => ({
      name: "ResponseError",
      statusCode,
      body: { error: { type } },
    });
    expect(toDocworkerError(response(429), "op")).toMatchObject({ code: "THROTTLED", retryable: true });
    expect(toDocworkerError(response(503), "op")).toMatchObject({ code: "DEPENDENCY_UNAVAILABLE", retryable: true });
    expect(toDocworkerError({ name: "ConnectionError", message: "ECONNREFUSED" }, "op")).toMatchObject({
      code: "DEPENDENCY_UNAVAILABLE",
    });
    expect(toDocworkerError({ name: "TimeoutError", message: "Request timed out" }, "op")).toMatchObject({
      code: "TIMEOUT",
    });
    expect(toDocworkerError(response(400, "parsing_exception"), "op")).toMatchObject({ retryable: false });
    expect(toDocworkerError(response(403, "security_exception"), "op")).toMatchObject({
      code: "INTERNAL",
      retryable: true,
    });
    const original = new DocworkerError("EMPTY", "x");
    expect(toDocworkerError(original, "op")).toBe(original);
  });
});

describe("bulk batches", () => {
  it("cuts by document count and by bytes, and sends an oversized document alone", () => {
    const lines = ["a".repeat(10), "b".repeat(10), "c".repeat(10), "d".repeat(200), "e"];
    expect([...batches(lines, { maxDocs: 2, maxBytes: 1_000_000 })].map((b) => b.length)).toEqual([2, 2, 1]);
    expect([...batches(lines, { maxDocs: 100, maxBytes: 100 })].map((b) => b.length)).toEqual([2, 1, 1, 1]);
    expect([...batches([], { maxDocs: 2, maxBytes: 100 })]).toEqual([]);
  });
});

describe("query pieces", () => {
  it("maps faiss inner product scores back to the dot product", () => {
    for (const dot of [1, 0.8, 0, -0.5, -1]) {
      const score = dot >= 0 ? 1 + dot : 1 / (1 - dot);
      expect(innerProductFromScore(score)).toBeCloseTo(dot, 10);
    }
  });

  it("scales vectors to unit length and checks them", () => {
    expect(unitVector(Float32Array.from([3, 4]), 2, "v")).toEqual([0.6, 0.8]);
    expect(unitVector(Float32Array.from([0, 0]), 2, "v")).toEqual([0, 0]);
    expect(() => unitVector(Float32Array.from([1]), 2, "v")).toThrow(/1 dimensions; the index holds 2/);
    expect(() => unitVector(Float32Array.from([Number.POSITIVE_INFINITY, 0]), 2, "v")).toThrow(/finite/);
  });

  it("encodes metadata pairs so that '=' in a key cannot collide", () => {
    expect(metadataPair("team", "blue")).toBe("team=blue");
    expect(metadataPair("a=b", "c")).not.toBe(metadataPair("a", "b=c"));
    expect(metadataPair("a%3Db", "c")).not.toBe(metadataPair("a=b", "c"));
  });

  it("puts the tenant first and every filter into filter clauses", () => {
    expect(
      filterClauses("t", {
        contentType: ["text/plain"],
        filenamePrefix: "rep",
        createdAfter: "2024-01-01T00:00:00Z",
        createdBefore: "2024-02-01T00:00:00Z",
        metadata: { team: "blue" },
      }),
    ).toEqual([
      { term: { tenant_id: "t" } },
      { terms: { content_type: ["text/plain"] } },
      { prefix: { filename: { value: "rep" } } },
      { range: { created_at: { gte: 1704067200000, lt: 1706745600000, format: "epoch_millis" } } },
      { term: { metadata_pairs: "team=blue" } },
    ]);
    expect(filterClauses("t", { contentType: [] })).toEqual([{ term: { tenant_id: "t" } }]);
    expect(() => filterClauses("t", { createdAfter: "soon" })).toThrow(RangeError);
  });

  it("has no query for text without words, and caps the number of words", () => {
    expect(keywordQuery('  " ( * ', [])).toBeUndefined();
    const long = keywordQuery(Array.from({ length: 500 }, (_, i) => `w${i}`).join(" "), []);
    expect(JSON.stringify(long).match(/w\d+/g)?.length).toBe(64 * 3);
  });
});

describe("RecentWrites", () => {
  it("remembers ids per document until they expire, and forgets the oldest documents first", () => {
    let now = 0;
    const recent = new RecentWrites({ ttlMs: 100, maxDocuments: 2, now: () => now });
    recent.set("t", "d1", ["a"]);
    recent.set("t", "d2", ["b"]);
    expect(recent.get("t", "d1")).toEqual(["a"]);
    expect(recent.get("u", "d1")).toEqual([]);
    recent.set("t", "d3", ["c"]);
    expect(recent.get("t", "d1")).toEqual([]);
    now = 101;
    expect(recent.get("t", "d2")).toEqual([]);
    recent.set("t", "d3", []);
    expect(recent.get("t", "d3")).toEqual([]);
  });
});
