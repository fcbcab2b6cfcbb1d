import type {
  BlobStore,
  Embedder,
  EventSource,
  Extractor,
  Logger,
  MetadataStore,
  PipelineMetrics,
  SearchIndex,
} from "@docworker/core";
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
  const bedrock =
    config.embeddingsProvider === "bedrock" || config.extractor === "bedrock"
      ? aws.createBedrockAdapters(aws.loadBedrockConfig(env))
      : undefined;
  const blobs = new aws.S3BlobStore(aws.s3BlobStoreOptionsFromEnv(env));
  const metadata = new aws.DynamoMetadataStore(aws.dynamoMetadataStoreOptionsFromEnv(env));
  const dimension =
    bedrock && config.embeddingsProvider === "bedrock" ? bedrock.embedder.dimension : await embeddingDimension();
  const index = aws.OpenSearchIndex.fromConfig(aws.loadOpenSearchConfig(env, { dimension }));
  await index.ensureIndex();
  const events = new aws.SqsEventSource({ ...aws.sqsEventSourceOptionsFromEnv(env), logger });
  return {
    blobs,
    metadata,
    index,
    events,
    metrics: aws.createEmfPipelineMetrics({
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
