/** The one method of @huggingface/tokenizers' Tokenizer this package uses. */
export interface WordPieceTokenizer {
  encode(text: string): { ids: number[] };
}

/**
 * Characters of text tokenised before truncation is known to be needed. WordPiece averages 4–5
 * characters a token on English prose; 16 leaves room for anything but whitespace-heavy text.
 */
const PREFIX_CHARS_PER_TOKEN = 16;

/**
 * Token ids of `text` ([CLS] … [SEP]), at most `maxTokens` of them. A longer text keeps its first
 * `maxTokens - 1` ids and its final [SEP], as sentence-transformers truncates.
 *
 * A very long text is tokenised only up to an ASCII whitespace near `maxTokens * 16` characters:
 * BERT's normaliser works character by character and its pre-tokeniser always splits there, so the
 * ids of such a prefix are a prefix of the ids of the whole text. When the prefix turns out too
 * short to fill `maxTokens`, the whole text is tokenised, so the result is always exact.
 */
export function encodeTruncated(tokenizer: WordPieceTokenizer, text: string, maxTokens: number): number[] {
  const limit = maxTokens * PREFIX_CHARS_PER_TOKEN;
  if (text.length > limit) {
    const cut = lastWhitespaceBefore(text, limit);
    if (cut > 0) {
      const ids = tokenizer.encode(text.slice(0, cut)).ids;
      if (ids.length > maxTokens) return truncate(ids, maxTokens);
    }
  }
  return truncate(tokenizer.encode(text).ids, maxTokens);
}

function truncate(ids: number[], maxTokens: number): number[] {
  if (ids.length <= maxTokens) return ids;
  const head = ids.slice(0, maxTokens - 1);
  head.push(ids[ids.length - 1] as number); // the [SEP] the post-processor appended
  return head;
}

/** ASCII whitespace only: every BERT tokenizer splits there; some Unicode "spaces" it deletes or keeps. */
function lastWhitespaceBefore(text: string, end: number): number {
  for (let i = end; i > 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) return i;
  }
  return -1;
}
