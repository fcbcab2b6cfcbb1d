import {
  type BlobStore,
  type Embedder,
  type EventSource,
  type Extractor,
  type Logger,
  type MetadataStore,
  noMetrics,
  type PipelineMetrics,
  type SearchIndex,
} from "@docworker/core";
import { awsClientConfig } from "./aws-client-config.ts";
import type { RuntimeConfig } from "./runtime-config.ts";

export interface AwsAdapters {
  blobs: BlobStore;
  metadata: MetadataStore;
  index: SearchIndex;
  events: EventSource;
  metrics: PipelineMetrics;
  bedrock?: { embedder: Embedder; extractor: Extractor };
  healthCheck(): Promise<void>;
  close(): Promise<void>;
}

type Env = Record<string, string | undefined>;

/**
 * S3, DynamoDB, OpenSearch (Serverless or a node), SQS and, when asked for, Bedrock. Loaded on
 * demand so the embedded default never pulls in the AWS SDK.
 */
export async function openAwsAdapters(
  config: RuntimeConfig,
  env: Env,
  logger: Logger,
  service: string,
  embeddingDimension: () => Promise<number>,
): Promise<AwsAdapters> {
  const aws = await import("@docworker/aws");
  const clientConfig = awsClientConfig(env);
  const bedrock =
    config.embeddingsProvider === "bedrock" || config.extractor === "bedrock"
      ? aws.createBedrockAdapters(
          aws.loadBedrockConfig(env),
          clientConfig.credentials ? { credentials: clientConfig.credentials } : {},
        )
      : undefined;
  const s3Options = aws.s3BlobStoreOptionsFromEnv(env);
  const blobs = new aws.S3BlobStore({ ...s3Options, clientConfig: { ...clientConfig, ...s3Options.clientConfig } });
  const metadata = new aws.DynamoMetadataStore({ ...aws.dynamoMetadataStoreOptionsFromEnv(env), clientConfig });
  const dimension =
    bedrock && config.embeddingsProvider === "bedrock" ? bedrock.embedder.dimension : await embeddingDimension();
  const index = aws.OpenSearchIndex.fromConfig(aws.loadOpenSearchConfig(env, { dimension }));
  await index.ensureIndex();
  const events = new aws.SqsEventSource({ ...aws.sqsEventSourceOptionsFromEnv(env), clientConfig, logger });
  return {
    blobs,
    metadata,
    index,
    events,
    // METRICS_ENABLED=false keeps EMF lines out of test output; on ECS they are the metrics.
    metrics:
      env.METRICS_ENABLED === "false"
        ? noMetrics
        : aws.createEmfPipelineMetrics({
            service,
            ...(env.METRICS_NAMESPACE ? { namespace: env.METRICS_NAMESPACE } : {}),
          }),
    ...(bedrock ? { bedrock: { embedder: bedrock.embedder, extractor: bedrock.extractor } } : {}),
    async healthCheck() {
      await metadata.list(config.core.defaultTenantId, { limit: 1 });
    },
    async close() {
      await events.stop({ graceMs: 0 });
      blobs.destroy();
      bedrock?.client.destroy();
    },
  };
}
