const WORD_CHARACTER = /[\p{L}\p{N}]/u;
const MAX_TERMS = 64;

/**
 * Turns what a user typed into an FTS5 query that cannot fail to parse: every whitespace-separated
 * piece becomes a quoted string (FTS5 tokenizes it as a phrase, so "e-mail" still matches
 * "e-mail"), the pieces are OR-ed, and FTS5 operators in the text ("AND", "NEAR", "-", "*", a
 * stray quote) are just words. Returns undefined when nothing searchable is left.
 */
export function toFtsQuery(text: string): string | undefined {
  const terms = new Set<string>();
  for (const piece of text.normalize("NFKC").split(/\s+/u)) {
    if (!WORD_CHARACTER.test(piece)) continue;
    terms.add(`"${piece.replaceAll('"', '""')}"`);
    if (terms.size >= MAX_TERMS) break;
  }
  return terms.size === 0 ? undefined : [...terms].join(" OR ");
}
