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
  startReembedJob,
  type TextRecognizer,
  type UploadReceiver,
  type VectorSpace,
  type VectorSpaceIndexes,
  type VectorSpacePointer,
  VectorSpaces,
} from "@docworker/core";
import type { ParsePool } from "@docworker/parse-pool";
import { createLogger, type Logger, logFormat, logLevel } from "./logger.ts";
import { openAwsAdapters } from "./open-aws-adapters.ts";
import { openEmbeddedSet } from "./open-embedded-set.ts";
import { openPreparer, type ParsePoolLoader } from "./open-preparer.ts";
import { loadRuntimeConfig, type RuntimeConfig, type ServiceRole } from "./runtime-config.ts";
import type { RuntimeOverrides } from "./runtime-overrides.ts";
import { embedderForSpace, legacyEmbedderSpace, selectLocalEmbedder } from "./select-embedder.ts";
import { selectLocalExtractor } from "./select-extractor.ts";

export interface Runtime {
  config: RuntimeConfig;
  logger: Logger;
  /** What the use cases run on; the preparer is the parse pool, whose workers a test may watch. */
  deps: PipelineDependencies & { preparer: ParsePool; spaces: VectorSpaces };
  /** The queue, for a runtime that serves the worker. */
  events?: EventSource;
  /** Present on the embedded adapters: the API serves the upload URLs itself. */
  uploads?: UploadReceiver;
  healthCheck(): Promise<void>;
  close(): Promise<void>;
}

interface SelectedAdapters {
  blobs: BlobStore;
  metadata: MetadataStore;
  index: SearchIndex;
  /** The vector-space pointer and an index per space; `initial` for a store that has no pointer yet. */
  spaces: { pointer: VectorSpacePointer; indexes: VectorSpaceIndexes; initial?: VectorSpace };
  /** Builds the embedder of a vector space that is not the configured one. */
  embedderFor(space: VectorSpace): Promise<Embedder>;
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
  uploads?: UploadReceiver;
  healthCheck(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenRuntimeOptions {
  /** Where configuration is read; default process.env. */
  env?: Record<string, string | undefined>;
  /** The service's name in its log lines and metrics; default "docworker". */
  name?: string;
  /** What the process serves; default the API and the worker in one process. */
  serves?: readonly ServiceRole[];
  /**
   * How a process that serves the worker loads the parse pool: the service's own import, from its
   * own dependencies. Default: the runtime's (a development dependency: the workspace has it).
   */
  loadParsePool?: ParsePoolLoader;
  /** For tests and benchmarks only: the services never pass any. */
  overrides?: RuntimeOverrides;
}

/**
 * The composition root: builds the adapters the configuration names, for what the process serves,
 * and assembles the pipeline's dependencies from them — for the services, the test harnesses and
 * the benchmarks alike. A process reads only the settings of the adapters it opens, so each
 * service starts with exactly its own task definition's environment. The one place that knows
 * which adapters exist.
 */
export async function openRuntime(options: OpenRuntimeOptions = {}): Promise<Runtime> {
  const env = options.env ?? process.env;
  const overrides = options.overrides ?? {};
  const config = loadRuntimeConfig(env, options.serves ? { serves: options.serves } : {});
  const logger = createLogger(options.name ?? "docworker", logLevel(env), logFormat(env));
  // First, so an installation without the parsers fails at start, before any adapter opens.
  const { preparer, workers: parseWorkers } = await openPreparer(config, options.loadParsePool, overrides.parsePool);

  const extractionSchema = await loadExtractionSchema(config.extractionSchemaPath);
  const classes = await loadClassCatalog(config.classesPath, extractionSchema);
  const name = options.name ?? "docworker";
  const configured =
    config.adapters === "aws"
      ? await openAwsSet(config, env, logger, name, overrides)
      : await openEmbedded(config, logger, overrides);
  const set: SelectedAdapters = {
    ...configured,
    ...(overrides.extractor ? { extractor: overrides.extractor } : {}),
    ...(overrides.classifier ? { classifier: overrides.classifier } : {}),
  };
  // Every document in flight shares the embedder's calls; queries pass straight through.
  const embedder = batchEmbeddings(set.embedder, config.embeddingBatch);
  const spaces = new VectorSpaces({
    pointer: set.spaces.pointer,
    indexes: set.spaces.indexes,
    embedder,
    embedderFor: async (space) => batchEmbeddings(await set.embedderFor(space), config.embeddingBatch),
    ...(set.spaces.initial ? { initial: set.spaces.initial } : {}),
  });
  const deps: Runtime["deps"] = {
    config: config.core,
    blobs: set.blobs,
    metadata: set.metadata,
    index: set.index,
    embedder,
    spaces,
    extractor: set.extractor,
    preparer,
    ...(set.recognizer ? { recognizer: set.recognizer } : {}),
    extractionSchema,
    classes,
    classifier: set.classifier ?? createLocalClassifier({ embedder }),
    ...(set.queue ? { queue: set.queue } : {}),
    ...(set.jobs ? { jobs: set.jobs } : {}),
    logger: overrides.logger ?? logger,
    ...(set.metrics ? { metrics: set.metrics } : {}),
    ...(set.reranker ? { rerank: { reranker: set.reranker, depth: config.rerankDepth } } : {}),
  };
  // A changed embedder: its space is filled from the active one's documents, through the queue;
  // searches switch when that is done. The API starts it (it may create indexes).
  const reembed =
    config.serves.includes("api") && deps.queue && deps.jobs
      ? await startReembedJob({ ...deps, queue: deps.queue, jobs: deps.jobs, spaces }, config.core.defaultTenantId)
      : undefined;
  const spaceState = await spaces.state();
  logger.info(
    {
      adapters: config.adapters,
      vectorSpace: spaceState.active.key,
      ...(spaceState.next ? { fillingVectorSpace: spaceState.next.key } : {}),
      ...(reembed ? { reembedJob: reembed.jobId } : {}),
      embedder: set.embedder.model,
      embedderKind: set.embedder.kind,
      reranker: set.reranker?.model ?? "none",
      recognizer: preparer.recognizerEngine ?? set.recognizer?.engine ?? "none",
      parseWorkers,
      schema: extractionSchema.id,
      classes: classes.names,
      classifier: overrides.classifier ? "given" : set.classifier ? config.classifier : "local",
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
      // What a caller passed in, the caller closes.
      if (!overrides.embedder) await (set.embedder as { close?: () => Promise<void> }).close?.();
      await set.recognizer?.close?.();
      if (!overrides.extractor) await (set.extractor as { close?: () => Promise<void> }).close?.();
    },
  };
}

async function openEmbedded(
  config: RuntimeConfig,
  logger: Logger,
  overrides: RuntimeOverrides,
): Promise<SelectedAdapters> {
  if (config.embeddingsProvider === "bedrock" || config.extractor === "bedrock" || config.classifier === "bedrock") {
    throw new Error("invalid configuration: Bedrock needs DOCWORKER_ADAPTERS=aws");
  }
  const embedder = overrides.embedder ?? (await selectLocalEmbedder(config));
  const embedded = await openEmbeddedSet(config, logger);
  const legacy = legacyEmbedderSpace(config.dataDir);
  const extractor = await selectLocalExtractor(config);
  return {
    ...embedded,
    spaces: { ...embedded.spaces, ...(legacy ? { initial: legacy } : {}) },
    embedderFor: (space) => embedderForSpace(space, config),
    embedder,
    extractor,
  };
}

async function openAwsSet(
  config: RuntimeConfig,
  env: Record<string, string | undefined>,
  logger: Logger,
  service: string,
  overrides: RuntimeOverrides,
): Promise<SelectedAdapters> {
  if (overrides.embedder) throw new Error("the embedder override is for the embedded adapters only");
  let local: Embedder | undefined;
  const localEmbedder = async () => {
    local ??= await selectLocalEmbedder(config);
    return local;
  };
  const aws = await openAwsAdapters(config, env, logger, { name: service, serves: config.serves }, localEmbedder);
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
  return {
    ...aws,
    embedderFor: (space) => embedderForSpace(space, config, aws.bedrockEmbedder),
    embedder,
    extractor,
    ...(classifier ? { classifier } : {}),
    ...(recognizer ? { recognizer } : {}),
  };
}
