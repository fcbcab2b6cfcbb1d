import { join } from "node:path";
import type { IndexedChunk, IndexedDocument } from "@docworker/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toFtsQuery } from "../src/fts-query.ts";
import { openSqliteDatabase, type SqliteDatabase, SqliteSearchIndex } from "../src/index.ts";
import { migrate } from "../src/sqlite-database.ts";
import { SEARCH_INDEX_SCHEMA } from "../src/sqlite-search-index.ts";
import { tempDir } from "./temp-dir.ts";

const DOC: IndexedDocument = {
  tenantId: "t1",
  documentId: "doc_0000000000000001",
  version: "v1",
  filename: "cv.txt",
  contentType: "text/plain",
  createdAt: "2024-05-01T10:00:00Z",
  metadata: {},
};

const chunk = (ordinal: number, text: string, vector: number[]): IndexedChunk => ({
  chunkId: `c${ordinal}`,
  documentId: DOC.documentId,
  ordinal,
  text,
  headingPath: [],
  tokenCount: 5,
  vector: Float32Array.from(vector),
});

describe("toFtsQuery", () => {
  it("quotes every word and ORs them", () => {
    expect(toFtsQuery("quarterly revenue")).toBe('"quarterly" OR "revenue"');
  });

  it("keeps query operators and quotes as plain text", () => {
    expect(toFtsQuery('say "hi" NEAR -x* OR')).toBe('"say" OR """hi""" OR "NEAR" OR "-x*"');
    expect(toFtsQuery("AND NOT")).toBe('"AND" OR "NOT"');
  });

  it("leaves out English stop words, as the OpenSearch english analyzer does, unless only they are there", () => {
    expect(toFtsQuery("The role of p53 in the cell, and its (regulation).")).toBe(
      '"role" OR "p53" OR "cell," OR "its" OR "(regulation)."',
    );
    expect(toFtsQuery("to be or not to be")).toBe('"to" OR "be" OR "or" OR "not"');
  });

  it("drops pieces without letters or digits, and says when nothing is left", () => {
    expect(toFtsQuery(' - " ( ) * ')).toBeUndefined();
    expect(toFtsQuery("")).toBeUndefined();
  });

  it("deduplicates and caps the number of terms", () => {
    expect(toFtsQuery("a a a")).toBe('"a"');
    expect(toFtsQuery(Array.from({ length: 200 }, (_, i) => `w${i}`).join(" "))?.split(" OR ")).toHaveLength(64);
  });
});

describe("SqliteSearchIndex", () => {
  let dir: string;
  let remove: () => void;
  let db: SqliteDatabase;
  let index: SqliteSearchIndex;

  beforeEach(() => {
    ({ dir, remove } = tempDir());
    db = openSqliteDatabase(join(dir, "docworker.db"));
    index = new SqliteSearchIndex(db);
  });
  afterEach(() => {
    db.close();
    remove();
  });

  const keyword = (text: string) => index.keywordSearch({ tenantId: "t1", k: 10, filters: {}, text });

  it("stems English words (Porter) and ignores accents", async () => {
    await index.replaceDocument(DOC, [
      chunk(0, "Forecasting revenues for the café", [1, 0]),
      chunk(1, "Curriculum vitae and résumé", [0, 1]),
    ]);
    expect((await keyword("forecast revenue")).map((h) => h.chunkId)).toEqual(["c0"]);
    expect((await keyword("cafe")).map((h) => h.chunkId)).toEqual(["c0"]);
    expect((await keyword("RESUME")).map((h) => h.chunkId)).toEqual(["c1"]);
  });

  it("matches a hyphenated word as a phrase", async () => {
    await index.replaceDocument(DOC, [
      chunk(0, "Send an e-mail to the team", [1, 0]),
      chunk(1, "mail the e form", [0, 1]),
    ]);
    expect((await keyword("e-mail")).map((h) => h.chunkId)).toEqual(["c0"]);
  });

  it("sees another connection's writes in vector search (the cache follows the generation)", async () => {
    await index.replaceDocument(DOC, [chunk(0, "first", [1, 0])]);
    const search = () => index.vectorSearch({ tenantId: "t1", k: 10, filters: {}, vector: Float32Array.from([0, 1]) });
    expect((await search()).map((h) => h.chunkId)).toEqual(["c0"]);
    const otherDb = openSqliteDatabase(join(dir, "docworker.db"));
    try {
      const otherProcess = new SqliteSearchIndex(otherDb);
      await otherProcess.replaceDocument(DOC, [chunk(5, "second", [0, 1]), chunk(6, "third", [1, 0])]);
      expect((await search()).map((h) => h.chunkId)).toEqual(["c5", "c6"]);
      await otherProcess.deleteDocument("t1", DOC.documentId);
      expect(await search()).toEqual([]);
    } finally {
      otherDb.close();
    }
  });

  it("keeps a database written before the tenant moved into the keyword index searchable, per tenant", async () => {
    const oldDir = tempDir();
    const oldDb = openSqliteDatabase(join(oldDir.dir, "docworker.db"));
    try {
      migrate(oldDb, "search-index", SEARCH_INDEX_SCHEMA.slice(0, 1));
      const docRow = (tenant: string, id: number) =>
        oldDb
          .prepare(
            `INSERT INTO search_documents (id, tenant_id, document_id, version, filename, content_type, created_at, created_ms, metadata)
             VALUES (?, ?, 'd', '1', 'f.txt', 'text/plain', '2026-01-01T00:00:00Z', 0, '{}')`,
          )
          .run(id, tenant);
      docRow("t1", 1);
      docRow("t1-other", 2);
      const insert = oldDb.prepare(
        `INSERT INTO search_chunks (doc_id, chunk_id, ordinal, text, heading_path, token_count, vector)
         VALUES (?, ?, 0, ?, '[]', 3, ?)`,
      );
      insert.run(1, "mine", "quarterly revenue grew", Buffer.from(new Float32Array([1, 0]).buffer));
      insert.run(2, "theirs", "quarterly revenue fell", Buffer.from(new Float32Array([1, 0]).buffer));
      const upgraded = new SqliteSearchIndex(oldDb);
      const search = (tenantId: string) => upgraded.keywordSearch({ tenantId, k: 10, filters: {}, text: "revenue" });
      expect((await search("t1")).map((h) => h.chunkId)).toEqual(["mine"]);
      expect((await search("t1-other")).map((h) => h.chunkId)).toEqual(["theirs"]);
      await upgraded.deleteDocument("t1", "d");
      expect(await search("t1")).toEqual([]);
    } finally {
      oldDb.close();
      oldDir.remove();
    }
  });

  it("keeps tenants whose ids share a prefix or differ by a hyphen apart in keyword search", async () => {
    for (const tenantId of ["acme", "acme-corp", "acme-c"]) {
      await index.replaceDocument({ ...DOC, tenantId }, [chunk(0, `budget of ${tenantId}`, [1, 0])]);
    }
    for (const tenantId of ["acme", "acme-corp", "acme-c"]) {
      const hits = await index.keywordSearch({ tenantId, k: 10, filters: {}, text: "budget" });
      expect(hits.map((h) => h.text)).toEqual([`budget of ${tenantId}`]);
    }
  });

  it("finds nothing for a tenant absent from a database that holds one other tenant", async () => {
    await index.replaceDocument(DOC, [chunk(0, "quarterly budget", [1, 0])]);
    expect(await index.keywordSearch({ tenantId: "t2", k: 10, filters: {}, text: "budget" })).toEqual([]);
    expect(
      await index.keywordSearch({ tenantId: "t2", k: 10, filters: { contentType: ["text/plain"] }, text: "budget" }),
    ).toEqual([]);
    expect((await keyword("budget")).map((h) => h.chunkId)).toEqual(["c0"]);
  });

  it("ranks and scores a tenant's chunks the same whether or not another tenant shares the database", async () => {
    await index.replaceDocument(DOC, [
      chunk(0, "budget budget budget for the office move", [1, 0]),
      chunk(1, "the budget was approved", [0, 1]),
      chunk(2, "office chairs and desks for the move", [1, 1]),
    ]);
    const alone = await keyword("budget office move");
    expect(alone.map((h) => h.chunkId)).toEqual(["c0", "c2", "c1"]);
    // A second tenant's document without chunks leaves the keyword index as it was, but the
    // search must now narrow by tenant: the answer may not change.
    await index.replaceDocument({ ...DOC, tenantId: "t2" }, []);
    expect(await keyword("budget office move")).toEqual(alone);
    await index.replaceDocument({ ...DOC, tenantId: "t2" }, [chunk(0, "budget of the other tenant", [1, 0])]);
    expect((await keyword("budget office move")).map((h) => h.chunkId)).toEqual(["c0", "c2", "c1"]);
    const theirs = await index.keywordSearch({ tenantId: "t2", k: 10, filters: {}, text: "budget office move" });
    expect(theirs.map((h) => h.text)).toEqual(["budget of the other tenant"]);
    await index.deleteDocument("t2", DOC.documentId);
    expect((await keyword("budget office move")).map((h) => h.chunkId)).toEqual(["c0", "c2", "c1"]);
  });

  it("scores an unnormalised vector by cosine", async () => {
    await index.replaceDocument(DOC, [chunk(0, "x", [3, 4])]);
    const [hit] = await index.vectorSearch({ tenantId: "t1", k: 1, filters: {}, vector: Float32Array.from([6, 8]) });
    expect(hit?.score).toBeCloseTo(1, 5);
  });

  it("refuses a query vector of another dimension", async () => {
    await index.replaceDocument(DOC, [chunk(0, "x", [1, 0])]);
    await expect(
      index.vectorSearch({ tenantId: "t1", k: 1, filters: {}, vector: Float32Array.from([1, 0, 0]) }),
    ).rejects.toThrow(/dimensions/);
  });

  it("refuses a date filter that is not a date", async () => {
    await expect(
      index.keywordSearch({ tenantId: "t1", k: 1, filters: { createdAfter: "yesterday" }, text: "x" }),
    ).rejects.toThrow(/createdAfter/);
  });

  it("returns nothing for k = 0 and caps very large k", async () => {
    await index.replaceDocument(DOC, [chunk(0, "word", [1, 0])]);
    expect(await index.keywordSearch({ tenantId: "t1", k: 0, filters: {}, text: "word" })).toEqual([]);
    expect(await index.keywordSearch({ tenantId: "t1", k: 1e9, filters: {}, text: "word" })).toHaveLength(1);
  });

  it("leaves the old chunks in place when a replace fails half-way", async () => {
    await index.replaceDocument(DOC, [chunk(0, "original words", [1, 0])]);
    const duplicateIds = [chunk(1, "new words", [1, 0]), chunk(1, "clashing id", [0, 1])];
    await expect(index.replaceDocument(DOC, duplicateIds)).rejects.toThrow();
    expect(await index.countChunks("t1", DOC.documentId)).toBe(1);
    expect((await keyword("original")).map((h) => h.chunkId)).toEqual(["c0"]);
    expect(await keyword("new")).toEqual([]);
  });

  it("matches metadata values exactly, keys with any characters", async () => {
    await index.replaceDocument({ ...DOC, metadata: { 'odd.key"[0]': "v", n: "1" } }, [chunk(0, "word", [1, 0])]);
    const search = (metadata: Record<string, string>) =>
      index.keywordSearch({ tenantId: "t1", k: 5, filters: { metadata }, text: "word" });
    expect(await search({ 'odd.key"[0]': "v" })).toHaveLength(1);
    expect(await search({ n: "1" })).toHaveLength(1);
    expect(await search({ n: "01" })).toHaveLength(0);
    expect(await search({ n: "1 " })).toHaveLength(0);
  });
});
