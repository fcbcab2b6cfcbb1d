/**
 * Sentences per second of the all-MiniLM-L6-v2 embedder at batch 1, 16 and 32 on 100 generated
 * news-like sentences (about 70 tokens each) and at 256-token chunks, plus the cosine against the
 * committed Python reference.
 * Usage: node packages/local-models/scripts/bench.ts [MODEL_DIR] [THREADS]
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { createMiniLmEmbedder } from "../src/minilm/index.ts";

const modelDir = process.argv[2] || resolve(import.meta.dirname, "../../../.tools/models/all-MiniLM-L6-v2");
const threads = process.argv[3] === undefined ? undefined : Number(process.argv[3]);

/** Deterministic sentences (a fixed-seed LCG) in the style of the research's benchmark set. */
function sentences(count: number): string[] {
  let seed = 42;
  const pick = <T>(items: readonly T[]): T => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return items[seed % items.length] as T;
  };
  const subjects = [
    "The city council",
    "A small bakery",
    "Our research team",
    "The regional hospital",
    "A local school",
  ];
  const verbs = ["announced", "postponed", "reviewed", "approved", "criticised", "funded", "documented"];
  const objects = [
    "a new plan for public transport",
    "the annual budget for road repairs",
    "an exhibition about ancient pottery",
    "a program to reduce food waste",
    "a cheaper way to recycle plastic",
  ];
  const clauses = [
    "after months of heated debate among residents",
    "because costs had risen sharply over the winter",
    "while several critics questioned the underlying data",
    "so that families could plan their holidays earlier",
  ];
  const tails = [
    "Officials said further details would be published next month, and a public meeting is planned for early spring.",
    "Several experts welcomed the decision but warned that the timeline remains ambitious and depends on new staff.",
    "Local newspapers reported mixed reactions, with older residents more sceptical than students and young parents.",
  ];
  return Array.from(
    { length: count },
    () =>
      `${pick(subjects)} ${pick(verbs)} ${pick(objects)} ${pick(clauses)}, and ${pick(subjects).toLowerCase()} ` +
      `${pick(verbs)} ${pick(objects)} ${pick(clauses)}. ${pick(tails)}`,
  );
}

async function meanTokens(texts: string[]): Promise<number> {
  const { Tokenizer } = await import("@huggingface/tokenizers");
  const json = async (file: string) => JSON.parse(await readFile(resolve(modelDir, file), "utf8"));
  const tokenizer = new Tokenizer(await json("tokenizer.json"), await json("tokenizer_config.json"));
  return texts.reduce((sum, text) => sum + tokenizer.encode(text).ids.length, 0) / texts.length;
}

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] as number) * (b[i] as number);
  return dot; // both are unit vectors
};

const started = performance.now();
const texts = sentences(100);
const probe = await createMiniLmEmbedder({ modelDir, threads });
const loadMs = performance.now() - started;
await probe.embedDocuments(texts.slice(0, 8)); // warm-up
await probe.close();
console.log(`model loaded in ${loadMs.toFixed(0)} ms; threads: ${threads ?? "ONNX Runtime default"}`);
console.log(`${texts.length} sentences, ${(await meanTokens(texts)).toFixed(0)} tokens each on average`);

for (const batchSize of [1, 16, 32]) {
  const embedder = await createMiniLmEmbedder({ modelDir, threads, batchSize });
  await embedder.embedDocuments(texts.slice(0, batchSize)); // warm-up at this batch shape
  const start = performance.now();
  await embedder.embedDocuments(texts);
  const seconds = (performance.now() - start) / 1000;
  console.log(`batch ${String(batchSize).padStart(2)}: ${(texts.length / seconds).toFixed(1)} sentences/s`);
  await embedder.close();
}

// A chunk-sized workload too: five sentences (about 290 tokens) fill the 256-token window.
const chunks = Array.from({ length: 32 }, (_, i) => texts.slice(i, i + 5).join(" "));
{
  const embedder = await createMiniLmEmbedder({ modelDir, threads });
  await embedder.embedDocuments(chunks.slice(0, 16));
  const start = performance.now();
  await embedder.embedDocuments(chunks);
  const seconds = (performance.now() - start) / 1000;
  console.log(`chunks of 256 tokens, batch 16: ${(chunks.length / seconds).toFixed(1)} chunks/s`);
  await embedder.close();
}

const fixture = new URL("../test/fixtures/reference-embeddings.json", import.meta.url);
const references: { id: string; text: string; vector: number[] }[] = JSON.parse(
  await readFile(fixture, "utf8"),
).sentences;
const embedder = await createMiniLmEmbedder({ modelDir, threads });
const { vectors } = await embedder.embedDocuments(references.map((r) => r.text));
await embedder.close();
const agreement = references.map((r, i) => `${r.id} ${cosine(vectors[i] as Float32Array, r.vector).toFixed(5)}`);
console.log(`cosine vs Python sentence-transformers: ${agreement.join(", ")}`);
console.log(`rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
