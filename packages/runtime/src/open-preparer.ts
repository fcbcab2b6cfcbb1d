// Types only: erased at run time, so the API image, which leaves the package out, never loads it.
import type { ParsePool, ParsePoolConfig } from "@docworker/parse-pool";
import { importOptional } from "./import-optional.ts";
import type { RuntimeConfig } from "./runtime-config.ts";

/** The parse pool's package: parsers, page rendering, Tesseract, chunking. */
export type ParsePoolPackage = typeof import("@docworker/parse-pool");

/**
 * Loads the parse pool's package. A service that serves the worker depends on it and passes its
 * own import: its production install links the package to it, not to the runtime, where it is a
 * development dependency (the workspace, tests and benchmarks load it from here).
 */
export type ParsePoolLoader = () => Promise<ParsePoolPackage>;

/**
 * What prepares documents for a process: the parse pool when it serves the worker, loaded and its
 * Tesseract data checked here, at start; for the API alone, nothing — it parses nothing, and its
 * image holds no parser.
 */
export async function openPreparer(
  config: RuntimeConfig,
  load: ParsePoolLoader = () => import("@docworker/parse-pool"),
  override: Partial<ParsePoolConfig> = {},
): Promise<{ preparer: ParsePool; workers: number }> {
  if (!config.serves.includes("worker")) return { preparer: NO_PARSING, workers: 0 };
  const parsePool = await importParsePool(load);
  // Tesseract runs in the parse workers; only a network recognizer (Textract) stays in this process.
  const { engine, languages, workers, recoverMissedLines } = config.recognition;
  if (engine === "tesseract") parsePool.assertLanguageData(languages);
  const tesseract = engine === "tesseract" ? { tesseract: { languages, workers, recoverMissedLines } } : {};
  const pool = { ...config.parsePool, ...tesseract, ...override };
  return { preparer: parsePool.createDocumentPreparer(pool), workers: pool.workers };
}

function importParsePool(load: ParsePoolLoader): Promise<ParsePoolPackage> {
  return importOptional(
    load,
    "serving the worker needs @docworker/parse-pool, which this installation leaves out " +
      "(the API image does): start the worker's image, or install it beside the service",
  );
}

const notHere = () => Promise.reject(new Error("this process serves the API only: it parses no documents"));

/** An API-only process's preparer: it never starts a parse worker. */
const NO_PARSING: ParsePool = {
  prepare: notHere,
  chunk: notHere,
  processCount: 0,
  pids: [],
  close: async () => {},
};
