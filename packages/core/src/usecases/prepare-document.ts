import { chunkBlocks } from "../chunking/chunker.ts";
import { cutLongWords } from "../chunking/long-words.ts";
import type { Chunk } from "../domain/chunk.ts";
import { DocworkerError } from "../domain/errors.ts";
import type { TextBlock } from "../domain/parsed-document.ts";
import type { DocumentParser } from "../ports/document-parser.ts";
import type { ChunkRequest, DocumentPreparer, PreparedDocument, PrepareRequest } from "../ports/document-preparer.ts";
import type { TextRecognizer } from "../ports/text-recognizer.ts";
import { nothingLegible, recognizePages } from "./recognize-pages.ts";
import { StageTimer } from "./stage-timer.ts";

export interface PreparerTools {
  parser: DocumentParser;
  /** Reads pages without a text layer here; without it they are returned for the caller to read. */
  recognizer?: TextRecognizer;
  /** Told how many pages will be rendered and recognised, before the first is drawn (the pool extends its deadline). */
  onPagesToRender?: (pages: number) => void;
}

/**
 * Parse, recognise, chunk. Runs inside a parse-pool worker; it is also what a DocumentPreparer
 * does when a test or a script runs it in-process. Parsing a given input always ends the same
 * way, so an error that is not already a DocworkerError is a document the parser cannot read
 * (CORRUPT), and a stack overflow on its nesting is a document too large (TOO_LARGE): neither is
 * retried. Errors of the recognizer keep their own codes.
 */
export async function prepareDocument(tools: PreparerTools, request: PrepareRequest): Promise<PreparedDocument> {
  const timer = new StageTimer();
  const { documentId, chunking, lowConfidence, ...rest } = request;
  let announced = false;
  const announce = (count: number) => {
    if (announced || count === 0) return;
    announced = true;
    tools.onPagesToRender?.(count);
  };
  const input = rest.recognition ? { ...rest, recognition: { ...rest.recognition, onPagesToRender: announce } } : rest;
  const read = await timer.time("parse", () => deterministic(() => tools.parser.parse(input)));
  const pages = read.pagesToRecognize ?? [];
  announce(pages.length);
  if (pages.length > 0 && !tools.recognizer) return { parsed: read, stages: timer.stages };
  const recognized = await timer.time("recognize", () =>
    recognizePages(tools.recognizer, read, input.source, { lowConfidence }),
  );
  const { parsed, recognition } = recognized;
  const chunks = nothingLegible(recognized)
    ? []
    : await timer.time("chunk", () => chunkDocument({ documentId, blocks: parsed.blocks, chunking }));
  // Cut here, not only in the chunker: the extractor's patterns, too, are slow on one huge word.
  const blocks = parsed.blocks.map(cutBlock);
  return { parsed: { ...parsed, blocks }, chunks, ...(recognition ? { recognition } : {}), stages: timer.stages };
}

/** Chunks blocks; none to index is EMPTY. */
export async function chunkDocument(request: ChunkRequest): Promise<Chunk[]> {
  const chunks = await deterministic(async () => chunkBlocks(request.documentId, request.blocks, request.chunking));
  if (chunks.length === 0) throw new DocworkerError("EMPTY", "the document has no text to index");
  return chunks;
}

function cutBlock(block: TextBlock): TextBlock {
  const text = cutLongWords(block.text);
  return text === block.text ? block : { ...block, text };
}

async function deterministic<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asDeterministic(error);
  }
}

function asDeterministic(error: unknown): DocworkerError {
  if (error instanceof DocworkerError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RangeError) {
    return new DocworkerError("TOO_LARGE", `the document is too large or nested too deeply to parse: ${message}`, {
      cause: error,
    });
  }
  return new DocworkerError("CORRUPT", `the document could not be parsed: ${message}`, { cause: error });
}

/** The in-process DocumentPreparer: for tests and scripts; the services use the parse pool. */
export function inProcessPreparer(tools: PreparerTools): DocumentPreparer {
  return {
    ...(tools.recognizer ? { recognizerEngine: tools.recognizer.engine } : {}),
    prepare: (request) => prepareDocument(tools, request),
    chunk: chunkDocument,
  };
}
