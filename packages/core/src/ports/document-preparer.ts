import type { ChunkingOptions } from "../chunking/chunker.ts";
import type { Chunk } from "../domain/chunk.ts";
import type { ParsedDocument, ParseInput, TextBlock } from "../domain/parsed-document.ts";
import type { RecognitionSummary } from "../domain/recognition.ts";

export interface PrepareRequest extends ParseInput {
  documentId: string;
  chunking: ChunkingOptions;
  /** Pages recognised with less confidence are listed on the record (OCR_LOW_CONFIDENCE). */
  lowConfidence: number;
}

/**
 * A document as text: its blocks and the chunks that will be embedded and indexed. When pages
 * are left for a recognizer outside the preparer (Textract), `chunks` is absent and
 * `parsed.pagesToRecognize` holds the rendered pages; the caller recognises them, then asks the
 * preparer to chunk.
 */
export interface PreparedDocument {
  parsed: ParsedDocument;
  chunks?: Chunk[];
  recognition?: RecognitionSummary;
  /** Milliseconds per step inside the preparer: parse, recognize, chunk. */
  stages: Record<string, number>;
}

export interface ChunkRequest {
  documentId: string;
  blocks: TextBlock[];
  chunking: ChunkingOptions;
}

/**
 * Parses, reads scanned pages when the preparer holds the recognizer (Tesseract), and chunks one
 * document: the CPU-bound part of ingest, which hostile input can make arbitrarily slow or large.
 * The services run it in a pool of worker processes with a heap limit and a deadline, so it never
 * runs on the event loop that serves HTTP. Fails with the parser's codes, TOO_LARGE when a budget
 * or the heap limit is exceeded, and a non-retryable TIMEOUT at the deadline.
 */
export interface DocumentPreparer {
  /** The engine that reads pages without a text layer inside the preparer, e.g. "tesseract:eng". */
  readonly recognizerEngine?: string;
  prepare(request: PrepareRequest): Promise<PreparedDocument>;
  /** Chunks blocks read outside the preparer (pages a network recognizer read), under the same limits. */
  chunk(request: ChunkRequest): Promise<Chunk[]>;
  close?(): Promise<void>;
}
