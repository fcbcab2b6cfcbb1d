import type { IndexHit } from "../ports/search-index.ts";

/**
 * Reciprocal rank fusion (Cormack et al., 2009): score = sum of 1 / (k + rank) over the lists a
 * hit appears in. Needs no score normalisation, so BM25 and cosine scores can be fused as they are.
 */
export function reciprocalRankFusion(lists: IndexHit[][], k: number, limit: number): IndexHit[] {
  const fused = new Map<string, { hit: IndexHit; score: number }>();
  for (const list of lists) {
    list.forEach((hit, rank) => {
      const entry = fused.get(hit.chunkId) ?? { hit, score: 0 };
      entry.score += 1 / (k + rank + 1);
      fused.set(hit.chunkId, entry);
    });
  }
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || a.hit.chunkId.localeCompare(b.hit.chunkId))
    .slice(0, limit)
    .map(({ hit, score }) => ({ ...hit, score }));
}
