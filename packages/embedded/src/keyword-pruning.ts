/**
 * Top-k pruning for an OR query ranked by FTS5's bm25 (MaxScore, Turtle and Flood 1995), with
 * FTS5 still computing every score.
 *
 * FTS5 scores every chunk that matches any phrase of an OR query, about a microsecond each (its
 * bm25 reads the chunk's length row by row), and a query with a few common words matches a third
 * of a large index. A phrase found in `n` of `rows` chunks adds less than `2.2 × idf` to any score
 * (bm25's term-frequency factor stays below k1 + 1), so once k chunks are known to score at least
 * θ, a chunk whose phrases are all among common ones whose bounds sum below θ cannot enter the top
 * k. Those phrases are the "non-essential" ones: only chunks matching an essential (rarer) phrase
 * need scoring, and FTS5 scores them with every phrase in two queries that split them by whether
 * they match a non-essential phrase too: `(E) AND (N)` and `(E) NOT (N)`.
 *
 * Scores stay FTS5's to the bit: bm25 sums the phrases' contributions in the order they appear in
 * the expression, and a phrase a chunk lacks adds zero. So every query, the plain one included,
 * lists the phrases in one order, rarest first: the essential ones are then a prefix of it.
 */

/** bm25's k1 + 1, FTS5's constant: no phrase's contribution reaches (k1 + 1) × idf. */
const MAX_TF_FACTOR = 2.2;
/** JavaScript's log need not round as the C library's does: the bound is widened by far more. */
const BOUND_MARGIN = 1 + 1e-9;
/**
 * θ comes from the rarest phrases' chunks, scored by FTS5 with every phrase: the chunks matching
 * them (at most this share of the index, at least this many) are the seed.
 */
const SEED_SHARE = 0.02;
const SEED_MIN_CHUNKS = 1000;

/** The phrases in the order every query lists them: fewest chunks first, then by text. */
export function rarestFirst(phrases: readonly string[], chunksOf: (phrase: string) => number): string[] {
  return [...phrases].sort((a, b) => chunksOf(a) - chunksOf(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** More than any chunk's bm25 contribution from a phrase found in `chunks` of `rows` chunks. */
export function contributionBound(chunks: number, rows: number): number {
  const idf = Math.log((rows - chunks + 0.5) / (chunks + 0.5));
  return MAX_TF_FACTOR * (idf > 0 ? idf : 1e-6) * BOUND_MARGIN;
}

/** How many of the rarest phrases (ordered rarest first) make the seed: at least one. */
export function seedSize(chunksRarestFirst: readonly number[], rows: number): number {
  const budget = Math.max(SEED_MIN_CHUNKS, rows * SEED_SHARE);
  let count = 0;
  let total = 0;
  for (const chunks of chunksRarestFirst) {
    if (count > 0 && total + chunks > budget) break;
    total += chunks;
    count++;
  }
  return count;
}

/**
 * Where the essential phrases end: the phrases from there on (the most common ones, never one of
 * the first `seed`) can together add less than `threshold`, the k-th best score known. Returns
 * the phrase count when none can be left to probing.
 */
export function essentialCount(
  chunksRarestFirst: readonly number[],
  rows: number,
  threshold: number,
  seed: number,
): number {
  let cut = chunksRarestFirst.length;
  let bound = 0;
  while (cut > seed) {
    const next = bound + contributionBound(chunksRarestFirst[cut - 1] as number, rows);
    if (next >= threshold) break;
    bound = next;
    cut--;
  }
  return cut;
}

export interface RankedRow {
  row_id: number;
  score: number;
}

/** The best k of several disjoint lists, each best first, as FTS5 orders them: score, then row id. */
export function bestOf<T extends RankedRow>(lists: readonly T[][], k: number): T[] {
  return lists
    .flat()
    .sort((a, b) => b.score - a.score || a.row_id - b.row_id)
    .slice(0, k);
}
