import { availableParallelism } from "node:os";
import { type Env, readSettings, Setting, type SettingsConcern, settingsSchema } from "@docworker/core";
// The type alone: the package (and its parsers) is loaded only by a process that serves the worker.
import type { ParsePoolConfig } from "@docworker/parse-pool";

const worker = ["worker"] as const;

export const PARSE_POOL_SETTINGS = settingsSchema({
  PARSE_WORKERS: Setting.optional(
    Setting.integer(
      { minimum: 1, maximum: 64 },
      {
        defaultText: "cores − 1, 1 to 4",
        meaning: "parse worker processes (parsing, rendering, Tesseract, chunking)",
        readBy: worker,
      },
    ),
  ),
  PARSE_HEAP_MB: Setting.integer(
    { minimum: 64, maximum: 16384 },
    { default: 1024, meaning: "heap one document may take to parse and chunk: `TOO_LARGE`", readBy: worker },
  ),
  PARSE_TIMEOUT_SECONDS: Setting.integer(
    { minimum: 1, maximum: 3600 },
    // A 1,200-page text took over 180 s to parse and chunk on a loaded 2-core VM: legitimate work, not a hostile one.
    { default: 300, meaning: "time one document may take to parse and chunk: `TIMEOUT`", readBy: worker },
  ),
  OCR_PAGE_TIMEOUT_SECONDS: Setting.integer(
    { minimum: 1, maximum: 3600 },
    {
      default: 120,
      meaning: "added to the deadline for each page rendered for recognition (and read, by Tesseract)",
      readBy: worker,
    },
  ),
  IN_PROCESS_TEXT_MAX_BYTES: Setting.integer(
    // Past a few MiB even linear work holds the event loop for long enough to matter.
    { minimum: 0, maximum: 4 * 1024 * 1024 },
    {
      default: 256 * 1024,
      meaning: "text, code, JSON, NDJSON this small are read in the worker's process, not the pool (`0`: none)",
      readBy: worker,
    },
  ),
});

export const PARSE_POOL_CONCERN: SettingsConcern = { title: "parse pool", schema: PARSE_POOL_SETTINGS };

/** One core is left to the event loop that serves HTTP and drives the rest of the pipeline. */
export function defaultParseWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

export function loadParsePoolConfig(env: Env = process.env): Omit<ParsePoolConfig, "tesseract"> {
  const s = readSettings(PARSE_POOL_SETTINGS, env);
  return {
    workers: s.PARSE_WORKERS ?? defaultParseWorkers(),
    heapMb: s.PARSE_HEAP_MB,
    timeoutSeconds: s.PARSE_TIMEOUT_SECONDS,
    ocrPageTimeoutSeconds: s.OCR_PAGE_TIMEOUT_SECONDS,
    inProcessTextMaxBytes: s.IN_PROCESS_TEXT_MAX_BYTES,
  };
}
