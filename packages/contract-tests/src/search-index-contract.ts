import type { IndexedDocument, SearchFilters, SearchIndex } from "@docworker/core";
import { describe, expect, it } from "vitest";
import { type AdapterFactory, useAdapter } from "./adapter-factory.ts";
import { testChunk, unitVector } from "./index-fixtures.ts";

/** Unit vectors in 4 dimensions, so the expected cosine scores are obvious. */
const unit = unitVector;

const A = "tenant-a";
const B = "tenant-b";

const REPORT: IndexedDocument = {
  tenantId: A,
  documentId: "doc_aaaaaaaaaaaaaaaa01",
  version: "v1",
  filename: "alpha-report.pdf",
  contentType: "application/pdf",
  createdAt: "2024-01-10T00:00:00.000Z",
  metadata: { team: "blue", year: "2024" },
};
const NOTES: IndexedDocument = {
  tenantId: A,
  documentId: "doc_aaaaaaaaaaaaaaaa02",
  version: "v1",
  filename: "beta-notes.txt",
  contentType: "text/plain",
  createdAt: "2024-03-05T00:00:00.000Z",
  metadata: { team: "red" },
};
/** Tenant B holds a document with the same id as one of A's, and words A searches for. */
const SECRET: IndexedDocument = {
  tenantId: B,
  documentId: REPORT.documentId,
  version: "v1",
  filename: "alpha-secret.pdf",
  contentType: "application/pdf",
  createdAt: "2024-02-01T00:00:00.000Z",
  metadata: { team: "blue", year: "2024" },
};

function chunk(document: IndexedDocument, ordinal: number, text: string, vector: Float32Array, page?: number) {
  return testChunk(document, ordinal, text, vector, {
    headingPath: ["Section", `Part ${ordinal}`],
    ...(page === undefined ? {} : { page }),
  });
}

const REPORT_CHUNKS = [
  chunk(REPORT, 0, "Quarterly revenue grew strongly in Europe", unit(1, 0, 0, 0), 1),
  // Read from a scanned page: the hit says so, with the recognizer's confidence.
  {
    ...chunk(REPORT, 1, "Employees enjoyed the annual summer picnic", unit(0, 1, 0, 0), 3),
    recognizedConfidence: 0.875,
  },
];
const NOTES_CHUNKS = [chunk(NOTES, 0, "Revenue forecast for Asia next year", unit(0.8, 0.6, 0, 0))];
const SECRET_CHUNKS = [chunk(SECRET, 0, "Secret revenue plans and the picnic budget", unit(1, 0, 0, 0))];

/** SearchIndex: BM25 and vector search with the tenant and the filters applied before ranking. */
export function describeSearchIndexContract(name: string, factory: AdapterFactory<SearchIndex>): void {
  describe(`SearchIndex contract: ${name}`, () => {
    const index = useAdapter(factory);

    async function seed(): Promise<void> {
      await index().replaceDocument(REPORT, REPORT_CHUNKS);
      await index().replaceDocument(NOTES, NOTES_CHUNKS);
      await index().replaceDocument(SECRET, SECRET_CHUNKS);
    }
    const keyword = (text: string, filters: SearchFilters = {}, k = 10, tenantId = A) =>
      index().keywordSearch({ tenantId, k, filters, text });
    const vector = (v: Float32Array, filters: SearchFilters = {}, k = 10, tenantId = A) =>
      index().vectorSearch({ tenantId, k, filters, vector: v });
    const ids = (hits: { chunkId: string }[]) => hits.map((h) => h.chunkId);

    describe("keyword search", () => {
      it("finds the tenant's chunks that contain the words, best first, with positive scores", async () => {
        await seed();
        const hits = await keyword("revenue");
        expect(ids(hits).sort()).toEqual([REPORT_CHUNKS[0]?.chunkId, NOTES_CHUNKS[0]?.chunkId].sort());
        for (const hit of hits) expect(hit.score).toBeGreaterThan(0);
        for (let i = 1; i < hits.length; i++) expect(hits[i - 1]?.score).toBeGreaterThanOrEqual(hits[i]?.score ?? 0);
      });

      it("ranks a chunk matching more of the query words higher", async () => {
        await seed();
        const hits = await keyword("revenue Europe");
        expect(hits[0]?.chunkId).toBe(REPORT_CHUNKS[0]?.chunkId);
      });

      it("returns every field of a hit", async () => {
        await seed();
        const [hit] = await keyword("picnic");
        expect(hit).toEqual({
          documentId: REPORT.documentId,
          chunkId: REPORT_CHUNKS[1]?.chunkId,
          score: expect.any(Number),
          text: REPORT_CHUNKS[1]?.text,
          pageStart: 3,
          pageEnd: 4,
          headingPath: ["Section", "Part 1"],
          filename: "alpha-report.pdf",
          contentType: "application/pdf",
          metadata: { team: "blue", year: "2024" },
          recognizedConfidence: 0.875,
        });
        const [typed] = await keyword("Quarterly");
        expect(typed?.recognizedConfidence).toBeUndefined();
      });

      it("treats query syntax and punctuation in user text as plain words", async () => {
        await seed();
        for (const text of [
          'revenue" OR',
          "-revenue",
          "revenue AND (",
          "NEAR(revenue",
          "revenue*",
          "'",
          '"',
          "(",
          "a:b",
          "^x",
        ]) {
          await expect(keyword(text)).resolves.toBeInstanceOf(Array);
        }
        expect(ids(await keyword('"revenue" AND Europe!'))).toContain(REPORT_CHUNKS[0]?.chunkId);
      });

      it("returns nothing for words no chunk contains, or for no words", async () => {
        await seed();
        expect(await keyword("xylophone")).toEqual([]);
        expect(await keyword("   ")).toEqual([]);
      });

      it("returns at most k hits", async () => {
        await seed();
        expect(await keyword("revenue", {}, 1)).toHaveLength(1);
      });
    });

    describe("vector search", () => {
      it("ranks by cosine similarity", async () => {
        await seed();
        const hits = await vector(unit(1, 0, 0, 0));
        expect(ids(hits)).toEqual([REPORT_CHUNKS[0]?.chunkId, NOTES_CHUNKS[0]?.chunkId, REPORT_CHUNKS[1]?.chunkId]);
        expect(hits[0]?.score).toBeCloseTo(1, 4);
        expect(hits[1]?.score).toBeCloseTo(0.8, 4);
        expect(hits[2]?.score).toBeCloseTo(0, 4);
      });

      it("returns at most k hits", async () => {
        await seed();
        expect(ids(await vector(unit(1, 0, 0, 0), {}, 2))).toEqual([
          REPORT_CHUNKS[0]?.chunkId,
          NOTES_CHUNKS[0]?.chunkId,
        ]);
      });

      it("applies filters before the top-k cut", async () => {
        await seed();
        const hits = await vector(unit(1, 0, 0, 0), { contentType: ["text/plain"] }, 1);
        expect(ids(hits)).toEqual([NOTES_CHUNKS[0]?.chunkId]);
      });
    });

    describe("filters (both modes)", () => {
      const cases: [string, SearchFilters, IndexedDocument[]][] = [
        ["content type in a list", { contentType: ["text/plain", "text/markdown"] }, [NOTES]],
        ["filename prefix", { filenamePrefix: "alpha" }, [REPORT]],
        ["created on or after (inclusive)", { createdAfter: "2024-03-05T00:00:00.000Z" }, [NOTES]],
        ["created before (exclusive)", { createdBefore: "2024-03-05T00:00:00.000Z" }, [REPORT]],
        [
          "a created range",
          { createdAfter: "2024-01-01T00:00:00Z", createdBefore: "2024-12-31T00:00:00Z" },
          [REPORT, NOTES],
        ],
        ["one metadata pair", { metadata: { team: "red" } }, [NOTES]],
        ["all metadata pairs", { metadata: { team: "blue", year: "2024" } }, [REPORT]],
        ["metadata pairs of which one fails", { metadata: { team: "blue", year: "2025" } }, []],
        ["filters combined", { contentType: ["application/pdf"], metadata: { team: "red" } }, []],
        ["no filters", {}, [REPORT, NOTES]],
      ];
      const chunksOf = (document: IndexedDocument) => (document === REPORT ? REPORT_CHUNKS : NOTES_CHUNKS);
      for (const [label, filters, documents] of cases) {
        it(`keyword: ${label}`, async () => {
          await seed();
          const expected = documents.map((d) => chunksOf(d)[0]?.chunkId);
          expect(ids(await keyword("revenue", filters)).sort()).toEqual(expected.sort());
        });
        it(`vector: ${label}`, async () => {
          await seed();
          const expected = documents.flatMap((d) => ids(chunksOf(d)));
          expect(ids(await vector(unit(1, 0.1, 0, 0), filters)).sort()).toEqual(expected.sort());
        });
      }
    });

    describe("tenants", () => {
      it("never returns another tenant's chunks, whatever the query", async () => {
        await seed();
        for (const hits of [await keyword("secret revenue picnic budget"), await vector(unit(1, 0, 0, 0), {}, 100)]) {
          expect(hits.length).toBeGreaterThan(0);
          for (const hit of hits) expect([hit.filename, hit.text]).not.toContain(SECRET.filename);
          for (const hit of hits) expect(hit.text).not.toBe(SECRET_CHUNKS[0]?.text);
        }
        expect(await keyword("secret")).toEqual([]);
        const theirs = await keyword("secret", {}, 10, B);
        expect(theirs.map((h) => h.filename)).toEqual(["alpha-secret.pdf"]);
      });

      it("keeps documents with the same id in different tenants apart", async () => {
        await seed();
        await index().replaceDocument(REPORT, [chunk(REPORT, 0, "Only dolphins now", unit(0, 0, 1, 0))]);
        expect(await index().countChunks(B, SECRET.documentId)).toBe(1);
        expect((await keyword("secret", {}, 10, B)).map((h) => h.filename)).toEqual(["alpha-secret.pdf"]);
        await index().deleteDocument(A, REPORT.documentId);
        expect(await index().countChunks(B, SECRET.documentId)).toBe(1);
      });
    });

    describe("writes", () => {
      it("removes only the chunks of other versions, and nothing when the version is current", async () => {
        await seed();
        expect(await index().deleteOtherVersions(A, REPORT.documentId, REPORT.version)).toBe(0);
        expect(await index().countChunks(A, REPORT.documentId)).toBe(2);
        expect(await index().deleteOtherVersions(A, REPORT.documentId, "a-newer-version")).toBe(2);
        expect(await index().countChunks(A, REPORT.documentId)).toBe(0);
        expect(await index().countChunks(A, NOTES.documentId)).toBe(1);
        expect(await index().deleteOtherVersions(A, "doc_ffffffffffffffff99", "v1")).toBe(0);
      });

      it("replaces all of a document's chunks: afterwards only the new ones are found", async () => {
        await seed();
        expect(await index().countChunks(A, REPORT.documentId)).toBe(2);
        const replacement = chunk(REPORT, 0, "Completely different content about dolphins", unit(0, 0, 1, 0));
        await index().replaceDocument({ ...REPORT, version: "v2" }, [replacement]);
        expect(await index().countChunks(A, REPORT.documentId)).toBe(1);
        expect(await keyword("picnic")).toEqual([]);
        expect(ids(await keyword("dolphins"))).toEqual([replacement.chunkId]);
        const hits = await vector(unit(0, 1, 0, 0));
        expect(hits.map((h) => h.text)).not.toContain(REPORT_CHUNKS[1]?.text);
      });

      it("updates document fields on replace, so filters see the new ones", async () => {
        await seed();
        await index().replaceDocument({ ...REPORT, metadata: { team: "green" } }, REPORT_CHUNKS);
        expect(await keyword("picnic", { metadata: { team: "blue" } })).toEqual([]);
        expect(ids(await keyword("picnic", { metadata: { team: "green" } }))).toEqual([REPORT_CHUNKS[1]?.chunkId]);
      });

      it("deletes a document's chunks from both searches", async () => {
        await seed();
        await index().deleteDocument(A, REPORT.documentId);
        expect(await index().countChunks(A, REPORT.documentId)).toBe(0);
        expect(await keyword("picnic")).toEqual([]);
        expect(ids(await vector(unit(1, 0, 0, 0)))).toEqual([NOTES_CHUNKS[0]?.chunkId]);
      });

      it("treats deleting an unknown document as success and counts it as empty", async () => {
        await expect(index().deleteDocument(A, "doc_ffffffffffffffff99")).resolves.toBeUndefined();
        expect(await index().countChunks(A, "doc_ffffffffffffffff99")).toBe(0);
      });

      it("accepts a document with no chunks", async () => {
        await index().replaceDocument(NOTES, []);
        expect(await index().countChunks(A, NOTES.documentId)).toBe(0);
        expect(await keyword("revenue")).toEqual([]);
      });
    });

    describe("listing documents", () => {
      it("lists every tenant's documents once, page by page, and none without chunks", async () => {
        await seed();
        const extra: IndexedDocument = { ...NOTES, documentId: "doc_aaaaaaaaaaaaaaaa03" };
        await index().replaceDocument(extra, []);
        // Replacing keeps a document's place: it is not listed twice.
        await index().replaceDocument({ ...REPORT, version: "v2" }, REPORT_CHUNKS);
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await index().listDocuments({ limit: 2, ...(cursor ? { cursor } : {}) });
          expect(page.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.items.map((item) => `${item.tenantId}/${item.documentId}`));
          cursor = page.nextCursor;
          pages++;
        } while (cursor && pages < 10);
        expect(seen.sort()).toEqual(
          [`${A}/${REPORT.documentId}`, `${A}/${NOTES.documentId}`, `${B}/${SECRET.documentId}`].sort(),
        );
      });

      it("lists nothing in an empty index", async () => {
        expect(await index().listDocuments({ limit: 10 })).toEqual({ items: [] });
      });
    });
  });
}
