import type { TextBlock } from "@docworker/core";
import { type Element, isTag } from "domhandler";
import { rowsToTableBlocks } from "../blocks/table-blocks.ts";
import { normaliseInline } from "../text/normalise-whitespace.ts";
import { descendants, HEADING, textOf } from "./dom-text.ts";

// A table cell holding a heading or this much text is page layout, not data.
const LAYOUT_CELL_CHARS = 1000;

/** The rows of this table, not of tables nested in its cells. */
function tableRows(table: Element): Element[] {
  const rows: Element[] = [];
  for (const child of table.children) {
    if (!isTag(child)) continue;
    if (child.name === "tr") rows.push(child);
    else if (child.name === "thead" || child.name === "tbody" || child.name === "tfoot") {
      rows.push(...child.children.filter((row): row is Element => isTag(row) && row.name === "tr"));
    }
  }
  return rows;
}

function tableCells(row: Element): Element[] {
  return row.children.filter((cell): cell is Element => isTag(cell) && (cell.name === "td" || cell.name === "th"));
}

export function isLayoutTable(table: Element): boolean {
  return tableRows(table).some((row) =>
    tableCells(row).some((cell) => {
      for (const node of descendants(cell)) if (isTag(node) && HEADING.test(node.name)) return true;
      return textOf(cell).length > LAYOUT_CELL_CHARS;
    }),
  );
}

/**
 * Empty cells are dropped: HTML tables pad with them for spacing. A table whose rows have one cell
 * left each is layout, and reads better as paragraphs than as a one-column table.
 */
export function tableToBlocks(table: Element): TextBlock[] {
  const rows = tableRows(table)
    .map((row) => tableCells(row).map((cell) => normaliseInline(textOf(cell))))
    .map((cells) => cells.filter((cell) => cell !== ""))
    .filter((cells) => cells.length > 0);
  if (rows.every((cells) => cells.length === 1)) {
    return rows.map((cells) => ({ kind: "paragraph", text: cells[0] ?? "" }));
  }
  return rowsToTableBlocks(rows);
}
