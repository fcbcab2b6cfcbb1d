export { INDEX_BY_STATUS, INDEX_BY_UPDATED, TTL_ATTRIBUTE } from "./document-item.ts";
export { DynamoJobStore, type DynamoJobStoreOptions } from "./dynamo-job-store.ts";
export { DynamoMetadataStore, type DynamoMetadataStoreOptions } from "./dynamo-metadata-store.ts";
export { DynamoVectorSpacePointer, type DynamoVectorSpacePointerOptions } from "./dynamo-vector-space-pointer.ts";
export { dynamoMetadataStoreOptionsFromEnv } from "./dynamodb-config.ts";
export { InvalidCursorError } from "./list-cursor.ts";
