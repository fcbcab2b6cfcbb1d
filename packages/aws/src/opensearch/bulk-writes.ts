import type { Types } from "@opensearch-project/opensearch";
import type { ChunkSource } from "./chunk-mapping.ts";
import type { OpenSearchCalls } from "./opensearch-calls.ts";
import { type BulkItemFailure, bulkFailureError, toDocworkerError } from "./opensearch-errors.ts";

export interface BulkLimits {
  /** Documents per bulk request. */
  maxDocs: number;
  /** Bytes per bulk request (a single larger document still goes, alone). */
  maxBytes: number;
}

type BulkBody = Types.Core_Bulk.OperationContainer[];

/**
 * Indexes the chunks in batches, without `_id`s (OpenSearch generates them; Serverless rejects
 * ours). Each generated `_id` is pushed onto `written` as soon as its batch returns, so a caller
 * whose later batch fails knows what to roll back.
 */
export async function bulkIndex(
  client: OpenSearchCalls,
  index: string,
  sources: ChunkSource[],
  limits: BulkLimits,
  written: string[],
): Promise<void> {
  const action = JSON.stringify({ index: {} });
  for (const batch of batches(
    sources.map((source) => JSON.stringify(source)),
    limits,
  )) {
    const body = batch.flatMap((line) => [action, line]);
    const items = await sendBulk(client, index, body, batch.length, "bulk index");
    const failures: BulkItemFailure[] = [];
    for (const item of items) {
      const result = item.index;
      if (result && result.status < 300 && result._id) written.push(result._id);
      else failures.push(failureOf(result));
    }
    const error = bulkFailureError(`index ${index}: bulk index`, failures);
    if (error) throw error;
  }
}

/** Deletes by `_id` in batches; an id already gone (404) counts as deleted. */
export async function bulkDelete(
  client: OpenSearchCalls,
  index: string,
  ids: string[],
  limits: BulkLimits,
): Promise<void> {
  const lines = ids.map((id) => JSON.stringify({ delete: { _id: id } }));
  for (const body of batches(lines, limits)) {
    const items = await sendBulk(client, index, body, body.length, "bulk delete");
    const failures = items
      .map((item) => item.delete)
      .filter((result) => !result || (result.status >= 300 && result.status !== 404))
      .map(failureOf);
    const error = bulkFailureError(`index ${index}: bulk delete`, failures);
    if (error) throw error;
  }
}

async function sendBulk(
  client: OpenSearchCalls,
  index: string,
  lines: string[],
  expectedItems: number,
  operation: string,
): Promise<Types.Core_Bulk.Item[]> {
  try {
    // Pre-serialised NDJSON lines: the client passes strings through (and we could measure them).
    const response = await client.bulk({ index, body: lines as unknown as BulkBody });
    const items = response.body.items;
    if (items.length !== expectedItems) throw new Error(`${items.length} results for ${expectedItems} operations`);
    return items;
  } catch (error) {
    throw toDocworkerError(error, `index ${index}: ${operation}`);
  }
}

function failureOf(result: Types.Core_Bulk.ResponseItem | undefined): BulkItemFailure {
  if (!result) return { status: 500, type: "missing_item", reason: "the bulk response has no result for an item" };
  const error = result.error;
  return {
    status: result.status,
    ...(error?.type ? { type: error.type } : {}),
    ...(error?.reason ? { reason: error.reason } : {}),
  };
}

/** Splits serialised documents into bulk-sized groups by count and by bytes. */
export function* batches(lines: string[], limits: BulkLimits): Generator<string[]> {
  let batch: string[] = [];
  let bytes = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line) + 32;
    if (batch.length > 0 && (batch.length >= limits.maxDocs || bytes + size > limits.maxBytes)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(line);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}
