export * from "./bedrock/index.ts";
export * from "./bedrock/rerank.ts";
export * from "./dynamodb/index.ts";
export * from "./metrics/index.ts";
export * from "./opensearch/index.ts";
export * from "./s3/index.ts";
export * from "./sqs/index.ts";
export * from "./textract/index.ts";
