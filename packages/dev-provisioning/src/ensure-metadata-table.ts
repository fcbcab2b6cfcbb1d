import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { INDEX_BY_STATUS, INDEX_BY_UPDATED, TTL_ATTRIBUTE } from "@docworker/aws";

/**
 * Creates the metadata table (for tests and the emulated stack; on AWS, Terraform owns it) unless it
 * exists, then waits until it is ACTIVE. On-demand capacity, encrypted at rest; the two GSIs
 * project every attribute so a list page needs no second read; TTL on the attribute that expires
 * PENDING records never uploaded. Takes a client, or the config to make one for the call.
 */
export async function ensureMetadataTable(
  clientOrConfig: DynamoDBClient | DynamoDBClientConfig,
  tableName: string,
  options: { kmsKeyId?: string; maxWaitSeconds?: number } = {},
): Promise<void> {
  const client = clientOrConfig instanceof DynamoDBClient ? clientOrConfig : new DynamoDBClient(clientOrConfig);
  try {
    await createTable(client, tableName, options);
    await enableTimeToLive(client, tableName);
  } finally {
    if (client !== clientOrConfig) client.destroy();
  }
}

async function createTable(
  client: DynamoDBClient,
  tableName: string,
  options: { kmsKeyId?: string; maxWaitSeconds?: number },
): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "S" },
          { AttributeName: "statusKey", AttributeType: "S" },
          { AttributeName: "listKey", AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: INDEX_BY_UPDATED,
            KeySchema: [
              { AttributeName: "pk", KeyType: "HASH" },
              { AttributeName: "listKey", KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "ALL" },
          },
          {
            IndexName: INDEX_BY_STATUS,
            KeySchema: [
              { AttributeName: "statusKey", KeyType: "HASH" },
              { AttributeName: "listKey", KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "ALL" },
          },
        ],
        SSESpecification: options.kmsKeyId
          ? { Enabled: true, SSEType: "KMS", KMSMasterKeyId: options.kmsKeyId }
          : { Enabled: true, SSEType: "KMS" },
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== "ResourceInUseException") throw error;
  }
  await waitUntilTableExists(
    { client, maxWaitTime: options.maxWaitSeconds ?? 60, minDelay: 1, maxDelay: 2 },
    { TableName: tableName },
  );
}

async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
  const described = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = described.TimeToLiveDescription?.TimeToLiveStatus;
  if (status === "ENABLED" || status === "ENABLING") return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    }),
  );
}
