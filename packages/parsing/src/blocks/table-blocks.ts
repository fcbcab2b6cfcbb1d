import type { TextBlock } from "@docworker/core";
import { normaliseInline } from "../text/normalise-whitespace.ts";

const CELL_SEPARATOR = " | ";
// Big tables are cut into blocks of at most this many rows or characters, each starting with the
// header row again, so that a chunk taken from the middle of a table still says what its columns are.
const MAX_ROWS_PER_BLOCK = 50;
const MAX_CHARS_PER_BLOCK = 4000;
const HEADER_SEARCH_ROWS = 5;
// A header longer than this is not repeated: it would outweigh the rows it labels, and a wide
// table would be multiplied into thousands of chunks.
const MAX_REPEATED_HEADER_CHARS = 500;
const MAX_TABLE_COLUMNS = 32;

/** Cells normalised, trailing empty cells dropped, empty rows dropped. */
export function cleanRows(rows: ReadonlyArray<ReadonlyArray<string>>): string[][] {
  const cleaned: string[][] = [];
  for (const row of rows) {
    const cells = row.map((cell) => normaliseInline(cell));
    while (cells.length > 0 && cells[cells.length - 1] === "") cells.pop();
    if (cells.length > 0) cleaned.push(cells);
  }
  return cleaned;
}

/**
 * Rows of a CSV file or a sheet to blocks. Leading single-cell rows of a wider table (a title above
 * the header, like "Stanley Cups,,") become a paragraph; the next row is the header and is repeated at
 * the top of every table block (unless it is too long to be worth repeating).
 */
export function rowsToTableBlocks(rows: ReadonlyArray<ReadonlyArray<string>>, page?: number): TextBlock[] {
  const cleaned = cleanRows(rows);
  if (cleaned.length === 0) return [];
  const headerIndex = findHeaderRow(cleaned);
  const blocks: TextBlock[] = [];
  const withPage = (block: TextBlock): TextBlock => (page === undefined ? block : { ...block, page });

  const titleLines = cleaned.slice(0, headerIndex).map(joinCells);
  if (titleLines.length > 0) blocks.push(withPage({ kind: "paragraph", text: titleLines.join("\n") }));

  const headerCells = cleaned[headerIndex] ?? [];
  const dataRows = cleaned.slice(headerIndex + 1);
  // A wide table (a header of thousands of columns, most cells empty) reads better, and stays
  // small, as labelled values: "column: value; ..." for the cells that hold one.
  const wide = headerCells.length > MAX_TABLE_COLUMNS && dataRows.length > 0;
  const header = joinCells(headerCells);
  const repeated = !wide && header.length <= MAX_REPEATED_HEADER_CHARS ? [header] : [];
  let lines = wide ? [] : [header];
  let chars = wide ? 0 : header.length;
  for (const row of dataRows) {
    const line = wide ? labelledCells(row, headerCells) : joinCells(row);
    if (!line) continue;
    const full = lines.length > MAX_ROWS_PER_BLOCK || chars + line.length > MAX_CHARS_PER_BLOCK;
    if (lines.length > repeated.length && full) {
      blocks.push(withPage({ kind: "table", text: lines.join("\n") }));
      lines = [...repeated];
      chars = repeated[0]?.length ?? 0;
    }
    lines.push(line);
    chars += line.length + 1;
  }
  if (lines.length > 0) blocks.push(withPage({ kind: "table", text: lines.join("\n") }));
  return blocks;
}

function labelledCells(row: ReadonlyArray<string>, header: ReadonlyArray<string>): string {
  const pairs: string[] = [];
  row.forEach((cell, index) => {
    if (cell !== "") pairs.push(header[index] ? `${header[index]}: ${cell}` : cell);
  });
  return pairs.join("; ");
}

export function joinCells(cells: ReadonlyArray<string>): string {
  return cells.join(CELL_SEPARATOR);
}

function nonEmptyCells(row: ReadonlyArray<string>): number {
  return row.filter((cell) => cell !== "").length;
}

// Only single-cell rows count as titles: a real header may well have an empty corner cell.
function findHeaderRow(rows: ReadonlyArray<ReadonlyArray<string>>): number {
  const widest = Math.max(...rows.slice(0, 20).map(nonEmptyCells));
  if (widest <= 1) return 0;
  const index = rows.slice(0, HEADER_SEARCH_ROWS).findIndex((row) => nonEmptyCells(row) > 1);
  return index === -1 ? 0 : index;
}
