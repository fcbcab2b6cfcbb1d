import type { TextBlock } from "@docworker/core";
import * as XLSX from "xlsx-republish";
import { rowsToTableBlocks } from "../blocks/table-blocks.ts";
import type { FormatParser } from "../format-parser.ts";
import { corruptOnFailure, parseError } from "../parse-error.ts";
import { normaliseInline } from "../text/normalise-whitespace.ts";

/**
 * Legacy Excel (.xls, BIFF 2-8) through SheetJS: one page per sheet, the sheet name as heading,
 * rows as table blocks with cells as Excel formats them. SheetJS 0.20.3 is used (the npm
 * registry's `xlsx` stops at 0.18.5, which has known prototype-pollution and ReDoS flaws).
 */
export const parseXls: FormatParser = async ({ bytes, limits, budget }) => {
  const workbook = await corruptOnFailure("XLS workbook could not be read", () =>
    XLSX.read(bytes, { type: "array", cellDates: true, cellHTML: false, cellStyles: false, dense: true }),
  );
  if (workbook.SheetNames.length > limits.maxPages) {
    throw parseError("TOO_LARGE", `workbook has ${workbook.SheetNames.length} sheets; the limit is ${limits.maxPages}`);
  }
  const blocks: TextBlock[] = [];
  for (const [index, name] of workbook.SheetNames.entries()) {
    const sheet = workbook.Sheets[name];
    if (!sheet) continue;
    assertSheetCells(sheet, name, limits.maxSheetCells);
    const rows = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, raw: false, defval: "", blankrows: false });
    if (rows.length === 0) continue;
    const page = index + 1;
    const sheetBlocks = rowsToTableBlocks(
      rows.map((row) => row.map(String)),
      page,
    );
    budget.spendBlocks(sheetBlocks);
    blocks.push({ kind: "heading", text: normaliseInline(name), level: 1, page }, ...sheetBlocks);
  }
  const properties: Record<string, string> = {};
  const { Title, Author, Subject, Keywords } = workbook.Props ?? {};
  for (const [key, value] of Object.entries({ title: Title, author: Author, subject: Subject, keywords: Keywords })) {
    const text = typeof value === "string" ? normaliseInline(value) : "";
    if (text) properties[key] = text;
  }
  return { blocks, pageCount: workbook.SheetNames.length, properties };
};

/** Cells with a value, counted in SheetJS's dense rows before any row is turned into text. */
function assertSheetCells(sheet: XLSX.WorkSheet, name: string, maxCells: number): void {
  const data = (sheet as { "!data"?: Array<Array<unknown> | undefined> })["!data"] ?? [];
  let cells = 0;
  for (const row of data) {
    if (!row) continue;
    for (const cell of row) if (cell !== undefined && cell !== null) cells += 1;
    if (cells > maxCells) {
      throw parseError(
        "TOO_LARGE",
        `sheet "${name}" has more than ${maxCells} cells with a value; the limit is ${maxCells} (MAX_SHEET_CELLS)`,
      );
    }
  }
}
