import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface Receipt {
  id: string;
  image: Uint8Array;
  /** Ground-truth lines in the file's order, which is the receipt's reading order. */
  lines: string[];
}

/** The SROIE receipts: img/NNN.jpg and ocr/NNN.csv (x1,y1,...,x4,y4,text: the text may hold commas). */
export function loadReceipts(dir: string, limit?: number): Receipt[] {
  const ids = readdirSync(join(dir, "img"))
    .filter((name) => name.endsWith(".jpg"))
    .map((name) => name.slice(0, -4))
    .sort();
  return ids.slice(0, limit ?? ids.length).map((id) => ({
    id,
    image: new Uint8Array(readFileSync(join(dir, "img", `${id}.jpg`))),
    lines: readFileSync(join(dir, "ocr", `${id}.csv`), "utf8")
      .split(/\r?\n/)
      .filter(Boolean)
      .map((row) => row.split(",").slice(8).join(",")),
  }));
}
