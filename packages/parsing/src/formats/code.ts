import type { FormatParser } from "../format-parser.ts";
import { decodeText } from "../text/decode-text.ts";
import { normaliseCode } from "../text/normalise-whitespace.ts";

/** Source code stays one code block with its indentation; the chunker decides where to cut it. */
export const parseCode: FormatParser = async ({ bytes, budget }) => {
  const decoded = decodeText(bytes).text;
  budget.spend(decoded.length);
  const text = normaliseCode(decoded);
  return { blocks: text.trim() ? [{ kind: "code", text }] : [] };
};
