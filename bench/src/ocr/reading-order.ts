/** A line of text with its box in image pixels. */
export interface PlacedLine {
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * The lines in reading order: grouped into rows (a line joins a row when each one's vertical middle
 * falls inside the other's span, so fields printed side by side form one row), rows top to bottom,
 * each row's lines left to right. SROIE's ground-truth files list a receipt's boxes in annotation
 * order, which often puts a column of amounts after the column of labels beside it, or a total
 * printed mid-receipt at the end of the file: that is not the order anyone reads the receipt in.
 */
export function readingOrder(lines: PlacedLine[]): string[] {
  const rows: { top: number; bottom: number; lines: PlacedLine[] }[] = [];
  const byMiddle = [...lines].sort((a, b) => a.top + a.bottom - (b.top + b.bottom));
  for (const line of byMiddle) {
    const middle = (line.top + line.bottom) / 2;
    const row = rows.find(
      (candidate) =>
        middle >= candidate.top &&
        middle <= candidate.bottom &&
        (candidate.top + candidate.bottom) / 2 >= line.top &&
        (candidate.top + candidate.bottom) / 2 <= line.bottom,
    );
    if (row) {
      row.lines.push(line);
      row.top = Math.min(row.top, line.top);
      row.bottom = Math.max(row.bottom, line.bottom);
    } else rows.push({ top: line.top, bottom: line.bottom, lines: [line] });
  }
  return rows
    .sort((a, b) => a.top + a.bottom - (b.top + b.bottom))
    .flatMap((row) => row.lines.sort((a, b) => a.left - b.left).map((line) => line.text));
}
