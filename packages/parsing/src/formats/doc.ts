import type { TextBlock } from "@docworker/core";
import WordExtractor from "word-extractor";
import { rowsToTableBlocks } from "../blocks/table-blocks.ts";
import type { FormatParser } from "../format-parser.ts";
import { corruptOnFailure } from "../parse-error.ts";
import { textToBlocks } from "../text/text-to-blocks.ts";

const extractor = new WordExtractor();

/**
 * Legacy Word (.doc, Word 97-2003) through word-extractor: body text, then text boxes, footnotes
 * and endnotes. The library exposes no heading structure, so text comes as paragraphs; table rows
 * (cells separated and ended by tabs) become table blocks.
 */
export const parseDoc: FormatParser = async ({ bytes, budget }) => {
  const document = await corruptOnFailure("Word document could not be read", () =>
    extractor.extract(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
  );
  const parts = [
    document.getBody(),
    document.getTextboxes({ includeHeadersAndFooters: false, includeBody: false }),
    document.getFootnotes(),
    document.getEndnotes(),
  ];
  const text = parts.join("\n");
  budget.spend(text.length);
  const blocks: TextBlock[] = [];
  let rows: string[][] = [];
  const closeTable = () => {
    if (rows.length > 0) blocks.push(...rowsToTableBlocks(rows));
    rows = [];
  };
  // Word ends every paragraph with one line break.
  for (const line of text.split(/\r?\n/)) {
    if (line.includes("\t")) {
      rows.push(line.replace(/\t$/, "").split("\t"));
      continue;
    }
    closeTable();
    blocks.push(...textToBlocks(line));
  }
  closeTable();
  return { blocks };
};
