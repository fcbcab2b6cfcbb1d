import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let countTokens: ((text: string) => number) | undefined;

/**
 * Token counts drive chunk sizes. cl100k is not Titan's or Claude's tokenizer, but it is a close,
 * fast, deterministic stand-in for sizing; billed tokens always come from the model's response.
 * Its table (about 45 MB resident) is loaded on the first count: chunking runs in the parse
 * workers and, for small plain text, in the worker's own process; the API never loads it.
 */
export function tokenCount(text: string): number {
  countTokens ??= (require("gpt-tokenizer/encoding/cl100k_base") as typeof import("gpt-tokenizer/encoding/cl100k_base"))
    .countTokens;
  return countTokens(text);
}
