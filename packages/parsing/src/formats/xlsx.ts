import type { TextBlock } from "@docworker/core";
import ExcelJS from "exceljs";
import { rowsToTableBlocks } from "../blocks/table-blocks.ts";
import type { TextBudget } from "../budget/text-budget.ts";
import type { FormatParser } from "../format-parser.ts";
import { CORE_PROPERTIES_PART, readCoreProperties } from "../ooxml/core-properties.ts";
import { findAll, parseXml } from "../ooxml/xml-dom.ts";
import { corruptOnFailure, parseError } from "../parse-error.ts";
import { normaliseInline } from "../text/normalise-whitespace.ts";
import { entryText, extractZipEntries, restoreAsStoredZip } from "../zip/zip-archive.ts";

const WORKBOOK_PART = "xl/workbook.xml";

/** XLSX through exceljs: one page per sheet, the sheet name as heading, rows as table blocks. */
export const parseXlsx: FormatParser = async ({ bytes, limits, budget }) => {
  const entries = extractZipEntries(bytes, limits);
  // Count the sheets from the workbook part before exceljs loads every row of every one of them.
  const workbookXml = entryText(entries, WORKBOOK_PART);
  const declaredSheets = workbookXml ? findAll(parseXml(workbookXml), "sheet").length : 0;
  if (declaredSheets > limits.maxPages) {
    throw parseError("TOO_LARGE", `workbook has ${declaredSheets} sheets; the limit is ${limits.maxPages}`);
  }

  const workbook = new ExcelJS.Workbook();
  const stored = Buffer.from(restoreAsStoredZip(entries));
  // exceljs's typings want the pre-Node-22 Buffer type; the runtime accepts any Buffer.
  await corruptOnFailure("XLSX could not be read", () => workbook.xlsx.load(stored as never));

  const blocks: TextBlock[] = [];
  for (const [index, sheet] of workbook.worksheets.entries()) {
    const page = index + 1;
    const rows = sheetRows(sheet, limits.maxSheetCells, budget);
    if (rows.length === 0) continue;
    blocks.push({ kind: "heading", text: normaliseInline(sheet.name), level: 1, page });
    blocks.push(...rowsToTableBlocks(rows, page));
  }
  const properties = readCoreProperties(entryText(entries, CORE_PROPERTIES_PART));
  return { blocks, pageCount: workbook.worksheets.length, properties };
};

/**
 * The sheet's rows over the columns that hold a value anywhere in it: a sheet with one cell in
 * column A and one in column XFD is two columns wide, not 16,384. Only cells with a value are
 * visited and counted; each row is paid for (cells and separators) before it is built.
 */
function sheetRows(sheet: ExcelJS.Worksheet, maxCells: number, budget: TextBudget): string[][] {
  const sparse: Array<Array<[column: number, text: string]>> = [];
  const used = new Set<number>();
  let cellCount = 0;
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: Array<[number, string]> = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      cellCount += 1;
      if (cellCount > maxCells) {
        throw parseError(
          "TOO_LARGE",
          `sheet "${sheet.name}" has more than ${maxCells} cells with a value; the limit is ${maxCells} (MAX_SHEET_CELLS)`,
        );
      }
      const text = cellText(cell);
      if (text === "") return;
      budget.spend(text.length);
      cells.push([column, text]);
      used.add(column);
    });
    if (cells.length > 0) sparse.push(cells);
  });
  const position = new Map([...used].sort((a, b) => a - b).map((column, index) => [column, index]));
  return sparse.map((cells) => {
    const width = (position.get((cells.at(-1) as [number, string])[0]) ?? 0) + 1;
    budget.spend(width * SEPARATOR_CHARS);
    const row = new Array<string>(width).fill("");
    for (const [column, text] of cells) row[position.get(column) ?? 0] = text;
    return row;
  });
}

const SEPARATOR_CHARS = 3;

/**
 * A cell as the reader sees it. A merged range repeats its value in every cell it covers; only the
 * top-left cell keeps it. Dates are written as ISO dates rather than JavaScript's Date.toString().
 */
function cellText(cell: ExcelJS.Cell): string {
  if (cell.isMerged && cell.master.address !== cell.address) return "";
  const value = cell.type === ExcelJS.ValueType.Formula ? cell.result : cell.value;
  if (value instanceof Date) return formatDate(value);
  try {
    return cell.text ?? "";
  } catch {
    return String(value ?? "");
  }
}

function formatDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return "";
  const iso = date.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
}
