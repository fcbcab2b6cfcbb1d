import {
  type Embedder,
  type IndexedDocument,
  type SearchResponse,
  searchDocuments,
  type VectorSpaceIndexes,
  type VectorSpacePointer,
  VectorSpaces,
  vectorSpaceOf,
  writeToIndexes,
} from "@docworker/core";
import { describe, expect, it } from "vitest";
import { type AdapterFactory, useAdapter } from "./adapter-factory.ts";
import { testChunk } from "./index-fixtures.ts";

export interface VectorSpacesUnderTest {
  pointer: VectorSpacePointer;
  indexes: VectorSpaceIndexes;
}

const TENANT = "tenant-spaces";

/**
 * A lexical test embedder over a fixed vocabulary: each dimension counts the words it lists, so
 * scores are predictable, and two embedders with different vocabularies give different ones.
 */
function vocabularyEmbedder(model: string, dimensions: string[][]): Embedder & { queries: number } {
  const embed = (text: string) => {
    const words = text.toLowerCase().split(/\W+/);
    const vector = Float32Array.from(dimensions, (dim) => words.filter((w) => dim.includes(w)).length + 0.05);
    const length = Math.hypot(...vector);
    return vector.map((v) => v / length);
  };
  const embedder = {
    model,
    dimension: dimensions.length,
    kind: "lexical" as const,
    queries: 0,
    embedDocuments: async (texts: string[]) => ({ vectors: texts.map(embed), tokens: 0 }),
    embedQuery: async (text: string) => {
      embedder.queries++;
      return { vectors: [embed(text)], tokens: 0 };
    },
  };
  return embedder;
}

const oldEmbedder = () =>
  vocabularyEmbedder("test-old-model", [["revenue"], ["picnic"], ["forecast"], ["budget", "plans"]]);
const newEmbedder = () =>
  vocabularyEmbedder("test-new-model", [["revenue", "forecast", "quarterly"], ["picnic", "summer"], ["budget"]]);

const DOCS: { document: IndexedDocument; text: string }[] = [
  "Quarterly revenue grew strongly in Europe",
  "Employees enjoyed the annual summer picnic",
  "Revenue forecast for Asia next year",
  "Secret budget plans and the picnic",
  "A forecast of picnic weather and revenue",
].map((text, i) => ({
  text,
  document: {
    tenantId: TENANT,
    documentId: `doc_spaces00000000000${i}`,
    version: "v1",
    filename: `doc-${i}.txt`,
    contentType: "text/plain",
    createdAt: "2024-01-10T00:00:00.000Z",
    metadata: {},
  },
}));

/**
 * VectorSpacePointer and VectorSpaceIndexes: one index per embedder, a pointer switched by
 * conditional writes, and searches that read one space only, before, during and after the switch.
 */
export function describeVectorSpacesContract(name: string, factory: AdapterFactory<VectorSpacesUnderTest>): void {
  describe(`vector spaces contract: ${name}`, () => {
    const adapters = useAdapter(factory);
    const A = vectorSpaceOf({ model: "test-old-model", dimension: 4 });
    const B = vectorSpaceOf({ model: "test-new-model", dimension: 3 });

    const spacesFor = (embedder: Embedder, other: Embedder) =>
      new VectorSpaces({
        ...adapters(),
        embedder,
        embedderFor: async (space) => (space.key === vectorSpaceOf(other).key ? other : embedder),
        // Every search reads the pointer: the switch is seen at once.
        searchStateTtlMs: 0,
      });

    async function write(spaces: VectorSpaces, doc: (typeof DOCS)[number]): Promise<void> {
      const targets = (await spaces.writeTargets()).map((t) => ({
        key: t.space.key,
        index: t.index,
        embedder: t.embedder,
      }));
      const chunk = testChunk(doc.document, 0, doc.text, new Float32Array(0));
      const embedded = new Map(
        await Promise.all(
          targets.map(async (t) => [t, (await t.embedder.embedDocuments([doc.text])).vectors] as const),
        ),
      );
      await writeToIndexes(
        { spaces, index: targets[0]?.index as never, embedder: targets[0]?.embedder as never },
        targets,
        doc.document,
        [chunk],
        embedded,
      );
    }

    const request = (mode: "vector" | "hybrid") => ({
      tenantId: TENANT,
      query: "revenue forecast picnic",
      k: 10,
      mode,
      filters: {},
    });
    const search = (spaces: VectorSpaces, mode: "vector" | "hybrid" = "vector") =>
      searchDocuments({ spaces, index: undefined as never, embedder: undefined as never, rrfK: 60 }, request(mode));
    /** The answer of one space's index alone, queried with its own embedder. */
    const searchSpace = (space: typeof A, embedder: Embedder, mode: "vector" | "hybrid" = "vector") =>
      searchDocuments(
        { index: adapters().indexes.index(space, { home: space.key === A.key }), embedder, rrfK: 60 },
        request(mode),
      );
    // Hits and scores, in a canonical order: ties may come back in either order.
    const answer = (response: SearchResponse) =>
      response.results
        .map((r) => `${r.documentId}:${r.score.toFixed(4)}`)
        .sort()
        .join(" ");

    it("records the first space as active and home, and keeps it whatever a later process names", async () => {
      const { pointer } = adapters();
      expect(await pointer.state(A)).toEqual({ active: A, home: A });
      expect(await pointer.state(B)).toEqual({ active: A, home: A });
    });

    it("switches only to the space being filled, once", async () => {
      const { pointer } = adapters();
      await pointer.state(A);
      await pointer.setNext(A);
      expect(await pointer.state(A)).toEqual({ active: A, home: A });
      expect(await pointer.activate(B)).toBe(false);
      await pointer.setNext(B);
      expect(await pointer.state(A)).toEqual({ active: A, next: B, home: A });
      const [first, second] = await Promise.all([pointer.activate(B), pointer.activate(B)]);
      expect([first, second].filter(Boolean)).toEqual([true]);
      expect(await pointer.state(A)).toEqual({ active: B, home: A });
      expect(await pointer.activate(B)).toBe(false);
    });

    it("keeps each space's chunks in an index of its own", async () => {
      const { pointer, indexes } = adapters();
      await pointer.state(A);
      await indexes.create(A, { home: true });
      await indexes.create(B, { home: false });
      const doc = DOCS[0] as (typeof DOCS)[number];
      await indexes
        .index(B, { home: false })
        .replaceDocument(doc.document, [
          testChunk(
            doc.document,
            0,
            doc.text,
            (await newEmbedder().embedDocuments([doc.text])).vectors[0] as Float32Array,
          ),
        ]);
      expect(await indexes.index(B, { home: false }).countChunks(TENANT, doc.document.documentId)).toBe(1);
      expect(await indexes.index(A, { home: true }).countChunks(TENANT, doc.document.documentId)).toBe(0);
    });

    it("a search during re-embedding reads the old space with the old embedder, never a mix; after the switch, the new one", async () => {
      const before = oldEmbedder();
      const after = newEmbedder();
      const old = spacesFor(before, after);
      await old.buildConfigured();
      for (const doc of DOCS) await write(old, doc);
      const expectedOld = answer(await searchSpace(A, oldEmbedder()));
      expect(answer(await search(old))).toBe(expectedOld);
      expect(expectedOld.split(" ")).toHaveLength(DOCS.length);

      // A process configured with the new embedder starts filling its space beside the old one.
      const changed = spacesFor(after, before);
      expect(await changed.buildConfigured()).toBe(true);
      expect((await changed.state()).next).toEqual(B);
      await write(changed, DOCS[0] as (typeof DOCS)[number]);
      await write(changed, DOCS[1] as (typeof DOCS)[number]);
      const queriesBefore = before.queries;
      expect(answer(await search(changed))).toBe(expectedOld);
      expect(answer(await search(changed, "hybrid"))).toBe(answer(await searchSpace(A, oldEmbedder(), "hybrid")));
      expect(before.queries).toBe(queriesBefore + 2);
      expect(after.queries).toBe(0);
      // What a search of the half-filled new space would give: not what the searches above gave.
      expect((await searchSpace(B, newEmbedder())).results).toHaveLength(2);

      // The rest re-embedded while searches keep running, then the switch: each search is wholly
      // the old answer or wholly the new one.
      const answers: string[] = [];
      let switching = true;
      const searching = (async () => {
        while (switching) {
          answers.push(answer(await search(changed)));
          // A search answered without I/O settles in microtasks alone; give the writes' turn of
          // the event loop its chance (a group commit flushes on the next one), as requests do.
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      for (const doc of DOCS.slice(2)) await write(changed, doc);
      expect(await changed.activate(B)).toBe(true);
      // The first search begun after the switch; one begun before it may still answer later.
      const firstAfterSwitch = answer(await search(changed));
      answers.push(firstAfterSwitch);
      switching = false;
      await searching;
      const expectedNew = answer(await searchSpace(B, newEmbedder()));
      expect(answer(await search(changed))).toBe(expectedNew);
      expect(expectedNew).not.toBe(expectedOld);
      expect(expectedNew.split(" ")).toHaveLength(DOCS.length);
      expect(after.queries).toBeGreaterThan(0);
      for (const seen of answers) expect([expectedOld, expectedNew]).toContain(seen);
      expect(firstAfterSwitch).toBe(expectedNew);
      // After the switch, writes go to the new space only.
      expect((await changed.writeTargets()).map((t) => t.space.key)).toEqual([B.key]);
    });
  });
}
