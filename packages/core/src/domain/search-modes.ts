/** keyword = BM25, vector = embeddings, hybrid = reciprocal rank fusion of both. */
export const SEARCH_MODES = ["keyword", "vector", "hybrid"] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];
