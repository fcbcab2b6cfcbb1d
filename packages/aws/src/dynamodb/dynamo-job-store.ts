import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { JobOutcome, JobStore, ReprocessJob } from "@docworker/core";
import { partitionKey } from "./document-item.ts";

export interface DynamoJobStoreOptions {
  tableName: string;
  client?: DynamoDBClient;
  clientConfig?: DynamoDBClientConfig;
}

const jobKey = (tenantId: string, jobId: string) => ({ pk: partitionKey(tenantId), sk: `JOB#${jobId}` });

/**
 * Reprocess jobs in the documents' table, under the tenant's partition with sort key JOB#{id}.
 * They carry none of the index attributes (statusKey, listKey), so document listings never see
 * them; counters are ADDed, so any number of workers report on one job at once.
 */
export class DynamoJobStore implements JobStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoJobStoreOptions) {
    const client = options.client ?? new DynamoDBClient(options.clientConfig ?? {});
    this.#db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.#table = options.tableName;
  }

  async create(job: ReprocessJob): Promise<void> {
    await this.#db.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...jobKey(job.tenantId, job.jobId), kind: "reprocess-job", ...job },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  }

  async get(tenantId: string, jobId: string): Promise<ReprocessJob | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: jobKey(tenantId, jobId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, kind: _kind, ...job } = Item;
    return job as ReprocessJob;
  }

  async addMatched(tenantId: string, jobId: string, count: number, listed: boolean, now: Date): Promise<void> {
    await this.#db.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: jobKey(tenantId, jobId),
        UpdateExpression: listed
          ? "ADD matched :n SET updatedAt = :now, listed = :true"
          : "ADD matched :n SET updatedAt = :now",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":n": count, ":now": now.toISOString(), ...(listed ? { ":true": true } : {}) },
      }),
    );
  }

  async addOutcome(tenantId: string, jobId: string, outcome: JobOutcome, now: Date): Promise<void> {
    await this.#db.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: jobKey(tenantId, jobId),
        UpdateExpression: "ADD #outcome :one SET updatedAt = :now",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: { "#outcome": outcome },
        ExpressionAttributeValues: { ":one": 1, ":now": now.toISOString() },
      }),
    );
  }
}
