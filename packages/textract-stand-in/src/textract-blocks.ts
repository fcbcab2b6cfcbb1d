import { randomUUID } from "node:crypto";
import type { RecognizedLine, RecognizedPage, RecognizedWord } from "@docworker/core";
import { extent, findTables } from "./textract-tables.ts";

/** A Textract Block as the wire carries it (the fields the stand-in fills in). */
export interface WireBlock {
  BlockType: "PAGE" | "LINE" | "WORD" | "TABLE" | "CELL";
  Id: string;
  Confidence?: number;
  Text?: string;
  TextType?: "PRINTED";
  Page?: number;
  Geometry: {
    BoundingBox: { Width: number; Height: number; Left: number; Top: number };
    Polygon: Array<{ X: number; Y: number }>;
  };
  Relationships?: Array<{ Type: "CHILD"; Ids: string[] }>;
  RowIndex?: number;
  ColumnIndex?: number;
  RowSpan?: number;
  ColumnSpan?: number;
  EntityTypes?: ["STRUCTURED_TABLE"];
}

/**
 * Recognised pages as Textract's block graph: a PAGE per page whose children are its LINEs, each
 * LINE with its WORDs (the recognizer's word boxes, or boxes split along the line by characters
 * when it gives none). With `tables` (AnalyzeDocument, StartDocumentAnalysis with TABLES), each
 * table findTables sees becomes a TABLE whose CELLs (RowIndex, ColumnIndex, from 1) hold the
 * WORDs in them, the TABLE a child of its PAGE too, as Textract links them. `Page` is set on every
 * block for the asynchronous results, as Textract does; the synchronous calls leave it out.
 */
export function toBlocks(pages: ReadonlyArray<RecognizedPage>, withPage: boolean, tables = false): WireBlock[] {
  const blocks: WireBlock[] = [];
  for (const page of pages) {
    const pageBlock: WireBlock = {
      BlockType: "PAGE",
      Id: randomUUID(),
      Geometry: geometry({ left: 0, top: 0, width: 1, height: 1 }),
      Relationships: [{ Type: "CHILD", Ids: [] }],
      ...(withPage ? { Page: page.page } : {}),
    };
    blocks.push(pageBlock);
    const wordIds = new Map<RecognizedWord, string>();
    for (const line of page.lines) {
      const words = wordsOf(line);
      for (const [index, word] of (line.words ?? []).entries()) wordIds.set(word, words[index]?.Id ?? "");
      const lineBlock: WireBlock = {
        BlockType: "LINE",
        Id: randomUUID(),
        Confidence: round(line.confidence * 100),
        Text: line.text,
        Geometry: geometry(line.box),
        Relationships: [{ Type: "CHILD", Ids: words.map((word) => word.Id) }],
        ...(withPage ? { Page: page.page } : {}),
      };
      pageBlock.Relationships?.[0]?.Ids.push(lineBlock.Id);
      blocks.push(lineBlock, ...words.map((word) => (withPage ? { ...word, Page: page.page } : word)));
    }
    if (!tables) continue;
    for (const table of findTables(page.lines)) {
      const tableBlocks = tableToBlocks(table.rows, table.lines, wordIds);
      pageBlock.Relationships?.[0]?.Ids.push(tableBlocks[0]?.Id ?? "");
      blocks.push(...tableBlocks.map((block) => (withPage ? { ...block, Page: page.page } : block)));
    }
  }
  return blocks;
}

function tableToBlocks(
  rows: RecognizedWord[][][],
  lines: ReadonlyArray<RecognizedLine>,
  wordIds: Map<RecognizedWord, string>,
): WireBlock[] {
  const columns = rows[0]?.length ?? 0;
  // An empty cell spans its column (the extent of the cells above and below) on its row's line.
  const columnExtents = Array.from({ length: columns }, (_, column) =>
    extent(rows.flatMap((row) => row[column] ?? [])),
  );
  const cells: WireBlock[] = rows.flatMap((row, rowIndex) =>
    row.map((words, columnIndex) => {
      const line = lines[rowIndex] as RecognizedLine;
      const column = columnExtents[columnIndex] as RecognizedLine["box"];
      const box =
        words.length > 0
          ? extent(words)
          : { left: column.left, top: line.box.top, width: column.width, height: line.box.height };
      const confidence =
        words.length > 0 ? words.reduce((sum, word) => sum + word.confidence, 0) / words.length : line.confidence;
      return {
        BlockType: "CELL",
        Id: randomUUID(),
        Confidence: round(confidence * 100),
        RowIndex: rowIndex + 1,
        ColumnIndex: columnIndex + 1,
        RowSpan: 1,
        ColumnSpan: 1,
        Geometry: geometry(box),
        ...(words.length > 0
          ? { Relationships: [{ Type: "CHILD", Ids: words.map((word) => wordIds.get(word) ?? "") }] }
          : {}),
      } satisfies WireBlock;
    }),
  );
  const table: WireBlock = {
    BlockType: "TABLE",
    Id: randomUUID(),
    Confidence: round(cells.reduce((sum, cell) => sum + (cell.Confidence ?? 0), 0) / Math.max(1, cells.length)),
    EntityTypes: ["STRUCTURED_TABLE"],
    Geometry: geometry(extent(lines)),
    Relationships: [{ Type: "CHILD", Ids: cells.map((cell) => cell.Id) }],
  };
  return [table, ...cells];
}

function wordsOf(line: RecognizedLine): WireBlock[] {
  if (line.words) {
    return line.words.map((word) => ({
      BlockType: "WORD",
      Id: randomUUID(),
      Confidence: round(word.confidence * 100),
      Text: word.text,
      TextType: "PRINTED",
      Geometry: geometry(word.box),
    }));
  }
  const words = line.text.split(/\s+/).filter(Boolean);
  const characters = Math.max(
    1,
    words.reduce((sum, word) => sum + word.length + 1, -1),
  );
  let offset = 0;
  return words.map((word) => {
    const left = line.box.left + (line.box.width * offset) / characters;
    const width = (line.box.width * word.length) / characters;
    offset += word.length + 1;
    return {
      BlockType: "WORD",
      Id: randomUUID(),
      Confidence: round(line.confidence * 100),
      Text: word,
      TextType: "PRINTED",
      Geometry: geometry({ left, top: line.box.top, width, height: line.box.height }),
    };
  });
}

function geometry(box: RecognizedLine["box"]): WireBlock["Geometry"] {
  const { left, top, width, height } = box;
  return {
    BoundingBox: { Width: width, Height: height, Left: left, Top: top },
    Polygon: [
      { X: left, Y: top },
      { X: left + width, Y: top },
      { X: left + width, Y: top + height },
      { X: left, Y: top + height },
    ],
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
