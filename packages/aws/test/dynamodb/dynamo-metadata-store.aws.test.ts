import {
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import {
  type ClaimRequest,
  type DocumentKey,
  type DocumentRecord,
  decodeS3EventBridgeMessage,
  type ObjectCreatedEvent,
  type ObjectDeletedEvent,
} from "@docworker/core";
import { ensureMetadataTable } from "@docworker/dev-provisioning";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoMetadataStore, InvalidCursorError } from "../../src/index.ts";
import { MOTO_S3_SEQUENCER, normaliseEmulatedS3Event } from "../../src/sqs/emulated-s3-events.ts";
import { emulatedClients, uniqueName } from "../support/aws-clients.ts";
import { ensureEmulatedStack } from "../support/emulated-stack.ts";

const tableName = uniqueName("documents");
let dynamodb: DynamoDBClient;
let store: DynamoMetadataStore;

beforeAll(async () => {
  const { env } = await ensureEmulatedStack();
  dynamodb = emulatedClients(env).dynamodb;
  await ensureMetadataTable(dynamodb, tableName);
  store = new DynamoMetadataStore({ client: dynamodb, tableName });
});

afterAll(async () => {
  await dynamodb.send(new DeleteTableCommand({ TableName: tableName }));
  dynamodb.destroy();
});

const T0 = Date.parse("2025-06-01T00:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);
let counter = 0;
const newKey = (tenantId = "tenant-x"): DocumentKey => ({
  tenantId,
  documentId: `doc_${Date.now().toString(16)}${(counter++).toString(16).padStart(8, "0")}`,
});
const objectOf = (key: DocumentKey) => ({
  bucket: "raw-input",
  key: `tenants/${key.tenantId}/documents/${key.documentId}/a.pdf`,
});
const created = (key: DocumentKey, sequencer: string, version: string, time: Date): ObjectCreatedEvent => ({
  type: "ObjectCreated",
  object: objectOf(key),
  version,
  etag: version,
  sequencer,
  time: time.toISOString(),
});
const deleted = (key: DocumentKey, sequencer: string, time: Date): ObjectDeletedEvent => ({
  type: "ObjectDeleted",
  object: objectOf(key),
  sequencer,
  time: time.toISOString(),
});
const claimOf = (key: DocumentKey, event: ObjectCreatedEvent, now: Date): ClaimRequest => ({
  key,
  event,
  filename: "a.pdf",
  now,
  leaseMs: 60_000,
});
const pending = (key: DocumentKey, seconds: number): DocumentRecord => ({
  ...key,
  source: objectOf(key),
  filename: "a.pdf",
  metadata: {},
  status: "PENDING",
  attempts: 0,
  usage: { inputTokens: 0, outputTokens: 0, embeddingTokens: 0 },
  createdAt: at(seconds).toISOString(),
  updatedAt: at(seconds).toISOString(),
});
const result = {
  chunkCount: 1,
  contentType: "application/pdf",
  extraction: undefined,
  usage: { inputTokens: 0, outputTokens: 0, embeddingTokens: 0 },
};

describe("ensureMetadataTable", () => {
  it("is idempotent and makes an on-demand, encrypted table with both list indexes", async () => {
    await ensureMetadataTable(dynamodb, tableName);
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
    expect(Table?.SSEDescription?.Status).toBe("ENABLED");
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(["byStatus", "byUpdated"]);
    const ttl = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: "ENABLED", AttributeName: "expiresAtEpoch" });
  });
});

describe("DynamoMetadataStore under real races", () => {
  it("lets exactly one of many simultaneous claims of a new object win", async () => {
    const key = newKey();
    const event = created(key, "0A", "etag-1", at(1));
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => store.claim(claimOf(key, event, at(1)))));
    expect(outcomes.filter((o) => o.outcome === "claimed")).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === "busy")).toHaveLength(7);
  });

  it("lets exactly one of many simultaneous claims of a PENDING record win", async () => {
    const key = newKey();
    await store.createPending(pending(key, 0));
    const event = created(key, "0A", "etag-1", at(1));
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => store.claim(claimOf(key, event, at(1)))));
    expect(outcomes.filter((o) => o.outcome === "claimed")).toHaveLength(1);
    expect((await store.get(key))?.attempts).toBe(1);
  });

  it("keeps the newest of versions claimed at once, whatever the arrival order", async () => {
    const key = newKey();
    const events = [1, 2, 3, 4, 5].map((n) => created(key, n.toString(16).padStart(4, "0"), `etag-${n}`, at(n)));
    await Promise.all(events.reverse().map((event) => store.claim(claimOf(key, event, at(10)))));
    expect(await store.get(key)).toMatchObject({ version: "etag-5", sequencer: "0005", status: "PROCESSING" });
  });

  it("shows a read racing the next version's completion the record before or after it, never half of each", async () => {
    // The claim of a new version keeps the previous version's results until its completion
    // replaces them: a read in the middle of that update would pair the new version's status with
    // the old chunk count. DynamoDB applies an update whole (moto only behind the lock its launcher,
    // scripts/emulated/moto-server.py, puts around DynamoDB).
    const key = newKey();
    const first = await store.claim(claimOf(key, created(key, "01", "etag-1", at(1)), at(1)));
    if (first.outcome !== "claimed") throw new Error(first.outcome);
    await store.complete(key, first.leaseToken, { ...result, chunkCount: 4, pageCount: 2 }, at(2));
    const second = await store.claim(claimOf(key, created(key, "02", "etag-2", at(3)), at(3)));
    if (second.outcome !== "claimed") throw new Error(second.outcome);
    const [, ...reads] = await Promise.all([
      store.complete(key, second.leaseToken, result, at(4)),
      ...Array.from({ length: 16 }, () => store.get(key)),
    ]);
    const processed = reads.filter((read) => read?.status === "PROCESSED");
    for (const read of processed)
      expect({ ...read, pageCount: read?.pageCount ?? "none" }).toMatchObject({
        version: "etag-2",
        chunkCount: 1,
        pageCount: "none",
      });
  });

  // Both orders of a delete and a complete, one after the other: fired at once, which one lands
  // first would be chance, and a run would test one order only.
  it.each([
    ["the complete lands first", true],
    ["the delete lands first", false],
  ])("never leaves a PROCESSED record behind a delete (%s)", async (_order, completeFirst) => {
    const key = newKey();
    const claim = await store.claim(claimOf(key, created(key, "01", "etag-1", at(1)), at(1)));
    if (claim.outcome !== "claimed") throw new Error(claim.outcome);
    const complete = () => store.complete(key, claim.leaseToken, result, at(2));
    const remove = () => store.markDeleted(key, deleted(key, "02", at(2)), at(2));
    if (completeFirst) {
      expect(await complete()).toBe(true);
      expect((await remove()).applied).toBe(true);
    } else {
      expect((await remove()).applied).toBe(true);
      expect(await complete()).toBe(false);
    }
    expect((await store.get(key))?.status).toBe("DELETED");
  });
});

describe("DynamoMetadataStore items", () => {
  it("keeps its bookkeeping out of records, and claims an item written without it", async () => {
    const key = newKey();
    const record = pending(key, 0);
    await DynamoDBDocumentClient.from(dynamodb).send(
      new PutCommand({
        TableName: tableName,
        Item: { ...record, pk: `TENANT#${key.tenantId}`, sk: `DOC#${key.documentId}` },
      }),
    );
    expect(await store.get(key)).toEqual(record);
    const claim = await store.claim(claimOf(key, created(key, "01", "etag-1", at(1)), at(1)));
    expect(claim).toMatchObject({ outcome: "claimed", record: { status: "PROCESSING", attempts: 1 } });
    expect(
      (await store.list(key.tenantId, { status: "PROCESSING", limit: 100 })).items.map((r) => r.documentId),
    ).toContain(key.documentId);
  });
});

describe("DynamoMetadataStore expiry of PENDING records", () => {
  const rawItem = async (key: DocumentKey) =>
    (
      await DynamoDBDocumentClient.from(dynamodb).send(
        new GetCommand({ TableName: tableName, Key: { pk: `TENANT#${key.tenantId}`, sk: `DOC#${key.documentId}` } }),
      )
    ).Item;

  it("writes the expiry as the table's TTL attribute in epoch seconds, and removes it on claim and on delete", async () => {
    const expiresAt = "2030-01-01T00:00:00.500Z";
    const [claimed, removed] = [newKey(), newKey()];
    for (const key of [claimed, removed]) await store.createPending({ ...pending(key, 0), expiresAt });
    expect((await rawItem(claimed))?.expiresAtEpoch).toBe(Date.parse("2030-01-01T00:00:01.000Z") / 1000);
    expect(await store.get(claimed)).toEqual({ ...pending(claimed, 0), expiresAt });

    await store.claim(claimOf(claimed, created(claimed, "01", "etag-1", at(1)), at(1)));
    await store.markDeleted(removed, deleted(removed, "01", at(1)), at(1));
    for (const key of [claimed, removed]) {
      const item = await rawItem(key);
      expect(item?.expiresAtEpoch).toBeUndefined();
      expect(item?.expiresAt).toBeUndefined();
    }
  });

  it("hides an expired record that TTL has not deleted yet, by the store's clock", async () => {
    const key = newKey();
    let now = new Date("2029-12-31T23:00:00.000Z");
    const clocked = new DynamoMetadataStore({ client: dynamodb, tableName, clock: () => now });
    await clocked.createPending({ ...pending(key, 0), expiresAt: "2030-01-01T00:00:00.000Z" });
    expect((await clocked.get(key))?.status).toBe("PENDING");
    now = new Date("2030-01-01T00:00:00.000Z");
    expect(await clocked.get(key)).toBeUndefined();
    expect((await clocked.list(key.tenantId, { limit: 100 })).items.map((r) => r.documentId)).not.toContain(
      key.documentId,
    );
    expect(await rawItem(key)).toBeDefined();
  });
});

describe("DynamoMetadataStore sequencers", () => {
  it("orders sequencers of different lengths as numbers, in the conditional write too", async () => {
    const key = newKey();
    const claim = await store.claim(claimOf(key, created(key, "100", "etag-1", at(1)), at(1)));
    expect(claim.outcome).toBe("claimed");
    // "FF" < "100" as numbers, though not as strings.
    expect((await store.markDeleted(key, deleted(key, "FF", at(2)), at(2))).applied).toBe(false);
    expect((await store.claim(claimOf(key, created(key, "ff", "etag-0", at(0)), at(3)))).outcome).toBe("stale");
    expect((await store.markDeleted(key, deleted(key, "0101", at(4)), at(4))).applied).toBe(true);
  });

  it("refuses a sequencer longer than the stored width", async () => {
    const key = newKey();
    await expect(store.markDeleted(key, deleted(key, "1".repeat(65), at(1)), at(1))).rejects.toMatchObject({
      code: "INVALID_EVENT",
    });
  });
});

describe("DynamoMetadataStore with moto's events, put right at the SQS edge", () => {
  /** The body moto sends for an event: one constant sequencer, `eTag`, whole-second times. */
  const motoBody = (type: "Object Created" | "Object Deleted", key: DocumentKey, etag: string, time: Date) =>
    JSON.stringify({
      version: "0",
      "detail-type": type,
      source: "aws.s3",
      time: time.toISOString().replace(/\.\d{3}Z$/, "Z"),
      detail: {
        bucket: { name: "raw-input" },
        object: { key: objectOf(key).key, eTag: etag, "version-id": "null", sequencer: MOTO_S3_SEQUENCER },
      },
    });
  const eventOf = (body: string) => {
    const decoded = decodeS3EventBridgeMessage(normaliseEmulatedS3Event(body));
    if (decoded.kind !== "event") throw new Error("not an event");
    return decoded.event;
  };
  const createdAt = (key: DocumentKey, etag: string, time: Date) =>
    eventOf(motoBody("Object Created", key, etag, time)) as ObjectCreatedEvent;
  const deletedAt = (key: DocumentKey, time: Date) =>
    eventOf(motoBody("Object Deleted", key, "etag-deleted", time)) as ObjectDeletedEvent;

  it("takes a later version and calls an earlier one stale", async () => {
    const key = newKey();
    const first = await store.claim(claimOf(key, createdAt(key, "etag-a", at(10)), at(10)));
    if (first.outcome !== "claimed") throw new Error(first.outcome);
    await store.complete(key, first.leaseToken, result, at(11));
    expect((await store.claim(claimOf(key, createdAt(key, "etag-old", at(5)), at(12)))).outcome).toBe("stale");
    const later = await store.claim(claimOf(key, createdAt(key, "etag-b", at(20)), at(20)));
    expect(later).toMatchObject({ outcome: "claimed", record: { version: "etag-b", attempts: 1 } });
  });

  it("applies a later delete, ignores an earlier one, and never takes a re-upload of an API document", async () => {
    const key = newKey();
    await store.claim(claimOf(key, createdAt(key, "etag-a", at(10)), at(10)));
    expect((await store.markDeleted(key, deletedAt(key, at(5)), at(11))).applied).toBe(false);
    expect((await store.markDeleted(key, deletedAt(key, at(20)), at(20))).applied).toBe(true);
    expect((await store.claim(claimOf(key, createdAt(key, "etag-a", at(10)), at(21)))).outcome).toBe("stale");
    // The API created this document: DELETED is final, however late the upload (a replayed URL).
    expect((await store.claim(claimOf(key, createdAt(key, "etag-a", at(30)), at(30)))).outcome).toBe("stale");
  });
});

describe("DynamoMetadataStore list", () => {
  it("pages over many pages, newest first, each record once, and no empty last page", async () => {
    const tenant = uniqueName("pages");
    const keys = Array.from({ length: 11 }, () => newKey(tenant));
    for (const [i, key] of keys.entries()) await store.createPending(pending(key, i));
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list(tenant, { limit: 3, ...(cursor ? { cursor } : {}) });
      pages.push(page.items.map((item) => item.documentId));
      cursor = page.nextCursor;
    } while (cursor && pages.length < 10);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 3, 2]);
    expect(pages.flat()).toEqual(keys.map((key) => key.documentId).reverse());
    const exact = await store.list(tenant, { limit: 11 });
    expect(exact.items).toHaveLength(11);
    expect(exact.nextCursor).toBeUndefined();
  });

  it("pages by status, and moves a record between status lists as it changes", async () => {
    const tenant = uniqueName("by-status");
    const keys = Array.from({ length: 5 }, () => newKey(tenant));
    for (const [i, key] of keys.entries()) await store.createPending(pending(key, i));
    const claim = await store.claim(
      claimOf(keys[0] as DocumentKey, created(keys[0] as DocumentKey, "01", "e", at(9)), at(9)),
    );
    expect(claim.outcome).toBe("claimed");
    const first = await store.list(tenant, { status: "PENDING", limit: 2 });
    const second = await store.list(tenant, { status: "PENDING", limit: 2, cursor: first.nextCursor ?? "" });
    expect([...first.items, ...second.items].map((r) => r.documentId)).toEqual(
      keys
        .slice(1)
        .map((k) => k.documentId)
        .reverse(),
    );
    expect(second.nextCursor).toBeUndefined();
    const processing = await store.list(tenant, { status: "PROCESSING", limit: 10 });
    expect(processing.items.map((r) => r.documentId)).toEqual([keys[0]?.documentId]);
    expect((await store.list(tenant, { limit: 1 })).items[0]?.documentId).toBe(keys[0]?.documentId);
  });

  it("refuses a cursor that is garbage, from another query, or from another tenant", async () => {
    const tenant = uniqueName("cursor");
    for (let i = 0; i < 3; i++) await store.createPending(pending(newKey(tenant), i));
    const { nextCursor } = await store.list(tenant, { limit: 1 });
    expect(nextCursor).toBeTruthy();
    const cursor = nextCursor ?? "";
    await expect(store.list(tenant, { limit: 1, cursor: "not-a-cursor" })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(store.list("someone-else", { limit: 1, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(store.list(tenant, { limit: 1, status: "PENDING", cursor })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    expect((await store.list(tenant, { limit: 1, cursor })).items).toHaveLength(1);
  });
});
