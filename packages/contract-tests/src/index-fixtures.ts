import type { IndexedChunk, IndexedDocument } from "@docworker/core";

/** A unit vector along the given direction, so the expected cosine scores are obvious. */
export function unitVector(...values: number[]): Float32Array {
  const length = Math.hypot(...values);
  return Float32Array.from(values, (v) => v / length);
}

/** A chunk of `document` as the worker would index it; one token per word. */
export function testChunk(
  document: IndexedDocument,
  ordinal: number,
  text: string,
  vector: Float32Array,
  options: { headingPath?: string[]; page?: number } = {},
): IndexedChunk {
  const { headingPath = [], page } = options;
  return {
    chunkId: `${document.documentId}:${ordinal}`,
    documentId: document.documentId,
    ordinal,
    text,
    headingPath,
    tokenCount: text.split(" ").length,
    vector,
    ...(page === undefined ? {} : { pageStart: page, pageEnd: page + 1 }),
  };
}
