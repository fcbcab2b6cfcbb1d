export interface RerankedItem {
  /** Position of the text in the list given to `rerank`. */
  index: number;
  /** The model's relevance score; higher is more relevant. Comparable within one call only. */
  score: number;
}

/**
 * Scores candidate texts against a query with a model that reads both together (a cross-encoder
 * such as Amazon Rerank or Cohere Rerank), which ranks better than either retriever alone.
 */
export interface Reranker {
  /** Configuration name, e.g. "amazon.rerank-v1:0". */
  readonly model: string;
  /** The `topN` most relevant of `texts`, most relevant first. */
  rerank(query: string, texts: string[], topN: number): Promise<RerankedItem[]>;
}
