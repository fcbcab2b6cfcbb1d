import type { ClassCatalog } from "../classes/document-class.ts";
import type { CoreConfig } from "../config.ts";
import type { BlobStore } from "../ports/blob-store.ts";
import type { Classifier } from "../ports/classifier.ts";
import type { DocumentPreparer } from "../ports/document-preparer.ts";
import type { Embedder } from "../ports/embedder.ts";
import type { ExtractionSchema, Extractor } from "../ports/extractor.ts";
import type { JobStore } from "../ports/job-store.ts";
import type { MetadataStore } from "../ports/metadata-store.ts";
import type { PipelineMetrics } from "../ports/pipeline-metrics.ts";
import type { QueuePublisher } from "../ports/queue-publisher.ts";
import type { Reranker } from "../ports/reranker.ts";
import type { SearchIndex } from "../ports/search-index.ts";
import type { TextRecognizer } from "../ports/text-recognizer.ts";
import type { VectorSpaces } from "../search/vector-spaces.ts";

/** The structured-logging surface the use cases need; pino satisfies it. */
export interface Logger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  debug(fields: Record<string, unknown>, message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };

export interface PipelineDependencies {
  config: CoreConfig;
  blobs: BlobStore;
  metadata: MetadataStore;
  /** The index; with `spaces`, the configured embedder's space (the pipeline goes through `spaces`). */
  index: SearchIndex;
  /** The configured embedder: documents are embedded by it, and the local classifier uses it. */
  embedder: Embedder;
  /**
   * Vector spaces, one per embedder: searches read the active one with its own embedder; writes
   * and deletes also go to the space being filled for a changed embedder. Absent: one index.
   */
  spaces?: VectorSpaces;
  extractor: Extractor;
  /**
   * Parses, recognises scanned pages when it holds the recognizer (Tesseract), and chunks; in the
   * services a pool of worker processes with limits (@docworker/parse-pool).
   */
  preparer: DocumentPreparer;
  /**
   * Reads pages the preparer rendered but could not read itself: a network recognizer (Textract)
   * that runs in this process. Without either, such pages end NO_TEXT_LAYER.
   */
  recognizer?: TextRecognizer;
  /** The generic class's schema (EXTRACTION_SCHEMA_PATH); the other classes bring their own. */
  extractionSchema?: ExtractionSchema;
  /** The document classes (DOCWORKER_CLASSES_PATH); default: the built-in ones. */
  classes?: ClassCatalog;
  /** Decides a document's class; default: the local classifier on `embedder`. */
  classifier?: Classifier;
  /** Sends reprocess messages onto the ingestion queue; without it, nothing can be reprocessed. */
  queue?: QueuePublisher;
  /** Reprocess jobs and their progress. */
  jobs?: JobStore;
  logger: Logger;
  /** Search only: reorders the first `depth` results (RERANKER; off by default, it is billed per query). */
  rerank?: { reranker: Reranker; depth: number };
  /** Defaults to none; the AWS runtime emits CloudWatch embedded metrics. */
  metrics?: PipelineMetrics;
  clock?: () => Date;
}

export function now(deps: { clock?: () => Date }): Date {
  return deps.clock ? deps.clock() : new Date();
}
