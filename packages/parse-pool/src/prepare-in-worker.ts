import {
  type Chunk,
  type ChunkRequest,
  chunkDocument,
  type DocumentError,
  DocworkerError,
  type PreparedDocument,
  type PrepareRequest,
  type PreparerTools,
  prepareDocument,
} from "@docworker/core";
import { createDocumentParser } from "@docworker/parsing";

/** What crosses back from the worker: errors as data, since a thrown class does not survive cloning. */
export type WorkerOutcome<T> = { ok: true; value: T } | { ok: false; error: DocumentError };

/** Sent to the pool before pages are rendered for recognition, so the deadline grows with them. */
export interface RecognitionStarted {
  docworker: "recognition-started";
  pages: number;
}

// The pool passes the recognizer's settings in the environment, the only thing a worker gets.
const languages = process.env.PARSE_WORKER_OCR_LANGUAGES;
const tools: PreparerTools = {
  parser: createDocumentParser(),
  onPagesToRender: (pages) => process.send?.({ docworker: "recognition-started", pages } satisfies RecognitionStarted),
};
if (languages) {
  const { createTesseractRecognizer } = await import("@docworker/tesseract-recognizer");
  tools.recognizer = createTesseractRecognizer({
    languages: languages.split("+"),
    workers: Number(process.env.PARSE_WORKER_OCR_THREADS ?? 1),
    recoverMissedLines: process.env.PARSE_WORKER_OCR_SECOND_PASS !== "off",
  });
}

/** The parse-pool task: runs in a parse worker process, never on the event loop that serves HTTP. */
export default function prepareInWorker(request: PrepareRequest): Promise<WorkerOutcome<PreparedDocument>> {
  return outcome(() => prepareDocument(tools, request));
}

/** Chunks text recognised outside the pool (Textract). */
export function chunk(request: ChunkRequest): Promise<WorkerOutcome<Chunk[]>> {
  return outcome(() => chunkDocument(request));
}

/** Answers once the worker has loaded the parsers: the pool starts a deadline only after it. */
export function ready(): boolean {
  return true;
}

async function outcome<T>(work: () => Promise<T>): Promise<WorkerOutcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const known =
      error instanceof DocworkerError
        ? error
        : new DocworkerError("INTERNAL", error instanceof Error ? error.message : String(error));
    return { ok: false, error: known.toDocumentError() };
  }
}
