import type {
  BlobStore,
  EventSource,
  JobStore,
  Logger,
  MetadataStore,
  QueuePublisher,
  SearchIndex,
  VectorSpaceIndexes,
  VectorSpacePointer,
} from "@docworker/core";
import type { RuntimeConfig } from "./runtime-config.ts";

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
  verify(request: UploadFacts): Promise<void>;
  store(request: UploadFacts, body: AsyncIterable<Uint8Array | string>): Promise<void>;
}

export interface EmbeddedSet {
  blobs: BlobStore;
  metadata: MetadataStore;
  index: SearchIndex;
  spaces: { pointer: VectorSpacePointer; indexes: VectorSpaceIndexes };
  events: EventSource;
  queue: QueuePublisher;
  jobs: JobStore;
  uploads: EmbeddedUploads;
  healthCheck(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The data directory's adapters. An optional peer of this package, loaded on demand: the AWS
 * images are installed without it, so they hold neither SQLite nor its native binary.
 */
export async function openEmbeddedSet(config: RuntimeConfig, logger: Logger): Promise<EmbeddedSet> {
  const { openEmbeddedAdapters } = await importEmbedded();
  const embedded = openEmbeddedAdapters({
    dataDir: config.dataDir,
    rawBucket: config.core.rawBucket,
    processedBucket: config.core.processedBucket,
    logger,
    search: {
      readerThreads: config.embeddedSearch.readerThreads,
      ann: {
        minChunks: config.embeddedSearch.annMinChunks,
        expansion: config.embeddedSearch.annExpansion,
        build: config.embeddedSearch.annBuild,
      },
      keyword: { commonShare: config.embeddedSearch.keywordCommonShare },
    },
    ...(config.uploadSigningSecret ? { signingSecret: config.uploadSigningSecret } : {}),
  });
  return {
    blobs: embedded.blobs,
    metadata: embedded.metadata,
    index: embedded.index,
    spaces: embedded.spaces,
    events: embedded.queue,
    queue: embedded.queue,
    jobs: embedded.jobs,
    uploads: embedded.uploads,
    async healthCheck() {
      await embedded.metadata.list(config.core.defaultTenantId, { limit: 1 });
    },
    close: () => embedded.close(),
  };
}

async function importEmbedded(): Promise<typeof import("@docworker/embedded")> {
  try {
    return await import("@docworker/embedded");
  } catch (error) {
    if ((error as { code?: string }).code !== "ERR_MODULE_NOT_FOUND") throw error;
    throw new Error(
      "invalid configuration: DOCWORKER_ADAPTERS=embedded needs @docworker/embedded, which this installation leaves out " +
        "(the AWS images hold the AWS adapters only): set DOCWORKER_ADAPTERS=aws",
      { cause: error },
    );
  }
}
