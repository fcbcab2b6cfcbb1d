import type { SearchFilters } from "@docworker/core";
import { DocworkerError } from "@docworker/core";
import { Client, type Types } from "@opensearch-project/opensearch";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { OpenSearchIndex } from "../../src/opensearch/index.ts";
import {
  createTestIndex,
  emulatedOpenSearchUrl,
  type TestIndex,
  testChunk,
  testDocument,
  unit,
} from "./opensearch-fixture.ts";

let url: string;
let current: TestIndex[] = [];
beforeAll(async () => {
  url = await emulatedOpenSearchUrl();
});
afterEach(async () => {
  await Promise.all(current.map((t) => t.cleanup()));
  current = [];
});

async function fresh(options: Parameters<typeof createTestIndex>[1] = {}): Promise<TestIndex> {
  const test = await createTestIndex(url, options);
  current.push(test);
  return test;
}

const query = (tenantId: string, filters: SearchFilters = {}, k = 100) => ({ tenantId, k, filters });
const texts = (hits: { text: string }[]) => hits.map((h) => h.text).sort();

describe("OpenSearchIndex writes", () => {
  it("never sends an _id when indexing (Serverless rejects them)", async () => {
    const client = new Client({ node: url });
    const requests: { method: string; path: string; body: string }[] = [];
    client.on("request", (_error, result) => {
      const params = result?.meta.request.params;
      if (params) requests.push({ method: params.method, path: params.path, body: String(params.body ?? "") });
    });
    const { index } = await fresh({ client, bulk: { maxDocs: 2 } });
    const doc = testDocument();
    const chunks = [0, 1, 2].map((i) => testChunk(doc, i, `chunk number ${i}`, unit(1, i, 0, 0)));
    await index.replaceDocument(doc, chunks);
    await index.replaceDocument(doc, chunks.slice(0, 1));

    const bulks = requests.filter((r) => r.path.endsWith("/_bulk"));
    const actions = bulks.flatMap((r) =>
      r.body
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, Record<string, unknown>>)
        .filter((line) => "index" in line || "create" in line || "delete" in line),
    );
    const writes = actions.filter((a) => a.index || a.create);
    expect(writes).toHaveLength(4);
    for (const write of writes) expect(write.index ?? write.create).not.toHaveProperty("_id");
    expect(actions.filter((a) => a.delete)).toHaveLength(3);
    for (const request of requests) {
      expect(request.path).not.toMatch(/\/_(doc|create|update)\//);
      expect(request.path).not.toMatch(/refresh/);
    }
  });

  it("leaves only the new chunks after a replace, across bulk batches and id pages", async () => {
    const { index, refresh } = await fresh({ bulk: { maxDocs: 2 }, idPageSize: 2 });
    const doc = testDocument();
    const first = [0, 1, 2, 3, 4].map((i) => testChunk(doc, i, `old walrus paragraph ${i}`, unit(1, 0, 0, i)));
    await index.replaceDocument(doc, first);
    await refresh();
    expect(await index.countChunks(doc.tenantId, doc.documentId)).toBe(5);

    const second = [0, 1, 2].map((i) => testChunk(doc, i, `new heron paragraph ${i}`, unit(0, 1, 0, i)));
    await index.replaceDocument({ ...doc, version: "v2" }, second);
    await refresh();
    expect(await index.countChunks(doc.tenantId, doc.documentId)).toBe(3);
    expect(await index.keywordSearch({ ...query("tenant-a"), text: "walrus" })).toEqual([]);
    expect(texts(await index.keywordSearch({ ...query("tenant-a"), text: "heron" }))).toEqual(
      texts(second.map((c) => ({ text: c.text }))),
    );
    expect(texts(await index.vectorSearch({ ...query("tenant-a"), vector: unit(1, 0, 0, 0) }))).toEqual(
      texts(second.map((c) => ({ text: c.text }))),
    );
  });

  it("finds this process's own writes that search cannot see yet (Serverless refresh lag)", async () => {
    const test = await fresh();
    // No refresh at all, as on Serverless where a write is searchable only after up to 60 s.
    await test.client.indices.putSettings({ index: test.name, body: { index: { refresh_interval: "-1" } } });
    const doc = testDocument();
    await test.index.replaceDocument(doc, [testChunk(doc, 0, "first", unit(1, 0, 0, 0))]);
    await test.index.replaceDocument(doc, [testChunk(doc, 0, "second", unit(1, 0, 0, 0))]);
    await test.refresh();
    expect(texts(await test.index.vectorSearch({ ...query("tenant-a"), vector: unit(1, 0, 0, 0) }))).toEqual([
      "second",
    ]);
    await test.index.replaceDocument(doc, [testChunk(doc, 0, "third", unit(1, 0, 0, 0))]);
    await test.index.deleteDocument(doc.tenantId, doc.documentId);
    await test.refresh();
    expect(await test.index.countChunks(doc.tenantId, doc.documentId)).toBe(0);
  });

  it("keeps the new chunks and hides stale copies when the delete of the old ones fails", async () => {
    const client = new Client({ node: url });
    let failDeletes = false;
    const realBulk = client.bulk.bind(client);
    // A bulk delete whose items come back 503, as under an overloaded Serverless collection.
    client.bulk = (async (params: { body: string[] }) => {
      const deletes = params.body.filter((line) => line.startsWith('{"delete"'));
      if (!failDeletes || deletes.length === 0) return realBulk(params as never);
      const item = { _index: "x", status: 503, error: { type: "unavailable_shards_exception", reason: "busy" } };
      return { body: { errors: true, took: 1, items: deletes.map(() => ({ delete: item })) } };
    }) as unknown as Client["bulk"];
    const { index, refresh } = await fresh({ client });
    const doc = testDocument();
    await index.replaceDocument(doc, [testChunk(doc, 0, "the old zebra text", unit(1, 0, 0, 0))]);
    await refresh();

    failDeletes = true;
    const failed = index.replaceDocument(doc, [testChunk(doc, 0, "the new zebra text", unit(1, 0, 0, 0))]);
    await expect(failed).rejects.toMatchObject({ code: "DEPENDENCY_UNAVAILABLE", retryable: true });
    await refresh();
    expect(await index.countChunks(doc.tenantId, doc.documentId)).toBe(2);
    // Both copies of chunk 0 are in the index; each search shows only the newer one.
    expect(texts(await index.keywordSearch({ ...query("tenant-a"), text: "zebra" }))).toEqual(["the new zebra text"]);
    expect(texts(await index.vectorSearch({ ...query("tenant-a"), vector: unit(1, 0, 0, 0) }))).toEqual([
      "the new zebra text",
    ]);

    failDeletes = false;
    await index.deleteDocument(doc.tenantId, doc.documentId);
    await refresh();
    expect(await index.countChunks(doc.tenantId, doc.documentId)).toBe(0);
  });

  it("rolls back the chunks already indexed when a later bulk batch is rejected", async () => {
    const client = new Client({ node: url });
    let batch = 0;
    let rejectSecondBatch = false;
    const realBulk = client.bulk.bind(client);
    client.bulk = (async (params: { body: string[] }) => {
      const writes = params.body.filter((line) => line.startsWith('{"index"'));
      if (!rejectSecondBatch || writes.length === 0 || ++batch < 2) return realBulk(params as never);
      const item = { _index: "x", status: 400, error: { type: "mapper_parsing_exception", reason: "bad field" } };
      return { body: { errors: true, took: 1, items: writes.map(() => ({ index: item })) } };
    }) as unknown as Client["bulk"];
    const { index, refresh } = await fresh({ client, bulk: { maxDocs: 2 } });
    const doc = testDocument();
    await index.replaceDocument(doc, [testChunk(doc, 0, "old otter", unit(1, 0, 0, 0))]);
    await refresh();

    rejectSecondBatch = true;
    const chunks = [0, 1, 2, 3].map((i) => testChunk(doc, i, `new otter ${i}`, unit(1, 0, 0, 0)));
    await expect(index.replaceDocument(doc, chunks)).rejects.toMatchObject({ code: "INTERNAL", retryable: false });
    await refresh();
    expect(texts(await index.keywordSearch({ ...query("tenant-a"), text: "otter" }))).toEqual(["old otter"]);
  });

  it("cannot find another process's writes before they are searchable (why deletes are repeated)", async () => {
    const test = await fresh();
    await test.client.indices.putSettings({ index: test.name, body: { index: { refresh_interval: "-1" } } });
    const writer = test.index;
    const deleter = new OpenSearchIndex(test.client, { index: test.name, dimension: 4 });
    const doc = testDocument();
    await writer.replaceDocument(doc, [testChunk(doc, 0, "lagging", unit(1, 0, 0, 0))]);
    await deleter.deleteDocument(doc.tenantId, doc.documentId);
    await test.refresh();
    expect(await deleter.countChunks(doc.tenantId, doc.documentId)).toBe(1);
    await deleter.deleteDocument(doc.tenantId, doc.documentId);
    await test.refresh();
    expect(await deleter.countChunks(doc.tenantId, doc.documentId)).toBe(0);
  });

  it("rejects a vector of the wrong dimension before sending anything, as not retryable", async () => {
    const { index, refresh } = await fresh();
    const doc = testDocument();
    await index.replaceDocument(doc, [testChunk(doc, 0, "kept", unit(1, 0, 0, 0))]);
    await refresh();
    const wrong = testChunk(doc, 0, "too long", Float32Array.from([1, 0, 0, 0, 0]));
    await expect(index.replaceDocument(doc, [wrong])).rejects.toMatchObject({ code: "INTERNAL", retryable: false });
    const nan = testChunk(doc, 0, "nan", Float32Array.from([Number.NaN, 0, 0, 0]));
    await expect(index.replaceDocument(doc, [nan])).rejects.toMatchObject({ retryable: false });
    await expect(index.replaceDocument({ ...doc, createdAt: "yesterday" }, [])).rejects.toMatchObject({
      retryable: false,
    });
    expect(await index.countChunks(doc.tenantId, doc.documentId)).toBe(1);
    await expect(index.vectorSearch({ ...query("tenant-a"), vector: unit(1, 0, 0) })).rejects.toThrow(RangeError);
  });

  it("maps a bulk item OpenSearch rejects (mapping error) to a deterministic error and rolls back", async () => {
    const test = await fresh({ bulk: { maxDocs: 1 } });
    // A second adapter that believes the index holds 8 dimensions: OpenSearch rejects its vectors.
    const wrong = new OpenSearchIndex(test.client, { index: test.name, dimension: 8 });
    await expect(wrong.ensureIndex()).rejects.toMatchObject({ code: "INTERNAL", retryable: false });
    const doc = testDocument();
    await test.index.replaceDocument(doc, [testChunk(doc, 0, "survivor", unit(1, 0, 0, 0))]);
    await test.refresh();

    const error = await wrong
      .replaceDocument(doc, [testChunk(doc, 0, "rejected", Float32Array.from([1, 0, 0, 0, 0, 0, 0, 0]))])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocworkerError);
    expect(error).toMatchObject({ code: "INTERNAL", retryable: false });
    expect((error as Error).message).toMatch(/HTTP 400 .*(mapper_parsing_exception|illegal_argument_exception)/);
    await test.refresh();
    expect(texts(await test.index.keywordSearch({ ...query("tenant-a"), text: "survivor rejected" }))).toEqual([
      "survivor",
    ]);
  });

  it("creates the index idempotently, also when called concurrently", async () => {
    const test = await fresh();
    const again = new OpenSearchIndex(test.client, { index: test.name, dimension: 4 });
    await Promise.all([again.ensureIndex(), again.ensureIndex(), test.index.ensureIndex()]);
    const other = new OpenSearchIndex(test.client, { index: `${test.name}-parallel`, dimension: 4 });
    current.push({ ...test, cleanup: () => test.client.indices.delete({ index: `${test.name}-parallel` }) as never });
    await Promise.all([other.ensureIndex(), other.ensureIndex(), other.ensureIndex()]);
    const mapping = await test.client.indices.getMapping({ index: test.name });
    const properties = (mapping.body[test.name]?.mappings?.properties ?? {}) as Record<
      string,
      Types.Common_Mapping.Property
    >;
    expect(properties.vector).toMatchObject({
      type: "knn_vector",
      dimension: 4,
      method: { engine: "faiss", name: "hnsw", space_type: "innerproduct" },
    });
    const settings = await test.client.indices.getSettings({ index: test.name });
    expect(settings.body[test.name]?.settings?.index?.knn).toBe("true");
  });
});

describe("OpenSearchIndex searches", () => {
  const A = testDocument({ tenantId: "tenant-a", filename: "alpha.txt", contentType: "text/plain" });
  const B = testDocument({ tenantId: "tenant-b", filename: "bravo.txt", contentType: "text/plain" });

  it("never shows tenant B's chunks to tenant A: keyword, vector and every filter", async () => {
    const { index, refresh } = await fresh();
    const meta = { team: "blue" };
    await index.replaceDocument({ ...A, metadata: meta }, [testChunk(A, 0, "shared words for A", unit(1, 0, 0, 0))]);
    await index.replaceDocument({ ...B, metadata: meta }, [testChunk(B, 0, "shared words for B", unit(1, 0, 0, 0))]);
    await refresh();
    const filterSets: SearchFilters[] = [
      {},
      { contentType: ["text/plain"] },
      { filenamePrefix: "b" },
      { createdAfter: "2000-01-01T00:00:00Z", createdBefore: "2100-01-01T00:00:00Z" },
      { metadata: meta },
    ];
    for (const filters of filterSets) {
      const keyword = await index.keywordSearch({ ...query("tenant-a", filters), text: "shared words B" });
      const vector = await index.vectorSearch({ ...query("tenant-a", filters), vector: unit(1, 0, 0, 0) });
      for (const hit of [...keyword, ...vector]) expect(hit.text).toBe("shared words for A");
      if (!filters.filenamePrefix) expect([keyword.length, vector.length]).toEqual([1, 1]);
    }
    expect(texts(await index.keywordSearch({ ...query("tenant-b"), text: "shared" }))).toEqual(["shared words for B"]);
    expect(await index.keywordSearch({ ...query("tenant-c"), text: "shared" })).toEqual([]);
    expect(await index.vectorSearch({ ...query("tenant-c"), vector: unit(1, 0, 0, 0) })).toEqual([]);
  });

  it("filters metadata by exact key and value: no prefixes, no case folding, '=' in keys kept apart", async () => {
    const { index, refresh } = await fresh();
    const docs: { id: string; metadata: Record<string, string> }[] = [
      { id: "doc_m1", metadata: { team: "blue" } },
      { id: "doc_m2", metadata: { team: "blue-green" } },
      { id: "doc_m3", metadata: { team: "Blue" } },
      { id: "doc_m4", metadata: { "a=b": "c" } },
      { id: "doc_m5", metadata: { a: "b=c" } },
      { id: "doc_m6", metadata: { "team.name": "blue", "": "" } },
    ];
    for (const { id, metadata } of docs) {
      const doc = testDocument({ documentId: id, metadata });
      await index.replaceDocument(doc, [testChunk(doc, 0, `marker ${id}`, unit(1, 0, 0, 0))]);
    }
    await refresh();
    const found = async (metadata: Record<string, string>) => {
      const keyword = await index.keywordSearch({ ...query("tenant-a", { metadata }), text: "marker" });
      const vector = await index.vectorSearch({ ...query("tenant-a", { metadata }), vector: unit(1, 0, 0, 0) });
      expect(vector.map((h) => h.documentId).sort()).toEqual(keyword.map((h) => h.documentId).sort());
      return keyword.map((h) => h.documentId).sort();
    };
    expect(await found({ team: "blue" })).toEqual(["doc_m1"]);
    expect(await found({ team: "Blue" })).toEqual(["doc_m3"]);
    expect(await found({ team: "blu" })).toEqual([]);
    expect(await found({ a: "b=c" })).toEqual(["doc_m5"]);
    expect(await found({ "a=b": "c" })).toEqual(["doc_m4"]);
    expect(await found({ "team.name": "blue" })).toEqual(["doc_m6"]);
    expect(await found({ "": "" })).toEqual(["doc_m6"]);
    expect(await found({ team: "blue", a: "b=c" })).toEqual([]);
    const [hit] = await index.keywordSearch({ ...query("tenant-a", { metadata: { a: "b=c" } }), text: "marker" });
    expect(hit?.metadata).toEqual({ a: "b=c" });
  });

  it("scores vectors by cosine whatever their length, negative similarities included", async () => {
    const { index, refresh } = await fresh();
    const doc = testDocument();
    await index.replaceDocument(doc, [
      testChunk(doc, 0, "same direction", Float32Array.from([3, 4, 0, 0])),
      testChunk(doc, 1, "opposite", Float32Array.from([-6, -8, 0, 0])),
      testChunk(doc, 2, "orthogonal", Float32Array.from([0, 0, 5, 0])),
      testChunk(doc, 3, "zero", Float32Array.from([0, 0, 0, 0])),
    ]);
    await refresh();
    const hits = await index.vectorSearch({ ...query("tenant-a"), vector: Float32Array.from([0.3, 0.4, 0, 0]) });
    const score = Object.fromEntries(hits.map((h) => [h.text, h.score]));
    expect(hits[0]?.text).toBe("same direction");
    expect(hits.at(-1)?.text).toBe("opposite");
    expect(score["same direction"]).toBeCloseTo(1, 5);
    expect(score.orthogonal).toBeCloseTo(0, 5);
    expect(score.zero).toBeCloseTo(0, 5);
    expect(score.opposite).toBeCloseTo(-1, 5);
  });

  it("ranks stems and exact forms by BM25 and returns nothing for stop words alone only if no chunk has them", async () => {
    const { index, refresh } = await fresh();
    const doc = testDocument();
    await index.replaceDocument(doc, [
      testChunk(doc, 0, "The runners were running quickly", unit(1, 0, 0, 0)),
      testChunk(doc, 1, "A runner runs", unit(1, 0, 0, 0)),
      testChunk(doc, 2, "Nothing related here", unit(1, 0, 0, 0)),
    ]);
    await refresh();
    const hits = await index.keywordSearch({ ...query("tenant-a"), text: "running" });
    expect(texts(hits)).toEqual(["A runner runs", "The runners were running quickly"].sort());
    expect(hits[0]?.text).toBe("The runners were running quickly");
    expect(texts(await index.keywordSearch({ ...query("tenant-a"), text: "the" }))).toEqual([
      "The runners were running quickly",
    ]);
    expect(await index.keywordSearch({ ...query("tenant-a", {}, 0), text: "running" })).toEqual([]);
  });
});
