import { join } from "node:path";
import { sequencerFromTime } from "@docworker/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidCursorError, openSqliteDatabase, type SqliteDatabase, SqliteMetadataStore } from "../src/index.ts";
import { tempDir } from "./temp-dir.ts";

const key = { tenantId: "t1", documentId: "doc_0000000000000001" };
const event = (n: number) => ({
  type: "ObjectCreated" as const,
  object: { bucket: "raw-input", key: "tenants/t1/documents/doc_0000000000000001/a.pdf" },
  version: `etag-${n}`,
  sequencer: sequencerFromTime(1_700_000_000_000 + n),
  time: new Date().toISOString(),
});

describe("SqliteMetadataStore", () => {
  let dir: string;
  let remove: () => void;
  const dbs: SqliteDatabase[] = [];
  const open = () => {
    const db = openSqliteDatabase(join(dir, "docworker.db"));
    dbs.push(db);
    return new SqliteMetadataStore(db);
  };

  beforeEach(() => {
    ({ dir, remove } = tempDir());
  });
  afterEach(() => {
    for (const db of dbs.splice(0)) db.close();
    remove();
  });

  it("lets exactly one of two connections claim the same event", async () => {
    const [a, b] = [open(), open()];
    const now = new Date();
    const request = { key, event: event(1), filename: "a.pdf", now, leaseMs: 60_000 };
    const outcomes = await Promise.all([a.claim(request), b.claim(request)]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["busy", "claimed"]);
  });

  it("stores nested fields as JSON text and scalar fields as columns", async () => {
    const store = open();
    const claim = await store.claim({ key, event: event(1), filename: "a.pdf", now: new Date(), leaseMs: 60_000 });
    if (claim.outcome !== "claimed") throw new Error("not claimed");
    const extraction = { extractor: "rules", schemaId: "s", data: { nested: { deep: [1, "two"] } } };
    await store.complete(
      key,
      claim.leaseToken,
      {
        chunkCount: 1,
        contentType: "application/pdf",
        extraction,
        usage: { inputTokens: 1, outputTokens: 2, embeddingTokens: 3 },
      },
      new Date(),
    );
    const row = dbs[0]?.prepare("SELECT status, extraction, usage, lease_token FROM documents").get() as Record<
      string,
      unknown
    >;
    expect(row).toMatchObject({ status: "PROCESSED", lease_token: null });
    expect(JSON.parse(row.extraction as string)).toEqual(extraction);
    expect((await store.get(key))?.extraction).toEqual(extraction);
  });

  it("refuses a cursor it did not make", async () => {
    const store = open();
    await expect(store.list("t1", { limit: 5, cursor: "garbage" })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(
      store.list("t1", { limit: 5, cursor: Buffer.from('{"a":1}').toString("base64url") }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it("clamps the page size", async () => {
    const store = open();
    for (let i = 0; i < 3; i++) {
      const at = new Date(1_700_000_000_000 + i * 1000).toISOString();
      await store.createPending({
        tenantId: "t1",
        documentId: `doc_000000000000000${i}`,
        source: { bucket: "raw-input", key: `k${i}` },
        filename: "f",
        metadata: {},
        status: "PENDING",
        attempts: 0,
        usage: { inputTokens: 0, outputTokens: 0, embeddingTokens: 0 },
        createdAt: at,
        updatedAt: at,
      });
    }
    expect((await store.list("t1", { limit: 0 })).items).toHaveLength(1);
    expect((await store.list("t1", { limit: 10_000 })).items).toHaveLength(3);
  });

  it("sweeps PENDING records whose expiry passed, and nothing else", async () => {
    let now = new Date("2026-01-01T00:00:00.000Z");
    const db = openSqliteDatabase(join(dir, "docworker.db"));
    dbs.push(db);
    const store = new SqliteMetadataStore(db, { clock: () => now });
    const record = (documentId: string, expiresAt: string) => ({
      tenantId: "t1",
      documentId,
      source: { bucket: "raw-input", key: `tenants/t1/documents/${documentId}/a.txt` },
      filename: "a.txt",
      metadata: {},
      status: "PENDING" as const,
      attempts: 0,
      usage: { inputTokens: 0, outputTokens: 0, embeddingTokens: 0 },
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      expiresAt,
    });
    await store.createPending(record("doc_00000000000000a1", "2026-01-01T01:00:00.000Z"));
    await store.createPending(record("doc_00000000000000a2", "2026-01-02T00:00:00.000Z"));
    // Claimed before its expiry: no longer PENDING, so never swept.
    const claimedKey = { tenantId: "t1", documentId: "doc_00000000000000a3" };
    await store.createPending(record(claimedKey.documentId, "2026-01-01T01:00:00.000Z"));
    const claimedEvent = { ...event(1), object: record(claimedKey.documentId, "").source };
    await store.claim({ key: claimedKey, event: claimedEvent, filename: "a.txt", now, leaseMs: 60_000 });

    expect(store.sweepExpiredPending()).toBe(0);
    now = new Date("2026-01-01T02:00:00.000Z");
    expect(await store.get({ tenantId: "t1", documentId: "doc_00000000000000a1" })).toBeUndefined();
    expect(store.sweepExpiredPending()).toBe(1);
    const rows = db.prepare("SELECT document_id, status FROM documents ORDER BY document_id").all();
    expect(rows).toEqual([
      { document_id: "doc_00000000000000a2", status: "PENDING" },
      { document_id: "doc_00000000000000a3", status: "PROCESSING" },
    ]);
  });
});
