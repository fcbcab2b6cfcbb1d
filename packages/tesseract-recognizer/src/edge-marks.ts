// A word of one or two marks with no letter or digit in it: what a speck of dust, the paper's edge
// or a fold reads as. Currency signs, per cent and number signs are kept: they stand apart from
// their figures on receipts.
const MARK = /^[^\p{L}\p{N}\p{Sc}%#]{1,2}$/u;

/**
 * The line's words without the stray marks at its start and end (": ; TOTAL 12.00 |" becomes
 * "TOTAL 12.00"); a line of nothing else keeps its last one. Marks between words are kept: a colon
 * between a label and its value is text.
 */
export function withoutEdgeMarks<T extends { text: string }>(words: T[]): T[] {
  let start = 0;
  let end = words.length;
  while (end - start > 1 && MARK.test((words[start] as T).text)) start += 1;
  while (end - start > 1 && MARK.test((words[end - 1] as T).text)) end -= 1;
  return words.slice(start, end);
}
