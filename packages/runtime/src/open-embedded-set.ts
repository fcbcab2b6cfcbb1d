import type { EventSource, Logger } from "@docworker/core";
// Types only: erased at run time, so the AWS images, which leave the package out, never load it.
import type { EmbeddedAdapters } from "@docworker/embedded";
import { importOptional } from "./import-optional.ts";
import type { RuntimeConfig } from "./runtime-config.ts";

export type EmbeddedSet = Pick<
  EmbeddedAdapters,
  "blobs" | "metadata" | "index" | "spaces" | "queue" | "jobs" | "uploads"
> & {
  events: EventSource;
  healthCheck(): Promise<void>;
  close(): Promise<void>;
};

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
        segmentChunks: config.embeddedSearch.annSegmentChunks,
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

function importEmbedded(): Promise<typeof import("@docworker/embedded")> {
  return importOptional(
    () => import("@docworker/embedded"),
    "DOCWORKER_ADAPTERS=embedded needs @docworker/embedded, which this installation leaves out " +
      "(the AWS images hold the AWS adapters only): set DOCWORKER_ADAPTERS=aws",
  );
}
