import type { Chunk, Embedder, IndexedChunk, SearchIndex } from "@docworker/core";
import { mapPool } from "../stats.ts";
import { TENANT } from "./evaluate.ts";

/** Embeds every chunk in one call (the embedder batches internally) and times it. */
export async function embedChunks(
  embedder: Embedder,
  chunks: readonly Chunk[],
): Promise<{ chunks: IndexedChunk[]; ms: number }> {
  const started = performance.now();
  const { vectors } = await embedder.embedDocuments(chunks.map((c) => c.text));
  const ms = performance.now() - started;
  return { chunks: chunks.map((c, i) => ({ ...c, vector: vectors[i] as Float32Array })), ms };
}

/** Writes the chunks into the index, one replaceDocument per document, as the pipeline does. */
export async function indexChunks(
  index: SearchIndex,
  chunks: readonly IndexedChunk[],
  concurrency = 1,
): Promise<number> {
  const started = performance.now();
  const byDoc = new Map<string, IndexedChunk[]>();
  for (const chunk of chunks) {
    const list = byDoc.get(chunk.documentId) ?? [];
    list.push(chunk);
    byDoc.set(chunk.documentId, list);
  }
  const createdAt = new Date().toISOString();
  await mapPool([...byDoc], concurrency, ([documentId, docChunks]) =>
    index.replaceDocument(
      {
        tenantId: TENANT,
        documentId,
        version: "1",
        filename: `${documentId}.txt`,
        contentType: "text/plain",
        createdAt,
        metadata: {},
      },
      docChunks,
    ),
  );
  return performance.now() - started;
}
