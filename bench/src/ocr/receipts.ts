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
  /** Boxes left out as a second annotation of text an earlier box already holds (see annotatedOnce). */
  duplicateBoxes: number;
}

// Two boxes sharing more than half their joint area hold the same printed text: SROIE annotates a
// few lines twice (receipt 001 has its closing line once as "PLEASE COME AGAIN" and once, over the
// same pixels, as "FLEASE COME AOSIN"), which a perfect reading could never match.
const SAME_TEXT_OVERLAP = 0.5;

/** The SROIE receipts: img/NNN.jpg and ocr/NNN.csv (x1,y1,...,x4,y4,text: the text may hold commas). */
export function loadReceipts(dir: string, limit?: number): Receipt[] {
  const ids = readdirSync(join(dir, "img"))
    .filter((name) => name.endsWith(".jpg"))
    .map((name) => name.slice(0, -4))
    .sort();
  return ids.slice(0, limit ?? ids.length).map((id) => {
    const boxes = readFileSync(join(dir, "ocr", `${id}.csv`), "utf8")
      .split(/\r?\n/)
      .filter(Boolean)
      .map(toPlacedLine);
    const placed = annotatedOnce(boxes);
    return {
      id,
      image: new Uint8Array(readFileSync(join(dir, "img", `${id}.jpg`))),
      lines: readingOrder(placed),
      fileOrder: placed.map((line) => line.text),
      duplicateBoxes: boxes.length - placed.length,
    };
  });
}

/** The boxes without those that cover an earlier box of the file (the first annotation is kept). */
function annotatedOnce(boxes: PlacedLine[]): PlacedLine[] {
  const area = (box: PlacedLine) => (box.right - box.left) * (box.bottom - box.top);
  return boxes.filter((box, index) =>
    boxes.slice(0, index).every((earlier) => {
      const width = Math.min(box.right, earlier.right) - Math.max(box.left, earlier.left);
      const height = Math.min(box.bottom, earlier.bottom) - Math.max(box.top, earlier.top);
      const shared = Math.max(0, width) * Math.max(0, height);
      return shared <= SAME_TEXT_OVERLAP * (area(box) + area(earlier) - shared);
    }),
  );
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
