import type { Chunk } from "../domain/chunk.ts";
import type { Embedder } from "../ports/embedder.ts";
import type { IndexedDocument, SearchIndex } from "../ports/search-index.ts";
import type { PipelineDependencies } from "./dependencies.ts";

/** An index the pipeline writes to, with the embedder of its vectors. */
export interface IndexTarget {
  /** The vector space's key; absent for a runtime without vector spaces (one index). */
  key?: string;
  index: SearchIndex;
  embedder: Embedder;
}

type Deps = Pick<PipelineDependencies, "index" | "embedder" | "spaces">;

/** The active vector space and the one being filled; without spaces, the one index. */
export async function indexTargetsOf(deps: Deps): Promise<IndexTarget[]> {
  if (!deps.spaces) return [{ index: deps.index, embedder: deps.embedder }];
  const targets = await deps.spaces.writeTargets();
  return targets.map((target) => ({ key: target.space.key, index: target.index, embedder: target.embedder }));
}

/**
 * Embeds the chunks for each target and replaces the document's chunks there. Afterwards the
 * targets are read again: a space whose filling started in the meantime gets the document too,
 * so a document written while the switch was being prepared is never missing from the new space.
 * Returns the embedding tokens billed.
 */
export async function writeToIndexes(
  deps: Deps,
  targets: IndexTarget[],
  document: IndexedDocument,
  chunks: Chunk[],
  embedded: Map<IndexTarget, Float32Array[]>,
): Promise<number> {
  let tokens = 0;
  const write = async (target: IndexTarget, vectors: Float32Array[]) => {
    await target.index.replaceDocument(
      document,
      chunks.map((chunk, i) => ({ ...chunk, vector: vectors[i] as Float32Array })),
    );
  };
  for (const target of targets) await write(target, embedded.get(target) ?? []);
  if (!deps.spaces) return tokens;
  const written = new Set(targets.map((target) => target.key));
  for (const late of await indexTargetsOf(deps)) {
    if (written.has(late.key)) continue;
    const batch = await late.embedder.embedDocuments(chunks.map((chunk) => chunk.text));
    tokens += batch.tokens;
    await write(late, batch.vectors);
  }
  return tokens;
}

/** The indexes a document may have chunks in: the active space's and the one being filled. */
async function indexesOf(deps: Pick<PipelineDependencies, "index" | "spaces">): Promise<SearchIndex[]> {
  if (!deps.spaces) return [deps.index];
  const state = await deps.spaces.state();
  const spaces = state.next && state.next.key !== state.active.key ? [state.active, state.next] : [state.active];
  return spaces.map((space) => deps.spaces?.index(space, state) as SearchIndex);
}

/** Removes the document's chunks from every index it may be in. */
export async function deleteFromIndexes(
  deps: Pick<PipelineDependencies, "index" | "spaces">,
  tenantId: string,
  documentId: string,
): Promise<void> {
  for (const index of await indexesOf(deps)) await index.deleteDocument(tenantId, documentId);
}

/** Chunks of other versions swept from every index; returns how many. */
export async function deleteOtherVersionsFromIndexes(
  deps: Pick<PipelineDependencies, "index" | "spaces">,
  tenantId: string,
  documentId: string,
  keepVersion: string,
): Promise<number> {
  let removed = 0;
  for (const index of await indexesOf(deps))
    removed += await index.deleteOtherVersions(tenantId, documentId, keepVersion);
  return removed;
}
