import type { FormatParser } from "../format-parser.ts";
import { declaredHtmlCharset } from "../html/declared-charset.ts";
import { htmlToBlocks } from "../html/html-to-blocks.ts";
import { decodeText } from "../text/decode-text.ts";

/** HTML: h1-h6 become headings, scripts and styles are dropped, the declared charset is honoured. */
export const parseHtml: FormatParser = async ({ bytes, budget, limits }) => {
  const { text } = decodeText(bytes, declaredHtmlCharset(bytes));
  return htmlToBlocks(text, { maxDepth: limits.maxHtmlDepth, text: budget });
};
