import type { Classifier, Embedder, Extractor, Logger } from "@docworker/core";
import type { ParsePoolConfig } from "@docworker/parse-pool";

/**
 * What tests and the benchmarks put in place of what configuration selects: only what one of
 * them needs (add a field when another does). Everything else — the stores, the queue, the
 * batcher in front of the embedder, the vector spaces, the parse pool — stays as the services run
 * it, so a harness exercises the deployed shape.
 */
export interface RuntimeOverrides {
  /**
   * Replaces the configured local embedder (the embedded adapters only: on AWS the index's
   * dimension follows the configured one). It still sits behind the runtime's batcher, and the
   * caller closes it.
   */
  embedder?: Embedder;
  /** Replaces the configured extractor (the rules, or Bedrock's Converse). */
  extractor?: Extractor;
  /** Replaces the configured classifier (default: the local one on the embedder). */
  classifier?: Classifier;
  /** Laid over the PARSE_* settings, e.g. a lower heap limit, a shorter deadline, Tesseract in the workers. */
  parsePool?: Partial<ParsePoolConfig>;
  /** The pipeline's log (`deps.logger`): a benchmark counts its lines. The runtime's own log is unchanged. */
  logger?: Logger;
}
