import { type EventSource, loadExtractionSchema, type PipelineDependencies } from "@docworker/core";
import {
  createRulesExtractor,
  type EmbeddedAdapters,
  openEmbeddedAdapters,
  receiveUpload,
  type UploadQuery,
} from "@docworker/embedded";
import { createDocumentParser } from "@docworker/parsing";
import { createLogger, type Logger } from "./logger.ts";
import { loadRuntimeConfig, type RuntimeConfig } from "./runtime-config.ts";
import { assertSameEmbedder, selectEmbedder } from "./select-embedder.ts";

export interface UploadFacts {
  bucket: string;
  key: string;
  query: Record<string, string>;
  contentType?: string;
  contentLength?: number;
}

/** What the embedded store needs from the HTTP layer to serve its pre-signed URLs. */
export interface EmbeddedUploads {
  setPublicBaseUrl(url: string): void;
  verify(request: UploadFacts): void;
  store(request: UploadFacts, body: AsyncIterable<Uint8Array | string>): Promise<void>;
}

function embeddedUploads(adapters: EmbeddedAdapters): EmbeddedUploads {
  const toRequest = (facts: UploadFacts) => ({ ...facts, query: facts.query satisfies UploadQuery });
  return {
    setPublicBaseUrl: (url) => adapters.blobs.setPublicBaseUrl(url),
    verify: (facts) => {
      adapters.blobs.verifyUploadRequest(toRequest(facts));
    },
    store: async (facts, body) => {
      await receiveUpload(adapters.blobs, toRequest(facts), body);
    },
  };
}

export interface Runtime {
  config: RuntimeConfig;
  logger: Logger;
  deps: PipelineDependencies;
  events: EventSource;
  /** Present on the embedded adapters: the API serves the upload URLs itself. */
  uploads?: EmbeddedUploads;
  healthCheck(): Promise<void>;
  close(): Promise<void>;
}

/** Builds every adapter the configuration names. The one place that knows which exist. */
export async function openRuntime(
  options: { env?: Record<string, string | undefined>; name?: string } = {},
): Promise<Runtime> {
  const config = loadRuntimeConfig(options.env ?? process.env);
  const logger = createLogger(options.name ?? "docworker");
  const extractionSchema = await loadExtractionSchema(config.extractionSchemaPath);
  const embedder = await selectEmbedder(config);
  const embedded = openEmbeddedAdapters({
    dataDir: config.dataDir,
    rawBucket: config.core.rawBucket,
    processedBucket: config.core.processedBucket,
    logger,
    ...(config.uploadSigningSecret ? { signingSecret: config.uploadSigningSecret } : {}),
  });
  assertSameEmbedder(config.dataDir, embedder);
  const deps: PipelineDependencies = {
    config: config.core,
    blobs: embedded.blobs,
    metadata: embedded.metadata,
    index: embedded.index,
    embedder,
    extractor: createRulesExtractor(),
    parser: createDocumentParser(),
    extractionSchema,
    logger,
  };
  logger.info(
    { adapters: config.adapters, dataDir: config.dataDir, embedder: deps.embedder.model, schema: extractionSchema.id },
    "runtime ready",
  );
  return {
    config,
    logger,
    deps,
    events: embedded.queue,
    uploads: embeddedUploads(embedded),
    async healthCheck() {
      await embedded.metadata.list(config.core.defaultTenantId, { limit: 1 });
    },
    async close() {
      await embedded.close();
      await (embedder as { close?: () => Promise<void> }).close?.();
    },
  };
}
