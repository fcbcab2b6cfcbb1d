/** A line of text with its box in image pixels. */
export interface PlacedLine {
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

// Receipts photographed or scanned a little askew: SROIE's boxes are upright rectangles, so the
// slant shows only in where they sit. Tried from -5 to 5 degrees.
const MAX_SKEW_DEGREES = 5;
const SKEW_STEP_DEGREES = 0.25;

/**
 * The lines in reading order: grouped into rows (a line joins a row when each one's vertical middle
 * falls inside the other's span, so fields printed side by side form one row), rows top to bottom,
 * each row's lines left to right. Rows are found after undoing the page's slant: the angle at which
 * the boxes fall into the fewest rows (the smallest angle among equals). SROIE's ground-truth files
 * list a receipt's boxes in annotation order, which often puts a column of amounts after the column
 * of labels beside it, or a total printed mid-receipt at the end of the file: that is not the order
 * anyone reads the receipt in.
 */
export function readingOrder(lines: PlacedLine[]): string[] {
  let best = rowsOf(lines, 0);
  for (let step = 1; step * SKEW_STEP_DEGREES <= MAX_SKEW_DEGREES; step += 1) {
    for (const degrees of [step * SKEW_STEP_DEGREES, -step * SKEW_STEP_DEGREES]) {
      const rows = rowsOf(lines, degrees);
      if (rows.length < best.length) best = rows;
    }
  }
  return best.flatMap((row) => row.lines.sort((a, b) => a.left - b.left).map((line) => line.text));
}

interface Row {
  top: number;
  bottom: number;
  lines: PlacedLine[];
}

/** Rows of the lines once each is lifted or lowered by the slant at its horizontal middle. */
function rowsOf(lines: PlacedLine[], degrees: number): Row[] {
  const slope = Math.tan((degrees * Math.PI) / 180);
  const levelled = lines.map((line) => {
    const shift = ((line.left + line.right) / 2) * slope;
    return { line, top: line.top - shift, bottom: line.bottom - shift };
  });
  const rows: Row[] = [];
  for (const { line, top, bottom } of levelled.sort((a, b) => a.top + a.bottom - (b.top + b.bottom))) {
    const middle = (top + bottom) / 2;
    const row = rows.find(
      (candidate) =>
        middle >= candidate.top &&
        middle <= candidate.bottom &&
        (candidate.top + candidate.bottom) / 2 >= top &&
        (candidate.top + candidate.bottom) / 2 <= bottom,
    );
    if (row) {
      row.lines.push(line);
      row.top = Math.min(row.top, top);
      row.bottom = Math.max(row.bottom, bottom);
    } else rows.push({ top, bottom, lines: [line] });
  }
  return rows.sort((a, b) => a.top + a.bottom - (b.top + b.bottom));
}
