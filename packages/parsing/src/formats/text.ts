import type { FormatParser } from "../format-parser.ts";
import { decodeText } from "../text/decode-text.ts";
import { textToBlocks } from "../text/text-to-blocks.ts";

/** Plain text in any common encoding: paragraphs split on blank lines. */
export const parseText: FormatParser = async ({ bytes, budget }) => {
  const { text } = decodeText(bytes);
  budget.spend(text.length);
  return { blocks: textToBlocks(text) };
};
