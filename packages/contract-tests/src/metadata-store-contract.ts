import {
  type ClaimRequest,
  type CompletedProcessing,
  type DocumentKey,
  type DocumentRecord,
  type MetadataStore,
  type ObjectCreatedEvent,
  type ObjectDeletedEvent,
  sequencerFromTime,
} from "@docworker/core";
import { describe, expect, it } from "vitest";
import { type AdapterFactory, useAdapter } from "./adapter-factory.ts";

const T0 = Date.parse("2025-01-01T00:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const LEASE_MS = 60_000;
const seq = (n: number) => sequencerFromTime(T0 + n);

let counter = 0;
/** Ids unique per test run, so a shared table (DynamoDB) needs no cleanup between tests. */
const newKey = (tenantId = "tenant-a"): DocumentKey => ({
  tenantId,
  documentId: `doc_${(Date.now().toString(16) + (counter++).toString(16).padStart(6, "0")).padEnd(16, "0")}`,
});

const created = (key: DocumentKey, n: number, version = `etag-${n}`): ObjectCreatedEvent => ({
  type: "ObjectCreated",
  object: { bucket: "raw-input", key: `tenants/${key.tenantId}/documents/${key.documentId}/file.pdf` },
  version,
  etag: version,
  size: 1234,
  sequencer: seq(n),
  time: at(n).toISOString(),
});

const deleted = (key: DocumentKey, n: number): ObjectDeletedEvent => ({
  type: "ObjectDeleted",
  object: { bucket: "raw-input", key: `tenants/${key.tenantId}/documents/${key.documentId}/file.pdf` },
  sequencer: seq(n),
  time: at(n).toISOString(),
});

const claimOf = (key: DocumentKey, event: ObjectCreatedEvent, now: Date): ClaimRequest => ({
  key,
  event,
  filename: "file.pdf",
  now,
  leaseMs: LEASE_MS,
});

const result: CompletedProcessing = {
  chunkCount: 3,
  pageCount: 2,
  contentType: "application/pdf",
  extraction: { extractor: "rules", schemaId: "generic-v1", data: { title: "T" } },
  usage: { inputTokens: 10, outputTokens: 5, embeddingTokens: 20 },
  size: 1234,
};

const pending = (key: DocumentKey, seconds = 0): DocumentRecord => ({
  ...key,
  source: { bucket: "raw-input", key: `tenants/${key.tenantId}/documents/${key.documentId}/file.pdf` },
  filename: "file.pdf",
  contentType: "application/pdf",
  metadata: { team: "blue" },
  status: "PENDING",
  attempts: 0,
  usage: { inputTokens: 0, outputTokens: 0, embeddingTokens: 0 },
  createdAt: at(seconds).toISOString(),
  updatedAt: at(seconds).toISOString(),
});

/** MetadataStore: conditional state changes that racing workers and late events cannot undo. */
export function describeMetadataStoreContract(name: string, factory: AdapterFactory<MetadataStore>): void {
  describe(`MetadataStore contract: ${name}`, () => {
    const store = useAdapter(factory);

    /** Claims `event` and expects to own it; returns the lease token. */
    async function claimed(key: DocumentKey, event: ObjectCreatedEvent, now: Date): Promise<string> {
      const outcome = await store().claim(claimOf(key, event, now));
      if (outcome.outcome !== "claimed") throw new Error(`expected claimed, got ${outcome.outcome}`);
      return outcome.leaseToken;
    }

    describe("records", () => {
      it("returns undefined for an unknown document", async () => {
        expect(await store().get(newKey())).toBeUndefined();
      });

      it("stores a pending record as given", async () => {
        const key = newKey();
        await store().createPending(pending(key));
        expect(await store().get(key)).toEqual(pending(key));
      });

      it("refuses a second record with the same id", async () => {
        const key = newKey();
        await store().createPending(pending(key));
        await expect(store().createPending(pending(key))).rejects.toMatchObject({ name: "ConflictError" });
      });
    });

    describe("claim", () => {
      it("creates a PROCESSING record for an object that had none", async () => {
        const key = newKey();
        const outcome = await store().claim(claimOf(key, created(key, 1), at(1)));
        expect(outcome.outcome).toBe("claimed");
        if (outcome.outcome !== "claimed") return;
        expect(outcome.leaseToken).toBeTruthy();
        expect(outcome.record).toMatchObject({
          ...key,
          status: "PROCESSING",
          attempts: 1,
          version: "etag-1",
          sequencer: seq(1),
        });
        expect(outcome.record.filename).toBe("file.pdf");
        expect(await store().get(key)).toMatchObject({
          status: "PROCESSING",
          attempts: 1,
          lease: { token: outcome.leaseToken },
        });
      });

      it("claims a PENDING record and keeps what the upload recorded", async () => {
        const key = newKey();
        await store().createPending(pending(key));
        const token = await claimed(key, created(key, 1), at(1));
        expect(token).toBeTruthy();
        const record = await store().get(key);
        expect(record).toMatchObject({
          status: "PROCESSING",
          attempts: 1,
          metadata: { team: "blue" },
          version: "etag-1",
        });
        expect(record?.createdAt).toBe(at(0).toISOString());
      });

      it("says duplicate for the same version once PROCESSED", async () => {
        const key = newKey();
        const token = await claimed(key, created(key, 1), at(1));
        expect(await store().complete(key, token, result, at(2))).toBe(true);
        const again = await store().claim(claimOf(key, created(key, 1), at(3)));
        expect(again.outcome).toBe("duplicate");
        expect(again.record.status).toBe("PROCESSED");
      });

      it("says duplicate for the same version once FAILED", async () => {
        const key = newKey();
        const token = await claimed(key, created(key, 1), at(1));
        const error = { code: "CORRUPT", message: "bad bytes", retryable: false } as const;
        expect(await store().fail(key, token, error, at(2))).toBe(true);
        expect(await store().get(key)).toMatchObject({ status: "FAILED", error });
        expect((await store().claim(claimOf(key, created(key, 1), at(3)))).outcome).toBe("duplicate");
      });

      it("says busy while another worker's lease lives, with the time left", async () => {
        const key = newKey();
        await claimed(key, created(key, 1), at(1));
        const outcome = await store().claim(claimOf(key, created(key, 1), at(11)));
        expect(outcome.outcome).toBe("busy");
        if (outcome.outcome !== "busy") return;
        expect(outcome.retryAfterMs).toBeGreaterThan(LEASE_MS - 11_000 - 1000);
        expect(outcome.retryAfterMs).toBeLessThanOrEqual(LEASE_MS - 10_000);
      });

      it("claims again, one attempt more, once the lease expired; the old token is void", async () => {
        const key = newKey();
        const first = await claimed(key, created(key, 1), at(1));
        const outcome = await store().claim(claimOf(key, created(key, 1), at(1 + LEASE_MS / 1000 + 1)));
        expect(outcome.outcome).toBe("claimed");
        if (outcome.outcome !== "claimed") return;
        expect(outcome.record.attempts).toBe(2);
        expect(outcome.leaseToken).not.toBe(first);
        expect(await store().complete(key, first, result, at(100))).toBe(false);
        expect(await store().complete(key, outcome.leaseToken, result, at(100))).toBe(true);
      });

      it("takes a newer version over: attempts from 1, error cleared, earlier results kept until completion", async () => {
        const key = newKey();
        const token = await claimed(key, created(key, 1), at(1));
        await store().complete(key, token, result, at(2));
        const second = await claimed(key, created(key, 5, "etag-5"), at(5));
        const release = { code: "THROTTLED", message: "slow down", retryable: true } as const;
        await store().release(key, second, release, at(6));
        const third = await store().claim(claimOf(key, created(key, 7, "etag-7"), at(7)));
        expect(third.outcome).toBe("claimed");
        if (third.outcome !== "claimed") return;
        expect(third.record).toMatchObject({
          status: "PROCESSING",
          version: "etag-7",
          sequencer: seq(7),
          attempts: 1,
          chunkCount: 3,
        });
        expect(third.record.error).toBeUndefined();
        expect(third.record.extraction).toEqual(result.extraction);
      });

      it("lets a newer version take over a live lease; the older worker cannot complete", async () => {
        const key = newKey();
        const older = await claimed(key, created(key, 1), at(1));
        const newer = await claimed(key, created(key, 2, "etag-2"), at(2));
        expect(await store().complete(key, older, result, at(3))).toBe(false);
        expect(await store().complete(key, newer, result, at(3))).toBe(true);
        expect(await store().get(key)).toMatchObject({ status: "PROCESSED", version: "etag-2" });
      });

      it("says stale for an event older than the recorded one", async () => {
        const key = newKey();
        const token = await claimed(key, created(key, 5, "etag-5"), at(5));
        await store().complete(key, token, result, at(6));
        const outcome = await store().claim(claimOf(key, created(key, 3, "etag-3"), at(7)));
        expect(outcome.outcome).toBe("stale");
        expect(outcome.record.version).toBe("etag-5");
      });

      it("says stale for an older event of the same version, whatever the status", async () => {
        const key = newKey();
        const token = await claimed(key, created(key, 5, "same-etag"), at(5));
        const error = { code: "THROTTLED", message: "slow down", retryable: true } as const;
        await store().release(key, token, error, at(6));
        expect((await store().claim(claimOf(key, created(key, 3, "same-etag"), at(7)))).outcome).toBe("stale");
        const again = await claimed(key, created(key, 5, "same-etag"), at(8));
        await store().complete(key, again, result, at(9));
        expect((await store().claim(claimOf(key, created(key, 3, "same-etag"), at(10)))).outcome).toBe("stale");
      });

      it("puts a released record back to QUEUED with its error, and claims it again with one attempt more", async () => {
        const key = newKey();
        const token = await claimed(key, created(key, 1), at(1));
        const error = { code: "DEPENDENCY_UNAVAILABLE", message: "model down", retryable: true } as const;
        expect(await store().release(key, token, error, at(2))).toBe(true);
        const released = await store().get(key);
        expect(released).toMatchObject({
          status: "QUEUED",
          error: { code: "DEPENDENCY_UNAVAILABLE", retryable: true },
        });
        expect(released?.lease).toBeUndefined();
        const again = await store().claim(claimOf(key, created(key, 1), at(3)));
        expect(again.outcome).toBe("claimed");
        expect(again.record.attempts).toBe(2);
      });
    });

    describe("lease-guarded changes", () => {
      it("refuses complete, fail, release and renewLease with a wrong token and leaves the record alone", async () => {
        const key = newKey();
        await claimed(key, created(key, 1), at(1));
        const before = await store().get(key);
        const error = { code: "CORRUPT", message: "x", retryable: false } as const;
        expect(await store().complete(key, "not-the-token", result, at(2))).toBe(false);
        expect(await store().fail(key, "not-the-token", error, at(2))).toBe(false);
        expect(await store().release(key, "not-the-token", error, at(2))).toBe(false);
        expect(await store().renewLease(key, "not-the-token", LEASE_MS, at(2))).toBe(false);
        expect(await store().get(key)).toEqual(before);
      });

      it("refuses them on a record that is not PROCESSING", async () => {
        const key = newKey();
        const token = await claimed(key, created(key, 1), at(1));
        expect(await store().complete(key, token, result, at(2))).toBe(true);
        expect(await store().complete(key, token, result, at(3))).toBe(false);
        expect(await store().renewLease(key, token, LEASE_MS, at(3))).toBe(false);
        expect(await store().complete(newKey(), token, result, at(3))).toBe(false);
      });

      it("completes with the results and drops the lease", async () => {
        const key = newKey();
        const token = await claimed(key, created(key, 1), at(1));
        expect(await store().complete(key, token, result, at(2))).toBe(true);
        const record = await store().get(key);
        expect(record).toMatchObject({
          status: "PROCESSED",
          chunkCount: 3,
          pageCount: 2,
          contentType: "application/pdf",
          extraction: result.extraction,
          usage: result.usage,
          processedAt: at(2).toISOString(),
          updatedAt: at(2).toISOString(),
        });
        expect(record?.lease).toBeUndefined();
        expect(record?.recognition).toBeUndefined();
      });

      it("keeps what recognition read, and forgets it when a later version had nothing to recognise", async () => {
        const key = newKey();
        const recognition = {
          engine: "tesseract:eng",
          pages: [{ page: 2, confidence: 0.912, characters: 640, rotation: 90 }],
          meanConfidence: 0.912,
          lowConfidencePages: [],
        };
        const token = await claimed(key, created(key, 1), at(1));
        expect(await store().complete(key, token, { ...result, recognition }, at(2))).toBe(true);
        expect((await store().get(key))?.recognition).toEqual(recognition);
        const next = await claimed(key, created(key, 2), at(3));
        expect(await store().complete(key, next, result, at(4))).toBe(true);
        expect((await store().get(key))?.recognition).toBeUndefined();
      });

      it("renews a lease so that the record stays busy past the first expiry", async () => {
        const key = newKey();
        const token = await claimed(key, created(key, 1), at(1));
        expect(await store().renewLease(key, token, LEASE_MS, at(50))).toBe(true);
        const outcome = await store().claim(claimOf(key, created(key, 1), at(1 + LEASE_MS / 1000 + 5)));
        expect(outcome.outcome).toBe("busy");
      });
    });

    describe("markDeleted", () => {
      it("leaves a tombstone for a delete that overtook its create, so the create is stale", async () => {
        const key = newKey();
        const outcome = await store().markDeleted(key, deleted(key, 5), at(5));
        expect(outcome.applied).toBe(true);
        expect(await store().get(key)).toMatchObject({ status: "DELETED", sequencer: seq(5) });
        expect((await store().claim(claimOf(key, created(key, 3), at(6)))).outcome).toBe("stale");
      });

      it("deletes a processed document; a redelivered create is then stale", async () => {
        const key = newKey();
        const token = await claimed(key, created(key, 1), at(1));
        await store().complete(key, token, result, at(2));
        const outcome = await store().markDeleted(key, deleted(key, 3), at(3));
        expect(outcome).toMatchObject({ applied: true, record: { status: "DELETED" } });
        expect((await store().claim(claimOf(key, created(key, 1), at(4)))).outcome).toBe("stale");
      });

      it("is not applied when a newer version is recorded", async () => {
        const key = newKey();
        const token = await claimed(key, created(key, 5), at(5));
        await store().complete(key, token, result, at(6));
        const outcome = await store().markDeleted(key, deleted(key, 3), at(7));
        expect(outcome.applied).toBe(false);
        expect(await store().get(key)).toMatchObject({ status: "PROCESSED", sequencer: seq(5) });
      });

      it("never lets an in-flight worker resurrect the document", async () => {
        const key = newKey();
        const token = await claimed(key, created(key, 1), at(1));
        expect((await store().markDeleted(key, deleted(key, 2), at(2))).applied).toBe(true);
        expect(await store().complete(key, token, result, at(3))).toBe(false);
        expect(await store().renewLease(key, token, LEASE_MS, at(3))).toBe(false);
        expect((await store().get(key))?.status).toBe("DELETED");
      });

      it("takes a create that is newer than the delete of a key dropped into the bucket (uploaded again)", async () => {
        const key = newKey("default");
        const dropped = { bucket: "raw-input", key: `inbox/${key.documentId}.pdf` };
        await store().markDeleted(key, { ...deleted(key, 2), object: dropped }, at(2));
        const outcome = await store().claim(claimOf(key, { ...created(key, 4, "etag-4"), object: dropped }, at(4)));
        expect(outcome.outcome).toBe("claimed");
        expect(outcome.record).toMatchObject({ status: "PROCESSING", version: "etag-4", attempts: 1 });
      });

      it("never brings back a document the API created: a newer create after its delete is stale", async () => {
        const key = newKey();
        await store().createPending(pending(key));
        await store().markDeleted(key, deleted(key, 2), at(2));
        const outcome = await store().claim(claimOf(key, created(key, 4, "etag-4"), at(4)));
        expect(outcome.outcome).toBe("stale");
        expect((await store().get(key))?.status).toBe("DELETED");
      });

      it("applies a delete with the recorded sequencer (S3 repeats one only for the same event), and again", async () => {
        const key = newKey();
        const token = await claimed(key, created(key, 4), at(4));
        await store().complete(key, token, result, at(5));
        const first = await store().markDeleted(key, deleted(key, 4), at(6));
        expect(first).toMatchObject({ applied: true, record: { status: "DELETED", sequencer: seq(4) } });
        const again = await store().markDeleted(key, deleted(key, 4), at(7));
        expect(again).toMatchObject({ applied: true, record: { status: "DELETED", sequencer: seq(4) } });
        expect((await store().claim(claimOf(key, created(key, 4), at(8)))).outcome).toBe("stale");
        expect(await store().get(key)).toMatchObject({ status: "DELETED", sequencer: seq(4), attempts: 1 });
      });

      it("says stale for a create with the sequencer of the delete recorded for its key", async () => {
        const key = newKey("default");
        const dropped = { bucket: "raw-input", key: `inbox/${key.documentId}.pdf` };
        await store().markDeleted(key, { ...deleted(key, 4), object: dropped }, at(4));
        const outcome = await store().claim(claimOf(key, { ...created(key, 4), object: dropped }, at(5)));
        expect(outcome.outcome).toBe("stale");
      });

      it("deletes a PENDING record that was never uploaded", async () => {
        const key = newKey();
        await store().createPending(pending(key));
        expect((await store().markDeleted(key, deleted(key, 1), at(1))).applied).toBe(true);
        expect((await store().get(key))?.status).toBe("DELETED");
      });
    });

    // Stores read "now" from the real clock: an expiry in 2025 is past, one a day from now is not.
    describe("expiry of PENDING records never uploaded", () => {
      const expired = (key: DocumentKey): DocumentRecord => ({ ...pending(key), expiresAt: at(3600).toISOString() });
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
      const live = (key: DocumentKey): DocumentRecord => ({ ...pending(key), expiresAt: tomorrow });

      it("hides a PENDING record past its expiry from get and list, and keeps one before it", async () => {
        const tenant = `expiry-${newKey().documentId.slice(-12)}`;
        const [gone, waiting] = [newKey(tenant), newKey(tenant)] as [DocumentKey, DocumentKey];
        await store().createPending(expired(gone));
        await store().createPending(live(waiting));
        expect(await store().get(gone)).toBeUndefined();
        expect(await store().get(waiting)).toEqual(live(waiting));
        const page = await store().list(tenant, { limit: 10 });
        expect(page.items.map((r) => r.documentId)).toEqual([waiting.documentId]);
        const pendingOnly = await store().list(tenant, { limit: 10, status: "PENDING" });
        expect(pendingOnly.items.map((r) => r.documentId)).toEqual([waiting.documentId]);
      });

      it("lets the event of an upload that came in time claim the record, which then never expires", async () => {
        const key = newKey();
        await store().createPending(expired(key));
        const outcome = await store().claim(claimOf(key, created(key, 1), at(1)));
        expect(outcome.outcome).toBe("claimed");
        const record = await store().get(key);
        expect(record).toMatchObject({ status: "PROCESSING", version: "etag-1" });
        expect(record?.expiresAt).toBeUndefined();
      });

      it("drops the expiry of a PENDING record that is deleted, so its tombstone stays", async () => {
        const key = newKey();
        await store().createPending(live(key));
        const { applied } = await store().markDeleted(key, deleted(key, 1), at(1));
        expect(applied).toBe(true);
        const record = await store().get(key);
        expect(record?.status).toBe("DELETED");
        expect(record?.expiresAt).toBeUndefined();
      });
    });

    describe("list", () => {
      it("pages through a tenant's documents, newest update first, each exactly once", async () => {
        const tenant = `list-${newKey().documentId.slice(-12)}`;
        const keys = Array.from({ length: 5 }, () => newKey(tenant));
        for (const [i, key] of keys.entries()) await store().createPending(pending(key, i));
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await store().list(tenant, { limit: 2, ...(cursor ? { cursor } : {}) });
          expect(page.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.items.map((item) => item.documentId));
          cursor = page.nextCursor;
          pages++;
        } while (cursor && pages < 10);
        expect(seen).toEqual(keys.map((k) => k.documentId).reverse());
      });

      it("filters by status", async () => {
        const tenant = `status-${newKey().documentId.slice(-12)}`;
        const [a, b] = [newKey(tenant), newKey(tenant)] as [DocumentKey, DocumentKey];
        await store().createPending(pending(a));
        const token = await claimed(b, created(b, 1), at(1));
        await store().complete(b, token, result, at(2));
        const processed = await store().list(tenant, { limit: 10, status: "PROCESSED" });
        expect(processed.items.map((r) => r.documentId)).toEqual([b.documentId]);
        const pendingOnly = await store().list(tenant, { limit: 10, status: "PENDING" });
        expect(pendingOnly.items.map((r) => r.documentId)).toEqual([a.documentId]);
      });

      it("never shows another tenant's documents", async () => {
        const suffix = newKey().documentId.slice(-12);
        const mine = newKey(`mine-${suffix}`);
        const theirs = newKey(`theirs-${suffix}`);
        await store().createPending(pending(mine));
        await store().createPending(pending(theirs));
        const page = await store().list(`mine-${suffix}`, { limit: 10 });
        expect(page.items.map((r) => r.documentId)).toEqual([mine.documentId]);
        expect(page.nextCursor).toBeUndefined();
        expect(await store().get({ tenantId: `mine-${suffix}`, documentId: theirs.documentId })).toBeUndefined();
      });
    });
  });
}
