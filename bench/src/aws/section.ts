import type { BenchConfig } from "../config.ts";
import { sampleUploadToSearchable } from "../latency/upload-to-searchable.ts";
import { mean, percentile, round } from "../stats.ts";
import { mixedCorpus } from "../throughput/section.ts";
import { openAwsBenchStack } from "./aws-stack.ts";
import { type AwsIngestRun, ingestOnEmulatedAws } from "./ingest-on-emulated-aws.ts";
import { startStandaloneChild } from "./standalone-child.ts";

export interface AwsSection {
  description: string;
  ingest: AwsIngestRun & { corpus: string };
  uploadToSearchable: {
    description: string;
    pollMs: number;
    samples: number;
    p50: number;
    p95: number;
    mean: number;
    max: number;
    /** From the start of the PUT to the worker's "document processed" line (stdout, read here). */
    processedP50: number;
    processedP95: number;
  };
}

/** The ingest row gives up after this long (the section stays within a few minutes). */
const INGEST_LIMIT_MS = 200_000;
const POLL_MS = 20;

/**
 * The AWS rows of sections 2 and 4: one standalone process on DOCWORKER_ADAPTERS=aws against
 * private resources on the emulated stack (moto for S3/EventBridge/SQS/DynamoDB, the OpenSearch
 * node, the Bedrock stand-in for Titan embeddings and Converse extraction). The ingest run first,
 * then upload-to-searchable on the same process, its index then holding the corpus.
 */
export async function runAwsSection(
  cfg: BenchConfig,
  emulated: Record<string, string> | undefined,
  log: (m: string) => void,
): Promise<AwsSection> {
  if (!emulated?.AWS_ENDPOINT_URL || !emulated.OPENSEARCH_URL) {
    throw new Error("the emulated stack (moto + OpenSearch) is not available: scripts/emulated/up.sh");
  }
  const stack = await openAwsBenchStack(emulated);
  try {
    const app = await startStandaloneChild(cfg.repoRoot, { ...stack.env, LOG_LEVEL: "info" });
    try {
      const corpus = mixedCorpus(cfg);
      const ingest = await ingestOnEmulatedAws(corpus.files, stack, app, INGEST_LIMIT_MS);
      log(
        `  ingest on emulated AWS: ${round(ingest.docsPerSecond)} docs/s, ${ingest.processed} processed, ${ingest.failed} failed, ${ingest.unfinished} unfinished in ${round(ingest.seconds)} s`,
      );
      // When the worker logged the document processed: splits the time into pipeline and refresh.
      const processedAt = new Map<string, number>();
      app.onLine((line) => {
        if (line.msg === "document processed") processedAt.set(line.documentId as string, performance.now());
      });
      const toProcessed: number[] = [];
      const samples = await sampleUploadToSearchable(app.url, cfg.quick ? 5 : 20, POLL_MS, (id, startedAt) => {
        const at = processedAt.get(id);
        if (at !== undefined) toProcessed.push(at - startedAt);
      });
      log(
        `  upload to searchable on emulated AWS: p50 ${round(percentile(samples, 50))} ms (processed: p50 ${round(percentile(toProcessed, 50))} ms)`,
      );
      return {
        description:
          "services/standalone (API + worker, WORKER_CONCURRENCY 4) as its own process on DOCWORKER_ADAPTERS=aws, against private resources on the emulated stack: moto 5.2.5 (S3 with EventBridge notifications, the EventBridge rule, SQS with DLQ, DynamoDB), a single OpenSearch 2.19 node (exact k-NN), and an in-process Bedrock stand-in (Titan embeddings 256-d, Converse extraction)",
        ingest: { ...ingest, corpus: corpus.description },
        uploadToSearchable: {
          description:
            "the same process, its index holding the ingest corpus; a 1 KB text document; POST /documents, then from the start of the PUT to the pre-signed S3 URL (moto) to the first POST /search (keyword) that returns it",
          pollMs: POLL_MS,
          samples: samples.length,
          p50: round(percentile(samples, 50)),
          p95: round(percentile(samples, 95)),
          mean: round(mean(samples)),
          max: round(Math.max(...samples)),
          processedP50: round(percentile(toProcessed, 50)),
          processedP95: round(percentile(toProcessed, 95)),
        },
      };
    } finally {
      await app.stop();
    }
  } finally {
    await stack.close();
  }
}
