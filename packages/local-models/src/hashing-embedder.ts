import type { Embedder, EmbeddingBatch } from "@docworker/core";

/**
 * A lexical embedder: words and word pairs hashed into a fixed number of dimensions (feature
 * hashing, Weinberger et al. 2009), log-scaled and L2-normalised. It matches shared words, not
 * meaning — it is named "lexical" wherever it reports itself — and needs no model, so it is the
 * default for tests and for machines without one.
 */
export function createHashingEmbedder(options: { dimension?: number } = {}): Embedder {
  const dimension = options.dimension ?? 512;
  const embedOne = (text: string) => hashText(text, dimension);
  return {
    model: `hashing-lexical-v1-${dimension}`,
    dimension,
    kind: "lexical",
    async embedDocuments(texts: string[]): Promise<EmbeddingBatch> {
      return { vectors: texts.map(embedOne), tokens: 0 };
    },
    async embedQuery(text: string): Promise<EmbeddingBatch> {
      return { vectors: [embedOne(text)], tokens: 0 };
    },
  };
}

const WORD = /[\p{L}\p{N}]+/gu;

function hashText(text: string, dimension: number): Float32Array {
  const counts = new Map<string, number>();
  const words = (text.toLowerCase().match(WORD) ?? []).filter((w) => !STOPWORDS.has(w));
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    counts.set(word, (counts.get(word) ?? 0) + 1);
    if (i > 0) {
      const pair = `${words[i - 1]} ${word}`;
      counts.set(pair, (counts.get(pair) ?? 0) + 0.5);
    }
  }
  const vector = new Float32Array(dimension);
  for (const [feature, count] of counts) {
    const hash = fnv1a(feature);
    const sign = hash & 0x80000000 ? -1 : 1;
    const slot = (hash & 0x7fffffff) % dimension;
    vector[slot] = (vector[slot] as number) + sign * (1 + Math.log(count));
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < dimension; i++) vector[i] = (vector[i] as number) / norm;
  return vector;
}

/** 32-bit FNV-1a over UTF-16 code units: fast, stable across runs and machines. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const STOPWORDS = new Set(
  "a an and are as at be but by for from has have he her his i in is it its of on or she that the their them they this to was were will with you your we our not no do does did so if than then there these those which who whom what when where why how".split(
    " ",
  ),
);
