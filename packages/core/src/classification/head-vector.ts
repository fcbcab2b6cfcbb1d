import type { Chunk } from "../domain/chunk.ts";

/** Characters of a document's head that decide its class: the first pages, not the whole of it. */
export const HEAD_CHARS = 4000;
/** Pages a classifier reads: the class shows on the first ones. */
export const CLASSIFY_PAGES = 3;

/**
 * The mean of the vectors of the chunks that make up the document's head: those that start on its
 * first pages and within its first HEAD_CHARS characters, the first chunk always. It stands in for
 * an embedding of the head itself, which a model limited to a few hundred tokens would cut to
 * about the first chunk anyway.
 */
export function headVector(chunks: readonly Chunk[], vectors: readonly Float32Array[]): Float32Array | undefined {
  const first = vectors[0];
  if (!first || chunks.length === 0) return undefined;
  const mean = new Float32Array(first.length);
  let taken = 0;
  let chars = 0;
  for (const [i, chunk] of chunks.entries()) {
    const vector = vectors[i];
    if (!vector || vector.length !== mean.length) break;
    if (i > 0 && (chars >= HEAD_CHARS || (chunk.pageStart ?? 1) > CLASSIFY_PAGES)) break;
    for (let d = 0; d < mean.length; d++) mean[d] = (mean[d] as number) + (vector[d] as number);
    chars += chunk.text.length;
    taken++;
  }
  for (let d = 0; d < mean.length; d++) mean[d] = (mean[d] as number) / taken;
  return mean;
}
