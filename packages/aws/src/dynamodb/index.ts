export { DynamoJobStore, type DynamoJobStoreOptions } from "./dynamo-job-store.ts";
export { DynamoMetadataStore, type DynamoMetadataStoreOptions } from "./dynamo-metadata-store.ts";
export { dynamoMetadataStoreOptionsFromEnv } from "./dynamodb-config.ts";
export { ensureMetadataTable } from "./ensure-metadata-table.ts";
export { InvalidCursorError } from "./list-cursor.ts";
