/**
 * The vectors of one embedder. Vectors are comparable only within a space: a query embedded by
 * one model means nothing against documents embedded by another, or at another dimension.
 */
export interface VectorSpace {
  /** Lowercase letters, digits and "-": the model and the dimension, e.g. "amazon-titan-embed-text-v2-0-1024". */
  key: string;
  /** The embedder's configuration name, e.g. "amazon.titan-embed-text-v2:0" or "hashing-lexical-v1-256". */
  model: string;
  dimension: number;
}

/** Which space searches read, the one being filled to replace it, and the first one. */
export interface VectorSpaceState {
  active: VectorSpace;
  next?: VectorSpace;
  /** The first space: its chunks stay in the index that predates vector spaces. */
  home: VectorSpace;
}

export function vectorSpaceOf(embedder: { model: string; dimension: number }): VectorSpace {
  const slug = embedder.model
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return { key: `${slug || "model"}-${embedder.dimension}`, model: embedder.model, dimension: embedder.dimension };
}

export function sameSpace(a: VectorSpace | undefined, b: VectorSpace | undefined): boolean {
  return a !== undefined && b !== undefined && a.key === b.key;
}
