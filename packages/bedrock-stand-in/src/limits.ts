/** How much input the emulated models take before they answer "too long". */
export interface StandInLimits {
  /** Titan Text Embeddings V2 takes up to 8,192 tokens (counted here with cl100k, a close stand-in). */
  embeddingMaxInputTokens: number;
  /** ... and up to 50,000 characters. */
  embeddingMaxInputChars: number;
  /**
   * The Converse model's context, in characters of input: system prompt, all message text and
   * the tool specifications. 600,000 characters is roughly a 200k-token context.
   */
  converseMaxInputChars: number;
}

export const DEFAULT_LIMITS: Readonly<StandInLimits> = Object.freeze({
  embeddingMaxInputTokens: 8192,
  embeddingMaxInputChars: 50_000,
  converseMaxInputChars: 600_000,
});

/** Token counts reported for Converse are estimated from text length, about four characters a token. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}
