import { randomUUID } from "node:crypto";
import {
  type ClaimOutcome,
  type ClaimRequest,
  type CompletedProcessing,
  ConflictError,
  type DocumentError,
  type DocumentKey,
  type DocumentRecord,
  decideClaim,
  decideDelete,
  firstClaimRecord,
  isExpiredPending,
  type ListPage,
  type ListQuery,
  type MetadataStore,
  type ObjectDeletedEvent,
  reclaimedRecord,
} from "@docworker/core";

import { DOCUMENT_COLUMNS, type DocumentRow, fromRow, toRow } from "./document-row.ts";
import { DOCUMENTS_SCHEMA } from "./documents-schema.ts";
import { GroupCommit } from "./group-commit.ts";
import { decodeCursor, encodeCursor } from "./list-cursor.ts";
import { migrate, type SqliteDatabase } from "./sqlite-database.ts";

const MAX_PAGE = 1000;

export interface SqliteMetadataStoreOptions {
  /** What "now" is for expiring PENDING records that were never uploaded. */
  clock?: () => Date;
  /** Commits shared with the other stores on this database; default: a group of its own. */
  group?: GroupCommit;
}

/**
 * Document records in SQLite. Each write runs under the write lock (the read that decides and the
 * write that applies cannot be split by another process), in a savepoint of the group commit of
 * the documents in flight, and resolves once committed; every write is also conditional on the
 * state it expects.
 */
export class SqliteMetadataStore implements MetadataStore {
  readonly #db: SqliteDatabase;
  readonly #select;
  readonly #insert;
  readonly #update;
  readonly #clock: () => Date;
  readonly #group: GroupCommit;

  constructor(db: SqliteDatabase, options: SqliteMetadataStoreOptions = {}) {
    this.#db = db;
    this.#clock = options.clock ?? (() => new Date());
    this.#group = options.group ?? new GroupCommit(db);
    migrate(db, "metadata-store", DOCUMENTS_SCHEMA);
    this.#select = db.prepare<[string, string], DocumentRow>(
      "SELECT * FROM documents WHERE tenant_id = ? AND document_id = ?",
    );
    this.#insert = db.prepare<[DocumentRow]>(
      `INSERT INTO documents (${DOCUMENT_COLUMNS.join(", ")}) VALUES (${DOCUMENT_COLUMNS.map((c) => `@${c}`).join(", ")})`,
    );
    // Applies only if the record is still as it was read: same status, same lease, same update time.
    this.#update = db.prepare<
      [DocumentRow & { expected_status: string; expected_updated_at: string; expected_lease: string | null }]
    >(
      `UPDATE documents SET ${DOCUMENT_COLUMNS.slice(2)
        .map((c) => `${c} = @${c}`)
        .join(", ")}
       WHERE tenant_id = @tenant_id AND document_id = @document_id AND status = @expected_status
         AND updated_at = @expected_updated_at AND lease_token IS @expected_lease`,
    );
  }

  async get(key: DocumentKey): Promise<DocumentRecord | undefined> {
    const row = this.#select.get(key.tenantId, key.documentId);
    const record = row ? fromRow(row) : undefined;
    // The sweep runs now and then: until it has, an expired record is hidden all the same.
    return record && !isExpiredPending(record, this.#clock()) ? record : undefined;
  }

  async list(tenantId: string, query: ListQuery): Promise<ListPage> {
    const limit = Math.max(1, Math.min(MAX_PAGE, Math.trunc(query.limit) || 1));
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const where = [
      "tenant_id = @tenantId",
      "NOT (status = 'PENDING' AND expires_at IS NOT NULL AND expires_at <= @now)",
    ];
    if (query.status) where.push("status = @status");
    if (after) where.push("(updated_at, document_id) < (@updatedAt, @documentId)");
    const rows = this.#db
      .prepare<[Record<string, unknown>], DocumentRow>(
        `SELECT * FROM documents WHERE ${where.join(" AND ")} ORDER BY updated_at DESC, document_id DESC LIMIT @take`,
      )
      .all({
        tenantId,
        status: query.status ?? null,
        updatedAt: after?.[0] ?? null,
        documentId: after?.[1] ?? null,
        now: this.#clock().toISOString(),
        take: limit + 1,
      });
    const items = rows.slice(0, limit).map(fromRow);
    const last = items.at(-1);
    return rows.length > limit && last
      ? { items, nextCursor: encodeCursor([last.updatedAt, last.documentId]) }
      : { items };
  }

  async createPending(record: DocumentRecord): Promise<void> {
    await this.#group.run(() => {
      try {
        this.#insert.run(toRow(record));
      } catch (error) {
        if ((error as { code?: string }).code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
          throw new ConflictError(`document ${record.tenantId}/${record.documentId} already exists`);
        }
        throw error;
      }
    });
  }

  /**
   * Removes the PENDING records that expired without an upload; returns how many. The embedded
   * adapters call it at start and then periodically. A record whose upload came in time but
   * whose event was not claimed yet is not lost either way: the claim makes it again.
   */
  sweepExpiredPending(now: Date = this.#clock()): number {
    return this.#db
      .prepare<[string]>(
        "DELETE FROM documents WHERE status = 'PENDING' AND expires_at IS NOT NULL AND expires_at <= ?",
      )
      .run(now.toISOString()).changes;
  }

  async claim(request: ClaimRequest): Promise<ClaimOutcome> {
    return this.#group.run((): ClaimOutcome => {
      const { key, now, leaseMs } = request;
      const lease = { token: randomUUID(), expiresAt: new Date(now.getTime() + leaseMs).toISOString() };
      const row = this.#select.get(key.tenantId, key.documentId);
      if (!row) {
        const record = firstClaimRecord(request, lease);
        this.#insert.run(toRow(record));
        return { outcome: "claimed", record, leaseToken: lease.token };
      }
      const current = fromRow(row);
      const decision = decideClaim(current, request);
      if (decision.kind === "busy") return { outcome: "busy", record: current, retryAfterMs: decision.retryAfterMs };
      if (decision.kind !== "claim") return { outcome: decision.kind, record: current };
      const record = reclaimedRecord(current, decision, request, lease);
      this.#applyUpdate(current, record);
      return { outcome: "claimed", record, leaseToken: lease.token };
    });
  }

  async complete(key: DocumentKey, leaseToken: string, result: CompletedProcessing, now: Date): Promise<boolean> {
    return this.#updateOwned(key, leaseToken, (record) => {
      const { error: _error, lease: _lease, pageCount: _pages, recognition: _recognition, ...rest } = record;
      return {
        ...rest,
        status: "PROCESSED",
        chunkCount: result.chunkCount,
        contentType: result.contentType,
        extraction: result.extraction,
        usage: result.usage,
        updatedAt: now.toISOString(),
        processedAt: now.toISOString(),
        ...(result.pageCount === undefined ? {} : { pageCount: result.pageCount }),
        ...(result.recognition === undefined ? {} : { recognition: result.recognition }),
        ...(result.size === undefined ? {} : { size: result.size }),
        ...(result.class === undefined ? {} : { class: result.class }),
        ...(result.classConfidence === undefined ? {} : { classConfidence: result.classConfidence }),
        ...(result.classification === undefined ? {} : { classification: result.classification }),
        ...(result.embedder === undefined ? {} : { embedder: result.embedder }),
      };
    });
  }

  async fail(key: DocumentKey, leaseToken: string, error: DocumentError, now: Date): Promise<boolean> {
    return this.#updateOwned(key, leaseToken, ({ lease: _lease, ...rest }) => ({
      ...rest,
      status: "FAILED",
      error,
      updatedAt: now.toISOString(),
    }));
  }

  async release(key: DocumentKey, leaseToken: string, error: DocumentError, now: Date): Promise<boolean> {
    return this.#updateOwned(key, leaseToken, ({ lease: _lease, ...rest }) => ({
      ...rest,
      status: "QUEUED",
      error: { ...error, retryable: true },
      updatedAt: now.toISOString(),
    }));
  }

  async renewLease(key: DocumentKey, leaseToken: string, leaseMs: number, now: Date): Promise<boolean> {
    return this.#updateOwned(key, leaseToken, (record) => ({
      ...record,
      lease: { token: leaseToken, expiresAt: new Date(now.getTime() + leaseMs).toISOString() },
      updatedAt: now.toISOString(),
    }));
  }

  async markDeleted(
    key: DocumentKey,
    event: ObjectDeletedEvent,
    now: Date,
  ): Promise<{ applied: boolean; record?: DocumentRecord }> {
    return this.#group.run(() => {
      const row = this.#select.get(key.tenantId, key.documentId);
      const current = row ? fromRow(row) : undefined;
      const decision = decideDelete(current, key, event, now);
      if (decision.kind === "stale") return { applied: false, record: decision.record };
      if (decision.kind === "tombstone") this.#insert.run(toRow(decision.record));
      else if (current) this.#applyUpdate(current, decision.record);
      return { applied: true, record: decision.record };
    });
  }

  /** PROCESSING-only changes, made only while `leaseToken` still owns the record. */
  #updateOwned(
    key: DocumentKey,
    leaseToken: string,
    change: (record: DocumentRecord) => DocumentRecord,
  ): Promise<boolean> {
    return this.#group.run(() => {
      const row = this.#select.get(key.tenantId, key.documentId);
      if (row?.status !== "PROCESSING" || row.lease_token !== leaseToken) return false;
      const current = fromRow(row);
      return this.#applyUpdate(current, change(current));
    });
  }

  #applyUpdate(current: DocumentRecord, next: DocumentRecord): boolean {
    const result = this.#update.run({
      ...toRow(next),
      expected_status: current.status,
      expected_updated_at: current.updatedAt,
      expected_lease: current.lease?.token ?? null,
    });
    return result.changes === 1;
  }
}
