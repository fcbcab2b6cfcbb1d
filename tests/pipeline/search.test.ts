import { searchDocuments } from "@docworker/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, openHarness } from "../support/pipeline-harness.ts";

const documents = [
  {
    id: "doc_000000000000000000a1",
    name: "harbour.txt",
    text: "The harbour master logged every ship and every tide in Norwich.",
  },
  {
    id: "doc_000000000000000000a2",
    name: "budget.md",
    text: "# Budget\n\nThe lighthouse repairs cost more than planned this year.",
  },
  {
    id: "doc_000000000000000000a3",
    name: "hockey.csv",
    text: "team,year\nMontreal Canadiens,1993\nToronto Maple Leafs,1967",
  },
];

describe("search through the use case", () => {
  let h: Harness;
  const search = (query: string, mode: "keyword" | "vector" | "hybrid", filters = {}, tenantId = "acme") =>
    searchDocuments(
      { index: h.deps.index, embedder: h.deps.embedder, rrfK: 60 },
      { tenantId, query, k: 5, mode, filters },
    );

  beforeAll(async () => {
    h = await openHarness();
    for (const doc of documents) {
      const key = `tenants/acme/documents/${doc.id}/${doc.name}`;
      const { etag } = await h.putRaw(key, doc.text);
      await h.deliver(h.createdMessage(key, etag, h.nextSequencer()));
    }
  });
  afterAll(() => h.close());

  it.each(["keyword", "vector", "hybrid"] as const)("finds the right document in %s mode", async (mode) => {
    const { results } = await search("lighthouse repairs", mode);
    expect(results[0]?.documentId).toBe("doc_000000000000000000a2");
    expect(results[0]?.snippet).toContain("<mark>lighthouse</mark>");
    expect(results[0]?.headingPath).toEqual(["Budget"]);
  });

  it("filters inside the query: content type and filename prefix", async () => {
    const byType = await search("team year harbour lighthouse", "hybrid", { contentType: ["text/csv"] });
    expect(new Set(byType.results.map((r) => r.documentId))).toEqual(new Set(["doc_000000000000000000a3"]));
    const byName = await search("harbour lighthouse team", "keyword", { filenamePrefix: "harb" });
    expect(byName.results.map((r) => r.filename)).toEqual(["harbour.txt"]);
  });

  it("never returns another tenant's chunks", async () => {
    for (const mode of ["keyword", "vector", "hybrid"] as const) {
      expect((await search("lighthouse harbour hockey", mode, {}, "globex")).results).toEqual([]);
    }
  });
});
