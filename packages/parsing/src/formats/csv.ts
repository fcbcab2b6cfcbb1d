import Papa from "papaparse";
import { rowsToTableBlocks } from "../blocks/table-blocks.ts";
import type { FormatParser } from "../format-parser.ts";
import { decodeText } from "../text/decode-text.ts";

/**
 * Delimited text to table blocks, header row repeated in each. An empty delimiter lets papaparse
 * guess among comma, tab, pipe and semicolon, since "CSV" from spreadsheets in many locales uses ";".
 * Papaparse's complaints (ragged rows, a delimiter it could not guess) are not fatal: the rows it
 * read are still the best text we have.
 */
function delimitedParser(delimiter: string): FormatParser {
  return async ({ bytes, budget }) => {
    const { text } = decodeText(bytes);
    budget.spend(text.length);
    const { data } = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: "greedy" });
    return { blocks: rowsToTableBlocks(data) };
  };
}

export const parseCsv = delimitedParser("");
export const parseTsv = delimitedParser("\t");
