import type { RecognizedLine, RecognizedWord, TextBox } from "@docworker/core";

/** A table found on a page: rows of cells, each cell the words it holds (none for an empty cell). */
export interface FoundTable {
  rows: RecognizedWord[][][];
  /** The lines the table was made of; their LINE blocks stay, as Textract keeps them. */
  lines: RecognizedLine[];
}

// Words further apart than this many line heights stand in different cells; a space between two
// words of one cell is about a third of a line height.
const CELL_GAP_IN_LINE_HEIGHTS = 1.2;

/**
 * The stand-in's stand-in for Textract's table model, from the recognizer's word boxes: a run of
 * two or more consecutive lines that each break into two or more cells (words separated by a gap
 * wider than CELL_GAP_IN_LINE_HEIGHTS) is a table; its columns are the horizontal spans where
 * the cells of its rows overlap, and every row gets a cell per column (empty where it has none),
 * as Textract's grid does. Amazon Textract finds tables by a learned model, also from ruling lines
 * and alignment; this finds the plain gap-aligned tables of the test documents, no more.
 */
export function findTables(lines: ReadonlyArray<RecognizedLine>): FoundTable[] {
  const tables: FoundTable[] = [];
  let run: { line: RecognizedLine; cells: RecognizedWord[][] }[] = [];
  const close = () => {
    if (run.length >= 2) tables.push(toTable(run));
    run = [];
  };
  for (const line of lines) {
    const cells = line.words ? cellsOf(line.words, line.box.height) : [];
    if (cells.length >= 2) run.push({ line, cells });
    else close();
  }
  close();
  return tables;
}

function cellsOf(words: ReadonlyArray<RecognizedWord>, lineHeight: number): RecognizedWord[][] {
  const cells: RecognizedWord[][] = [];
  let previous: RecognizedWord | undefined;
  for (const word of [...words].sort((a, b) => a.box.left - b.box.left)) {
    const gap = previous ? word.box.left - (previous.box.left + previous.box.width) : 0;
    if (!previous || gap > CELL_GAP_IN_LINE_HEIGHTS * lineHeight) cells.push([word]);
    else cells.at(-1)?.push(word);
    previous = word;
  }
  return cells;
}

function toTable(run: { line: RecognizedLine; cells: RecognizedWord[][] }[]): FoundTable {
  const spans = columnSpans(run.flatMap(({ cells }) => cells.map(extent)));
  const rows = run.map(({ cells }) => {
    const row: RecognizedWord[][] = spans.map(() => []);
    for (const cell of cells) {
      const { left, width } = extent(cell);
      const middle = left + width / 2;
      const column = Math.max(
        0,
        spans.findIndex((span) => middle >= span.start && middle <= span.end),
      );
      row[column]?.push(...cell);
    }
    return row;
  });
  return { rows, lines: run.map(({ line }) => line) };
}

/** Overlapping horizontal extents merged, left to right. */
function columnSpans(extents: TextBox[]): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const { left, width } of [...extents].sort((a, b) => a.left - b.left)) {
    const last = spans.at(-1);
    if (last && left <= last.end) last.end = Math.max(last.end, left + width);
    else spans.push({ start: left, end: left + width });
  }
  return spans;
}

/** The box around some words. */
export function extent(words: ReadonlyArray<{ box: TextBox }>): TextBox {
  const left = Math.min(...words.map((word) => word.box.left));
  const top = Math.min(...words.map((word) => word.box.top));
  const right = Math.max(...words.map((word) => word.box.left + word.box.width));
  const bottom = Math.max(...words.map((word) => word.box.top + word.box.height));
  return { left, top, width: right - left, height: bottom - top };
}
