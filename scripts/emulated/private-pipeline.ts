// A private copy of the production wiring on the emulated stack, for tests and benchmarks that
// must not share resources: its own buckets (EventBridge notifications on), rule, queue with DLQ,
// table and index name, plus the env a worker or API process on AWS would be given for them.
import { randomUUID } from "node:crypto";
import { type BootstrapOutputs, bootstrapEmulatedStack } from "./bootstrap.ts";

export interface PrivatePipeline {
  suffix: string;
  outputs: BootstrapOutputs;
  /** Everything `openRuntime` needs for DOCWORKER_ADAPTERS=aws on these resources. */
  env: Record<string, string>;
}

export async function createPrivatePipeline(
  emulated: Record<string, string>,
  options: {
    prefix?: string;
    bedrockUrl: string;
    visibilityTimeoutSeconds?: number;
    extraEnv?: Record<string, string>;
  },
): Promise<PrivatePipeline> {
  const suffix = `${options.prefix ?? ""}${randomUUID().slice(0, 8)}`;
  const outputs = await bootstrapEmulatedStack(emulated, {
    names: {
      rawBucket: `raw-${suffix}`,
      processedBucket: `processed-${suffix}`,
      ingestQueue: `ingest-${suffix}`,
      metadataTable: `documents-${suffix}`,
      ingestRule: `rule-${suffix}`,
    },
    maxReceiveCount: 5,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 30,
  });
  const env: Record<string, string> = {
    ...emulated,
    ...outputs,
    DOCWORKER_ADAPTERS: "aws",
    AUTH_MODE: "none",
    S3_FORCE_PATH_STYLE: "true",
    OPENSEARCH_AUTH: "none",
    OPENSEARCH_SERVERLESS: "false",
    OPENSEARCH_INDEX: `chunks-${suffix}`,
    BEDROCK_ENDPOINT_URL: options.bedrockUrl,
    BEDROCK_EMBEDDING_DIMENSION: "256",
    TEXTRACT_POLL_MS: "200",
    SQS_WAIT_TIME_SECONDS: "1",
    SQS_HANDLER_ERROR_DELAY_SECONDS: "1",
    WORKER_BACKOFF_BASE_SECONDS: "0.5",
    WORKER_BACKOFF_MAX_SECONDS: "1",
    METRICS_ENABLED: "false",
    ...options.extraEnv,
  };
  return { suffix, outputs, env };
}
