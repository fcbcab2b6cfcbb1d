import { readFile } from "node:fs/promises";
import type { InferenceSession } from "onnxruntime-node";
import { Tinypool } from "tinypool";
import { planBatches } from "./batches.ts";
import type { MINILM_FILES } from "./model-files.ts";
import { meanPoolNormalised } from "./pooling.ts";
import { encodeTruncated } from "./truncating-tokenizer.ts";

/** What the model thread needs to load the model and embed a call's texts. */
export interface EmbedTask {
  files: Record<keyof typeof MINILM_FILES, string>;
  threads: number | undefined;
  batchSize: number;
  maxTokens: number;
  dimension: number;
  texts: string[];
}

/** Every vector of the call, one after the other in one buffer (moved, not copied, to the caller). */
export type EmbedResult = Float32Array;

interface Loaded {
  ort: typeof import("onnxruntime-node");
  tokenizer: InstanceType<typeof import("@huggingface/tokenizers").Tokenizer>;
  session: InferenceSession;
}

// Loaded on the thread's first task and kept for the thread's life: the pool keeps one thread.
let loaded: Promise<Loaded> | undefined;

/**
 * Runs on the embedder's own thread: tokenises, runs ONNX Runtime and pools. session.run is
 * synchronous in onnxruntime-node, so on the main thread every model run would stop the event
 * loop — no queue receives, no parse results, no SQLite writes — for as long as the run lasts.
 */
export default async function embedOnModelThread(task: EmbedTask): Promise<EmbedResult> {
  loaded ??= loadModel(task).catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  const model = await loaded;
  const keys = task.texts.map((text) => encodeTruncated(model.tokenizer, text, task.maxTokens).join(" "));
  const out = new Float32Array(task.texts.length * task.dimension);
  // Texts of one call whose first maxTokens tokens are the same get the same vector: a document's
  // head (the classifier's text) and its first chunk, which the model sees alike once both are cut
  // at 256 tokens, run once. Nothing is remembered across calls: callers never share vectors.
  const unique = [...new Set(keys)];
  const ids = unique.map((key) => key.split(" ").map(Number));
  const vectors = new Map<string, Float32Array>();
  for (const batch of planBatches(
    ids.map((row) => row.length),
    task.batchSize,
  )) {
    const pooled = await runBatch(
      model,
      batch.map((index) => ids[index] as number[]),
      task.dimension,
    );
    batch.forEach((index, i) => {
      vectors.set(unique[index] as string, pooled[i] as Float32Array);
    });
  }
  keys.forEach((key, i) => {
    out.set(vectors.get(key) as Float32Array, i * task.dimension);
  });
  return Tinypool.move(out) as EmbedResult;
}

async function runBatch({ ort, session }: Loaded, rows: number[][], dimension: number): Promise<Float32Array[]> {
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
  if (hidden?.type !== "float32") throw new Error("the model has no float32 last_hidden_state output");
  return meanPoolNormalised(
    hidden.data as Float32Array,
    rows.map((row) => row.length),
    width,
    dimension,
  );
}

async function loadModel({ files, threads }: EmbedTask): Promise<Loaded> {
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
      // Idle intra-op threads sleep instead of spinning: the cores are shared with the event
      // loop, the parse workers and the API, which a spinning thread would starve between runs.
      extra: { session: { intra_op: { allow_spinning: "0" }, inter_op: { allow_spinning: "0" } } },
    });
  } catch (cause) {
    throw new Error(`could not load ${files.onnx}; run \`make model-minilm\` to fetch it again`, { cause });
  }
  return { ort, tokenizer, session };
}

/** Releases the session before the pool ends the thread. */
export async function releaseModel(): Promise<void> {
  const model = await loaded?.catch(() => undefined);
  loaded = undefined;
  await model?.session.release();
}
