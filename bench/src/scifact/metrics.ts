/**
 * The standard definitions, as trec_eval / pytrec_eval compute them (BEIR reports these):
 * - nDCG@k: gain = graded relevance (linear, trec_eval's ndcg_cut), discount 1/log2(rank + 1),
 *   normalised by the DCG of the judged documents in ideal order, cut at k.
 * - recall@k: relevant documents in the top k / relevant documents judged (relevance > 0).
 * - MRR@k: 1 / rank of the first relevant document in the top k, else 0.
 * Averaged over every judged query; a query with no results scores 0.
 */
export interface QualityScores {
  ndcg10: number;
  recall100: number;
  mrr10: number;
  queries: number;
}

export function scoreRun(run: Map<string, string[]>, qrels: Map<string, Map<string, number>>): QualityScores {
  let ndcg = 0;
  let recall = 0;
  let mrr = 0;
  for (const [queryId, judged] of qrels) {
    const ranked = run.get(queryId) ?? [];
    ndcg += ndcgAt(ranked, judged, 10);
    recall += recallAt(ranked, judged, 100);
    mrr += mrrAt(ranked, judged, 10);
  }
  const n = qrels.size;
  return { ndcg10: ndcg / n, recall100: recall / n, mrr10: mrr / n, queries: n };
}

export function ndcgAt(ranked: readonly string[], judged: ReadonlyMap<string, number>, k: number): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((docId, i) => {
    const gain = judged.get(docId) ?? 0;
    if (gain > 0) dcg += gain / Math.log2(i + 2);
  });
  const ideal = [...judged.values()]
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, gain, i) => sum + gain / Math.log2(i + 2), 0);
  return ideal > 0 ? dcg / ideal : 0;
}

export function recallAt(ranked: readonly string[], judged: ReadonlyMap<string, number>, k: number): number {
  const relevant = [...judged].filter(([, g]) => g > 0).map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

export function mrrAt(ranked: readonly string[], judged: ReadonlyMap<string, number>, k: number): number {
  const index = ranked.slice(0, k).findIndex((id) => (judged.get(id) ?? 0) > 0);
  return index < 0 ? 0 : 1 / (index + 1);
}

/**
 * Chunk hits in rank order -> document ids in rank order, each document at the rank of its best
 * chunk (max-score aggregation: hits arrive sorted by score, so the first one is the best).
 */
export function documentsOf(chunkDocIds: readonly string[]): string[] {
  return [...new Set(chunkDocIds)];
}
