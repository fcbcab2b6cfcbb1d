import { randomUUID } from "node:crypto";
import type { RecognizedLine, RecognizedPage } from "@docworker/core";

/** A Textract Block as the wire carries it (the fields the stand-in fills in). */
export interface WireBlock {
  BlockType: "PAGE" | "LINE" | "WORD";
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
}

/**
 * Recognised pages as Textract's block graph: a PAGE per page whose children are its LINEs, each
 * LINE with its WORDs (boxes split along the line by characters). `Page` is set on every block
 * for the asynchronous results, as Textract does; the synchronous calls leave it out.
 */
export function toBlocks(pages: ReadonlyArray<RecognizedPage>, withPage: boolean): WireBlock[] {
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
    for (const line of page.lines) {
      const words = wordsOf(line);
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
  }
  return blocks;
}

function wordsOf(line: RecognizedLine): WireBlock[] {
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
