import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GroupCommit } from "../src/group-commit.ts";
import { openEmbeddedAdapters, openSqliteDatabase, type SqliteDatabase } from "../src/index.ts";
import { tempDir } from "./temp-dir.ts";

describe("GroupCommit", () => {
  let dir: string;
  let remove: () => void;
  let db: SqliteDatabase;
  beforeEach(() => {
    ({ dir, remove } = tempDir());
    db = openSqliteDatabase(join(dir, "group.db"));
    db.exec("CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER NOT NULL)");
  });
  afterEach(() => {
    if (db.open) db.close();
    remove();
  });

  const ids = () => (db.prepare("SELECT id FROM t ORDER BY id").all() as { id: string }[]).map((r) => r.id);

  it("commits the writes of one turn in one transaction, and a write that throws rolls back alone", async () => {
    const group = new GroupCommit(db);
    const insert = db.prepare("INSERT INTO t (id, n) VALUES (?, ?)");
    const other = openSqliteDatabase(join(dir, "group.db"));
    let seenByOthersMeanwhile: unknown;
    const results = await Promise.allSettled([
      group.run(() => insert.run("a", 1).changes),
      group.run(() => {
        insert.run("b", 2);
        insert.run("a", 3); // primary key conflict: this document's writes go, b included
      }),
      group.run(() => {
        // The first write is not committed yet: all three are in one transaction.
        seenByOthersMeanwhile = other.prepare("SELECT count(*) AS n FROM t").get();
        return insert.run("c", 4).changes;
      }),
    ]);
    other.close();
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(results[1]).toMatchObject({ reason: { code: "SQLITE_CONSTRAINT_PRIMARYKEY" } });
    expect(seenByOthersMeanwhile).toEqual({ n: 0 });
    expect(ids()).toEqual(["a", "c"]);
  });

  it("settles a write only after its group has committed", async () => {
    const group = new GroupCommit(db);
    const other = openSqliteDatabase(join(dir, "group.db"));
    try {
      const written = group.run(() => db.prepare("INSERT INTO t (id, n) VALUES ('x', 1)").run());
      // Not yet run: the group opens on the next turn of the event loop.
      expect(other.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 0 });
      await written;
      // Resolved: another connection (another process) sees it committed.
      expect(other.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 1 });
    } finally {
      other.close();
    }
  });

  it("rejects every write of a group whose commit fails, and writes none of them", async () => {
    const group = new GroupCommit(db);
    const locker = openSqliteDatabase(join(dir, "group.db"), { busyTimeoutMs: 1 });
    const blocked = openSqliteDatabase(join(dir, "group.db"), { busyTimeoutMs: 1 });
    try {
      const blockedGroup = new GroupCommit(blocked);
      locker.exec("BEGIN IMMEDIATE"); // another process holds the write lock past the busy timeout
      const results = await Promise.allSettled([
        blockedGroup.run(() => blocked.prepare("INSERT INTO t (id, n) VALUES ('p', 1)").run()),
        blockedGroup.run(() => blocked.prepare("INSERT INTO t (id, n) VALUES ('q', 1)").run()),
      ]);
      locker.exec("ROLLBACK");
      expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
      expect(results[0]).toMatchObject({ reason: { code: "SQLITE_BUSY" } });
      expect(ids()).toEqual([]);
      await group.run(() => db.prepare("INSERT INTO t (id, n) VALUES ('r', 1)").run());
      expect(ids()).toEqual(["r"]);
    } finally {
      locker.close();
      blocked.close();
    }
  });

  it("rejects writes queued when the database was closed", async () => {
    const group = new GroupCommit(db);
    const write = group.run(() => 1);
    db.close();
    await expect(write).rejects.toThrow(/not open/);
  });
});

describe("the embedded stores in one group", () => {
  let dir: string;
  let remove: () => void;
  beforeEach(() => {
    ({ dir, remove } = tempDir());
  });
  afterEach(() => remove());

  it("commits the other documents' records and chunks when one document's index write fails among them", async () => {
    const adapters = openEmbeddedAdapters({ dataDir: dir, rawBucket: "raw", processedBucket: "processed" });
    try {
      const now = new Date();
      const event = (n: number) => ({
        type: "ObjectCreated" as const,
        object: { bucket: "raw", key: `tenants/t1/documents/doc_00000000000000a${n}/a.txt` },
        version: "v1",
        sequencer: `00000000000000000${n}`,
        time: now.toISOString(),
      });
      const keys = [1, 2, 3].map((n) => ({ tenantId: "t1", documentId: `doc_00000000000000a${n}` }));
      const claims = await Promise.all(
        keys.map((key, i) =>
          adapters.metadata.claim({ key, event: event(i + 1), filename: "a.txt", now, leaseMs: 60_000 }),
        ),
      );
      const token = (i: number) => {
        const claim = claims[i];
        if (claim?.outcome !== "claimed") throw new Error("not claimed");
        return claim.leaseToken;
      };
      const chunk = (documentId: string) => ({
        chunkId: "c0",
        documentId,
        ordinal: 0,
        text: "grouped words",
        headingPath: [],
        tokenCount: 2,
        vector: Float32Array.from([1, 0]),
      });
      const document = (key: { tenantId: string; documentId: string }, createdAt: string) => ({
        ...key,
        version: "v1",
        filename: "a.txt",
        contentType: "text/plain",
        createdAt,
        metadata: {},
      });
      const usage = { inputTokens: 0, outputTokens: 0, embeddingTokens: 0 };
      const completion = { chunkCount: 1, contentType: "text/plain", extraction: undefined, usage };
      const [k1, k2, k3] = keys as [(typeof keys)[0], (typeof keys)[0], (typeof keys)[0]];
      // All issued in one turn, so they share one transaction; the second document's index write fails.
      const results = await Promise.allSettled([
        adapters.index.replaceDocument(document(k1, now.toISOString()), [chunk(k1.documentId)]),
        adapters.index.replaceDocument(document(k2, now.toISOString()), [chunk(k2.documentId), chunk(k2.documentId)]),
        adapters.index.replaceDocument(document(k3, now.toISOString()), [chunk(k3.documentId)]),
        adapters.metadata.complete(k1, token(0), completion, now),
        adapters.metadata.complete(k3, token(2), completion, now),
      ]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled"]);
      expect(await adapters.index.countChunks("t1", k1.documentId)).toBe(1);
      expect(await adapters.index.countChunks("t1", k2.documentId)).toBe(0); // its document row rolled back too
      expect(await adapters.index.countChunks("t1", k3.documentId)).toBe(1);
      expect((await adapters.metadata.get(k1))?.status).toBe("PROCESSED");
      expect((await adapters.metadata.get(k2))?.status).toBe("PROCESSING");
      expect((await adapters.metadata.get(k3))?.status).toBe("PROCESSED");
    } finally {
      await adapters.close();
    }
  });
});
