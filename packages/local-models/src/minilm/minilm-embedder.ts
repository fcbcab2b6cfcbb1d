import { readFile } from "node:fs/promises";
import type { Embedder, EmbeddingBatch } from "@docworker/core";
import type { InferenceSession } from "onnxruntime-node";
import { planBatches } from "./batches.ts";
import { locateModelFiles } from "./model-files.ts";
import { meanPoolNormalised } from "./pooling.ts";
import { encodeTruncated } from "./truncating-tokenizer.ts";

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

/**
 * sentence-transformers/all-MiniLM-L6-v2 (int8 weights) on ONNX Runtime's CPU provider, fully
 * offline: mean-pooled, L2-normalised 384-dimension vectors that match the Python reference at
 * cosine ≥ 0.998. Throws ModelNotFoundError when the files are not there (`make model-minilm`).
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

  // The runtime and the session (about 250 MB resident) are loaded on the first text, not at
  // start: an API that serves only keyword searches, or a worker waiting for its first document,
  // never pays for them. The files were found above, so a missing model still fails at start.
  let loaded: Promise<Loaded> | undefined;
  const load = (): Promise<Loaded> => {
    loaded ??= loadModel(files, threads).catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };

  async function runBatch({ ort, session }: Loaded, rows: number[][]): Promise<Float32Array[]> {
    const width = Math.max(...rows.map((ids) => ids.length));
    const ids = new BigInt64Array(rows.length * width);
    const mask = new BigInt64Array(rows.length * width);
    rows.forEach((row, r) => {
      for (let t = 0; t < row.length; t++) {
        ids[r * width + t] = BigInt(row[t] as number);
        mask[r * width + t] = 1n;
      }
    });
    const shape = [rows.length, width];
    const output = await session.run({
      input_ids: new ort.Tensor("int64", ids, shape),
      attention_mask: new ort.Tensor("int64", mask, shape),
      token_type_ids: new ort.Tensor("int64", new BigInt64Array(rows.length * width), shape),
    });
    const hidden = output.last_hidden_state;
    if (hidden?.type !== "float32") throw new Error(`${files.onnx} has no float32 last_hidden_state output`);
    return meanPoolNormalised(
      hidden.data as Float32Array,
      rows.map((row) => row.length),
      width,
      DIMENSION,
    );
  }

  // One model run at a time: ONNX Runtime already uses every thread it was given for one run, so
  // concurrent callers would only fight over the cores and multiply the peak memory.
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  function serialised<T>(work: () => Promise<T>): Promise<T> {
    if (closed) return Promise.reject(new Error("the all-MiniLM-L6-v2 embedder is closed"));
    const result = queue.then(work, work);
    queue = result.catch(() => undefined);
    return result;
  }

  async function embed(texts: string[]): Promise<EmbeddingBatch> {
    if (closed) throw new Error("the all-MiniLM-L6-v2 embedder is closed");
    const model = await load();
    const encoded = texts.map((text) => encodeTruncated(model.tokenizer, text, maxTokens));
    const vectors: Float32Array[] = new Array(texts.length);
    for (const batch of planBatches(
      encoded.map((ids) => ids.length),
      batchSize,
    )) {
      const pooled = await serialised(() =>
        runBatch(
          model,
          batch.map((index) => encoded[index] as number[]),
        ),
      );
      batch.forEach((index, i) => {
        vectors[index] = pooled[i] as Float32Array;
      });
    }
    return { vectors, tokens: 0 };
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
      const pending = loaded;
      const release = serialised(async () => {
        const model = await pending?.catch(() => undefined);
        await model?.session.release();
      });
      closed = true;
      await release;
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

interface Loaded {
  ort: typeof import("onnxruntime-node");
  tokenizer: InstanceType<typeof import("@huggingface/tokenizers").Tokenizer>;
  session: InferenceSession;
}

async function loadModel(
  files: Awaited<ReturnType<typeof locateModelFiles>>,
  threads: number | undefined,
): Promise<Loaded> {
  const [ort, { Tokenizer }] = await Promise.all([import("onnxruntime-node"), import("@huggingface/tokenizers")]);
  const readJson = async (path: string): Promise<object> => JSON.parse(await readFile(path, "utf8"));
  const [tokenizerJson, tokenizerConfig] = await Promise.all([
    readJson(files.tokenizer),
    readJson(files.tokenizerConfig),
  ]);
  const tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
  let session: InferenceSession;
  try {
    session = await ort.InferenceSession.create(files.onnx, {
      executionProviders: ["cpu"],
      graphOptimizationLevel: "all",
      interOpNumThreads: 1,
      ...(threads === undefined ? {} : { intraOpNumThreads: threads }),
    });
  } catch (cause) {
    throw new Error(`could not load ${files.onnx}; run \`make model-minilm\` to fetch it again`, { cause });
  }
  return { ort, tokenizer, session };
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`invalid configuration: ${name} must be a positive integer, got ${value}`);
  }
  return value;
}
