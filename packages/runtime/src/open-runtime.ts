import {
  type BlobStore,
  batchEmbeddings,
  type Classifier,
  createLocalClassifier,
  type Embedder,
  type EventSource,
  type Extractor,
  type JobStore,
  loadClassCatalog,
  loadExtractionSchema,
  type MetadataStore,
  type PipelineDependencies,
  type PipelineMetrics,
  type QueuePublisher,
  type Reranker,
  type SearchIndex,
  type TextRecognizer,
} from "@docworker/core";
import { createParsePool } from "@docworker/parse-pool";
import { createLogger, type Logger, logFormat } from "./logger.ts";
import { openAwsAdapters } from "./open-aws-adapters.ts";
import { type EmbeddedUploads, openEmbeddedSet } from "./open-embedded-set.ts";
import { loadRuntimeConfig, type RuntimeConfig, type ServiceRole } from "./runtime-config.ts";
import { assertSameEmbedder, selectLocalEmbedder } from "./select-embedder.ts";
import { tesseractInPool } from "./select-recognizer.ts";

export type { EmbeddedUploads } from "./open-embedded-set.ts";

export interface Runtime {
  config: RuntimeConfig;
  logger: Logger;
  deps: PipelineDependencies;
  /** The queue, for a runtime that serves the worker. */
  events?: EventSource;
  /** Present on the embedded adapters: the API serves the upload URLs itself. */
  uploads?: EmbeddedUploads;
  healthCheck(): Promise<void>;
  close(): Promise<void>;
}

interface AdapterSet {
  blobs: BlobStore;
  metadata: MetadataStore;
  index: SearchIndex;
  events?: EventSource;
  queue?: QueuePublisher;
  jobs?: JobStore;
  metrics?: PipelineMetrics;
  embedder: Embedder;
  extractor: Extractor;
  /** Absent: the local classifier on the embedder. */
  classifier?: Classifier;
  reranker?: Reranker;
  recognizer?: TextRecognizer;
  uploads?: EmbeddedUploads;
  healthCheck(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds the adapters the configuration names, for what the process serves (default: API and
 * worker in one process): a process reads only the settings of the adapters it opens, so each
 * service starts with exactly its own task definition's environment. The one place that knows
 * which adapters exist.
 */
export async function openRuntime(
  options: { env?: Record<string, string | undefined>; name?: string; serves?: readonly ServiceRole[] } = {},
): Promise<Runtime> {
  const env = options.env ?? process.env;
  const config = loadRuntimeConfig(env, options.serves ? { serves: options.serves } : {});
  const logger = createLogger(options.name ?? "docworker", env.LOG_LEVEL, logFormat(env));

  const extractionSchema = await loadExtractionSchema(config.extractionSchemaPath);
  const classes = await loadClassCatalog(config.classesPath, extractionSchema);
  const name = options.name ?? "docworker";
  const set =
    config.adapters === "aws" ? await openAwsSet(config, env, logger, name) : await openEmbedded(config, logger);
  // Every document in flight shares the embedder's calls; queries pass straight through.
  const embedder = batchEmbeddings(set.embedder, config.embeddingBatch);
  // Parse workers start with the first document, so a process that only serves the API has none.
  // Tesseract runs in them too; only a network recognizer (Textract) stays in this process.
  const tesseract = await tesseractInPool(config);
  const preparer = createParsePool({ ...config.parsePool, ...(tesseract ? { tesseract } : {}) });
  const deps: PipelineDependencies = {
    config: config.core,
    blobs: set.blobs,
    metadata: set.metadata,
    index: set.index,
    embedder,
    extractor: set.extractor,
    preparer,
    ...(set.recognizer ? { recognizer: set.recognizer } : {}),
    extractionSchema,
    classes,
    classifier: set.classifier ?? createLocalClassifier({ embedder }),
    ...(set.queue ? { queue: set.queue } : {}),
    ...(set.jobs ? { jobs: set.jobs } : {}),
    logger,
    ...(set.metrics ? { metrics: set.metrics } : {}),
    ...(set.reranker ? { rerank: { reranker: set.reranker, depth: config.rerankDepth } } : {}),
  };
  logger.info(
    {
      adapters: config.adapters,
      embedder: set.embedder.model,
      embedderKind: set.embedder.kind,
      reranker: set.reranker?.model ?? "none",
      recognizer: preparer.recognizerEngine ?? set.recognizer?.engine ?? "none",
      parseWorkers: config.parsePool.workers,
      schema: extractionSchema.id,
      classes: classes.names,
      classifier: set.classifier ? config.classifier : "local",
    },
    "runtime ready",
  );
  return {
    config,
    logger,
    deps,
    ...(set.events && config.serves.includes("worker") ? { events: set.events } : {}),
    ...(set.uploads ? { uploads: set.uploads } : {}),
    healthCheck: () => set.healthCheck(),
    async close() {
      await preparer.close();
      await set.close();
      await (set.embedder as { close?: () => Promise<void> }).close?.();
      await set.recognizer?.close?.();
    },
  };
}

async function openEmbedded(config: RuntimeConfig, logger: Logger): Promise<AdapterSet> {
  if (config.embeddingsProvider === "bedrock" || config.extractor === "bedrock" || config.classifier === "bedrock") {
    throw new Error("invalid configuration: Bedrock needs DOCWORKER_ADAPTERS=aws");
  }
  const embedder = await selectLocalEmbedder(config);
  const embedded = await openEmbeddedSet(config, logger);
  assertSameEmbedder(config.dataDir, embedder);
  const { createRulesExtractor } = await import("@docworker/local-models");
  return { ...embedded, embedder, extractor: createRulesExtractor() };
}

async function openAwsSet(
  config: RuntimeConfig,
  env: Record<string, string | undefined>,
  logger: Logger,
  service: string,
): Promise<AdapterSet> {
  let local: Embedder | undefined;
  const localEmbedder = async () => {
    local ??= await selectLocalEmbedder(config);
    return local;
  };
  const aws = await openAwsAdapters(
    config,
    env,
    logger,
    { name: service, serves: config.serves },
    async () => (await localEmbedder()).dimension,
  );
  const embedder = config.embeddingsProvider === "bedrock" ? aws.bedrock?.embedder : await localEmbedder();
  const extractor =
    config.extractor === "bedrock"
      ? aws.bedrock?.extractor
      : (await import("@docworker/local-models")).createRulesExtractor();
  if (!embedder || !extractor) throw new Error("invalid configuration: Bedrock adapters were not created");
  const classifier = config.classifier === "bedrock" ? aws.bedrock?.classifier : undefined;
  if (config.classifier === "bedrock" && !classifier) {
    throw new Error("invalid configuration: the Bedrock classifier was not created");
  }
  // Tesseract, when it is the engine, runs in the parse pool instead.
  const recognizer = config.recognition.engine === "textract" ? aws.textract : undefined;
  return { ...aws, embedder, extractor, ...(classifier ? { classifier } : {}), ...(recognizer ? { recognizer } : {}) };
}
