/**
 * Groups item indices into batches of at most `batchSize`, items of similar length together (sorted
 * by length), so that a short text is not padded to the length of a long one in the same batch.
 * Every index appears exactly once; callers put the results back in input order by index.
 */
export function planBatches(lengths: readonly number[], batchSize: number): number[][] {
  const order = lengths.map((_, index) => index).sort((a, b) => (lengths[a] as number) - (lengths[b] as number));
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += batchSize) batches.push(order.slice(start, start + batchSize));
  return batches;
}
