import type { Embedder, EmbeddingBatch } from "@docworker/core";
import { Tinypool } from "tinypool";
import { locateModelFiles } from "./model-files.ts";
import type { EmbedResult, EmbedTask } from "./model-thread.ts";

export interface MiniLmEmbedderOptions {
  /** The directory `make model-minilm` writes: `.tools/models/all-MiniLM-L6-v2` in a checkout. */
  modelDir: string;
  /** ONNX Runtime intra-op threads; by default ONNX Runtime's choice (the physical cores). */
  threads?: number;
  /** Texts per model run (default 16). Texts are sorted by length first to cut padding. */
  batchSize?: number;
  /** Tokens per text, [CLS] and [SEP] included (default 256, sentence-transformers' max_seq_length). */
  maxTokens?: number;
}

/** An Embedder that also holds native resources: `close()` releases the ONNX Runtime session. */
export interface MiniLmEmbedder extends Embedder {
  close(): Promise<void>;
}

const DIMENSION = 384;
/** BERT's position embeddings end there. */
const MAX_POSITIONS = 512;
const MODEL_THREAD = new URL("./model-thread.ts", import.meta.url).href;

/**
 * sentence-transformers/all-MiniLM-L6-v2 (int8 weights) on ONNX Runtime's CPU provider, fully
 * offline: mean-pooled, L2-normalised 384-dimension vectors that match the Python reference at
 * cosine ≥ 0.998. Tokenising and the model runs happen on a thread of their own, never on the
 * caller's event loop. Throws ModelNotFoundError when the files are not there (`make model-minilm`).
 */
export async function createMiniLmEmbedder(options: MiniLmEmbedderOptions): Promise<MiniLmEmbedder> {
  const batchSize = positiveInteger("batchSize", options.batchSize ?? 16);
  const maxTokens = positiveInteger("maxTokens", options.maxTokens ?? 256);
  if (maxTokens < 2 || maxTokens > MAX_POSITIONS) {
    throw new Error(`invalid configuration: maxTokens must be from 2 to ${MAX_POSITIONS}, got ${maxTokens}`);
  }
  const threads = options.threads === undefined ? undefined : positiveInteger("threads", options.threads);
  assertRuntimeInstalled();
  const files = await locateModelFiles(options.modelDir);

  // The thread, the runtime and the session (about 250 MB resident) start on the first text, not
  // at start: an API that serves only keyword searches, or a worker waiting for its first
  // document, never pays for them. The files were found above, so a missing model still fails here.
  let pool: Tinypool | undefined;
  const open = (): Tinypool => {
    // One thread: ONNX Runtime already uses every intra-op thread it was given for one run, so
    // concurrent runs would only fight over the cores and multiply the peak memory. Calls queue.
    pool ??= new Tinypool({
      filename: MODEL_THREAD,
      runtime: "worker_threads",
      minThreads: 1,
      maxThreads: 1,
      idleTimeout: Number.MAX_SAFE_INTEGER,
    });
    return pool;
  };
  let closed = false;

  async function embed(texts: string[]): Promise<EmbeddingBatch> {
    if (closed) throw new Error("the all-MiniLM-L6-v2 embedder is closed");
    if (texts.length === 0) return { vectors: [], tokens: 0 };
    const task: EmbedTask = { files, threads, batchSize, maxTokens, dimension: DIMENSION, texts };
    const vectors = (await open().run(task)) as EmbedResult;
    return {
      vectors: texts.map((_, i) => vectors.slice(i * DIMENSION, (i + 1) * DIMENSION)),
      tokens: 0,
    };
  }

  return {
    model: "all-MiniLM-L6-v2-int8",
    dimension: DIMENSION,
    kind: "semantic",
    embedDocuments: embed,
    // all-MiniLM-L6-v2 is symmetric: queries and documents are embedded alike, with no prefix.
    embedQuery: (text: string) => embed([text]),
    async close() {
      if (closed) return;
      closed = true;
      const running = pool;
      pool = undefined;
      if (!running) return;
      // Queued after the calls already sent, so those finish first.
      await running.run(undefined, { name: "releaseModel" }).catch(() => undefined);
      await running.destroy();
    },
  };
}

/**
 * ONNX Runtime and the tokenizer are optional peers of this package (the AWS images leave them
 * out): without them MiniLM fails at start, not on the first text.
 */
function assertRuntimeInstalled(): void {
  for (const name of ["onnxruntime-node", "@huggingface/tokenizers"]) {
    try {
      import.meta.resolve(name);
    } catch (cause) {
      throw new Error(
        `invalid configuration: the MiniLM embedder needs ${name}, which this installation leaves out (the AWS images do): ` +
          "choose another embedder, or install it beside @docworker/local-models",
        { cause },
      );
    }
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`invalid configuration: ${name} must be a positive integer, got ${value}`);
  }
  return value;
}
