import { DeleteTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { describeMetadataStoreContract } from "@docworker/contract-tests";
import { ensureMetadataTable } from "@docworker/dev-provisioning";
import { afterAll, beforeAll } from "vitest";
import { DynamoMetadataStore } from "../../src/index.ts";
import { emulatedClients, uniqueName } from "../support/aws-clients.ts";
import { ensureEmulatedStack } from "../support/emulated-stack.ts";

// One table for the file: the contract makes ids unique per test, so tests do not meet.
const tableName = uniqueName("contract-documents");
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  const { env } = await ensureEmulatedStack();
  dynamodb = emulatedClients(env).dynamodb;
  await ensureMetadataTable(dynamodb, tableName);
});

afterAll(async () => {
  await dynamodb.send(new DeleteTableCommand({ TableName: tableName }));
  dynamodb.destroy();
});

describeMetadataStoreContract(
  "DynamoMetadataStore (moto)",
  () => new DynamoMetadataStore({ client: dynamodb, tableName }),
);
