import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Embedder, EmbeddingBatch } from "@docworker/core";
import { createHashingEmbedder } from "@docworker/local-models";
import { createMiniLmEmbedder, type MiniLmEmbedder } from "@docworker/local-models/minilm";

/**
 * The same embedder, remembering every vector it made, so that the quality runs (docworker's and
 * the peers') embed a text that all of them share only once. Never used for throughput figures.
 */
export interface MemoEmbedder extends Embedder {
  readonly computed: number;
  readonly reused: number;
  /** Vectors found in the cache file when it was opened. */
  readonly loaded: number;
  /** Writes the cache file (when there is one). */
  save(): void;
}

const keyOf = (text: string) => createHash("sha256").update(text).digest("base64url");

/**
 * With `cacheFile` the vectors also persist between runs (one line per text: sha256, base64 of the
 * float32 vector), so a second `make bench` does not embed SciFact again; throughput figures never
 * go through this.
 */
export function memoize(inner: Embedder, cacheFile?: string): MemoEmbedder {
  const memo = new Map<string, Float32Array>();
  const stored = new Map<string, Float32Array>();
  if (cacheFile && existsSync(cacheFile)) {
    for (const line of readFileSync(cacheFile, "utf8").split("\n")) {
      const [key, data] = line.split("\t");
      if (!key || !data) continue;
      const bytes = Buffer.from(data, "base64");
      const vector = new Float32Array(new Uint8Array(bytes).buffer); // a copy: aligned for Float32Array
      if (vector.length === inner.dimension) stored.set(key, vector);
    }
  }
  const loaded = stored.size;
  let computed = 0;
  let reused = 0;
  async function embed(texts: string[]): Promise<EmbeddingBatch> {
    for (const text of texts) {
      if (memo.has(text)) continue;
      const hit = stored.get(keyOf(text));
      if (hit) memo.set(text, hit);
    }
    const missing = [...new Set(texts.filter((t) => !memo.has(t)))];
    if (missing.length > 0) {
      const { vectors } = await inner.embedDocuments(missing);
      missing.forEach((text, i) => {
        memo.set(text, vectors[i] as Float32Array);
        stored.set(keyOf(text), vectors[i] as Float32Array);
      });
      computed += missing.length;
    }
    reused += texts.length - missing.length;
    return { vectors: texts.map((t) => memo.get(t) as Float32Array), tokens: 0 };
  }
  return {
    model: inner.model,
    dimension: inner.dimension,
    kind: inner.kind,
    embedDocuments: embed,
    embedQuery: (text) => embed([text]),
    get computed() {
      return computed;
    },
    get reused() {
      return reused;
    },
    loaded,
    save() {
      if (!cacheFile) return;
      mkdirSync(dirname(cacheFile), { recursive: true });
      const lines = [...stored].map(
        ([key, v]) => `${key}\t${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64")}`,
      );
      writeFileSync(cacheFile, `${lines.join("\n")}\n`);
    },
  };
}

/**
 * An embedder that costs (almost) nothing: a unit vector derived from the text's length and first
 * characters. With it, ingest time is the pipeline's own: parse, chunk, index, record, store.
 */
export function createFixedCostEmbedder(dimension = 384): Embedder {
  const one = (text: string) => {
    const v = new Float32Array(dimension);
    v[text.length % dimension] = 1;
    return v;
  };
  return {
    model: `fixed-cost-${dimension}`,
    dimension,
    kind: "lexical",
    embedDocuments: async (texts) => ({ vectors: texts.map(one), tokens: 0 }),
    embedQuery: async (text) => ({ vectors: [one(text)], tokens: 0 }),
  };
}

export async function openMiniLm(modelDir: string): Promise<MiniLmEmbedder> {
  return createMiniLmEmbedder({ modelDir });
}

export const hashingEmbedder = (dimension = 512) => createHashingEmbedder({ dimension });
