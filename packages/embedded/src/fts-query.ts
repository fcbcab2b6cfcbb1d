const WORD_CHARACTER = /[\p{L}\p{N}]/u;
const MAX_TERMS = 64;
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
/**
 * Lucene's English stop words, which the OpenSearch index's english analyzer drops too. Each
 * matches nearly every chunk, so keeping them made FTS5 score almost the whole tenant for a
 * sentence-like query while adding next to nothing to BM25.
 */
const STOP_WORDS = new Set(
  "a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with".split(
    " ",
  ),
);

/**
 * Turns what a user typed into an FTS5 query that cannot fail to parse: every whitespace-separated
 * piece becomes a quoted string (FTS5 tokenizes it as a phrase, so "e-mail" still matches
 * "e-mail"), the pieces are OR-ed, and FTS5 operators in the text ("AND", "NEAR", "-", "*", a
 * stray quote) are just words. English stop words are left out unless nothing else is there.
 * Returns undefined when nothing searchable is left.
 */
export function toFtsQuery(text: string): string | undefined {
  const terms = toFtsTerms(text);
  return terms.length === 0 ? undefined : terms.join(" OR ");
}

/** The quoted FTS5 strings toFtsQuery ORs together, in order. */
export function toFtsTerms(text: string): string[] {
  const pieces = text
    .normalize("NFKC")
    .split(/\s+/u)
    .filter((piece) => WORD_CHARACTER.test(piece));
  const content = pieces.filter((piece) => !STOP_WORDS.has(piece.replace(EDGE_PUNCTUATION, "").toLowerCase()));
  // A query of stop words alone still searches for them.
  const terms = new Set<string>();
  for (const piece of content.length > 0 ? content : pieces) {
    terms.add(`"${piece.replaceAll('"', '""')}"`);
    if (terms.size >= MAX_TERMS) break;
  }
  return [...terms];
}
