export { DynamoMetadataStore, type DynamoMetadataStoreOptions } from "./dynamo-metadata-store.ts";
export { dynamoMetadataStoreOptionsFromEnv } from "./dynamodb-config.ts";
export { ensureMetadataTable } from "./ensure-metadata-table.ts";
export { InvalidCursorError } from "./list-cursor.ts";
