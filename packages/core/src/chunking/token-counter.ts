import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";

/**
 * Token counts drive chunk sizes. cl100k is not Titan's or Claude's tokenizer, but it is a close,
 * fast, deterministic stand-in for sizing; billed tokens always come from the model's response.
 */
export function tokenCount(text: string): number {
  return countTokens(text);
}
