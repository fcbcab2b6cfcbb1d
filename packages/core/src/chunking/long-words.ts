/**
 * The longest run of non-space characters the tokenizer is given. Its byte-pair merging is
 * quadratic in the length of one pre-token (300 KB of random letters took 44 s to count), and
 * no natural-language word, URL or hash comes near this length.
 */
export const MAX_WORD_CHARS = 200;

const LONG_WORD = new RegExp(`\\S{${MAX_WORD_CHARS + 1},}`, "g");
const PIECE = new RegExp(`\\S{1,${MAX_WORD_CHARS}}`, "g");

/** Cuts every run of more than MAX_WORD_CHARS non-space characters into pieces separated by a space. */
export function cutLongWords(text: string): string {
  LONG_WORD.lastIndex = 0;
  if (!LONG_WORD.test(text)) return text;
  return text.replace(LONG_WORD, (word) => (word.match(PIECE) ?? []).join(" "));
}
