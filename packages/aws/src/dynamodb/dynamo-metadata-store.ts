import { randomUUID } from "node:crypto";
import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  type ClaimOutcome,
  type ClaimRequest,
  type CompletedProcessing,
  ConflictError,
  type DocumentError,
  type DocumentKey,
  type DocumentRecord,
  DocworkerError,
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

import {
  type DocumentItem,
  fromItem,
  INDEX_BY_STATUS,
  INDEX_BY_UPDATED,
  itemRev,
  listKey,
  partitionKey,
  primaryKey,
  statusKey,
  toItem,
} from "./document-item.ts";
import { decodeCursor, encodeCursor, type StartKey } from "./list-cursor.ts";
import { UpdateBuilder } from "./update-expression.ts";

const MAX_PAGE = 1000;
/** Optimistic claims that lost a race re-read and decide again; more rounds than this is a hot key. */
const MAX_ROUNDS = 8;

export interface DynamoMetadataStoreOptions {
  tableName: string;
  /** A client to share; otherwise one is made from `clientConfig` (region, endpoint, credentials). */
  client?: DynamoDBClient;
  clientConfig?: DynamoDBClientConfig;
  /** What "now" is for expiring PENDING records that were never uploaded. */
  clock?: () => Date;
}

/**
 * MetadataStore on one DynamoDB table (layout in document-item.ts). Every state change is one
 * conditional write, so racing workers and late events can never move a record backwards:
 * - claim reads the item, decides with the shared claim rules, and writes the whole next record
 *   on condition that nothing changed since the read (`rev`); losing that race means reading
 *   and deciding again, which then says busy, stale or duplicate;
 * - complete / fail / release / renewLease are single UpdateItems conditional on PROCESSING and
 *   the caller's lease token, no read needed;
 * - markDeleted reads the item and decides with the shared delete rules, like claim: the whole
 *   next record is written on condition that nothing changed since the read (`rev`), a tombstone
 *   on condition that there is still no item.
 * Reads of one record are strongly consistent; list reads a GSI, which is eventually consistent
 * on AWS (a change can take a moment to show in lists). A PENDING record past its `expiresAt`
 * is hidden from both: the table's TTL removes it, but lazily (within days).
 */
export class DynamoMetadataStore implements MetadataStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #clock: () => Date;

  constructor(options: DynamoMetadataStoreOptions) {
    this.#clock = options.clock ?? (() => new Date());
    const client = options.client ?? new DynamoDBClient(options.clientConfig ?? {});
    this.#db = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
    });
    this.#table = options.tableName;
  }

  async get(key: DocumentKey): Promise<DocumentRecord | undefined> {
    const item = await this.#read(key);
    const record = item ? fromItem(item) : undefined;
    return record && !isExpiredPending(record, this.#clock()) ? record : undefined;
  }

  async list(tenantId: string, query: ListQuery): Promise<ListPage> {
    const limit = Math.max(1, Math.min(MAX_PAGE, Math.trunc(query.limit) || 1));
    const pk = partitionKey(tenantId);
    const byStatus = query.status !== undefined;
    const hash = byStatus
      ? { name: "statusKey", value: statusKey(tenantId, query.status as DocumentRecord["status"]) }
      : { name: "pk", value: pk };
    const keyAttributes = byStatus ? ["pk", "sk", "statusKey", "listKey"] : ["pk", "sk", "listKey"];
    let startKey: StartKey | undefined =
      query.cursor === undefined
        ? undefined
        : decodeCursor(query.cursor, { attributes: keyAttributes, fixed: { pk, [hash.name]: hash.value } });
    // One more than asked, to know whether a next page exists without handing out an empty one.
    const items: Record<string, unknown>[] = [];
    const now = this.#clock();
    do {
      const page = await this.#db.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: byStatus ? INDEX_BY_STATUS : INDEX_BY_UPDATED,
          KeyConditionExpression: "#h = :h",
          ExpressionAttributeNames: { "#h": hash.name },
          ExpressionAttributeValues: { ":h": hash.value },
          ScanIndexForward: false,
          Limit: limit + 1 - items.length,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      items.push(...(page.Items ?? []).filter((item) => !isExpiredPending(fromItem(item), now)));
      startKey = page.LastEvaluatedKey as StartKey | undefined;
    } while (startKey && items.length <= limit);
    const pageItems = items.slice(0, limit);
    const last = pageItems.at(-1);
    if (items.length <= limit || !last) return { items: pageItems.map(fromItem) };
    const cursorKey = Object.fromEntries(keyAttributes.map((name) => [name, String(last[name])]));
    return { items: pageItems.map(fromItem), nextCursor: encodeCursor(cursorKey) };
  }

  async createPending(record: DocumentRecord): Promise<void> {
    if (!(await this.#putIfAbsent(toItem(record, 1)))) {
      throw new ConflictError(`document ${record.tenantId}/${record.documentId} already exists`);
    }
  }

  async claim(request: ClaimRequest): Promise<ClaimOutcome> {
    const { key, now, leaseMs } = request;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const lease = { token: randomUUID(), expiresAt: new Date(now.getTime() + leaseMs).toISOString() };
      const item = await this.#read(key);
      if (!item) {
        const record = firstClaimRecord(request, lease);
        if (await this.#putIfAbsent(toItem(record, 1))) {
          return { outcome: "claimed", record, leaseToken: lease.token };
        }
        continue;
      }
      const current = fromItem(item);
      const decision = decideClaim(current, request);
      if (decision.kind === "busy") return { outcome: "busy", record: current, retryAfterMs: decision.retryAfterMs };
      if (decision.kind !== "claim") return { outcome: decision.kind, record: current };
      const record = reclaimedRecord(current, decision, request, lease);
      const rev = itemRev(item);
      if (await this.#putIfRev(toItem(record, (rev ?? 0) + 1), rev)) {
        return { outcome: "claimed", record, leaseToken: lease.token };
      }
    }
    throw new DocworkerError(
      "INTERNAL",
      `claim of ${key.tenantId}/${key.documentId} lost ${MAX_ROUNDS} races in a row`,
    );
  }

  async complete(key: DocumentKey, leaseToken: string, result: CompletedProcessing, now: Date): Promise<boolean> {
    const update = this.#transition(key, "PROCESSED", now)
      .set("chunkCount", result.chunkCount)
      .set("contentType", result.contentType)
      .set("extraction", result.extraction)
      .set("usage", result.usage)
      .set("processedAt", now.toISOString())
      .set("pageCount", result.pageCount)
      .set("recognition", result.recognition)
      .remove("error", "lease");
    if (result.size !== undefined) update.set("size", result.size);
    if (result.class !== undefined) update.set("class", result.class);
    if (result.classConfidence !== undefined) update.set("classConfidence", result.classConfidence);
    if (result.classification !== undefined) update.set("classification", result.classification);
    if (result.embedder !== undefined) update.set("embedder", result.embedder);
    return this.#updateOwned(key, leaseToken, update);
  }

  async fail(key: DocumentKey, leaseToken: string, error: DocumentError, now: Date): Promise<boolean> {
    const update = this.#transition(key, "FAILED", now).set("error", error).remove("lease");
    return this.#updateOwned(key, leaseToken, update);
  }

  async release(key: DocumentKey, leaseToken: string, error: DocumentError, now: Date): Promise<boolean> {
    const update = this.#transition(key, "QUEUED", now)
      .set("error", { ...error, retryable: true })
      .remove("lease");
    return this.#updateOwned(key, leaseToken, update);
  }

  async renewLease(key: DocumentKey, leaseToken: string, leaseMs: number, now: Date): Promise<boolean> {
    const update = this.#transition(key, "PROCESSING", now).set("lease", {
      token: leaseToken,
      expiresAt: new Date(now.getTime() + leaseMs).toISOString(),
    });
    return this.#updateOwned(key, leaseToken, update);
  }

  async markDeleted(
    key: DocumentKey,
    event: ObjectDeletedEvent,
    now: Date,
  ): Promise<{ applied: boolean; record?: DocumentRecord }> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const item = await this.#read(key);
      const decision = decideDelete(item ? fromItem(item) : undefined, key, event, now);
      if (decision.kind === "stale") return { applied: false, record: decision.record };
      const rev = item ? itemRev(item) : undefined;
      const next = toItem(decision.record, (rev ?? 0) + 1);
      if (item ? await this.#putIfRev(next, rev) : await this.#putIfAbsent(next)) {
        return { applied: true, record: decision.record };
      }
    }
    throw new DocworkerError(
      "INTERNAL",
      `delete of ${key.tenantId}/${key.documentId} lost ${MAX_ROUNDS} races in a row`,
    );
  }

  /** The attributes every change of status rewrites: status, update time and both index keys. */
  #transition(key: DocumentKey, status: DocumentRecord["status"], now: Date): UpdateBuilder {
    return new UpdateBuilder()
      .set("status", status)
      .set("statusKey", statusKey(key.tenantId, status))
      .set("updatedAt", now.toISOString())
      .set("listKey", listKey(now.toISOString(), key.documentId))
      .increment("rev");
  }

  /** Applies `update` only while the record is PROCESSING under `leaseToken`. */
  async #updateOwned(key: DocumentKey, leaseToken: string, update: UpdateBuilder): Promise<boolean> {
    const condition = `${update.path("status")} = ${update.value("PROCESSING")} AND ${update.path("lease.token")} = ${update.value(leaseToken)}`;
    return (await this.#update(key, update, condition)) !== undefined;
  }

  /** The item after the update, or undefined when the condition did not hold. */
  async #update(
    key: DocumentKey,
    update: UpdateBuilder,
    condition: string,
  ): Promise<Record<string, unknown> | undefined> {
    try {
      const output = await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: primaryKey(key),
          UpdateExpression: update.expression(),
          ConditionExpression: condition,
          ExpressionAttributeNames: update.names,
          ExpressionAttributeValues: update.values,
          ReturnValues: "ALL_NEW",
        }),
      );
      return output.Attributes ?? {};
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  }

  async #read(key: DocumentKey): Promise<Record<string, unknown> | undefined> {
    const output = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: primaryKey(key), ConsistentRead: true }),
    );
    return output.Item;
  }

  async #putIfAbsent(item: DocumentItem): Promise<boolean> {
    return this.#put(item, "attribute_not_exists(pk)", {});
  }

  /** Writes only if the item is still at `rev` (undefined: an item written without one, by hand). */
  async #putIfRev(item: DocumentItem, rev: number | undefined): Promise<boolean> {
    if (rev === undefined) return this.#put(item, "attribute_exists(pk) AND attribute_not_exists(rev)", {});
    return this.#put(item, "rev = :rev", { ":rev": rev });
  }

  async #put(item: DocumentItem, condition: string, values: Record<string, unknown>): Promise<boolean> {
    try {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: item,
          ConditionExpression: condition,
          ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }
}

function isConditionFailed(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === "ConditionalCheckFailedException";
}
