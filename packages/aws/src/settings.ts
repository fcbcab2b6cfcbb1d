// The AWS adapters' settings alone: no AWS SDK is loaded, so the runtime can read them (and
// README's table list them) before it decides whether to load any adapter.
import type { SettingsConcern } from "@docworker/core";
import { BEDROCK_CONCERN } from "./bedrock/bedrock-config.ts";
import { DYNAMODB_CONCERN } from "./dynamodb/dynamodb-config.ts";
import { METRICS_CONCERN } from "./metrics/metrics-config.ts";
import { OPENSEARCH_CONCERN } from "./opensearch/opensearch-config.ts";
import { S3_CONCERN } from "./s3/s3-config.ts";
import { SQS_CONCERN } from "./sqs/sqs-config.ts";
import { TEXTRACT_CONCERN } from "./textract/textract-config.ts";

export { loadMetricsConfig, type MetricsConfig } from "./metrics/metrics-config.ts";
export { isServerlessCollection } from "./opensearch/opensearch-config.ts";
export { ingestQueueUrlFromEnv } from "./sqs/sqs-config.ts";

export const AWS_ADAPTER_CONCERNS: readonly SettingsConcern[] = [
  S3_CONCERN,
  DYNAMODB_CONCERN,
  SQS_CONCERN,
  OPENSEARCH_CONCERN,
  BEDROCK_CONCERN,
  TEXTRACT_CONCERN,
  METRICS_CONCERN,
];
