/**
 * Sentence embeddings from a BERT-style `last_hidden_state`, as sentence-transformers computes them
 * for all-MiniLM-L6-v2: the mean over the row's real tokens (padding excluded), L2-normalised.
 *
 * @param hidden `[rows, width, dimension]` flattened, row-major
 * @param lengths the number of real tokens of each row; the rest of the row is padding
 */
export function meanPoolNormalised(
  hidden: Float32Array,
  lengths: readonly number[],
  width: number,
  dimension: number,
): Float32Array[] {
  return lengths.map((length, row) => {
    // Sum in float64: 256 tokens of float32 would lose digits the reference keeps.
    const sum = new Float64Array(dimension);
    for (let token = 0; token < length; token++) {
      const offset = (row * width + token) * dimension;
      for (let k = 0; k < dimension; k++) sum[k] = (sum[k] as number) + (hidden[offset + k] as number);
    }
    // Dividing by the token count would change nothing after normalisation, so it is skipped.
    let norm = 0;
    for (const value of sum) norm += value * value;
    norm = Math.sqrt(norm) || 1;
    const vector = new Float32Array(dimension);
    for (let k = 0; k < dimension; k++) vector[k] = (sum[k] as number) / norm;
    return vector;
  });
}
