/** Float32 vectors stored as little-endian BLOBs (SQLite stores the bytes as given). */
export function encodeVector(vector: Float32Array): Buffer {
  const copy = new Float32Array(vector);
  return Buffer.from(copy.buffer, copy.byteOffset, copy.byteLength);
}

export function decodeVector(blob: Uint8Array): Float32Array {
  // Copied so the Float32Array is aligned whatever the Buffer's offset in its pool.
  const bytes = new Uint8Array(blob);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

export function norm(vector: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += (vector[i] as number) * (vector[i] as number);
  return Math.sqrt(sum);
}

/** Cosine similarity given both norms; 0 for a zero vector rather than NaN. */
export function cosine(a: Float32Array, aNorm: number, b: Float32Array, bNorm: number): number {
  if (aNorm === 0 || bNorm === 0) return 0;
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] as number) * (b[i] as number);
  return dot / (aNorm * bNorm);
}
