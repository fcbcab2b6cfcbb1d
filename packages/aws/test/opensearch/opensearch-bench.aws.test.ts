import type { IndexedChunk, IndexedDocument } from "@docworker/core";
import { describe, expect, it } from "vitest";
import { createTestIndex, emulatedOpenSearchUrl } from "./opensearch-fixture.ts";

/**
 * Indexing rate and query latency on the emulated node; numbers are printed, never asserted.
 * Opt-in: DOCWORKER_OPENSEARCH_BENCH=1 npx vitest run packages/aws/test/opensearch/opensearch-bench.aws.test.ts
 */
const DIMENSION = 256;
const DOCUMENTS = 20;
const CHUNKS_PER_DOCUMENT = 500;
const QUERIES = 50;
/** DOCWORKER_OPENSEARCH_BENCH_TENANTS (1): the chunks are spread over this many tenants. */
const TENANTS = Number(process.env.DOCWORKER_OPENSEARCH_BENCH_TENANTS ?? 1);

describe.skipIf(!process.env.DOCWORKER_OPENSEARCH_BENCH)("OpenSearchIndex bench (emulated node)", () => {
  it(`indexes ${DOCUMENTS * CHUNKS_PER_DOCUMENT} chunks of ${DIMENSION} dimensions and queries them`, async () => {
    const test = await createTestIndex(await emulatedOpenSearchUrl(), { dimension: DIMENSION });
    try {
      const random = seeded(42);
      const vocabulary = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
      const word = () => vocabulary[Math.floor(vocabulary.length * random() ** 3)] ?? "w0";
      const vector = () => Float32Array.from({ length: DIMENSION }, () => random() * 2 - 1);
      const documents = Array.from({ length: DOCUMENTS }, (_, d) => {
        const document: IndexedDocument = {
          tenantId: `tenant-${d % TENANTS}`,
          documentId: `doc_bench${d.toString().padStart(12, "0")}`,
          version: "v1",
          filename: `file-${d}.pdf`,
          contentType: d % 2 ? "application/pdf" : "text/plain",
          createdAt: new Date(Date.UTC(2024, 0, 1 + d)).toISOString(),
          metadata: { team: d % 3 ? "blue" : "red", year: "2024" },
        };
        const chunks: IndexedChunk[] = Array.from({ length: CHUNKS_PER_DOCUMENT }, (_, i) => ({
          chunkId: `${document.documentId}:${i}`,
          documentId: document.documentId,
          ordinal: i,
          text: Array.from({ length: 120 }, word).join(" "),
          headingPath: ["Bench", `Part ${i % 10}`],
          tokenCount: 120,
          vector: vector(),
        }));
        return { document, chunks };
      });

      const started = performance.now();
      for (const { document, chunks } of documents) await test.index.replaceDocument(document, chunks);
      const indexMs = performance.now() - started;
      await test.refresh();
      const total = DOCUMENTS * CHUNKS_PER_DOCUMENT;
      expect(
        await test.index.countChunks(documents[0]?.document.tenantId ?? "", documents[0]?.document.documentId ?? ""),
      ).toBe(CHUNKS_PER_DOCUMENT);

      const timings: Record<string, number[]> = {};
      const time = async (name: string, run: () => Promise<unknown>) => {
        const t = performance.now();
        await run();
        timings[name] = [...(timings[name] ?? []), performance.now() - t];
      };
      for (let q = 0; q < QUERIES; q++) {
        const tenantId = `tenant-${q % TENANTS}`;
        const text = `${word()} ${word()} ${word()}`;
        const v = vector();
        await time("keyword k=10", () => test.index.keywordSearch({ tenantId, k: 10, filters: {}, text }));
        await time("keyword k=10 + filters", () =>
          test.index.keywordSearch({
            tenantId,
            k: 10,
            filters: { metadata: { team: "blue" }, filenamePrefix: "file-" },
            text,
          }),
        );
        await time("vector k=10", () => test.index.vectorSearch({ tenantId, k: 10, filters: {}, vector: v }));
        await time("vector k=100", () => test.index.vectorSearch({ tenantId, k: 100, filters: {}, vector: v }));
        await time("vector k=10 + filters", () =>
          test.index.vectorSearch({
            tenantId,
            k: 10,
            filters: { contentType: ["application/pdf"], metadata: { team: "blue" } },
            vector: v,
          }),
        );
        await time("countChunks", () =>
          test.index.countChunks(
            documents[q % DOCUMENTS]?.document.tenantId ?? "",
            `doc_bench${String(q % DOCUMENTS).padStart(12, "0")}`,
          ),
        );
      }
      const replaceStarted = performance.now();
      const first = documents[0];
      if (first) await test.index.replaceDocument({ ...first.document, version: "v2" }, first.chunks);
      const replaceMs = performance.now() - replaceStarted;

      const lines = [
        `indexed ${total} chunks (${DIMENSION}-dim, 120 words each) in ${(indexMs / 1000).toFixed(1)} s: ${Math.round(total / (indexMs / 1000))} chunks/s`,
        `replace of a ${CHUNKS_PER_DOCUMENT}-chunk document (find ids + index + delete): ${replaceMs.toFixed(0)} ms`,
        ...Object.entries(timings).map(([name, ms]) => {
          const sorted = [...ms].sort((a, b) => a - b);
          const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]?.toFixed(1);
          return `${name}: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms (${ms.length} queries, ${total / TENANTS} chunks per tenant)`;
        }),
      ];
      console.log(`OpenSearchIndex bench on the emulated node:\n  ${lines.join("\n  ")}`);
    } finally {
      await test.cleanup();
    }
  }, 600_000);
});

/** mulberry32: the same pseudo-random numbers on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
