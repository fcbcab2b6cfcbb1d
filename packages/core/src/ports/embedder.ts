export interface EmbeddingBatch {
  vectors: Float32Array[];
  /** Tokens billed for the batch (0 for local models). */
  tokens: number;
}

export interface Embedder {
  /** Configuration name, e.g. "hashing-lexical-v1" or "amazon.titan-embed-text-v2:0". */
  readonly model: string;
  readonly dimension: number;
  /** "lexical" embedders match words, not meaning; reported next to benchmark numbers. */
  readonly kind: "semantic" | "lexical";
  embedDocuments(texts: string[]): Promise<EmbeddingBatch>;
  embedQuery(text: string): Promise<EmbeddingBatch>;
}
