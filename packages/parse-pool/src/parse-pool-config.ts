import { availableParallelism } from "node:os";
import { int } from "@docworker/core";

export interface ParsePoolConfig {
  /** Parse workers (processes) at once; each holds at most one document. */
  workers: number;
  /** V8 heap (old generation) one worker may use; a document that needs more ends TOO_LARGE. */
  heapMb: number;
  /** Wall-clock time one document may take to parse and chunk; beyond it, TIMEOUT. */
  timeoutSeconds: number;
  /** Added to the deadline for every page the worker recognises (Tesseract), announced before the first. */
  ocrPageTimeoutSeconds: number;
  /** Tesseract inside the workers, when the embedded recognizer is configured. */
  tesseract?: { languages: string[]; workers: number };
}

type Env = Record<string, string | undefined>;

/** One core is left to the event loop that serves HTTP and drives the rest of the pipeline. */
export function defaultParseWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

export function loadParsePoolConfig(env: Env = process.env): Omit<ParsePoolConfig, "tesseract"> {
  const config = {
    workers: int(env, "PARSE_WORKERS", defaultParseWorkers()),
    heapMb: int(env, "PARSE_HEAP_MB", 1024),
    // A 1,200-page text took over 180 s to parse and chunk on a loaded 2-core VM: legitimate work, not a hostile one.
    timeoutSeconds: int(env, "PARSE_TIMEOUT_SECONDS", 300),
    ocrPageTimeoutSeconds: int(env, "OCR_PAGE_TIMEOUT_SECONDS", 120),
  };
  check(config.workers >= 1 && config.workers <= 64, "PARSE_WORKERS must be from 1 to 64");
  check(config.heapMb >= 64 && config.heapMb <= 16384, "PARSE_HEAP_MB must be from 64 to 16384");
  check(config.timeoutSeconds >= 1 && config.timeoutSeconds <= 3600, "PARSE_TIMEOUT_SECONDS must be from 1 to 3600");
  check(
    config.ocrPageTimeoutSeconds >= 1 && config.ocrPageTimeoutSeconds <= 3600,
    "OCR_PAGE_TIMEOUT_SECONDS must be from 1 to 3600",
  );
  return config;
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(`invalid configuration: ${message}`);
}
