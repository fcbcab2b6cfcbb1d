/**
 * The vector scaled to length 1, as plain numbers rounded to float32 precision (9 significant
 * digits round-trip a float32), which keeps bulk bodies about a third smaller than full doubles.
 * A zero vector stays zero: its cosine with anything is 0, as in the embedded index.
 */
export function unitVector(vector: Float32Array, expectedDimension: number, what: string): number[] {
  if (vector.length !== expectedDimension) {
    throw new RangeError(`${what} has ${vector.length} dimensions; the index holds ${expectedDimension}`);
  }
  let sum = 0;
  for (const v of vector) {
    if (!Number.isFinite(v)) throw new RangeError(`${what} holds a value that is not a finite number`);
    sum += v * v;
  }
  const length = Math.sqrt(sum);
  const scale = length > 0 ? 1 / length : 0;
  return Array.from(vector, (v) => Number((v * scale).toPrecision(9)));
}
