import { prepareDocument } from "@docworker/core";
import { createParsePool, type ParsePool } from "./parse-pool.ts";
import type { ParsePoolConfig } from "./parse-pool-config.ts";

type PlainTextParserFor = typeof import("@docworker/parsing/plain-text").plainTextParserFor;

export interface DocumentPreparerPool extends ParsePool {
  /** Documents prepared in this process, not in a parse worker. */
  readonly preparedInProcess: number;
}

/**
 * The services' DocumentPreparer: small plain text in this process, everything else in the parse
 * pool. A parse worker round trip (structured clone over IPC, a process wake-up) costs 5 to 19 ms
 * under load, many times the work a short text needs. Plain text is safe here: decoding, line
 * splitting and chunking are docworker's own linear code (no third-party format parser), bounded
 * by `inProcessTextMaxBytes`, so no input can exhaust the heap or hang the loop. A body detection
 * does not read as text (NULs, a binary signature) goes to the pool whatever its name or declared
 * type says.
 */
export function createDocumentPreparer(config: ParsePoolConfig): DocumentPreparerPool {
  const pool = createParsePool(config);
  const maxBytes = config.inProcessTextMaxBytes;
  // Loaded with the first small document, so a process that only serves the API never loads it.
  let plainText: Promise<PlainTextParserFor> | undefined;
  const loadPlainText = () => {
    plainText ??= import("@docworker/parsing/plain-text").then(({ plainTextParserFor }) => plainTextParserFor);
    return plainText;
  };
  let preparedInProcess = 0;
  return {
    ...(pool.recognizerEngine ? { recognizerEngine: pool.recognizerEngine } : {}),
    async prepare(request) {
      const { bytes, filename, declaredContentType } = request;
      const small = bytes.byteLength > 0 && bytes.byteLength <= maxBytes;
      if (!small) return pool.prepare(request);
      const plainTextParserFor = await loadPlainText();
      const reading = await plainTextParserFor(bytes, filename, declaredContentType);
      if (!reading) return pool.prepare(request);
      preparedInProcess += 1;
      return prepareDocument({ parser: reading.parser }, request);
    },
    chunk: (request) => pool.chunk(request),
    get preparedInProcess() {
      return preparedInProcess;
    },
    get processCount() {
      return pool.processCount;
    },
    get pids() {
      return pool.pids;
    },
    close: () => pool.close(),
  };
}
