import {
  type Chunk,
  type ChunkRequest,
  type DocumentPreparer,
  DocworkerError,
  type PreparedDocument,
  type PrepareRequest,
} from "@docworker/core";
import pLimit from "p-limit";
import { Tinypool } from "tinypool";
import type { ParsePoolConfig } from "./parse-pool-config.ts";
import type { RecognitionStarted, WorkerOutcome } from "./prepare-in-worker.ts";

export interface ParsePool extends DocumentPreparer {
  /** Parse processes alive (0 until the first document: the API alone never parses). */
  readonly processCount: number;
  /** Process ids of the parse workers, for measuring their memory. */
  readonly pids: number[];
  close(): Promise<void>;
}

const TASK = new URL("./prepare-in-worker.ts", import.meta.url).href;

/**
 * A pool of parse workers. Each document gets one worker, a V8 heap limit and a deadline; a
 * worker that exceeds either is killed and replaced, and the document ends TOO_LARGE or TIMEOUT.
 * Tesseract, when it is the recognizer, runs inside the worker too, and the deadline grows by
 * OCR_PAGE_TIMEOUT_SECONDS for every page the worker is about to render and read.
 *
 * The workers are child processes, not threads: a worker thread's resourceLimits are enforced
 * best-effort, and some allocation patterns (one array grown by push past the limit, which is what
 * parsers do) abort the whole process instead of the thread — reproduced here on Node 24. A child
 * process at its heap limit dies alone. Tasks cross with structured clone ("advanced" IPC), and a
 * worker gets an environment with nothing but its recognizer's settings: parsing needs no credentials.
 */
export function createParsePool(config: ParsePoolConfig): ParsePool {
  let pool: Tinypool | undefined;
  // A worker starting (every one at first, later one replacing a killed one) loads every parser
  // first: that is not a document's time. Waited for once per start, not once per document.
  let warm: Promise<unknown> | undefined;
  const warmUp = (created: Tinypool, workers: number) =>
    Promise.all(Array.from({ length: workers }, () => created.run(undefined, { name: "ready" }))).catch(
      () => undefined, // a worker that cannot start fails the document it is given, with its own error
    );
  const open = () => {
    if (pool) return pool;
    pool = new Tinypool({
      filename: TASK,
      runtime: "child_process",
      serialization: "advanced",
      minThreads: config.workers,
      maxThreads: config.workers,
      idleTimeout: Number.MAX_SAFE_INTEGER,
      execArgv: [`--max-old-space-size=${config.heapMb}`],
      env: config.tesseract
        ? {
            PARSE_WORKER_OCR_LANGUAGES: config.tesseract.languages.join("+"),
            PARSE_WORKER_OCR_THREADS: String(config.tesseract.workers),
            PARSE_WORKER_OCR_SECOND_PASS: config.tesseract.recoverMissedLines === false ? "off" : "sparse",
          }
        : {},
    });
    warm = warmUp(pool, config.workers);
    return pool;
  };
  // Tasks wait here rather than in the pool's queue, so a deadline starts when parsing starts.
  const limit = pLimit(config.workers);

  const run = async <T>(name: "default" | "chunk", request: PrepareRequest | ChunkRequest): Promise<T> => {
    const pool = open();
    await warm;
    const deadline = new Deadline(config);
    let outcome: WorkerOutcome<T>;
    try {
      outcome = (await pool.run(request, {
        name,
        signal: deadline.signal,
        channel: { postMessage: (message: RecognitionStarted) => deadline.recognitionStarted(message) },
      })) as WorkerOutcome<T>;
    } catch (error) {
      // The pool replaces the worker it killed (or that died): wait for its replacement to load.
      warm = warmUp(pool, 1);
      throw workerFailure(error, deadline, config);
    } finally {
      deadline.clear();
    }
    if (outcome.ok) return outcome.value;
    const { code, message, retryable } = outcome.error;
    throw new DocworkerError(code, message, { retryable });
  };

  return {
    ...(config.tesseract ? { recognizerEngine: `tesseract:${config.tesseract.languages.join("+")}` } : {}),
    prepare: (request) => limit(() => run<PreparedDocument>("default", request)),
    chunk: (request) => limit(() => run<Chunk[]>("chunk", request)),
    get processCount() {
      return pool?.threads.length ?? 0;
    },
    get pids() {
      // A child process worker's threadId is its process id.
      return (pool?.threads ?? []).map((worker) => worker.threadId);
    },
    async close() {
      limit.clearQueue();
      await pool?.destroy();
      pool = undefined;
    },
  };
}

/** PARSE_TIMEOUT_SECONDS from the start, plus OCR_PAGE_TIMEOUT_SECONDS per page announced for recognition. */
class Deadline {
  readonly #controller = new AbortController();
  readonly #config: ParsePoolConfig;
  #timer: NodeJS.Timeout;
  #endsAt: number;
  pages = 0;

  constructor(config: ParsePoolConfig) {
    this.#config = config;
    this.#endsAt = Date.now() + config.timeoutSeconds * 1000;
    this.#timer = this.#arm();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get aborted(): boolean {
    return this.#controller.signal.aborted;
  }

  recognitionStarted(message: RecognitionStarted): void {
    // Once per document: a listener may be told of one message more than once.
    if (message?.docworker !== "recognition-started" || this.aborted || this.pages > 0) return;
    this.pages = message.pages;
    this.#endsAt += message.pages * this.#config.ocrPageTimeoutSeconds * 1000;
    clearTimeout(this.#timer);
    this.#timer = this.#arm();
  }

  clear(): void {
    clearTimeout(this.#timer);
  }

  #arm(): NodeJS.Timeout {
    return setTimeout(() => this.#controller.abort(), Math.max(0, this.#endsAt - Date.now()));
  }
}

function workerFailure(error: unknown, deadline: Deadline, config: ParsePoolConfig): DocworkerError {
  if (deadline.aborted) {
    const limit =
      deadline.pages > 0
        ? `${config.timeoutSeconds} s (PARSE_TIMEOUT_SECONDS) + ${deadline.pages} page(s) to recognise × ${config.ocrPageTimeoutSeconds} s (OCR_PAGE_TIMEOUT_SECONDS)`
        : `${config.timeoutSeconds} s (PARSE_TIMEOUT_SECONDS)`;
    return new DocworkerError("TIMEOUT", `parsing did not finish within ${limit}`, {
      retryable: false,
      cause: error,
    });
  }
  // The worker died under this document: it ran past its heap limit (V8 aborts the process), or a
  // parser crashed natively. The same bytes would do it again, so it is not retried.
  const reason = error instanceof Error ? error.message : String(error);
  return new DocworkerError(
    "TOO_LARGE",
    `the parse worker died (${reason}); a document may use at most ${config.heapMb} MiB of heap (PARSE_HEAP_MB)`,
    { cause: error },
  );
}
