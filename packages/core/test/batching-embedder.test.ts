import { describe, expect, it } from "vitest";
import { batchEmbeddings } from "../src/embedding/batching-embedder.ts";
import type { Embedder } from "../src/ports/embedder.ts";

/** An embedder that records each call; a text's vector is [its length, the call's number]. */
function recordingEmbedder(options: { failOn?: string; delayMs?: number } = {}) {
  const calls: string[][] = [];
  let active = 0;
  let maxActive = 0;
  const embedder: Embedder = {
    model: "recording",
    dimension: 2,
    kind: "lexical",
    async embedDocuments(texts) {
      calls.push(texts);
      const call = calls.length;
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, options.delayMs ?? 1));
      active--;
      if (options.failOn && texts.includes(options.failOn)) throw new Error(`cannot embed ${options.failOn}`);
      return { vectors: texts.map((t) => Float32Array.of(t.length, call)), tokens: texts.join("").length };
    },
    async embedQuery(text) {
      calls.push([`query:${text}`]);
      return { vectors: [Float32Array.of(text.length, 0)], tokens: 0 };
    },
  };
  return { embedder, calls, maxActive: () => maxActive };
}

describe("batchEmbeddings", () => {
  it("sends the texts of documents embedding at the same time in one call, each answered in its order", async () => {
    const inner = recordingEmbedder();
    const batched = batchEmbeddings(inner.embedder, { maxBatchSize: 32, maxWaitMs: 5 });
    const [a, b, c] = await Promise.all([
      batched.embedDocuments(["a", "bb"]),
      batched.embedDocuments(["ccc"]),
      batched.embedDocuments(["dddd", "eeeee", "f"]),
    ]);
    expect(inner.calls).toEqual([["a", "bb", "ccc", "dddd", "eeeee", "f"]]);
    expect(a?.vectors.map((v) => v[0])).toEqual([1, 2]);
    expect(b?.vectors.map((v) => v[0])).toEqual([3]);
    expect(c?.vectors.map((v) => v[0])).toEqual([4, 5, 1]);
    // The call's 16 billed tokens are shared by length: 3 + 3 + 10.
    expect([a?.tokens, b?.tokens, c?.tokens]).toEqual([3, 3, 10]);
  });

  it("never sends more than maxBatchSize texts in one call, and splits a large document", async () => {
    const inner = recordingEmbedder();
    const batched = batchEmbeddings(inner.embedder, { maxBatchSize: 4, maxWaitMs: 5 });
    const texts = Array.from({ length: 10 }, (_, i) => "x".repeat(i + 1));
    const result = await batched.embedDocuments(texts);
    expect(inner.calls.map((call) => call.length)).toEqual([4, 4, 2]);
    expect(result.vectors.map((v) => v[0])).toEqual(texts.map((t) => t.length));
  });

  it("keeps at most `concurrency` calls in flight and fills the next batch meanwhile", async () => {
    const inner = recordingEmbedder({ delayMs: 20 });
    const batched = batchEmbeddings(inner.embedder, { maxBatchSize: 8, maxWaitMs: 1, concurrency: 1 });
    const first = batched.embedDocuments(["a"]);
    await new Promise((r) => setTimeout(r, 5));
    // Arrive while the first call runs: they wait for the slot and go together.
    const later = await Promise.all([
      batched.embedDocuments(["b"]),
      batched.embedDocuments(["c"]),
      batched.embedDocuments(["d"]),
    ]);
    await first;
    expect(inner.maxActive()).toBe(1);
    expect(inner.calls).toEqual([["a"], ["b", "c", "d"]]);
    expect(later.map((r) => r.vectors[0]?.[1])).toEqual([2, 2, 2]);
  });

  it("fails only the document whose text the embedder rejects, with the embedder's error", async () => {
    const inner = recordingEmbedder({ failOn: "poison" });
    const batched = batchEmbeddings(inner.embedder, { maxBatchSize: 32, maxWaitMs: 5 });
    const results = await Promise.allSettled([
      batched.embedDocuments(["good", "also good"]),
      batched.embedDocuments(["fine", "poison"]),
      batched.embedDocuments(["ok"]),
    ]);
    expect(results[0]).toMatchObject({ status: "fulfilled" });
    expect(results[1]).toMatchObject({ status: "rejected", reason: { message: "cannot embed poison" } });
    expect(results[2]).toMatchObject({ status: "fulfilled" });
    if (results[0].status === "fulfilled") expect(results[0].value.vectors.map((v) => v[0])).toEqual([4, 9]);
    if (results[2].status === "fulfilled") expect(results[2].value.vectors.map((v) => v[0])).toEqual([2]);
  });

  it("answers queries at once, outside any batch", async () => {
    const inner = recordingEmbedder({ delayMs: 50 });
    const batched = batchEmbeddings(inner.embedder, { maxBatchSize: 32, maxWaitMs: 200 });
    const pendingDocument = batched.embedDocuments(["slow document"]);
    const query = await batched.embedQuery("q");
    expect(query.vectors[0]?.[0]).toBe(1);
    expect(inner.calls).toEqual([["query:q"]]);
    await pendingDocument;
  });

  it("embeds a text that several documents of one batch share once, and gives each its own vector", async () => {
    const inner = recordingEmbedder();
    const batched = batchEmbeddings(inner.embedder, { maxBatchSize: 32, maxWaitMs: 5, rememberTexts: 0 });
    const [a, b] = await Promise.all([batched.embedDocuments(["same", "x"]), batched.embedDocuments(["same"])]);
    expect(inner.calls).toEqual([["same", "x"]]);
    expect(a?.vectors[0]).toEqual(b?.vectors[0]);
    expect(a?.vectors[0]).not.toBe(b?.vectors[0]);
  });

  it("answers a text embedded a moment ago from memory, without a call, until it is pushed out", async () => {
    const inner = recordingEmbedder();
    const batched = batchEmbeddings(inner.embedder, { maxBatchSize: 32, maxWaitMs: 1, rememberTexts: 2 });
    const first = await batched.embedDocuments(["head and only chunk"]);
    first.vectors[0]?.fill(0); // a caller changing its vector changes nobody else's
    const again = await batched.embedDocuments(["head and only chunk"]);
    expect(inner.calls).toHaveLength(1);
    expect(again).toEqual({ vectors: [Float32Array.of(19, 1)], tokens: 0 });
    await batched.embedDocuments(["b"]);
    await batched.embedDocuments(["c"]);
    await batched.embedDocuments(["head and only chunk"]);
    expect(inner.calls).toEqual([["head and only chunk"], ["b"], ["c"], ["head and only chunk"]]);
  });

  it("remembers nothing with rememberTexts 0", async () => {
    const inner = recordingEmbedder();
    const batched = batchEmbeddings(inner.embedder, { maxBatchSize: 32, maxWaitMs: 1, rememberTexts: 0 });
    await batched.embedDocuments(["t"]);
    await batched.embedDocuments(["t"]);
    expect(inner.calls).toEqual([["t"], ["t"]]);
  });
});
