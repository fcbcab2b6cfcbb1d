import type { Embedder } from "@docworker/core";
import { createHashingEmbedder } from "@docworker/local-models";

/** What the stand-in's embedding models answer with: one hashing embedder per dimension, made on first use. */
export class EmbeddersByDimension {
  readonly #byDimension = new Map<number, Embedder>();

  get(dimension: number): Embedder {
    let embedder = this.#byDimension.get(dimension);
    if (!embedder) {
      embedder = createHashingEmbedder({ dimension });
      this.#byDimension.set(dimension, embedder);
    }
    return embedder;
  }
}
