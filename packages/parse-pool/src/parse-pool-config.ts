/**
 * What a parse pool runs with. The runtime reads it from the PARSE_* settings
 * (@docworker/runtime's parse-pool-config.ts), so a process that never parses, and whose image
 * holds neither this package nor the parsers, still reads them from one definition.
 */
export interface ParsePoolConfig {
  /** Parse workers (processes) at once; each holds at most one document. */
  workers: number;
  /** V8 heap (old generation) one worker may use; a document that needs more ends TOO_LARGE. */
  heapMb: number;
  /** Wall-clock time one document may take to parse and chunk; beyond it, TIMEOUT. */
  timeoutSeconds: number;
  /** Added to the deadline for every page the worker recognises (Tesseract), announced before the first. */
  ocrPageTimeoutSeconds: number;
  /**
   * Plain text (text, code, JSON, NDJSON) up to this many bytes is prepared in the calling process,
   * without a round trip to a worker; 0 sends everything to the pool.
   */
  inProcessTextMaxBytes: number;
  /** Tesseract inside the workers, when the embedded recognizer is configured. */
  tesseract?: { languages: string[]; workers: number; recoverMissedLines?: boolean };
}
