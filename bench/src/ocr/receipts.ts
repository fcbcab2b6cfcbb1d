import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type PlacedLine, readingOrder } from "./reading-order.ts";

export interface Receipt {
  id: string;
  image: Uint8Array;
  /** Ground-truth lines in reading order, from their boxes (see readingOrder). */
  lines: string[];
  /** Ground-truth lines in the file's order, the order SROIE's annotators drew the boxes in. */
  fileOrder: string[];
}

/** The SROIE receipts: img/NNN.jpg and ocr/NNN.csv (x1,y1,...,x4,y4,text: the text may hold commas). */
export function loadReceipts(dir: string, limit?: number): Receipt[] {
  const ids = readdirSync(join(dir, "img"))
    .filter((name) => name.endsWith(".jpg"))
    .map((name) => name.slice(0, -4))
    .sort();
  return ids.slice(0, limit ?? ids.length).map((id) => {
    const placed = readFileSync(join(dir, "ocr", `${id}.csv`), "utf8")
      .split(/\r?\n/)
      .filter(Boolean)
      .map(toPlacedLine);
    return {
      id,
      image: new Uint8Array(readFileSync(join(dir, "img", `${id}.jpg`))),
      lines: readingOrder(placed),
      fileOrder: placed.map((line) => line.text),
    };
  });
}

function toPlacedLine(row: string): PlacedLine {
  const fields = row.split(",");
  const corners = fields.slice(0, 8).map(Number);
  const xs = corners.filter((_, index) => index % 2 === 0);
  const ys = corners.filter((_, index) => index % 2 === 1);
  return {
    text: fields.slice(8).join(","),
    left: Math.min(...xs),
    top: Math.min(...ys),
    right: Math.max(...xs),
    bottom: Math.max(...ys),
  };
}
