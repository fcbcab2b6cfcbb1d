import type { BedrockClientOptions } from "@docworker/aws/bedrock";
import type { DeferredBedrockAdapters } from "@docworker/aws/bedrock/deferred";
import { ingestQueueUrlFromEnv, loadMetricsConfig } from "@docworker/aws/settings";
import {
  type BlobStore,
  type Classifier,
  type Embedder,
  type EventSource,
  type Extractor,
  type JobStore,
  type Logger,
  type MetadataStore,
  noMetrics,
  type PipelineMetrics,
  type QueuePublisher,
  type Reranker,
  type SearchIndex,
  type TextRecognizer,
  type VectorSpace,
  type VectorSpaceIndexes,
  type VectorSpacePointer,
  vectorSpaceOf,
} from "@docworker/core";
import { awsClientConfig } from "./aws-client-config.ts";
import type { RuntimeConfig, ServiceRole } from "./runtime-config.ts";

export interface AwsAdapters {
  blobs: BlobStore;
  metadata: MetadataStore;
  /** The configured embedder's vector space's index. */
  index: SearchIndex;
  /** Which vector space searches read (an item of the documents' table), and an index per space. */
  spaces: { pointer: VectorSpacePointer; indexes: VectorSpaceIndexes; initial: VectorSpace };
  /** Only for a runtime that consumes the queue: the API's task has no queue to read. */
  events?: EventSource;
  metrics: PipelineMetrics;
  /** The ingestion queue to send reprocess messages to, when INGEST_QUEUE_URL is set. */
  queue?: QueuePublisher;
  jobs: JobStore;
  bedrock?: { embedder: Embedder; extractor: Extractor; classifier: Classifier };
  /** A Bedrock embedder for another model or dimension: a vector space that is not the configured one. */
  bedrockEmbedder(modelId: string, dimension: number): Promise<Embedder>;
  reranker?: Reranker;
  /** Amazon Textract, when OCR_ENGINE=textract (the default on AWS). */
  textract?: TextRecognizer;
  healthCheck(): Promise<void>;
  close(): Promise<void>;
}

type Env = Record<string, string | undefined>;

/**
 * S3, DynamoDB, OpenSearch (Serverless or a node), SQS for a runtime that consumes the queue and,
 * when asked for, Bedrock. Loaded on demand so the embedded default never pulls in the AWS SDK.
 *
 * The index: a runtime that serves the API creates it when it is missing; a worker-only runtime
 * checks that it exists with the right mapping. The API always runs at least one task and starts
 * before anything can be uploaded (an upload needs its URL), so on a fresh account the index exists
 * before the first document, whatever the worker's scaling; only the API's data-access rule grants
 * aoss:CreateIndex.
 */
export async function openAwsAdapters(
  config: RuntimeConfig,
  env: Env,
  logger: Logger,
  service: { name: string; serves: readonly ServiceRole[] },
  localEmbedder: () => Promise<Embedder>,
): Promise<AwsAdapters> {
  // Each AWS service's adapters are a subpath of @docworker/aws, imported only when used: the API
  // never loads Textract's client or the queue consumer, neither loads Bedrock's unless asked.
  const clientConfig = awsClientConfig(env);
  const metricsConfig = loadMetricsConfig(env);
  const credentials = clientConfig.credentials ? { credentials: clientConfig.credentials } : {};
  const usesBedrock =
    config.embeddingsProvider === "bedrock" || config.extractor === "bedrock" || config.classifier === "bedrock";
  const bedrock = usesBedrock
    ? await bedrockAdapters(env, credentials, { onFirstUse: !service.serves.includes("worker") })
    : undefined;
  const rerank =
    config.reranker === "bedrock"
      ? await import("@docworker/aws/bedrock/rerank").then((r) =>
          r.createBedrockReranker(r.loadBedrockConfig(env), credentials),
        )
      : undefined;
  const textract =
    config.recognition.engine === "textract"
      ? await import("@docworker/aws/textract").then((t) =>
          t.createTextractRecognizer(t.loadTextractConfig(env), credentials),
        )
      : undefined;
  const [s3, dynamodb, opensearch] = await Promise.all([
    import("@docworker/aws/s3"),
    import("@docworker/aws/dynamodb"),
    import("@docworker/aws/opensearch"),
  ]);
  const s3Options = s3.s3BlobStoreOptionsFromEnv(env);
  const blobs = new s3.S3BlobStore({ ...s3Options, clientConfig: { ...clientConfig, ...s3Options.clientConfig } });
  const metadata = new dynamodb.DynamoMetadataStore({
    ...dynamodb.dynamoMetadataStoreOptionsFromEnv(env),
    clientConfig,
  });
  const jobs = new dynamodb.DynamoJobStore({ ...dynamodb.dynamoMetadataStoreOptionsFromEnv(env), clientConfig });
  const ingestQueueUrl = ingestQueueUrlFromEnv(env);
  const consumes = service.serves.includes("worker");
  // The consumer (sqs-consumer) only where the queue is read; the API only publishes.
  const sqs = consumes ? await import("@docworker/aws/sqs") : undefined;
  const queue = ingestQueueUrl
    ? new (await import("@docworker/aws/sqs/publisher")).SqsQueuePublisher({ queueUrl: ingestQueueUrl, clientConfig })
    : undefined;
  const embedder = bedrock && config.embeddingsProvider === "bedrock" ? bedrock.embedder : await localEmbedder();
  const openSearch = opensearch.loadOpenSearchConfig(env, { dimension: embedder.dimension });
  const indexes = new opensearch.OpenSearchSpaceIndexes(opensearch.createOpenSearchClient(openSearch), {
    base: openSearch.index,
    hnsw: openSearch.hnsw,
  });
  const pointer = new dynamodb.DynamoVectorSpacePointer({
    ...dynamodb.dynamoMetadataStoreOptionsFromEnv(env),
    clientConfig,
  });
  // The first space is the configured one: an index from before vector spaces is taken as its.
  const configured = vectorSpaceOf(embedder);
  const { home } = await pointer.state(configured);
  const index = indexes.index(configured, { home: home.key === configured.key });
  if (service.serves.includes("api")) await index.ensureIndex();
  else await index.verifyIndex();
  const events =
    consumes && sqs
      ? new sqs.SqsEventSource({ ...sqs.sqsEventSourceOptionsFromEnv(env), clientConfig, logger })
      : undefined;
  return {
    blobs,
    metadata,
    index,
    spaces: { pointer, indexes, initial: configured },
    bedrockEmbedder: async (modelId, dimension) => {
      const { createBedrockAdapters, loadBedrockConfig } = await import("@docworker/aws/bedrock");
      const settings = { ...loadBedrockConfig(env), embeddingModelId: modelId };
      return createBedrockAdapters(
        { ...settings, embeddingDimension: dimension as typeof settings.embeddingDimension },
        credentials,
      ).embedder;
    },
    jobs,
    ...(queue ? { queue } : {}),
    ...(events ? { events } : {}),
    // Pipeline metrics are emitted per queue message: a process that reads no queue has none to emit.
    metrics:
      metricsConfig.enabled && consumes
        ? (await import("@docworker/aws/metrics")).createEmfPipelineMetrics({
            service: service.name,
            namespace: metricsConfig.namespace,
          })
        : noMetrics,
    ...(bedrock
      ? { bedrock: { embedder: bedrock.embedder, extractor: bedrock.extractor, classifier: bedrock.classifier } }
      : {}),
    ...(rerank ? { reranker: rerank.reranker } : {}),
    ...(textract ? { textract } : {}),
    async healthCheck() {
      await metadata.list(config.core.defaultTenantId, { limit: 1 });
    },
    async close() {
      await events?.stop({ graceMs: 0 });
      blobs.destroy();
      queue?.destroy();
      bedrock?.destroy();
      rerank?.client.destroy();
    },
  };
}

/**
 * Bedrock's embedder, extractor and classifier. A process that serves only the API embeds queries
 * and nothing else: with `onFirstUse` its Bedrock SDK is loaded with the first query, not at start
 * (a Cohere model is still made at once, where its dimension is checked).
 */
async function bedrockAdapters(
  env: Env,
  client: Partial<BedrockClientOptions>,
  options: { onFirstUse: boolean },
): Promise<DeferredBedrockAdapters> {
  if (options.onFirstUse) {
    const deferred = await import("@docworker/aws/bedrock/deferred");
    const adapters = deferred.deferBedrockAdapters(deferred.loadBedrockConfig(env), client);
    if (adapters) return adapters;
  }
  const bedrock = await import("@docworker/aws/bedrock");
  const made = bedrock.createBedrockAdapters(bedrock.loadBedrockConfig(env), client);
  return {
    embedder: made.embedder,
    extractor: made.extractor,
    classifier: made.classifier,
    destroy: () => made.client.destroy(),
  };
}
