import { greyLevels, otsu } from "./grey-levels.ts";

/** A region of an image, in pixels. */
export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

// The printed area is found on a grid of cells this share of the image's longer side (about 8
// pixels on a 1,500-pixel scan); a cell holding at least this many dark pixels is inked.
const CELL_SHARE = 1 / 200;
const INKED_CELL = 2;
// Inked cells this many cells apart belong to one patch: the lines and words of a receipt's small
// print join, specks of dust stay alone.
const JOIN_CELLS = 2;
// A patch holding less than this share of the page's ink is a speck, a stamp's stray dot or a
// crease, not print.
const MIN_PATCH_INK = 0.02;
const MARGIN_CELLS = 3;

/**
 * The part of a page that holds its print: the box around the patches of dark pixels that hold a
 * share of the page's ink, with a margin. A small receipt scanned on a white A4 sheet is a sixth of
 * its page; cut out, it can be scaled up so its text reaches the height Tesseract reads best at.
 * Dark is darker than the Otsu threshold of the page's grey levels.
 */
export function printedRegion(rgba: Uint8ClampedArray, width: number, height: number): Region {
  const grey = greyLevels(rgba);
  const threshold = otsu(grey);
  const cell = Math.max(2, Math.round(Math.max(width, height) * CELL_SHARE));
  const columns = Math.ceil(width / cell);
  const rows = Math.ceil(height / cell);
  const ink = new Uint32Array(columns * rows);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      if ((grey[y * width + x] ?? 255) <= threshold) {
        const at = Math.floor(y / cell) * columns + Math.floor(x / cell);
        ink[at] = (ink[at] ?? 0) + 1;
      }
    }
  }
  const total = ink.reduce((sum, count) => sum + count, 0);
  let box: Box | undefined;
  for (const patch of patchesOf(ink, columns, rows))
    if (patch.ink >= MIN_PATCH_INK * total) box = union(box, patch.box);
  if (!box) return { left: 0, top: 0, width, height };
  const left = Math.max(0, (box.left - MARGIN_CELLS) * cell);
  const top = Math.max(0, (box.top - MARGIN_CELLS) * cell);
  const right = Math.min(width, (box.right + 1 + MARGIN_CELLS) * cell);
  const bottom = Math.min(height, (box.bottom + 1 + MARGIN_CELLS) * cell);
  return { left, top, width: right - left, height: bottom - top };
}

/** Cells, inclusive. */
interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The patches of inked cells, each cell joined to the inked cells near it. */
function patchesOf(ink: Uint32Array, columns: number, rows: number): { ink: number; box: Box }[] {
  const seen = new Uint8Array(ink.length);
  const patches: { ink: number; box: Box }[] = [];
  for (let start = 0; start < ink.length; start += 1) {
    if ((ink[start] ?? 0) < INKED_CELL || seen[start]) continue;
    const cells = [start];
    seen[start] = 1;
    const patch = { ink: 0, box: { left: columns, top: rows, right: -1, bottom: -1 } };
    for (let next = 0; next < cells.length; next += 1) {
      const at = cells[next] as number;
      const column = at % columns;
      const row = Math.floor(at / columns);
      patch.ink += ink[at] ?? 0;
      patch.box = union(patch.box, { left: column, top: row, right: column, bottom: row });
      for (let r = Math.max(0, row - JOIN_CELLS); r <= Math.min(rows - 1, row + JOIN_CELLS); r += 1) {
        for (let c = Math.max(0, column - JOIN_CELLS); c <= Math.min(columns - 1, column + JOIN_CELLS); c += 1) {
          const near = r * columns + c;
          if ((ink[near] ?? 0) >= INKED_CELL && !seen[near]) {
            seen[near] = 1;
            cells.push(near);
          }
        }
      }
    }
    patches.push(patch);
  }
  return patches;
}

function union(a: Box | undefined, b: Box): Box {
  if (!a) return b;
  return {
    left: Math.min(a.left, b.left),
    top: Math.min(a.top, b.top),
    right: Math.max(a.right, b.right),
    bottom: Math.max(a.bottom, b.bottom),
  };
}
