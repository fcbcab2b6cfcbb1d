import type { TextBlock } from "@docworker/core";
import { normaliseLines } from "./normalise-whitespace.ts";

// A blank line (possibly holding spaces) or a form feed separates paragraphs.
const PARAGRAPH_BREAK = /\n[^\S\n]*\n|\f/;
const LIST_ITEM = /^(?:[-*+•◦▪‣–]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s/i;

// Hard-wrapped text keeps its lines well under this length. A paragraph with a longer line is not
// wrapped, so each of its lines is a paragraph of its own (text copied from web pages: one paragraph
// per line, no blank lines between).
const UNWRAPPED_LINE_CHARS = 160;

/** Plain text to paragraph blocks; a paragraph whose every line is a bullet becomes a list. */
export function textToBlocks(text: string, page?: number): TextBlock[] {
  const blocks: TextBlock[] = [];
  const unified = text.replace(/\r\n?/g, "\n");
  const push = (kind: TextBlock["kind"], lines: string) =>
    blocks.push(page === undefined ? { kind, text: lines } : { kind, text: lines, page });
  for (const paragraph of unified.split(PARAGRAPH_BREAK)) {
    const normalised = normaliseLines(paragraph);
    if (!normalised) continue;
    const lines = normalised.split("\n");
    if (lines.every((line) => LIST_ITEM.test(line))) push("list", normalised);
    else if (lines.length > 1 && lines.some((line) => line.length > UNWRAPPED_LINE_CHARS)) {
      for (const line of lines) push("paragraph", line);
    } else push("paragraph", normalised);
  }
  return blocks;
}
