import type { DynamoMetadataStoreOptions } from "./dynamo-metadata-store.ts";

/**
 * DynamoMetadataStore settings from the environment: METADATA_TABLE (required). Region,
 * credentials and endpoint are the SDK's own (AWS_REGION, the credential chain,
 * AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_DYNAMODB).
 */
export function dynamoMetadataStoreOptionsFromEnv(
  env: Record<string, string | undefined> = process.env,
): DynamoMetadataStoreOptions {
  const tableName = env.METADATA_TABLE?.trim();
  if (!tableName) throw new Error("invalid configuration: METADATA_TABLE is required for the DynamoDB metadata store");
  return { tableName };
}
